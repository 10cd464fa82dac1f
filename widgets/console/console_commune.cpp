// ConsoleCommune: the commune's settings, its districts from a GeoJSON file and the origins
// allowed to embed its widgets, each save saying what it saved.
#include "widgets/console/console_commune.h"

#include "shared/json_read.h"
#include "shared/text.h"
#include "widgets/app/a11y_tree.h"
#include "widgets/app/accessible.h"
#include "widgets/app/i18n.h"
#include "widgets/app/platform.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>

namespace quartier {

namespace {

// "43,6045" or "43.6045" → 43.6045; false when it is not a number.
bool ReadNumber(std::string text, double& out) {
    text = Trim(text);
    std::replace(text.begin(), text.end(), ',', '.');
    if (text.empty()) return false;
    char* end = nullptr;
    out = std::strtod(text.c_str(), &end);
    return end && *end == '\0';
}

std::string NumberText(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.5f", v);
    return buf;
}

// A category's stored id from its French name: "Cadre de vie" → "cadre-de-vie".
std::string CategoryId(const std::string& label) {
    std::string id;
    for (char c : FoldName(label)) id += c == ' ' ? '-' : c;
    return id;
}

// The property names the districts' code and name usually have in French open data.
const std::vector<std::string> kCodeKeys = {"code", "insee", "code_insee", "insee_com", "code_iris", "id", "ref"};
const std::vector<std::string> kNameKeys = {"nom", "name", "libelle", "nom_com", "nom_iris", "label"};

std::string Guess(const std::vector<std::string>& keys, const std::vector<std::string>& likely) {
    for (const auto& want : likely)
        for (const auto& k : keys)
            if (FoldName(k) == FoldName(want)) return k;
    return keys.empty() ? std::string() : keys.front();
}

std::string Joined(const std::vector<std::string>& words, const std::string& lang) {
    std::string out;
    for (size_t i = 0; i < words.size(); ++i)
        out += (i == 0 ? "" : i + 1 == words.size() ? Tr(lang, " et ") : ", ") + words[i];
    return out;
}

} // namespace

//-----------------------------------------------------------------------------
// Settings
//-----------------------------------------------------------------------------

void ConsoleCommune::Load() {
    m_s.api.Get(m_s.TenantPath(), [this](const ApiResult& r) {
        if (!r.Ok()) {
            m_error = r.error;
            return;
        }
        ReadTenant(r.body);
        m_loaded = true;
        CheckOrigins();
    }, m_s.token);
    LoadDistricts();
}

void ConsoleCommune::LoadDistricts() {
    m_s.api.Get(m_s.TenantPath() + "/districts", [this](const ApiResult& r) {
        std::vector<Region> regions;
        if (!r.Ok() || ParseRegions(r.body, regions)) return;
        m_regions = std::move(regions);
        m_shapes = BuildMapShapes(m_regions);
    });
}

void ConsoleCommune::ReadTenant(const nlohmann::json& j) {
    m_saved = j;
    m_name = m_saved_name = JsonOr(j, "name", "");
    m_accent = JsonOr(j, "accent", "");
    m_languages.clear();
    for (const auto& l : JsonOr(j, "languages", nlohmann::json::array()))
        if (l.is_string()) m_languages.push_back(l.get<std::string>());
    const auto c = JsonOr(j, "center", nlohmann::json());
    if (c.is_array() && c.size() == 2 && c[0].is_number() && c[1].is_number()) {
        m_lat = NumberText(c[0].get<double>());
        m_lon = NumberText(c[1].get<double>());
    }
    m_categories = CategoriesFromJson(JsonOr(j, "categories", nlohmann::json::array()));
    if (j.contains("allowed_origins") && j["allowed_origins"].is_array()) {
        std::vector<Origin> kept;
        for (const auto& o : j["allowed_origins"])
            if (o.is_string()) {
                Origin origin{o.get<std::string>(), std::nullopt};
                for (const auto& before : m_origins)
                    if (before.url == origin.url) origin.allowed = before.allowed;
                kept.push_back(origin);
            }
        m_origins = std::move(kept);
    }
}

bool ConsoleCommune::HasLanguage(const std::string& code) const {
    return std::find(m_languages.begin(), m_languages.end(), code) != m_languages.end();
}

void ConsoleCommune::SetLanguage(const std::string& code, bool on) {
    const auto it = std::find(m_languages.begin(), m_languages.end(), code);
    if (on && it == m_languages.end()) m_languages.push_back(code);
    if (!on && it != m_languages.end()) m_languages.erase(it);
}

void ConsoleCommune::AddCategory() { m_categories.push_back(Category{}); }

void ConsoleCommune::RemoveCategory(size_t i) {
    if (i < m_categories.size()) m_categories.erase(m_categories.begin() + static_cast<long>(i));
}

void ConsoleCommune::Save() {
    const std::string& lang = m_s.lang;
    nlohmann::json body = nlohmann::json::object();
    std::vector<std::string> what;
    if (Trim(m_name).empty()) {
        m_error = FieldError{"required", "name", Msg("Indiquez le nom de la commune.")};
        return;
    }
    if (Trim(m_name) != m_saved_name) {
        body["name"] = Trim(m_name);
        what.push_back(Tr(lang, "le nom"));
    }
    std::string accent = Trim(m_accent);
    if (!accent.empty() && accent[0] != '#') accent = "#" + accent;
    std::transform(accent.begin(), accent.end(), accent.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    if (!accent.empty() && (accent.size() != 7 || accent.find_first_not_of("0123456789abcdef", 1) != std::string::npos)) {
        m_error = FieldError{"invalid_color", "accent", Msg("La couleur s’écrit #rrvvbb, par exemple #b5123e.")};
        return;
    }
    if (accent != JsonOr(m_saved, "accent", "")) {
        body["accent"] = accent;
        what.push_back(Tr(lang, "la couleur"));
    }
    if (m_languages.empty()) {
        m_error = FieldError{"required", "languages", Msg("Gardez au moins une langue.")};
        return;
    }
    if (nlohmann::json(m_languages) != JsonOr(m_saved, "languages", nlohmann::json())) {
        body["languages"] = m_languages;
        what.push_back(Tr(lang, "les langues"));
    }
    double lat = 0, lon = 0;
    if (!ReadNumber(m_lat, lat) || lat < -90 || lat > 90) {
        m_error = FieldError{"invalid_center", "center", Msg("La latitude du centre est un nombre comme 47,4736.")};
        return;
    }
    if (!ReadNumber(m_lon, lon) || lon < -180 || lon > 180) {
        m_error = FieldError{"invalid_center", "center", Msg("La longitude du centre est un nombre comme -0,5542.")};
        return;
    }
    const auto c = JsonOr(m_saved, "center", nlohmann::json());
    if (!c.is_array() || c.size() != 2 || NumberText(c[0].get<double>()) != NumberText(lat) ||
        NumberText(c[1].get<double>()) != NumberText(lon)) {
        body["center"] = {lat, lon};
        what.push_back(Tr(lang, "le centre de la carte"));
    }
    nlohmann::json categories = nlohmann::json::array();
    for (auto& cat : m_categories) {
        cat.fr = Trim(cat.fr);
        cat.en = Trim(cat.en);
        if (cat.fr.empty() && cat.en.empty()) continue; // an empty line added and left
        if (cat.id.empty()) cat.id = CategoryId(cat.fr.empty() ? cat.en : cat.fr);
        categories.push_back({{"id", cat.id}, {"fr", cat.fr.empty() ? cat.en : cat.fr}, {"en", cat.en.empty() ? cat.fr : cat.en}});
    }
    if (categories != JsonOr(m_saved, "categories", nlohmann::json::array())) {
        body["categories"] = categories;
        what.push_back(Tr(lang, "les catégories"));
    }
    if (body.empty()) {
        Say(Tr(lang, "Rien à enregistrer : rien n’a changé."));
        return;
    }
    m_s.api.Patch(m_s.TenantPath(), body, [this, what](const ApiResult& r) {
        if (!r.Ok()) {
            m_error = r.error;
            m_notice.clear();
            return;
        }
        ReadTenant(r.body);
        std::string said = Joined(what, m_s.lang);
        said[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(said[0])));
        Say(said + Tr(m_s.lang, " : enregistré."));
    }, m_s.token);
}

//-----------------------------------------------------------------------------
// Districts
//-----------------------------------------------------------------------------

void ConsoleCommune::ChooseDistrictsFile() {
    PickFile(".geojson,.json,application/geo+json,application/json", [this](const PickedFile& f) {
        if (!f.cancelled) TakeDistrictsFile(f.name, f.bytes);
    });
}

void ConsoleCommune::TakeDistrictsFile(const std::string& name, const std::string& bytes) {
    const std::string& lang = m_s.lang;
    m_file_name = name;
    m_keys.clear();
    m_preview.clear();
    m_preview_shapes.clear();
    m_confirm_replace = false;
    m_notice.clear();
    m_file = nlohmann::json::parse(bytes, nullptr, false);
    if (m_file.is_discarded() || !m_file.is_object() || !m_file.contains("features") || !m_file["features"].is_array()) {
        m_file = nullptr;
        m_file_error = FieldError{"invalid_geojson", "districts", Msg("Ce fichier n’est pas un GeoJSON (FeatureCollection) : exportez les quartiers de votre SIG au format GeoJSON (.geojson).")};
        return;
    }
    // Every property the features carry, in the order first met.
    for (const auto& f : m_file["features"]) {
        if (!f.is_object() || !f.contains("properties") || !f["properties"].is_object()) continue;
        for (const auto& [k, v] : f["properties"].items())
            if ((v.is_string() || v.is_number()) && std::find(m_keys.begin(), m_keys.end(), k) == m_keys.end())
                m_keys.push_back(k);
    }
    m_code_key = Guess(m_keys, kCodeKeys);
    m_name_key = Guess(m_keys, kNameKeys);
    (void)lang;
    Reparse();
}

std::string ConsoleCommune::SampleOf(const std::string& key) const {
    if (!m_file.is_object()) return "";
    for (const auto& f : m_file["features"])
        if (f.is_object() && f.contains("properties") && f["properties"].is_object() && f["properties"].contains(key)) {
            const auto& v = f["properties"][key];
            return v.is_string() ? v.get<std::string>() : v.dump();
        }
    return "";
}

void ConsoleCommune::SetCodeProperty(const std::string& key) {
    m_code_key = key;
    Reparse();
}

void ConsoleCommune::SetNameProperty(const std::string& key) {
    m_name_key = key;
    Reparse();
}

// The file read with the chosen properties (numbers as text: "49200"), as the server will.
void ConsoleCommune::Reparse() {
    m_preview.clear();
    m_preview_shapes.clear();
    m_file_error.reset();
    m_confirm_replace = false;
    if (!m_file.is_object()) return;
    nlohmann::json copy = m_file;
    for (auto& f : copy["features"]) {
        if (!f.is_object() || !f.contains("properties") || !f["properties"].is_object()) continue;
        for (const std::string& k : {m_code_key, m_name_key})
            if (f["properties"].contains(k) && f["properties"][k].is_number()) f["properties"][k] = f["properties"][k].dump();
    }
    std::vector<Region> regions;
    if (auto e = ParseRegions(copy, regions, m_code_key, m_name_key)) {
        m_file_error = *e;
        return;
    }
    if (regions.empty()) {
        m_file_error = FieldError{"empty", "districts", Msg("Ce fichier ne contient aucun quartier.")};
        return;
    }
    m_preview = std::move(regions);
    m_preview_shapes = BuildMapShapes(m_preview);
}

void ConsoleCommune::UploadDistricts() {
    const std::string& lang = m_s.lang;
    if (m_preview.empty() || m_uploading) return;
    if (!m_regions.empty() && !m_confirm_replace) {
        m_confirm_replace = true; // asked once: the commune's districts go away
        return;
    }
    m_confirm_replace = false;
    m_uploading = true;
    m_s.api.Patch(m_s.TenantPath(), {{"districts", RegionsToGeoJson(m_preview)}}, [this](const ApiResult& r) {
        m_uploading = false;
        if (!r.Ok()) {
            m_file_error = r.error; // the file stays: the staff fix the choice and send again
            return;
        }
        m_regions = std::move(m_preview);
        m_shapes = std::move(m_preview_shapes);
        m_preview.clear();
        m_preview_shapes.clear();
        const std::string file = m_file_name;
        ForgetFile();
        const auto n = static_cast<std::int64_t>(m_regions.size());
        // TRANSLATORS: {0} how many districts, {1} the file they were read from.
        Say(Fill(TrN(m_s.lang, n, "{0} quartier enregistré, lu dans {1}.", "{0} quartiers enregistrés, lus dans {1}."),
                 FormatCount(n, m_s.lang), file));
    }, m_s.token);
    (void)lang;
}

void ConsoleCommune::CancelUpload() { m_confirm_replace = false; }

void ConsoleCommune::ForgetFile() {
    m_file = nullptr;
    m_file_name.clear();
    m_keys.clear();
    m_preview.clear();
    m_preview_shapes.clear();
    m_file_error.reset();
    m_confirm_replace = false;
}

//-----------------------------------------------------------------------------
// Allowed origins
//-----------------------------------------------------------------------------

void ConsoleCommune::AddOrigin() {
    const std::string& lang = m_s.lang;
    std::string o = Trim(m_new_origin);
    while (!o.empty() && o.back() == '/') o.pop_back();
    // An origin is a scheme and a host (and a port): what a browser sends, never a path.
    const auto host = o.find("://");
    const bool ok = (o.rfind("https://", 0) == 0 || o.rfind("http://", 0) == 0) && host != std::string::npos &&
                    o.size() > host + 3 && o.find('/', host + 3) == std::string::npos &&
                    o.find_first_of(" \t\"<>?#") == std::string::npos;
    if (!ok) {
        m_error = FieldError{"invalid_origin", "allowed_origins", Msg("Indiquez l’adresse du site sans page : https://www.ville.fr (et non https://www.ville.fr/budget).")};
        return;
    }
    std::vector<std::string> list;
    for (const auto& x : m_origins) {
        if (x.url == o) {
            Say(Fill(Tr(lang, "{} est déjà autorisé."), o));
            return;
        }
        list.push_back(x.url);
    }
    list.push_back(o);
    m_new_origin.clear();
    SaveOrigins(std::move(list), Fill(Tr(lang, "{} peut maintenant afficher les modules de la commune."), o));
}

void ConsoleCommune::RemoveOrigin(size_t i) {
    if (i >= m_origins.size()) return;
    if (m_removing != i) {
        m_removing = i; // asked once: that site's widgets stop working
        return;
    }
    m_removing.reset();
    std::vector<std::string> list;
    for (size_t k = 0; k < m_origins.size(); ++k)
        if (k != i) list.push_back(m_origins[k].url);
    SaveOrigins(std::move(list), Fill(Tr(m_s.lang, "{} n’est plus autorisé à afficher les modules."), m_origins[i].url));
}

void ConsoleCommune::SaveOrigins(std::vector<std::string> list, std::string words) {
    m_s.api.Patch(m_s.TenantPath(), {{"allowed_origins", list}}, [this, words](const ApiResult& r) {
        if (!r.Ok()) {
            m_error = r.error;
            return;
        }
        const std::string name = m_name; // a name being edited stays as typed
        ReadTenant(r.body);
        m_name = name;
        Say(words);
        CheckOrigins();
    }, m_s.token);
}

void ConsoleCommune::CheckOrigins() {
    for (size_t i = 0; i < m_origins.size(); ++i) {
        const std::string url = m_origins[i].url;
        m_s.api.Get("/api/v1/embed-check?tenant=" + m_s.tenant + "&origin=" + url, [this, url](const ApiResult& r) {
            for (auto& o : m_origins)
                if (o.url == url && r.Ok()) o.allowed = JsonOr(r.body, "allowed", false);
        });
    }
}

//-----------------------------------------------------------------------------
// Mirror and state
//-----------------------------------------------------------------------------

nlohmann::json ConsoleCommune::A11yChildren() const {
    using nlohmann::json;
    const std::string& lang = m_s.lang;
    json out = json::array();
    out.push_back(a11y::Alert("commune-alert", m_error ? m_error->Message(lang) : m_notice));
    out.push_back(a11y::Input("name", Tr(lang, "Nom de la commune"), m_name));
    out.push_back(a11y::Input("accent", Tr(lang, "Couleur de la commune (#rrvvbb)"), m_accent));
    for (const char* code : {"fr", "en"}) {
        const bool on = HasLanguage(code);
        const std::string label = std::string(code == std::string("fr") ? Tr(lang, "Français") : Tr(lang, "Anglais")) +
                                  (on ? Tr(lang, " : proposé (retirer)") : Tr(lang, " : non proposé (ajouter)"));
        out.push_back(a11y::Button(std::string("language-") + code, label));
    }
    out.push_back(a11y::Input("latitude", Tr(lang, "Centre de la carte : latitude"), m_lat));
    out.push_back(a11y::Input("longitude", Tr(lang, "Centre de la carte : longitude"), m_lon));
    json cats = json::array();
    for (size_t i = 0; i < m_categories.size(); ++i) {
        const auto n = std::to_string(i);
        json row = json::array({a11y::Input("category-fr-" + n, Tr(lang, "Catégorie, nom en français"), m_categories[i].fr),
                                a11y::Input("category-en-" + n, Tr(lang, "Catégorie, nom en anglais"), m_categories[i].en),
                                a11y::Button("category-remove-" + n, Fill(Tr(lang, "Retirer la catégorie {}"),
                                                                          m_categories[i].Label(lang).empty() ? n : m_categories[i].Label(lang)))});
        cats.push_back(a11y::ListItem("", m_categories[i].Label(lang), row));
    }
    out.push_back(a11y::List(Tr(lang, "Catégories des propositions"), cats));
    out.push_back(a11y::Button("category-add", Tr(lang, "Ajouter une catégorie")));
    out.push_back(a11y::Button("save", Tr(lang, "Enregistrer la commune")));

    out.push_back(a11y::Heading(Tr(lang, "Quartiers"), 3));
    out.push_back(a11y::Text(m_regions.empty() ? std::string(Tr(lang, "Aucun quartier pour l’instant."))
                                               : CountOf(static_cast<std::int64_t>(m_regions.size()), lang, "quartier", "quartiers") + "."));
    out.push_back(a11y::Button("districts-file", Tr(lang, "Choisir un fichier GeoJSON de quartiers")));
    if (HasFile()) {
        out.push_back(a11y::Text(Fill(Tr(lang, "Fichier : {}"), m_file_name)));
        std::vector<a11y::Option> options;
        for (const auto& k : m_keys) options.push_back({k, k + " (" + SampleOf(k) + ")"});
        out.push_back(a11y::Select("code-property", Tr(lang, "Propriété qui porte le code"), options, m_code_key));
        out.push_back(a11y::Select("name-property", Tr(lang, "Propriété qui porte le nom"), options, m_name_key));
        if (m_file_error) out.push_back(a11y::Alert("file-alert", m_file_error->Message(lang)));
        else out.push_back(a11y::Status("file-status", Fill(TrN(lang, static_cast<std::int64_t>(m_preview.size()), "{} quartier lu, prêt à être envoyé.",
                                                                    "{} quartiers lus, prêts à être envoyés."),
                                                                FormatCount(static_cast<std::int64_t>(m_preview.size()), lang))));
        if (m_confirm_replace) {
            out.push_back(a11y::Alert("replace-alert", Fill(TrN(lang, static_cast<std::int64_t>(m_regions.size()), "{} quartier actuel sera remplacé. Confirmer ?",
                                                                         "Les {} quartiers actuels seront remplacés. Confirmer ?"),
                                                                FormatCount(static_cast<std::int64_t>(m_regions.size()), lang))));
            out.push_back(a11y::Button("districts-upload", Tr(lang, "Oui, remplacer les quartiers")));
            out.push_back(a11y::Button("districts-cancel", Tr(lang, "Non, garder les quartiers actuels")));
        } else {
            out.push_back(a11y::Button("districts-upload", Tr(lang, "Envoyer ces quartiers"), !m_preview.empty() && !m_uploading));
        }
    }

    out.push_back(a11y::Heading(Tr(lang, "Sites autorisés à intégrer les modules"), 3));
    json origins = json::array();
    for (size_t i = 0; i < m_origins.size(); ++i) {
        const auto& o = m_origins[i];
        const std::string verdict = !o.allowed ? Tr(lang, "vérification…")
                                    : *o.allowed ? Tr(lang, "les modules s’y affichent")
                                                 : Tr(lang, "refusé par le serveur");
        const bool asking = m_removing && *m_removing == i;
        origins.push_back(a11y::ListItem("", o.url + " — " + verdict,
                                         json::array({a11y::Button("origin-remove-" + std::to_string(i),
                                                                   Fill(asking ? Tr(lang, "Confirmer le retrait de {}") : Tr(lang, "Retirer {}"), o.url))})));
    }
    out.push_back(a11y::List(Tr(lang, "Sites autorisés"), origins));
    out.push_back(a11y::Input("new-origin", Tr(lang, "Adresse d’un site (https://www.ville.fr)"), m_new_origin));
    out.push_back(a11y::Button("origin-add", Tr(lang, "Autoriser ce site")));
    return out;
}

bool ConsoleCommune::Command(const std::string& id, const nlohmann::json& value) {
    const std::string v = a11y::ValueText(value);
    std::string rest;
    auto index = [](const std::string& t) { return static_cast<size_t>(std::strtoull(t.c_str(), nullptr, 10)); };
    if (id == "name") return m_name = v, true;
    if (id == "accent") return m_accent = v, true;
    if (id == "latitude") return m_lat = v, true;
    if (id == "longitude") return m_lon = v, true;
    if (CommandAfter(id, "language-", rest)) return SetLanguage(rest, !HasLanguage(rest)), true;
    if (CommandAfter(id, "category-fr-", rest) && index(rest) < m_categories.size()) return m_categories[index(rest)].fr = v, true;
    if (CommandAfter(id, "category-en-", rest) && index(rest) < m_categories.size()) return m_categories[index(rest)].en = v, true;
    if (CommandAfter(id, "category-remove-", rest)) return RemoveCategory(index(rest)), true;
    if (id == "category-add") return AddCategory(), true;
    if (id == "save") return Save(), true;
    if (id == "districts-file") return ChooseDistrictsFile(), true;
    if (id == "code-property") return SetCodeProperty(v), true;
    if (id == "name-property") return SetNameProperty(v), true;
    if (id == "districts-upload") return UploadDistricts(), true;
    if (id == "districts-cancel") return CancelUpload(), true;
    if (id == "new-origin") return m_new_origin = v, true;
    if (id == "origin-add") return AddOrigin(), true;
    if (CommandAfter(id, "origin-remove-", rest)) return RemoveOrigin(index(rest)), true;
    return false;
}

nlohmann::json ConsoleCommune::StateJson() const {
    nlohmann::json origins = nlohmann::json::array();
    for (const auto& o : m_origins)
        origins.push_back({{"url", o.url}, {"allowed", o.allowed ? nlohmann::json(*o.allowed) : nlohmann::json()}});
    return {{"loaded", m_loaded},
            {"name", m_saved_name},
            {"accent", JsonOr(m_saved, "accent", "")},
            {"languages", m_languages},
            {"districts", m_regions.size()},
            {"file", m_file_name},
            {"code_property", m_code_key},
            {"name_property", m_name_key},
            {"preview", m_preview.size()},
            {"file_error", m_file_error ? nlohmann::json(m_file_error->Message(m_s.lang)) : nlohmann::json()},
            {"confirm_replace", m_confirm_replace},
            {"origins", origins},
            {"notice", m_notice},
            {"error", m_error ? nlohmann::json(m_error->Message(m_s.lang)) : nlohmann::json()}};
}

} // namespace quartier

// ConsoleCommunes: the server's communes for its own admin, a new one, the switch to it.
#include "widgets/console/console_communes.h"

#include "shared/json_read.h"
#include "shared/text.h"
#include "widgets/app/a11y_tree.h"
#include "widgets/app/accessible.h"
#include "widgets/app/i18n.h"

namespace quartier {

std::string SlugFromName(std::string_view name) {
    std::string slug;
    for (char c : FoldName(name)) slug += c == ' ' ? '-' : c;
    if (slug.size() > 63) slug.resize(63);
    while (!slug.empty() && slug.back() == '-') slug.pop_back();
    return slug;
}

void ConsoleCommunes::Load() {
    m_s.api.Get("/api/v1/tenants", [this](const ApiResult& r) {
        if (!r.Ok()) {
            m_error = r.error;
            return;
        }
        m_loaded = true;
        m_list.clear();
        for (const auto& j : JsonOr(r.body, "items", nlohmann::json::array())) {
            if (!j.is_object()) continue;
            m_list.push_back(Commune{JsonOr(j, "slug", ""), JsonOr(j, "name", ""), JsonOr(j, "time_zone", ""),
                                     JsonOr(j, "districts_count", std::int64_t{0}), JsonOr(j, "archived", false)});
        }
    }, m_s.token);
}

const ConsoleCommunes::Commune* ConsoleCommunes::Find(const std::string& slug) const {
    for (const auto& c : m_list)
        if (c.slug == slug) return &c;
    return nullptr;
}

void ConsoleCommunes::SetName(std::string name) {
    m_name = std::move(name);
    FollowName();
}

void ConsoleCommunes::FollowName() {
    if (m_name == m_named) return;
    m_named = m_name;
    if (!m_slug_typed) m_slug = SlugFromName(m_name);
}

void ConsoleCommunes::SetSlug(std::string slug) {
    m_slug = std::move(slug);
    // Emptied, the identifier follows the name again.
    m_slug_typed = !m_slug.empty();
    if (!m_slug_typed) m_slug = SlugFromName(m_name);
}

void ConsoleCommunes::Create() {
    FollowName();
    const std::string name = Trim(m_name), slug = Trim(m_slug), zone = Trim(m_time_zone);
    if (name.empty()) {
        m_error = FieldError{"required", "name", Msg("Indiquez le nom de la commune (ex. Saint-Martin).")};
        m_notice.clear();
        return;
    }
    nlohmann::json body{{"name", name}, {"slug", slug}};
    if (!zone.empty()) body["time_zone"] = zone;
    m_busy = true;
    m_s.api.Post("/api/v1/tenants", body, [this, name, slug](const ApiResult& r) {
        m_busy = false;
        if (!r.Ok()) {
            m_error = r.error;
            m_notice.clear();
            return;
        }
        m_error.reset();
        m_created = slug;
        m_name.clear();
        m_named.clear();
        m_slug.clear();
        m_slug_typed = false;
        // TRANSLATORS: {0} the commune's name, {1} its identifier in addresses.
        m_notice = Fill(Tr(m_s.lang, "Commune « {0} » créée (adresse /console/{1}). Ouvrez-la pour lui donner ses quartiers, ses "
                                     "comptes et son budget."),
                        name, slug);
        Load();
    }, m_s.token);
}

bool ConsoleCommunes::Command(const std::string& id, const nlohmann::json& value) {
    using a11y::ValueText;
    std::string rest;
    if (id == "commune-name") return SetName(ValueText(value)), true;
    if (id == "commune-slug") return SetSlug(ValueText(value)), true;
    if (id == "commune-time-zone") return SetTimeZone(ValueText(value)), true;
    if (id == "create-commune") return Create(), true;
    if (CommandAfter(id, "switch-", rest)) {
        if (!Find(rest)) return false;
        m_switch = rest;
        return true;
    }
    return false;
}

nlohmann::json ConsoleCommunes::StateJson() const {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& c : m_list)
        list.push_back({{"slug", c.slug}, {"name", c.name}, {"time_zone", c.time_zone}, {"districts", c.districts}});
    return {{"loaded", m_loaded},
            {"communes", list},
            {"name", m_name},
            {"slug", m_slug},
            {"time_zone", m_time_zone},
            {"created", m_created},
            {"busy", m_busy},
            {"notice", m_notice},
            {"error", m_error ? nlohmann::json{{"code", m_error->code}, {"field", m_error->field}, {"message", m_error->Message(m_s.lang)}}
                              : nlohmann::json()}};
}

nlohmann::json ConsoleCommunes::A11yChildren() const {
    using nlohmann::json;
    namespace a = a11y;
    const std::string& lang = m_s.lang;
    json out = json::array();
    out.push_back(a::Alert("communes-alert", m_error ? m_error->Message(lang) : m_notice));
    json items = json::array();
    for (const auto& c : m_list) {
        // TRANSLATORS: {0} the commune's name, {1} its identifier, {2} how many districts it has.
        std::string text = Fill(Tr(lang, "{0} ({1}) — quartiers : {2}"), c.name, c.slug, FormatCount(c.districts, lang));
        if (c.slug == m_s.tenant) text = Fill(Tr(lang, "{} — ouverte dans la console"), text);
        json actions = json::array();
        if (c.slug != m_s.tenant) actions.push_back(a::Button("switch-" + c.slug, Fill(Tr(lang, "Ouvrir la commune {}"), c.name)));
        items.push_back(a::ListItem("commune-" + c.slug, text, actions));
    }
    out.push_back(a::List(Tr(lang, "Communes de ce serveur"), items));
    out.push_back(a::Heading(Tr(lang, "Créer une commune"), 3));
    out.push_back(a::Input("commune-name", Tr(lang, "Nom de la commune"), m_name));
    out.push_back(a::Input("commune-slug", Tr(lang, "Identifiant dans les adresses (minuscules, chiffres, tirets)"), m_slug));
    out.push_back(a::Input("commune-time-zone", Tr(lang, "Fuseau horaire (ex. Europe/Paris)"), m_time_zone));
    out.push_back(a::Button("create-commune", Tr(lang, "Créer la commune"), !m_busy));
    return out;
}

} // namespace quartier

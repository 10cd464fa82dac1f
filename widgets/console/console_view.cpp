// The console's view: a town hall's back office, not a debug window. Wide canvases (an office
// screen) keep the sections in a column on the left; narrower ones (a tablet) show them as
// tabs on top. Each section is a column of cards; every save says what it saved, every
// destructive action asks once in the card it concerns.
//
// Index: [SECTION] Helpers · Sign-in · Navigation · Communes · Commune · People · Embed · Console
#include "widgets/console/console_view.h"

#include "shared/audit_text.h"
#include "shared/text.h"
#include "widgets/app/i18n.h"
#include "widgets/app/map.h"
#include "widgets/app/platform.h"
#include "widgets/app/text_field.h"
#include "widgets/app/theme.h"
#include "widgets/app/ui.h"
#include "widgets/console/budget_view.h"
#include "widgets/console/console_model.h"
#include "widgets/console/desk_view.h"

#include <imgui.h>

#include <algorithm>
#include <cctype>

namespace quartier {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Helpers
//-----------------------------------------------------------------------------

float Css(float v) { return v * UiScale(); }

// Room for the navigation beside the section (an office screen, a landscape tablet is not).
bool Wide() { return ImGui::GetMainViewport()->Size.x / UiScale() >= 900.0f; }

// A labelled one-line field as wide as w.
bool Field(const char* id, const char* label, std::string* value, float w, const char* control, bool* entered = nullptr,
           bool password = false) {
    ImGui::TextUnformatted(label);
    ImGui::SetNextItemWidth(w);
    TextFieldOptions o;
    o.label = label;
    o.password = password;
    o.entered = entered;
    const bool changed = TextField(id, value, o);
    NoteControl(control);
    return changed;
}

void Message(const std::optional<FieldError>& error, const std::string& notice, const std::string& lang) {
    if (error) ErrorLine(*error, lang);
    else if (!notice.empty()) SuccessLine(notice);
}

// The section's column, no wider than reads well.
float ColumnWidth() { return std::min(ImGui::GetContentRegionAvail().x, Css(760)); }

// A small map fitted to the shapes' regions.
void DistrictsMap(const char* id, const std::vector<Region>& regions, const std::vector<MapShape>& shapes, float height) {
    static MapState view;
    static const void* fitted = nullptr;
    static size_t fitted_n = 0;
    if (fitted != &regions || fitted_n != regions.size() || view.width <= 0) {
        BBox box;
        for (const auto& r : regions) box.Extend(r.bbox);
        view.width = ImGui::GetContentRegionAvail().x;
        view.height = height;
        view.scale = UiScale();
        if (!box.Empty()) view.FitBox(box, 12.0);
        fitted = &regions;
        fitted_n = regions.size();
    }
    if (BeginMap(id, view, ImVec2(ImGui::GetContentRegionAvail().x, height),
                 MapFlags_NoPan | MapFlags_NoZoom | MapFlags_NoKeyboard | MapFlags_NoZoomButtons)) {
        MapShapes(shapes);
        EndMap();
    }
}

//-----------------------------------------------------------------------------
// [SECTION] Sign-in
//-----------------------------------------------------------------------------

bool DrawSignIn(ConsoleModel& m) {
    const std::string& lang = m.Language();
    bool changed = false;
    const float w = std::min(ImGui::GetContentRegionAvail().x, Css(420));
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, (ImGui::GetContentRegionAvail().x - w) / 2));
    ImGui::BeginGroup();
    ImGui::Dummy(ImVec2(w, Css(24)));
    Heading(Tr(lang, "Console de la commune"));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
    MutedLine(Tr(lang, "Réservée au personnel de la commune : administration, modération, agents du guichet. "
                       "Connectez-vous avec votre compte."));
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    bool entered = false;
    changed |= Field("##email", Tr(lang, "Adresse électronique"), &m.EditEmail(), w, "email", &entered);
    changed |= Field("##password", Tr(lang, "Mot de passe"), &m.EditPassword(), w, "password", &entered, true);
    if (m.Error()) ErrorLine(*m.Error(), lang);
    ImGui::Spacing();
    if ((PrimaryButton(m.SigningIn() ? Tr(lang, "Connexion…") : Tr(lang, "Se connecter"), w) || entered) &&
        !m.SigningIn()) {
        m.SignIn();
        changed = true;
    }
    NoteControl("sign-in");
    ImGui::EndGroup();
    return changed;
}

//-----------------------------------------------------------------------------
// [SECTION] Navigation
//-----------------------------------------------------------------------------

// The header: the commune and who is signed in, and sign-out at the right.
bool DrawHeader(ConsoleModel& m) {
    const std::string& lang = m.Language();
    bool changed = false;
    const char* out = Tr(lang, "Se déconnecter");
    const float out_w = ButtonWidth(out);
    const float top = ImGui::GetCursorPosY();
    ImGui::PushFont(HeadingFont());
    const std::string title = std::string(Tr(lang, "Console")) + (m.CommuneName().empty() ? "" : " — " + m.CommuneName());
    ImGui::SetCursorPosY(top + std::max(0.0f, (TouchTargetHeight() - ImGui::GetTextLineHeight()) / 2));
    ImGui::TextUnformatted(title.c_str());
    ImGui::PopFont();
    const std::string who = m.Session().email + "  \u2022  " + RoleLabel(m.Session().role, lang);
    const float who_w = ImGui::CalcTextSize(who.c_str()).x;
    const float right = ImGui::GetWindowContentRegionMax().x;
    const float title_end = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x;
    if (right - out_w - who_w - Css(16) > title_end + Css(16)) {
        ImGui::SameLine(right - out_w - who_w - Css(16));
        ImGui::SetCursorPosY(top + (TouchTargetHeight() - ImGui::GetTextLineHeight()) / 2);
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
        ImGui::TextUnformatted(who.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::SameLine(std::max(title_end + Css(12), right - out_w));
    ImGui::SetCursorPosY(top);
    if (SecondaryButton(out)) {
        m.SignOut();
        changed = true;
    }
    NoteControl("sign-out");
    ImGui::Separator();
    return changed;
}

bool DrawNavigation(ConsoleModel& m, bool column) {
    const std::string& lang = m.Language();
    bool changed = false;
    const auto sections = m.Sections();
    for (size_t i = 0; i < sections.size(); ++i) {
        const auto s = sections[i];
        const std::string label = ConsoleModel::SectionLabel(s, lang);
        const bool open = m.Current() == s;
        ImGui::PushID(static_cast<int>(i));
        bool clicked = false;
        if (column) {
            // A column of entries, the open one marked by the accent bar at its left.
            const ImVec2 p = ImGui::GetCursorScreenPos();
            clicked = ImGui::Selectable("##nav", open, 0, ImVec2(0, TouchTargetHeight()));
            ImDrawList* dl = ImGui::GetWindowDrawList();
            if (open) dl->AddRectFilled(p, ImVec2(p.x + Css(4), p.y + TouchTargetHeight()), ImGui::GetColorU32(ImGuiCol_Button));
            const float ty = p.y + (TouchTargetHeight() - ImGui::GetTextLineHeight()) / 2;
            dl->AddText(ImVec2(p.x + Css(14), ty), ImGui::GetColorU32(ImGuiCol_Text), label.c_str());
        } else {
            if (i > 0) SameLineIfFits(ButtonWidth(label.c_str()));
            clicked = Chip(label.c_str(), open);
        }
        ImGui::PopID();
        NoteControl(std::string("nav-") + ConsoleModel::SectionId(s));
        if (clicked && !open) {
            m.Show(s);
            changed = true;
        }
    }
    return changed;
}

//-----------------------------------------------------------------------------
// [SECTION] Communes (the server's own admin)
//-----------------------------------------------------------------------------

bool DrawCommunes(ConsoleModel& model) {
    ConsoleCommunes& m = model.Communes();
    const std::string& lang = model.Language();
    bool changed = false;
    const float w = ColumnWidth();
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
    Message(m.Error(), m.Notice(), lang);
    BeginCard();
    Heading(Tr(lang, "Communes de ce serveur"));
    if (!m.Loaded()) MutedLine(Tr(lang, "Chargement…"));
    for (const auto& c : m.List()) {
        ImGui::PushID(c.slug.c_str());
        ImGui::Separator();
        ImGui::TextUnformatted(c.name.c_str());
        MutedLine("/console/" + c.slug + "  \u2022  " + (c.time_zone.empty() ? std::string() : c.time_zone + "  \u2022  ") +
                  CountOf(c.districts, lang, "quartier", "quartiers"));
        if (c.slug == m.Current()) {
            SuccessLine(Tr(lang, "\u2713 Ouverte dans la console"));
        } else {
            if (SecondaryButton(Fill(Tr(lang, "Ouvrir {}"), c.name).c_str())) {
                m.Command("switch-" + c.slug, nullptr);
                changed = true;
            }
        }
        NoteControl("switch-" + c.slug);
        ImGui::PopID();
    }
    EndCard();
    ImGui::Spacing();
    BeginCard();
    Heading(Tr(lang, "Créer une commune"));
    changed |= Field("##commune-name", Tr(lang, "Nom de la commune"), &m.EditName(), w - Css(32), "commune-name");
    m.FollowName();
    std::string slug = m.EditSlug();
    if (Field("##commune-slug", Tr(lang, "Identifiant dans les adresses (proposé d’après le nom : minuscules, chiffres, tirets)"),
              &slug, w - Css(32), "commune-slug")) {
        m.SetSlug(slug);
        changed = true;
    }
    if (!m.EditSlug().empty())
        MutedLine(Fill(Tr(lang, "Sa console : /console/{0}   •   ses pages publiques : /simple/{0}"), m.EditSlug()));
    changed |= Field("##commune-time-zone", Tr(lang, "Fuseau horaire (les dates du calendrier sont à cette heure-là)"),
                     &m.EditTimeZone(), Css(260), "commune-time-zone");
    ImGui::BeginDisabled(m.Busy());
    if (PrimaryButton(Tr(lang, "Créer la commune"))) {
        m.Create();
        changed = true;
    }
    ImGui::EndDisabled();
    NoteControl("create-commune");
    if (m.Error() || !m.Notice().empty()) Message(m.Error(), m.Notice(), lang);
    EndCard();
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    return changed;
}

//-----------------------------------------------------------------------------
// [SECTION] Commune
//-----------------------------------------------------------------------------

bool DrawCommune(ConsoleModel& model) {
    ConsoleCommune& m = model.Commune();
    const std::string& lang = model.Language();
    bool changed = false;
    if (!m.Loaded()) {
        if (m.Error()) ErrorLine(*m.Error(), lang);
        else MutedLine(Tr(lang, "Chargement…"));
        return false;
    }
    const float w = ColumnWidth();
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);

    // Identity.
    BeginCard();
    Heading(Tr(lang, "Identité"));
    changed |= Field("##name", Tr(lang, "Nom de la commune"), &m.EditName(), w - Css(32), "name");
    // The colour, with a swatch of what was typed once it reads as one.
    ImGui::TextUnformatted(Tr(lang, "Couleur de la commune (celle de son logo), #rrvvbb"));
    float rgb[3];
    const bool swatch = ParseHexColor(m.EditAccent(), rgb);
    ImGui::SetNextItemWidth(Css(160));
    TextFieldOptions accent;
    accent.label = Tr(lang, "Couleur de la commune");
    accent.hint = "#b5123e";
    changed |= TextField("##accent", &m.EditAccent(), accent);
    NoteControl("accent");
    if (swatch) {
        ImGui::SameLine();
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float h = ImGui::GetFrameHeight();
        ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + h * 2, p.y + h), ImGui::ColorConvertFloat4ToU32(ImVec4(rgb[0], rgb[1], rgb[2], 1)), Css(6));
        ImGui::Dummy(ImVec2(h * 2, h));
    }
    ImGui::TextUnformatted(Tr(lang, "Langues proposées aux habitants"));
    for (const char* code : {"fr", "en"}) {
        const bool on = m.HasLanguage(code);
        std::string label = std::string(code == std::string("fr") ? "Français" : "English") + (on ? "  \u2713" : "");
        if (code != std::string("fr")) ImGui::SameLine();
        if (Chip(label.c_str(), on)) {
            m.SetLanguage(code, !on);
            changed = true;
        }
        NoteControl(std::string("language-") + code);
    }
    ImGui::TextUnformatted(Tr(lang, "Centre de la carte (latitude, longitude)"));
    const float half = (w - Css(32) - ImGui::GetStyle().ItemSpacing.x) / 2;
    ImGui::SetNextItemWidth(half);
    TextFieldOptions lat;
    lat.label = Tr(lang, "Latitude du centre");
    changed |= TextField("##lat", &m.EditLatitude(), lat);
    NoteControl("latitude");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(half);
    TextFieldOptions lon;
    lon.label = Tr(lang, "Longitude du centre");
    changed |= TextField("##lon", &m.EditLongitude(), lon);
    NoteControl("longitude");
    EndCard();
    ImGui::Spacing();

    // Categories.
    BeginCard();
    Heading(Tr(lang, "Catégories des propositions"));
    MutedLine(Tr(lang, "Le nom que les habitants lisent, en français et en anglais."));
    auto& cats = m.EditCategories();
    const char* remove = Tr(lang, "Retirer");
    const float col = std::max(Css(80), (w - Css(32) - ButtonWidth(remove) - 2 * ImGui::GetStyle().ItemSpacing.x) / 2);
    std::optional<size_t> removed;
    for (size_t i = 0; i < cats.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        ImGui::SetNextItemWidth(col);
        TextFieldOptions fr;
        fr.label = Tr(lang, "Nom en français");
        fr.hint = Tr(lang, "Nom en français");
        changed |= TextField("##fr", &cats[i].fr, fr);
        NoteControl("category-fr-" + std::to_string(i));
        ImGui::SameLine();
        ImGui::SetNextItemWidth(col);
        TextFieldOptions en;
        en.label = Tr(lang, "Nom en anglais");
        en.hint = Tr(lang, "Nom en anglais");
        changed |= TextField("##en", &cats[i].en, en);
        NoteControl("category-en-" + std::to_string(i));
        ImGui::SameLine();
        if (SecondaryButton(remove)) removed = i;
        NoteControl("category-remove-" + std::to_string(i));
        ImGui::PopID();
    }
    if (removed) {
        m.RemoveCategory(*removed);
        changed = true;
    }
    if (SecondaryButton(Tr(lang, "+ Ajouter une catégorie"))) {
        m.AddCategory();
        changed = true;
    }
    NoteControl("category-add");
    EndCard();
    ImGui::Spacing();
    if (PrimaryButton(Tr(lang, "Enregistrer la commune"))) {
        m.Save();
        changed = true;
    }
    NoteControl("save");
    Message(m.Error(), m.Notice(), lang);
    ImGui::Spacing();

    // Districts.
    BeginCard(m.ConfirmingReplace());
    Heading(Tr(lang, "Quartiers"));
    if (m.HasFile()) {
        ImGui::TextWrapped("%s%s", Tr(lang, "Fichier : "), m.FileName().c_str());
        std::vector<std::string> names;
        for (const auto& k : m.PropertyKeys()) {
            const std::string sample = m.SampleOf(k);
            names.push_back(k + (sample.empty() ? "" : "  (" + sample.substr(0, 24) + ")"));
        }
        auto index_of = [&](const std::string& key) {
            const auto& keys = m.PropertyKeys();
            const auto it = std::find(keys.begin(), keys.end(), key);
            return it == keys.end() ? -1 : static_cast<int>(it - keys.begin());
        };
        ImGui::TextUnformatted(Tr(lang, "Quelle propriété porte le code du quartier ?"));
        int code = index_of(m.CodeProperty());
        if (ChoiceChips(names, code, "code-property-")) {
            m.SetCodeProperty(m.PropertyKeys()[static_cast<size_t>(code)]);
            changed = true;
        }
        ImGui::TextUnformatted(Tr(lang, "Quelle propriété porte son nom ?"));
        int name = index_of(m.NameProperty());
        if (ChoiceChips(names, name, "name-property-")) {
            m.SetNameProperty(m.PropertyKeys()[static_cast<size_t>(name)]);
            changed = true;
        }
        if (m.FileError()) {
            ErrorLine(*m.FileError(), lang);
        } else {
            std::string first;
            for (size_t i = 0; i < std::min<size_t>(3, m.Preview().size()); ++i)
                first += (i ? ", " : "") + m.Preview()[i].name + " (" + m.Preview()[i].code + ")";
            const auto n = static_cast<std::int64_t>(m.Preview().size());
            // TRANSLATORS: {0} how many districts, {1} the first ones' names.
            SuccessLine(Fill(TrN(lang, n, "{0} quartier lu : {1} Son contour est sur la carte ci-dessous.",
                                 "{0} quartiers lus : {1} Leurs contours sont sur la carte ci-dessous."),
                             FormatCount(n, lang), first + (m.Preview().size() > 3 ? "…" : "")));
        }
        if (m.ConfirmingReplace()) {
            const auto n = static_cast<std::int64_t>(m.Regions().size());
            ImGui::TextWrapped("%s", Fill(TrN(lang, n, "{} quartier actuel sera remplacé par ceux du fichier.",
                                              "Les {} quartiers actuels seront remplacés par ceux du fichier."),
                                          FormatCount(n, lang))
                                         .c_str());
            if (PrimaryButton(Tr(lang, "Oui, remplacer les quartiers"))) {
                m.UploadDistricts();
                changed = true;
            }
            NoteControl("districts-upload");
            ImGui::SameLine();
            if (SecondaryButton(Tr(lang, "Non, garder les actuels"))) {
                m.CancelUpload();
                changed = true;
            }
            NoteControl("districts-cancel");
        } else {
            ImGui::BeginDisabled(m.Preview().empty() || m.Uploading());
            if (PrimaryButton(m.Uploading() ? Tr(lang, "Envoi…") : Tr(lang, "Envoyer ces quartiers"))) {
                m.UploadDistricts();
                changed = true;
            }
            ImGui::EndDisabled();
            NoteControl("districts-upload");
            ImGui::SameLine();
            if (SecondaryButton(Tr(lang, "Choisir un autre fichier…"))) {
                m.ChooseDistrictsFile();
                changed = true;
            }
            NoteControl("districts-file");
        }
    } else {
        if (m.Regions().empty()) {
            MutedLine(Tr(lang, "Aucun quartier pour l’instant. Chargez un fichier GeoJSON exporté de votre SIG (un polygone par quartier)."));
        } else {
            const auto n = static_cast<std::int64_t>(m.Regions().size());
            ImGui::TextWrapped("%s", Fill(TrN(lang, n, "{} quartier, sur la carte ci-dessous.", "{} quartiers, sur la carte ci-dessous."),
                                          FormatCount(n, lang))
                                         .c_str());
        }
        if (SecondaryButton(m.Regions().empty() ? Tr(lang, "Choisir un fichier GeoJSON…")
                                                : Tr(lang, "Remplacer par un fichier GeoJSON…"))) {
            m.ChooseDistrictsFile();
            changed = true;
        }
        NoteControl("districts-file");
    }
    EndCard();
    // The outlines under the card (a map draws in channels of its own, which a card's
    // background would cover): the file's while one is being checked, else the commune's.
    if (m.HasFile() && !m.Preview().empty()) {
        DistrictsMap("##preview", m.Preview(), m.PreviewShapes(), Css(300));
        NoteControl("districts-map");
    } else if (!m.HasFile() && !m.Regions().empty()) {
        DistrictsMap("##districts", m.Regions(), m.Shapes(), Css(300));
        NoteControl("districts-map");
    }
    ImGui::Spacing();

    // Allowed origins.
    BeginCard(m.RemovingOrigin().has_value());
    Heading(Tr(lang, "Sites autorisés à afficher les modules"));
    MutedLine(Tr(lang, "Les sites de la commune où les modules sont intégrés. Le serveur vérifie chacun."));
    const auto& origins = m.Origins();
    std::optional<size_t> remove_origin;
    bool cancel_remove = false;
    for (size_t i = 0; i < origins.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        const auto& o = origins[i];
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(o.url.c_str());
        ImGui::SameLine();
        if (!o.allowed) MutedLine(Tr(lang, "vérification…"));
        else if (*o.allowed) SuccessLine(Tr(lang, "\u2713 les modules s’y affichent"));
        else ErrorLine(FieldError{"refused", "", Msg("\u2717 refusé par le serveur")}, lang);
        const bool asking = m.RemovingOrigin() == i;
        if (asking) {
            ImGui::TextWrapped("%s", Tr(lang, "Les modules ne s’afficheront plus sur ce site. Confirmer ?"));
            if (PrimaryButton(Tr(lang, "Oui, retirer ce site"))) remove_origin = i;
            NoteControl("origin-remove-" + std::to_string(i));
            ImGui::SameLine();
            if (SecondaryButton(Tr(lang, "Non"))) cancel_remove = true;
        } else {
            if (SecondaryButton(Tr(lang, "Retirer"))) remove_origin = i;
            NoteControl("origin-remove-" + std::to_string(i));
        }
        ImGui::PopID();
    }
    if (remove_origin) {
        m.RemoveOrigin(*remove_origin);
        changed = true;
    }
    if (cancel_remove) {
        m.CancelRemoveOrigin();
        changed = true;
    }
    const char* add = Tr(lang, "Autoriser ce site");
    bool entered = false;
    ImGui::TextUnformatted(Tr(lang, "Adresse d’un site (https://www.ville.fr)"));
    ImGui::SetNextItemWidth(std::max(Css(160), w - Css(32) - ButtonWidth(add) - ImGui::GetStyle().ItemSpacing.x));
    TextFieldOptions origin;
    origin.label = Tr(lang, "Adresse d’un site");
    origin.hint = "https://www.ville.fr";
    origin.entered = &entered;
    changed |= TextField("##origin", &m.EditNewOrigin(), origin);
    NoteControl("new-origin");
    ImGui::SameLine();
    if (SecondaryButton(add) || entered) {
        m.AddOrigin();
        changed = true;
    }
    NoteControl("origin-add");
    EndCard();
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    return changed;
}

//-----------------------------------------------------------------------------
// [SECTION] People
//-----------------------------------------------------------------------------

bool DrawPeople(ConsoleModel& model) {
    ConsolePeople& m = model.People();
    const std::string& lang = model.Language();
    bool changed = false;
    const float w = ColumnWidth();
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
    Message(m.Error(), m.Notice(), lang);
    if (model.Session().IsAdmin()) {
        for (const auto& role : ConsolePeople::StaffRoles()) {
            BeginCard();
            std::string title = RoleLabel(role, lang);
            title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
            Heading(title.c_str());
            bool any = false;
            for (const auto& a : m.Accounts()) {
                if (a.role != role) continue;
                any = true;
                const std::string n = std::to_string(a.id);
                ImGui::PushID(static_cast<int>(a.id));
                ImGui::Separator();
                ImGui::TextWrapped("%s%s%s", a.email.c_str(), a.display_name.empty() ? "" : ("  \u2022  " + a.display_name).c_str(),
                                   a.disabled ? Tr(lang, "  \u2022  désactivé") : "");
                bool first = true;
                for (const auto& other : ConsolePeople::StaffRoles()) {
                    if (other == a.role) continue;
                    const std::string label = Fill(Tr(lang, "Passer en {}"), RoleLabel(other, lang));
                    if (!first) SameLineIfFits(ButtonWidth(label.c_str()));
                    first = false;
                    if (SecondaryButton(label.c_str())) {
                        m.SetRole(a.id, other);
                        changed = true;
                    }
                    NoteControl("role-" + other + "-" + n);
                }
                if (a.disabled) {
                    const char* label = Tr(lang, "Réactiver");
                    SameLineIfFits(ButtonWidth(label));
                    if (SecondaryButton(label)) {
                        m.Enable(a.id);
                        changed = true;
                    }
                    NoteControl("enable-" + n);
                } else if (m.Disabling() == a.id) {
                    ImGui::TextWrapped("%s", Tr(lang, "La personne sera déconnectée partout et ne pourra plus se connecter. Confirmer ?"));
                    if (PrimaryButton(Tr(lang, "Oui, désactiver"))) {
                        m.Disable(a.id);
                        changed = true;
                    }
                    NoteControl("disable-" + n);
                    ImGui::SameLine();
                    if (SecondaryButton(Tr(lang, "Non"))) {
                        m.CancelDisable();
                        changed = true;
                    }
                } else {
                    const char* label = Tr(lang, "Désactiver");
                    SameLineIfFits(ButtonWidth(label));
                    if (SecondaryButton(label)) {
                        m.Disable(a.id);
                        changed = true;
                    }
                    NoteControl("disable-" + n);
                }
                const char* reset = Tr(lang, "Code de réinitialisation");
                SameLineIfFits(ButtonWidth(reset));
                if (SecondaryButton(reset)) {
                    m.IssueReset(a.id);
                    changed = true;
                }
                NoteControl("reset-" + n);
                ImGui::PopID();
            }
            if (!any) MutedLine(Tr(lang, "Personne pour l’instant."));
            EndCard();
            ImGui::Spacing();
        }
        BeginCard();
        Heading(Tr(lang, "Créer un compte"));
        changed |= Field("##new-email", Tr(lang, "Adresse électronique"), &m.EditEmail(), w - Css(32), "new-email");
        changed |= Field("##new-name", Tr(lang, "Nom affiché (facultatif)"), &m.EditDisplayName(), w - Css(32), "new-name");
        ImGui::TextUnformatted(Tr(lang, "Rôle"));
        const auto& roles = ConsolePeople::StaffRoles();
        for (size_t i = 0; i < roles.size(); ++i) {
            const std::string label = RoleLabel(roles[i], lang);
            if (i > 0) SameLineIfFits(ButtonWidth(label.c_str()));
            if (Chip(label.c_str(), m.NewRole() == roles[i])) {
                m.SetNewRole(roles[i]);
                changed = true;
            }
            NoteControl("new-role-" + roles[i]);
        }
        MutedLine(Tr(lang, "Un mot de passe provisoire est créé ; il s’affiche une seule fois, pour que vous le transmettiez."));
        if (PrimaryButton(Tr(lang, "Créer le compte"))) {
            m.Create();
            changed = true;
        }
        NoteControl("create");
        // The temporary password where the admin is looking, not only at the top.
        if (!m.Handover().empty() || m.Error()) Message(m.Error(), m.Notice(), lang);
        EndCard();
        ImGui::Spacing();
    }

    BeginCard(m.AuditChainValid() && !*m.AuditChainValid());
    Heading(Tr(lang, "Qui a fait quoi"));
    if (!m.AuditChainValid()) MutedLine(Tr(lang, "Vérification de la chaîne…"));
    else if (*m.AuditChainValid())
        SuccessLine(Tr(lang, "\u2713 Journal intact : aucune entrée n’a été modifiée ni supprimée."));
    else
        ErrorLine(FieldError{"chain_broken", "", Msg("\u2717 La chaîne d’audit est ROMPUE : une entrée a été modifiée ou supprimée.")},
                  lang);
    NoteControl("chain");
    if (m.AuditEntries().empty()) MutedLine(Tr(lang, "Rien encore."));
    for (const auto& e : m.AuditEntries()) {
        if (!e.is_object()) continue;
        ImGui::Separator();
        ImGui::TextWrapped("%s", AuditSentence(e, lang).c_str());
    }
    EndCard();
    // Where proposals are moderated: the moderation space, a page of its own.
    ImGui::Spacing();
    BeginCard(model.Session().role == "moderator");
    Heading(Tr(lang, "Modération des propositions"));
    MutedLine(Tr(lang, "Les propositions se modèrent dans l’espace de modération de la commune (publier, masquer, fusionner)."));
    if (PrimaryButton(Tr(lang, "Ouvrir l’espace de modération…"))) {
        m.OpenModeration();
        changed = true;
    }
    NoteControl("open-moderation");
    EndCard();
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    return changed;
}

//-----------------------------------------------------------------------------
// [SECTION] Embed
//-----------------------------------------------------------------------------

bool DrawEmbed(ConsoleModel& model) {
    ConsoleEmbed& m = model.Embed();
    const std::string& lang = model.Language();
    bool changed = false;
    const float w = ColumnWidth();
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
    BeginCard();
    Heading(Tr(lang, "Quel module ?"));
    std::vector<std::string> names;
    int current = -1;
    const auto& widgets = ConsoleEmbed::Widgets();
    for (size_t i = 0; i < widgets.size(); ++i) {
        names.push_back(ConsoleEmbed::WidgetLabel(widgets[i], lang));
        if (widgets[i] == m.Widget()) current = static_cast<int>(i);
    }
    if (ChoiceChips(names, current, "embed-widget-")) {
        m.SetWidget(widgets[static_cast<size_t>(current)]);
        changed = true;
    }
    ImGui::TextUnformatted(Tr(lang, "Langue"));
    // Each language in its own words: the widgets speak every language of po/.
    static const char* kCodes[] = {"fr", "en", "es"};
    int l = m.Language() == "en" ? 1 : m.Language() == "es" ? 2 : 0;
    if (ChoiceChips({"Français", "English", "Español"}, l, "embed-language-")) {
        m.SetLanguage(kCodes[l]);
        changed = true;
    }
    if (m.NeedsProcess()) {
        ImGui::TextUnformatted(Tr(lang, "Budget participatif"));
        if (m.Processes().empty()) {
            MutedLine(Tr(lang, "Aucun budget pour l’instant : créez-en un dans « Budgets participatifs »."));
        } else {
            std::vector<std::string> titles;
            int p = -1;
            for (size_t i = 0; i < m.Processes().size(); ++i) {
                titles.push_back(m.Processes()[i].second.empty() ? m.Processes()[i].first : m.Processes()[i].second);
                if (m.Processes()[i].first == m.Process()) p = static_cast<int>(i);
            }
            if (ChoiceChips(titles, p, "embed-process-")) {
                m.SetProcess(m.Processes()[static_cast<size_t>(p)].first);
                changed = true;
            }
        }
    }
    EndCard();
    ImGui::Spacing();
    BeginCard();
    Heading(Tr(lang, "Le code à coller dans la page"));
    MutedLine(Tr(lang, "La première ligne une fois par page, la seconde là où le module doit apparaître."));
    const std::string code = m.Code();
    const ImVec2 size = ImGui::CalcTextSize(code.c_str(), nullptr, false, w - Css(48));
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::GetStyle().Colors[ImGuiCol_FrameBg]);
    ImGui::BeginChild("code", ImVec2(w - Css(32), size.y + Css(24)), true, ImGuiWindowFlags_NoScrollbar);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(code.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
    ImGui::PopStyleColor();
    NoteControl("embed-code");
    if (PrimaryButton(Tr(lang, "Copier le code"))) {
        m.Copy();
        changed = true;
    }
    NoteControl("copy");
    if (!m.Notice().empty()) SuccessLine(m.Notice());
    EndCard();
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    return changed;
}

//-----------------------------------------------------------------------------
// [SECTION] Console
//-----------------------------------------------------------------------------

bool DrawSection(ConsoleModel& m) {
    switch (m.Current()) {
    case ConsoleModel::Section::Communes: return DrawCommunes(m);
    case ConsoleModel::Section::Commune: return DrawCommune(m);
    case ConsoleModel::Section::People: return DrawPeople(m);
    case ConsoleModel::Section::Embed: return DrawEmbed(m);
    case ConsoleModel::Section::Budgets: DrawBudgets(m.Budgets()); return false;
    case ConsoleModel::Section::Desk: DrawDesk(m.Desk()); return false;
    }
    return false;
}

} // namespace

bool DrawConsole(ConsoleModel& m) {
    m.Tick(NowSeconds());
    BeginSurface("##console");
    bool changed = false;
    if (!m.SignedIn()) {
        changed = DrawSignIn(m);
        EndSurface();
        return changed;
    }
    changed |= DrawHeader(m);
    const bool wide = Wide();
    if (wide) {
        // As wide as its longest entry needs (Spanish's "Presupuestos participativos"), else 230.
        float nav_w = Css(230);
        for (const auto s : m.Sections())
            nav_w = std::max(nav_w, ImGui::CalcTextSize(ConsoleModel::SectionLabel(s, m.Language()).c_str()).x + Css(30));
        ImGui::BeginChild("nav", ImVec2(nav_w, 0), false);
        ImGui::Dummy(ImVec2(0, Css(4)));
        changed |= DrawNavigation(m, true);
        ImGui::EndChild();
        ImGui::SameLine(0, Css(24));
    } else {
        changed |= DrawNavigation(m, false);
        ImGui::Separator();
    }
    ImGui::BeginChild("section", ImVec2(0, 0), false);
    ImGui::Dummy(ImVec2(0, Css(4)));
    ImGui::PushFont(HeadingFont());
    ImGui::TextUnformatted(ConsoleModel::SectionLabel(m.Current(), m.Language()).c_str());
    ImGui::PopFont();
    ImGui::Spacing();
    changed |= DrawSection(m);
    ImGui::Dummy(ImVec2(0, Css(24)));
    DragToScroll();
    ImGui::EndChild();
    EndSurface();
    return changed;
}

} // namespace quartier

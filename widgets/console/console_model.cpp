// ConsoleModel: sign-in and the account's role, the sections it opens, and the mirror.
#include "widgets/console/console_model.h"

#include "shared/json_read.h"
#include "widgets/app/a11y_tree.h"
#include "widgets/app/accessible.h"
#include "widgets/app/i18n.h"

#include <algorithm>
#include <new>

namespace quartier {

ConsoleModel::ConsoleModel(ApiClient& api, std::string lang, std::string tenant)
    : m_api(api), m_session(api, SpokenLanguage(lang), std::move(tenant)) {
    m_embed.SetLanguage(m_session.lang);
}

const char* ConsoleModel::SectionId(Section s) {
    switch (s) {
    case Section::Communes: return "communes";
    case Section::Commune: return "commune";
    case Section::People: return "people";
    case Section::Budgets: return "budgets";
    case Section::Desk: return "desk";
    case Section::Embed: return "embed";
    }
    return "commune";
}

std::string ConsoleModel::SectionLabel(Section s, const std::string& lang) {
    switch (s) {
    case Section::Communes: return Tr(lang, "Les communes");
    case Section::Commune: return Tr(lang, "La commune");
    case Section::People: return Tr(lang, "Les personnes");
    case Section::Budgets: return Tr(lang, "Budgets participatifs");
    case Section::Desk: return Tr(lang, "Guichet des agents");
    case Section::Embed: return Tr(lang, "Intégrer au site");
    }
    return "";
}

void ConsoleModel::SignIn() {
    m_error.reset();
    m_signing_in = true;
    m_api.Post("/api/v1/auth/login", {{"email", m_email}, {"password", m_password}}, [this](const ApiResult& r) {
        m_password.clear(); // never kept longer than the request
        if (!r.Ok() || JsonOr(r.body, "token", "").empty()) {
            m_signing_in = false;
            m_error = r.error ? r.error
                              : FieldError{"bad_answer", "", Msg("Le serveur a envoyé une réponse illisible.")};
            return;
        }
        const std::string token = r.body["token"].get<std::string>();
        // Who this is, and for which commune: the console shows only what the role allows.
        m_api.Get("/api/v1/me", [this, token](const ApiResult& me) {
            m_signing_in = false;
            if (!me.Ok()) {
                m_error = me.error;
                return;
            }
            const std::string role = JsonOr(me.body, "role", "");
            const auto tenant = JsonOr(me.body, "tenant", nlohmann::json());
            if (role != "admin" && role != "moderator" && role != "agent") {
                m_error = FieldError{"forbidden", "email", Msg("Ce compte n’est pas un compte du personnel de la commune.")};
                return;
            }
            if (tenant.is_string() && tenant.get<std::string>() != m_session.tenant) {
                m_error = FieldError{"other_commune", "email", Msg("Ce compte appartient à une autre commune ({}).", tenant.get<std::string>())};
                return;
            }
            m_session.token = token;
            m_session.role = role;
            m_session.instance_admin = role == "admin" && !tenant.is_string();
            m_session.user_id = JsonOr(me.body, "id", std::int64_t{0});
            m_session.email = JsonOr(me.body, "email", "");
            m_ready = true;
            m_api.Get(m_session.TenantPath(), [this](const ApiResult& t) {
                if (t.Ok()) m_commune_name = JsonOr(t.body, "name", "");
            });
            Show(Sections().front());
        }, token);
    });
}


void ConsoleModel::SignOut() {
    if (!m_session.token.empty()) m_api.Post("/api/v1/auth/logout", nlohmann::json::object(), [](const ApiResult&) {}, m_session.token);
    m_session.token.clear();
    m_session.role.clear();
    m_session.instance_admin = false;
    m_session.user_id = 0;
    m_session.email.clear();
    m_ready = false;
    m_error.reset();
    // What the parts held belongs to the account that signed out.
    ResetParts();
    m_communes.~ConsoleCommunes();
    new (&m_communes) ConsoleCommunes(m_session);
}

void ConsoleModel::ResetParts() {
    // Each part starts afresh, at the same address (an answer still on its way finds a part,
    // not freed memory).
    m_commune.~ConsoleCommune();
    new (&m_commune) ConsoleCommune(m_session);
    m_people.~ConsolePeople();
    new (&m_people) ConsolePeople(m_session);
    m_embed.~ConsoleEmbed();
    new (&m_embed) ConsoleEmbed(m_session);
    m_embed.SetLanguage(m_session.lang);
    m_budgets.~BudgetModel();
    new (&m_budgets) BudgetModel(m_session);
    m_desk.~DeskModel();
    new (&m_desk) DeskModel(m_session);
}

void ConsoleModel::SwitchTo(const std::string& slug) {
    if (!m_session.instance_admin || slug == m_session.tenant) return;
    const auto* c = m_communes.Find(slug);
    m_session.tenant = slug;
    m_commune_name = c ? c->name : "";
    ResetParts();
    Show(Section::Commune);
}

void ConsoleModel::Tick(double now) {
    if (!m_ready) return;
    if (auto to = m_communes.TakeSwitch()) SwitchTo(*to);
    if (m_section == Section::Budgets) m_budgets.Tick(now);
    if (m_section == Section::Desk) m_desk.Tick(now);
}

std::vector<ConsoleModel::Section> ConsoleModel::Sections() const {
    // The server's own admin first sees its communes (an empty server has only "default").
    if (m_session.instance_admin)
        return {Section::Communes, Section::Commune, Section::People, Section::Budgets, Section::Desk, Section::Embed};
    if (m_session.IsAdmin())
        return {Section::Commune, Section::People, Section::Budgets, Section::Desk, Section::Embed};
    if (m_session.role == "moderator") return {Section::People};
    if (m_session.role == "agent") return {Section::Desk}; // the budget part needs an admin's rights
    return {};
}

bool ConsoleModel::Show(Section s) {
    const auto allowed = Sections();
    if (std::find(allowed.begin(), allowed.end(), s) == allowed.end()) return false;
    m_section = s;
    Opened(s);
    return true;
}

void ConsoleModel::Opened(Section s) {
    switch (s) {
    case Section::Communes: m_communes.Load(); break;
    case Section::Commune: m_commune.Load(); break;
    case Section::People: m_people.Load(); break;
    case Section::Embed: m_embed.Load(); break;
    case Section::Budgets: m_budgets.Load(); break;
    case Section::Desk: m_desk.LoadProcesses(); break;
    }
}

bool ConsoleModel::Command(const std::string& id, const nlohmann::json& value) {
    using a11y::ValueText;
    if (!m_ready) {
        if (id == "email") return m_email = ValueText(value), true;
        if (id == "password") return m_password = ValueText(value), true;
        if (id == "sign-in") return SignIn(), true;
        return false;
    }
    if (id == "sign-out") return SignOut(), true;
    std::string rest;
    if (CommandAfter(id, "nav-", rest)) {
        for (Section s : Sections())
            if (rest == SectionId(s)) return Show(s);
        return false;
    }
    switch (m_section) {
    case Section::Communes:
        if (!m_communes.Command(id, value)) return false;
        if (auto to = m_communes.TakeSwitch()) SwitchTo(*to);
        return true;
    case Section::Commune: return m_commune.Command(id, value);
    case Section::People: return m_people.Command(id, value);
    case Section::Embed: return m_embed.Command(id, value);
    case Section::Budgets: return m_budgets.Command(id, value);
    case Section::Desk: return m_desk.Command(id, value);
    }
    return false;
}

nlohmann::json ConsoleModel::AccessibilityTree() const {
    using nlohmann::json;
    const std::string& lang = m_session.lang;
    json children = json::array();
    const std::string label = Tr(lang, "Console de la commune");
    if (!m_ready) {
        children.push_back(a11y::Heading(Tr(lang, "Console de la commune")));
        children.push_back(a11y::Text(Tr(lang, "Réservée au personnel de la commune. Connectez-vous avec votre compte.")));
        children.push_back(json{{"role", "input"}, {"id", "email"}, {"label", Tr(lang, "Adresse électronique")},
                                {"value", m_email}, {"autocomplete", "email"}, {"submit", "sign-in"}});
        children.push_back(json{{"role", "input"}, {"id", "password"}, {"secret", true}, {"label", Tr(lang, "Mot de passe")},
                                {"value", ""}, {"submit", "sign-in"}});
        children.push_back(a11y::Alert("alert", m_error ? m_error->Message(lang) : ""));
        children.push_back(a11y::Button("sign-in", Tr(lang, "Se connecter"), !m_signing_in));
        return a11y::Landmark(label, children);
    }
    json nav = json::array();
    for (Section s : Sections()) {
        std::string l = SectionLabel(s, lang);
        if (s == m_section) l += Tr(lang, " (ouverte)");
        nav.push_back(a11y::Button(std::string("nav-") + SectionId(s), l));
    }
    nav.push_back(a11y::Button("sign-out", Tr(lang, "Se déconnecter")));
    children.push_back(a11y::Text(Fill(Tr(lang, "Connecté : {0} — {1}."), m_session.email, RoleLabel(m_session.role, lang))));
    children.push_back(json{{"role", "region"}, {"label", Tr(lang, "Sections de la console")}, {"children", nav}});
    json section = json::array();
    section.push_back(json{{"role", "heading"}, {"level", 2}, {"focus", true}, {"text", SectionLabel(m_section, lang)}});
    json part = json::array();
    switch (m_section) {
    case Section::Communes: part = m_communes.A11yChildren(); break;
    case Section::Commune: part = m_commune.A11yChildren(); break;
    case Section::People: part = m_people.A11yChildren(); break;
    case Section::Embed: part = m_embed.A11yChildren(); break;
    // The parts' own trees are regions: their children go under the section's heading.
    case Section::Budgets: part = m_budgets.AccessibilityTree().value("children", json::array()); break;
    case Section::Desk: part = m_desk.AccessibilityTree().value("children", json::array()); break;
    }
    for (auto& n : part) section.push_back(std::move(n));
    children.push_back(a11y::Landmark(SectionLabel(m_section, lang), section));
    return a11y::Landmark(label, children);
}

nlohmann::json ConsoleModel::StateJson() const {
    nlohmann::json sections = nlohmann::json::array();
    for (Section s : Sections()) sections.push_back(SectionId(s));
    nlohmann::json j{{"widget", "console"},
                     {"signed_in", m_ready},
                     {"role", m_session.role},
                     {"instance_admin", m_session.instance_admin},
                     {"commune", m_commune_name},
                     {"sections", sections},
                     {"section", SectionId(m_section)},
                     {"error", m_error ? nlohmann::json{{"code", m_error->code}, {"message", m_error->Message(m_session.lang)}}
                                       : nlohmann::json()}};
    if (m_ready) {
        j["tenant"] = m_session.tenant;
        if (m_session.instance_admin) j["communes"] = m_communes.StateJson();
        j["commune_part"] = m_commune.StateJson();
        j["people"] = m_people.StateJson();
        j["embed"] = m_embed.StateJson();
        if (m_section == Section::Budgets) j["budgets"] = m_budgets.StateJson();
        if (m_section == Section::Desk) j["desk"] = m_desk.StateJson();
    }
    return j;
}

} // namespace quartier

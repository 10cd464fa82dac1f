// ConsolePeople: staff accounts (create, role, disable, reset) and the audit log in sentences.
#include "widgets/console/console_people.h"

#include "shared/audit_text.h"
#include "shared/json_read.h"
#include "widgets/app/a11y_tree.h"
#include "widgets/app/accessible.h"
#include "widgets/app/i18n.h"
#include "widgets/app/open_url.h"
#include "widgets/app/platform.h"

#include <cstdlib>

namespace quartier {

const std::vector<std::string>& ConsolePeople::StaffRoles() {
    static const std::vector<std::string> kRoles = {"agent", "moderator", "admin"};
    return kRoles;
}

std::string RoleLabel(const std::string& role, const std::string& lang) {
    if (role == "admin") return Tr(lang, "administration");
    if (role == "moderator") return Tr(lang, "modération");
    if (role == "agent") return Tr(lang, "agent du guichet");
    if (role == "resident") return Tr(lang, "habitant");
    return role;
}

void ConsolePeople::Load() {
    if (m_s.IsAdmin())
        m_s.api.Get("/api/v1/users?tenant=" + m_s.tenant, [this](const ApiResult& r) {
            if (!r.Ok()) {
                Failed(r);
                return;
            }
            m_accounts.clear();
            for (const auto& j : JsonOr(r.body, "items", nlohmann::json::array())) {
                Account a;
                a.id = JsonOr(j, "id", std::int64_t{0});
                a.email = JsonOr(j, "email", "");
                a.display_name = JsonOr(j, "display_name", "");
                a.role = JsonOr(j, "role", "");
                a.disabled = JsonOr(j, "disabled", false);
                if (a.role != "resident") m_accounts.push_back(std::move(a)); // staff only
            }
        }, m_s.token);
    LoadAudit();
}

void ConsolePeople::LoadAudit() {
    const std::string base = m_s.TenantPath() + "/moderation/audit";
    m_s.api.Get(base, [this](const ApiResult& r) {
        if (r.Ok()) m_audit = r.body.is_object() ? JsonOr(r.body, "items", nlohmann::json::array()) : r.body;
        else Failed(r);
    }, m_s.token);
    m_s.api.Get(base + "/verify", [this](const ApiResult& r) {
        if (r.Ok() && r.body.is_object()) m_audit_valid = JsonOr(r.body, "valid", JsonOr(r.body, "ok", false));
    }, m_s.token);
}

void ConsolePeople::OpenModeration() { OpenUrl(ModerationPath()); }

void ConsolePeople::Failed(const ApiResult& r) {
    m_error = r.error;
    m_notice.clear();
}

const ConsolePeople::Account* ConsolePeople::Find(std::int64_t id) const {
    for (const auto& a : m_accounts)
        if (a.id == id) return &a;
    return nullptr;
}

std::string ConsolePeople::NameOf(std::int64_t id) const {
    const Account* a = Find(id);
    return a ? (a->display_name.empty() ? a->email : a->display_name) : "n° " + std::to_string(id);
}

void ConsolePeople::Create() {
    const std::string& lang = m_s.lang;
    m_handover.clear();
    if (m_email.find('@') == std::string::npos) {
        m_error = FieldError{"invalid_email", "email", Msg("Indiquez l’adresse électronique de la personne (nom@ville.fr).")};
        return;
    }
    // A temporary password the admin hands over (in person, by phone); the person asks for
    // a reset code to choose her own. Shown once, never kept after the next action.
    const std::string hex = RandomHex(6);
    const std::string password = hex.substr(0, 4) + "-" + hex.substr(4, 4) + "-" + hex.substr(8, 4);
    nlohmann::json body{{"email", m_email}, {"password", password}, {"role", m_new_role}, {"tenant", m_s.tenant}};
    if (!m_display_name.empty()) body["display_name"] = m_display_name;
    const std::string email = m_email, role = m_new_role;
    m_s.api.Post("/api/v1/users", body, [this, email, role, password](const ApiResult& r) {
        if (!r.Ok()) {
            Failed(r);
            return;
        }
        m_email.clear();
        m_display_name.clear();
        m_handover = password;
        // TRANSLATORS: {0} the e-mail address, {1} the role, {2} the temporary password.
        Say(Fill(Tr(m_s.lang, "Compte créé pour {0} ({1}). Mot de passe provisoire : {2} — transmettez-le à la personne en main "
                              "propre ou par téléphone ; il ne sera plus affiché."),
                 email, RoleLabel(role, m_s.lang), password));
        Load();
    }, m_s.token);
    (void)lang;
}

void ConsolePeople::SetRole(std::int64_t id, const std::string& role) {
    m_handover.clear();
    m_s.api.Patch("/api/v1/users/" + std::to_string(id), {{"role", role}}, [this, id, role](const ApiResult& r) {
        if (!r.Ok()) {
            Failed(r); // the last admin stays one: the server says why
            return;
        }
        Say(Fill(Tr(m_s.lang, "{0} a maintenant le rôle : {1}."), NameOf(id), RoleLabel(role, m_s.lang)));
        Load();
    }, m_s.token);
}

void ConsolePeople::Disable(std::int64_t id) {
    m_handover.clear();
    if (m_disabling != id) {
        m_disabling = id; // asked once: the person is signed out everywhere at once
        return;
    }
    m_disabling.reset();
    m_s.api.Patch("/api/v1/users/" + std::to_string(id), {{"disabled", true}}, [this, id](const ApiResult& r) {
        if (!r.Ok()) {
            Failed(r);
            return;
        }
        Say(Fill(Tr(m_s.lang, "{} ne peut plus se connecter (compte désactivé)."), NameOf(id)));
        Load();
    }, m_s.token);
}

void ConsolePeople::Enable(std::int64_t id) {
    m_handover.clear();
    m_s.api.Patch("/api/v1/users/" + std::to_string(id), {{"disabled", false}}, [this, id](const ApiResult& r) {
        if (!r.Ok()) {
            Failed(r);
            return;
        }
        Say(Fill(Tr(m_s.lang, "{} peut de nouveau se connecter."), NameOf(id)));
        Load();
    }, m_s.token);
}

void ConsolePeople::IssueReset(std::int64_t id) {
    m_handover.clear();
    m_s.api.Post("/api/v1/users/" + std::to_string(id) + "/password-reset", nlohmann::json::object(), [this, id](const ApiResult& r) {
        if (!r.Ok()) {
            Failed(r);
            return;
        }
        m_handover = JsonOr(r.body, "token", "");
        const std::string until = JsonOr(r.body, "expires_at", "");
        // TRANSLATORS: {0} the person, {1} the code, {2} until when it works.
        Say(Fill(Tr(m_s.lang, "Code de réinitialisation pour {0} : {1} (valable une fois, jusqu’au {2}). Transmettez-le à la "
                              "personne : elle choisit son mot de passe avec ce code."),
                 NameOf(id), m_handover, until));
    }, m_s.token);
}

nlohmann::json ConsolePeople::A11yChildren() const {
    using nlohmann::json;
    const std::string& lang = m_s.lang;
    json out = json::array();
    out.push_back(a11y::Alert("people-alert", m_error ? m_error->Message(lang) : m_notice));
    if (m_s.IsAdmin()) {
        out.push_back(a11y::Heading(Tr(lang, "Comptes du personnel"), 3));
        for (const auto& role : StaffRoles()) {
            json items = json::array();
            for (const auto& a : m_accounts) {
                if (a.role != role) continue;
                const std::string n = std::to_string(a.id);
                json actions = json::array();
                for (const auto& other : StaffRoles())
                    if (other != a.role)
                        actions.push_back(a11y::Button("role-" + other + "-" + n, Fill(Tr(lang, "Passer {0} en {1}"), a.email, RoleLabel(other, lang))));
                if (a.disabled) actions.push_back(a11y::Button("enable-" + n, Fill(Tr(lang, "Réactiver le compte de {}"), a.email)));
                else actions.push_back(a11y::Button("disable-" + n, Fill(m_disabling == a.id ? Tr(lang, "Confirmer la désactivation du compte de {}")
                                                                                              : Tr(lang, "Désactiver le compte de {}"),
                                                                                         a.email)));
                actions.push_back(a11y::Button("reset-" + n, Fill(Tr(lang, "Code de réinitialisation pour {}"), a.email)));
                items.push_back(a11y::ListItem("account-" + n, a.email + (a.display_name.empty() ? "" : " (" + a.display_name + ")") +
                                                                   (a.disabled ? Tr(lang, " — désactivé") : ""), actions));
            }
            out.push_back(a11y::List(RoleLabel(role, lang), items));
        }
        out.push_back(a11y::Heading(Tr(lang, "Créer un compte"), 3));
        out.push_back(a11y::Input("new-email", Tr(lang, "Adresse électronique"), m_email));
        out.push_back(a11y::Input("new-name", Tr(lang, "Nom affiché (facultatif)"), m_display_name));
        std::vector<a11y::Option> roles;
        for (const auto& r : StaffRoles()) roles.push_back({r, RoleLabel(r, lang)});
        out.push_back(a11y::Select("new-role", Tr(lang, "Rôle"), roles, m_new_role));
        out.push_back(a11y::Button("create", Tr(lang, "Créer le compte")));
    }
    out.push_back(a11y::Heading(Tr(lang, "Modération des propositions"), 3));
    out.push_back(nlohmann::json{{"role", "link"}, {"href", ModerationPath()},
                                 {"text", Tr(lang, "Ouvrir l’espace de modération de la commune (nouvel onglet)")}});
    out.push_back(a11y::Heading(Tr(lang, "Qui a fait quoi"), 3));
    out.push_back(a11y::Status("chain", !m_audit_valid ? Tr(lang, "Vérification de la chaîne…")
                                        : *m_audit_valid ? Tr(lang, "Chaîne intacte : aucune entrée n’a été modifiée ni supprimée.")
                                                         : Tr(lang, "La chaîne d’audit est ROMPUE : une entrée a été modifiée ou supprimée.")));
    json entries = json::array();
    for (const auto& e : m_audit)
        if (e.is_object()) entries.push_back(json{{"role", "listitem"}, {"text", AuditSentence(e, lang)}});
    out.push_back(a11y::List(Tr(lang, "Entrées du journal"), entries));
    return out;
}

bool ConsolePeople::Command(const std::string& id, const nlohmann::json& value) {
    const std::string v = a11y::ValueText(value);
    std::string rest;
    auto number = [](const std::string& t) { return static_cast<std::int64_t>(std::strtoll(t.c_str(), nullptr, 10)); };
    if (id == "new-email") return m_email = v, true;
    if (id == "new-name") return m_display_name = v, true;
    if (id == "new-role") return m_new_role = v, true;
    if (id == "create") return Create(), true;
    if (id == "open-moderation") return OpenModeration(), true;
    for (const auto& role : StaffRoles())
        if (CommandAfter(id, ("role-" + role + "-").c_str(), rest)) return SetRole(number(rest), role), true;
    if (CommandAfter(id, "disable-", rest)) return Disable(number(rest)), true;
    if (CommandAfter(id, "enable-", rest)) return Enable(number(rest)), true;
    if (CommandAfter(id, "reset-", rest)) return IssueReset(number(rest)), true;
    return false;
}

nlohmann::json ConsolePeople::StateJson() const {
    nlohmann::json accounts = nlohmann::json::array();
    for (const auto& a : m_accounts)
        accounts.push_back({{"id", a.id}, {"email", a.email}, {"role", a.role}, {"disabled", a.disabled}});
    return {{"accounts", accounts},
            {"audit", m_audit.size()},
            {"audit_valid", m_audit_valid ? nlohmann::json(*m_audit_valid) : nlohmann::json()},
            {"disabling", m_disabling ? nlohmann::json(*m_disabling) : nlohmann::json()},
            {"handover", !m_handover.empty()},
            {"notice", m_notice},
            {"error", m_error ? nlohmann::json(m_error->Message(m_s.lang)) : nlohmann::json()}};
}

} // namespace quartier

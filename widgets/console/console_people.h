// The console's people part: the commune's staff accounts by role, creating one (with the
// temporary password to hand over, shown once), changing a role, disabling (asked once) and
// enabling, a password-reset code; and "who did what": the audit log in sentences with the
// hash chain's verdict (the same calls as the moderation console). No ImGui.
#pragma once

#include "shared/error.h"
#include "widgets/console/console_session.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace quartier {

class ConsolePeople {
public:
    struct Account {
        std::int64_t id = 0;
        std::string email, display_name, role;
        bool disabled = false;
    };

    explicit ConsolePeople(ConsoleSession& session) : m_s(session) {}

    // [Commands]
    void Load();      // accounts (admins) and the audit log with its verdict
    void LoadAudit();
    std::string& EditEmail() { return m_email; }
    std::string& EditDisplayName() { return m_display_name; }
    void SetNewRole(const std::string& role) { m_new_role = role; }
    void Create();
    void SetRole(std::int64_t id, const std::string& role);
    void Disable(std::int64_t id); // first call asks, the second (same id) disables
    void CancelDisable() { m_disabling.reset(); }
    void Enable(std::int64_t id);
    void IssueReset(std::int64_t id);
    // The moderation space of the commune (/console/{commune}/moderation), in a new tab: where
    // moderators (and admins) moderate proposals.
    std::string ModerationPath() const { return "/console/" + m_s.tenant + "/moderation"; }
    void OpenModeration();

    // [State]
    const std::vector<Account>& Accounts() const { return m_accounts; }
    const Account* Find(std::int64_t id) const;
    const std::string& NewRole() const { return m_new_role; }
    std::optional<std::int64_t> Disabling() const { return m_disabling; }
    const nlohmann::json& AuditEntries() const { return m_audit; }
    std::optional<bool> AuditChainValid() const { return m_audit_valid; }
    // The temporary password or reset code just given, shown until the next action.
    const std::string& Handover() const { return m_handover; }
    const std::optional<FieldError>& Error() const { return m_error; }
    const std::string& Notice() const { return m_notice; }

    nlohmann::json StateJson() const;
    // The section's part of the accessibility mirror, and its commands.
    nlohmann::json A11yChildren() const;
    bool Command(const std::string& id, const nlohmann::json& value);

    static const std::vector<std::string>& StaffRoles(); // agent, moderator, admin

private:
    std::string NameOf(std::int64_t id) const;
    void Say(std::string notice) { m_notice = std::move(notice); m_error.reset(); }
    void Failed(const ApiResult& r);

    ConsoleSession& m_s;
    std::vector<Account> m_accounts;
    std::string m_email, m_display_name, m_new_role = "agent";
    std::optional<std::int64_t> m_disabling;
    nlohmann::json m_audit = nlohmann::json::array();
    std::optional<bool> m_audit_valid;
    std::string m_handover;
    std::optional<FieldError> m_error;
    std::string m_notice;
};

// "agent d’accueil", "modératrice ou modérateur", "administrateur": a role in staff's words.
std::string RoleLabel(const std::string& role, const std::string& lang);

} // namespace quartier

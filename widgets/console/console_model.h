// The commune's console: municipal staff run their participatory budget without curl. This
// view-model signs in (then GET /api/v1/me for the role and the commune), owns the
// ConsoleSession every part shares, offers the sections the role allows (admin: everything;
// moderator: who did what, and the moderation space; agent: the desk) and describes all of it
// to the accessibility mirror. The parts: the commune (console_commune.h), people
// (console_people.h), the embed code (console_embed.h), a budget from start to finish
// (budget_model.h) and the agents' desk (desk_model.h). No ImGui: tests drive it natively.
#pragma once

#include "shared/error.h"
#include "widgets/app/api_client.h"
#include "widgets/console/budget_model.h"
#include "widgets/console/console_commune.h"
#include "widgets/console/console_communes.h"
#include "widgets/console/console_embed.h"
#include "widgets/console/console_people.h"
#include "widgets/console/console_session.h"
#include "widgets/console/desk_model.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace quartier {

class ConsoleModel {
public:
    enum class Section { Communes, Commune, People, Budgets, Desk, Embed };

    ConsoleModel(ApiClient& api, std::string lang, std::string tenant);

    // [Commands]
    std::string& EditEmail() { return m_email; }
    std::string& EditPassword() { return m_password; }
    void SignIn();
    void SignOut();
    bool Show(Section s); // false when the role does not allow it
    // An instance admin moves the console to another commune of the server: every part
    // starts afresh on it, the commune's own part open.
    void SwitchTo(const std::string& slug);
    // The accessibility mirror's commands (ids of AccessibilityTree()'s buttons and inputs).
    bool Command(const std::string& id, const nlohmann::json& value = nullptr);

    // [State]
    ConsoleSession& Session() { return m_session; }
    const ConsoleSession& Session() const { return m_session; }
    const std::string& Language() const { return m_session.lang; }
    bool SignedIn() const { return m_ready; }
    bool SigningIn() const { return m_signing_in; }
    // The commune's name, as last saved in the console or read at sign-in.
    const std::string& CommuneName() const { return m_commune.SavedName().empty() ? m_commune_name : m_commune.SavedName(); }
    // The sections this account's role opens, in the navigation's order.
    std::vector<Section> Sections() const;
    Section Current() const { return m_section; }
    ConsoleCommunes& Communes() { return m_communes; }
    ConsoleCommune& Commune() { return m_commune; }
    ConsolePeople& People() { return m_people; }
    ConsoleEmbed& Embed() { return m_embed; }
    BudgetModel& Budgets() { return m_budgets; }
    DeskModel& Desk() { return m_desk; }
    // The parts' clocks (turnout refreshed while voting), once a frame.
    void Tick(double now);
    const ConsoleCommune& Commune() const { return m_commune; }
    const ConsolePeople& People() const { return m_people; }
    const ConsoleEmbed& Embed() const { return m_embed; }
    const std::optional<FieldError>& Error() const { return m_error; }

    static const char* SectionId(Section s); // "commune", "people", …
    static std::string SectionLabel(Section s, const std::string& lang);

    nlohmann::json StateJson() const;
    nlohmann::json AccessibilityTree() const;

private:
    void Opened(Section s);
    void ResetParts(); // each part afresh, at the same address

    ApiClient& m_api;
    ConsoleSession m_session;
    ConsoleCommunes m_communes{m_session};
    ConsoleCommune m_commune{m_session};
    ConsolePeople m_people{m_session};
    ConsoleEmbed m_embed{m_session};
    BudgetModel m_budgets{m_session};
    DeskModel m_desk{m_session};
    std::string m_email, m_password, m_commune_name;
    bool m_ready = false, m_signing_in = false;
    Section m_section = Section::Commune;
    std::optional<FieldError> m_error;
};

} // namespace quartier

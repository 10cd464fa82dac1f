// The console's embed code: a widget (proposals, map, ballot, results), its language and,
// for a ballot or results, the budget; the two lines a commune's webmaster pastes into a page,
// and Copy. No ImGui.
#pragma once

#include "widgets/console/console_session.h"

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace quartier {

class ConsoleEmbed {
public:
    explicit ConsoleEmbed(ConsoleSession& session) : m_s(session) {}

    static const std::vector<std::string>& Widgets(); // proposals, map, ballot, results
    static std::string WidgetLabel(const std::string& widget, const std::string& lang);

    void Load(); // the commune's budgets, for a ballot or results
    void SetWidget(const std::string& widget) { m_widget = widget; }
    void SetLanguage(const std::string& lang) { m_lang = lang; }
    void SetProcess(const std::string& id) { m_process = id; }
    void Copy(); // the code to the clipboard

    const std::string& Widget() const { return m_widget; }
    const std::string& Language() const { return m_lang; }
    const std::string& Process() const { return m_process; }
    bool NeedsProcess() const { return m_widget == "ballot" || m_widget == "results"; }
    const std::vector<std::pair<std::string, std::string>>& Processes() const { return m_processes; } // id, title
    // The two lines to paste: the script tag, then the widget's element.
    std::string Code() const;
    const std::string& Notice() const { return m_notice; }

    // The section's part of the accessibility mirror, and its commands.
    nlohmann::json A11yChildren() const;
    bool Command(const std::string& id, const nlohmann::json& value);
    nlohmann::json StateJson() const;

private:
    ConsoleSession& m_s;
    std::string m_widget = "proposals", m_lang = "fr", m_process, m_accent;
    std::vector<std::pair<std::string, std::string>> m_processes;
    std::string m_notice;
};

} // namespace quartier

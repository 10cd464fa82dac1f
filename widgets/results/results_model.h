// The results widget's view-model: downloads the process's published results and its
// anonymised ballots (.pb), recounts them here with the same engine as the server, and
// holds what the charts, the rule comparison and the explanations show. No ImGui here.
#pragma once

#include "shared/tally/results.h"
#include "widgets/app/api_client.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace quartier {

class ResultsModel {
public:
    enum class Load { Idle, Loading, Ready, Failed };
    enum class Recount { Pending, Match, Mismatch, Failed };
    enum class Tab { Projects, Compare, Explain };

    ResultsModel(ApiClient& api, std::string lang, std::string tenant, std::string process);

    // [Commands]
    // Fetches the process, its published results and its ballots, then recounts.
    void Refresh();
    // Recounts the ballots in pb_text under rule and compares with the server's winners
    // (exposed so that tests and tools can recount without a server).
    void Analyse(const std::string& pb_text, const nlohmann::json& rule,
                 const std::vector<std::string>& server_winners);
    void SetTab(Tab tab) { m_tab = tab; }
    void Select(const std::string& project_id) { m_selected = project_id; }

    // [State]
    Load LoadState() const { return m_load; }
    Recount RecountState() const { return m_recount; }
    Tab CurrentTab() const { return m_tab; }
    const std::string& Language() const { return m_lang; }
    const std::string& Title() const { return m_title; }
    const std::string& Selected() const { return m_selected; }
    const ElectionResults& Results() const { return m_results; }
    const std::vector<std::string>& ServerWinners() const { return m_server_winners; }
    double RecountSeconds() const { return m_recount_seconds; }
    const std::optional<FieldError>& LoadError() const { return m_error; }
    const ResultRow* Row(const std::string& id) const;

    // Projects funded by greedy but not Equal Shares, and the other way round.
    std::vector<std::string> OnlyGreedy() const;
    std::vector<std::string> OnlyEqualShares() const;
    // Why this project was or was not funded under Equal Shares, in plain sentences.
    std::vector<std::string> Explain(const std::string& project_id) const;

    nlohmann::json StateJson() const;

private:
    void MaybeAnalyse();
    std::string Money(double amount) const;

    ApiClient& m_api;
    std::string m_lang, m_tenant, m_process;
    Load m_load = Load::Idle;
    Recount m_recount = Recount::Pending;
    Tab m_tab = Tab::Projects;
    std::string m_title, m_selected;
    int m_pending = 0;
    nlohmann::json m_rule;
    std::string m_pb_text;
    std::vector<std::string> m_server_winners;
    ElectionResults m_results;
    double m_recount_seconds = 0;
    std::optional<FieldError> m_error;
};

} // namespace quartier

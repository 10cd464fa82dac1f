// A budget, start to finish, for the commune's staff: the commune's processes (list, create
// one), and for the chosen one the timeline of its phases with their dates in the commune's
// time zone (dates edited, the next phase asked once and moved, the server's refusals said
// in words), its settings (budget, per-district budgets, ballot kind and rules, tally rule
// explained in plain words), the feasibility review of proposals and their promotion onto
// the ballot, the voter roll (a census CSV previewed then sent, letters and cards to print),
// live turnout while voting, and the closing checklist before closing and publishing.
// No ImGui here: tests drive it natively.
#pragma once

#include "shared/calendar.h"
#include "shared/census.h"
#include "widgets/console/console_session.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace quartier {

struct PbElection; // shared/pabulib/pabulib.h

class BudgetModel {
public:
    enum class Tab { Timeline, Settings, Review, Roll, Turnout, FollowUp };

    struct Summary {
        std::string id, title, phase, calendar; // calendar: the server's sentence, console's language
        std::string budget;
        std::int64_t projects = 0;
    };
    struct PhaseRow {
        Phase phase;
        std::string start, end; // "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM", "" when not set
        bool done = false, current = false;
    };
    struct Proposal {
        std::int64_t id = 0;
        std::string title, district, stage, reason;
        std::int64_t cost = 0;
        std::optional<bool> feasible; // the review's verdict, nullopt while undecided
        std::string process;          // the process the review puts it on
    };
    // Settings being edited (text as typed; checked by the server on saving).
    struct Settings {
        std::string budget;
        std::string kind = "knapsack";
        int min_projects = 0, max_projects = 0;
        std::int64_t max_points = 0;
        std::string rule = "greedy";
        std::vector<std::pair<std::string, std::string>> district_budgets; // district, amount
        bool uncoded_paper = false;
        // Easy to read (FALC), in the console's language: the commune's own texts ("" : the
        // ones made from the ballot and the rule, shown beside), and every language's own
        // texts as loaded, so that saving one language keeps the others.
        std::string easy_vote, easy_count;
        bool easy_vote_open = false, easy_count_open = false; // its field shown, even emptied
        nlohmann::json easy_own = nlohmann::json::object();
    };
    // A funded project's follow-up, as the server has it, and what the staff is typing.
    struct Funded {
        std::string id, name;
        std::string status = "planned"; // planned, studies, works, done, abandoned
        int percent = 0;
        std::vector<std::string> updates; // "2027-05-02 — Travaux commencés (12 000 €)"
        // Being edited:
        std::string edit_status = "planned", edit_percent = "0", update_date, update_text, update_spent;
    };
    // Long work the staff waits for (a census sent in parts): what, how far, and of how much.
    struct Work {
        std::string what; // "census"; "" when nothing runs
        std::size_t done = 0, total = 0;
    };
    // What each counting rule would fund on a sample ballot file (.pb, Pabulib: last year's
    // ballots, or another town's), tallied in the browser by the shared engine.
    struct RulePreview {
        struct Outcome {
            std::string rule;                // greedy, mes, phragmen
            std::vector<std::string> funded; // project names, in the rule's order
            std::string spent;               // "48 000 €"
        };
        std::string file, budget; // budget: the file's own, formatted
        std::int64_t voters = 0;
        std::size_t projects = 0;
        std::vector<Outcome> outcomes;
    };
    struct Turnout {
        std::int64_t issued = 0, used = 0, ballots = 0, paper = 0;
        bool loaded = false;
    };

    explicit BudgetModel(ConsoleSession& session);

    // [Commands]
    void Load();              // the commune's processes
    void Tick(double now);    // turnout every 30 s while a process is voting
    void Select(const std::string& process_id);
    void SetTab(Tab t);
    // Creating a process: its id (letters, digits, - and _), title and budget in euros.
    std::string new_id, new_title, new_budget;
    void Create();
    // Dates: phase's start or end, as typed ("2027-03-01" or "2027-03-01T08:00"); "" clears.
    void SetDate(Phase phase, bool end, std::string text);
    void SaveDates();
    // The next phase: AskNextPhase says what it will do (PendingPhaseText); ConfirmPhase sends
    // it; CancelPhase forgets it. Every move is asked once.
    bool AskNextPhase();
    void ConfirmPhase();
    void CancelPhase();
    Settings& EditSettings() { return m_settings; }
    // The easy-to-read text the residents read now ("vote" or "count"), in the console's
    // language: the commune's own, or the one made from the saved ballot and rule.
    std::string EasyReadShown(const std::string& which) const;
    // Starts the commune's own text from the one shown, to edit it.
    void StartEasyRead(const std::string& which);
    // The rules tried on a sample ballot file (the file chooser, then every rule).
    void PickSampleBallots();
    // Reads the file at once and refuses it in words if unreadable; the rules are then counted
    // one by one by AdvanceWork, "n of 3" shown between (a city's 90,000 ballots take seconds).
    void PreviewRules(const std::string& name, const std::string& pb_text);
    // One step of long work done in the browser (a counting rule tried on a ballot file);
    // true while some remains. The view calls it once a frame, after drawing, so that the
    // progress is seen between steps.
    bool AdvanceWork();
    const std::optional<RulePreview>& RulesPreview() const { return m_rule_preview; }
    std::string RulePreviewText(const std::string& rule) const; // "Vote majoritaire financerait 3 projets…"
    void SaveSettings();
    // Review: feasible (with the cost in euros) or not (with a public reason), then every
    // feasible one onto the ballot.
    void Review(std::int64_t proposal, bool feasible, std::int64_t cost, const std::string& reason);
    void Promote();
    // The queue by keyboard (j / k or arrows, f: feasible at the cost shown, n: not feasible
    // with the reason typed): the proposal under the cursor.
    void MoveReview(int delta);
    size_t ReviewCursor() const { return m_review_cursor; }
    bool FeasibleAtCursor();
    // The proposal is a duplicate of another (into): merged as moderation merges, its
    // supports joining the other's.
    void Merge(std::int64_t proposal, std::int64_t into);
    // Census: PickCensus opens the file chooser and previews the file; SendCensus sends it and
    // opens the letters to print; ForgetCensus drops the chosen file.
    void PickCensus();
    void SendCensus();
    void ForgetCensus();
    // A census is sent in parts of this many voters (the server skips references it already
    // has, so a part sent twice gives no second code): the staff sees "n of N" as they go.
    std::size_t census_part = 2000;
    // Codes without a census: count cards to print.
    void GenerateCards(int count);
    void RefreshTurnout();
    // The ballot as residents will see it, in a new tab (/console/{commune}/apercu/{process}):
    // the residents' widget in preview, which never votes.
    void PreviewBallot();
    std::string PreviewPath() const;
    // Follow-up of the funded projects, once the results are published.
    void LoadFunded();
    void SaveProgress(const std::string& project);
    void AddUpdate(const std::string& project);
    Funded* FindFunded(const std::string& project);
    bool Command(const std::string& id, const nlohmann::json& value = nullptr);

    // [State]
    const std::string& Language() const { return m_session.lang; }
    const std::vector<Summary>& Processes() const { return m_processes; }
    const std::string& Selected() const { return m_selected; }
    const nlohmann::json& Process() const { return m_process; } // the server's, null until loaded
    Tab CurrentTab() const { return m_tab; }
    std::optional<Phase> CurrentPhase() const;
    std::vector<PhaseRow> Timeline() const;
    std::string CalendarText() const;
    std::string TimeZone() const;
    const std::optional<Phase>& PendingPhase() const { return m_pending_phase; }
    std::string PendingPhaseText() const; // what the move will do, asked once
    const std::vector<Proposal>& Proposals() const { return m_proposals; }
    std::int64_t FeasibleWaiting() const; // feasible, not yet on a ballot
    // The commune's districts (code, name), for per-district budgets.
    const std::vector<std::pair<std::string, std::string>>& Districts() const { return m_districts; }
    const std::optional<CensusPreview>& Census() const { return m_census; }
    const std::string& CensusName() const { return m_census_name; }
    const Turnout& TurnoutNow() const { return m_turnout; }
    const Work& Working() const { return m_work; }
    std::string WorkText() const; // "Envoi du recensement : 2 000 électeurs sur 40 000…"
    // The districts the settings list for a budget each: all of a commune's quartiers, or,
    // when its file holds more than 30 (a department's communes), those with projects on the
    // ballot or an amount already, the others added by code.
    static constexpr std::size_t kAllDistrictsUpTo = 30;
    std::vector<Funded>& FundedProjects() { return m_funded; }
    const std::vector<Funded>& FundedProjects() const { return m_funded; }
    std::vector<std::string> ClosingChecklist() const;
    const std::optional<FieldError>& Error() const { return m_error; }
    const std::string& Notice() const { return m_notice; }
    bool Busy() const { return m_busy > 0; }

    nlohmann::json StateJson() const;
    nlohmann::json AccessibilityTree() const;

private:
    std::string Path() const { return m_session.ProcessPath(m_selected); }
    void Fail(const ApiResult& r);
    void TookProcess(const nlohmann::json& process);
    void LoadProposals();
    void Said(const std::string& text);
    void SendCensusPart(std::size_t from);

    ConsoleSession& m_session;
    std::vector<Summary> m_processes;
    std::string m_selected;
    nlohmann::json m_process;
    Tab m_tab = Tab::Timeline;
    nlohmann::json m_dates = nlohmann::json::object(); // being edited
    Settings m_settings;
    std::optional<Phase> m_pending_phase;
    std::vector<Proposal> m_proposals;
    std::optional<CensusPreview> m_census;
    std::optional<RulePreview> m_rule_preview;
    std::shared_ptr<PbElection> m_trying; // the ballot file whose rules are being counted
    RulePreview m_trying_preview;
    std::string m_census_name, m_census_bytes;
    // The census being sent: its header line, its voters' records, the letters so far.
    std::string m_sending_header, m_letters;
    std::vector<std::string> m_sending_rows;
    Work m_work;
    Turnout m_turnout;
    std::vector<Funded> m_funded;
    size_t m_review_cursor = 0;
    std::vector<std::pair<std::string, std::string>> m_districts;
    double m_last_turnout = -1e9, m_now = 0;
    int m_busy = 0;
    std::optional<FieldError> m_error;
    std::string m_notice;
};

// The letters of a census sent in parts, as one page to print: the first part's page with the
// next parts' letters (<section class="letter">…) added before its end.
std::string MergeLetterPages(const std::string& so_far, const std::string& part);
// A CSV text's records, a quoted field's line breaks kept inside its record; blank lines
// dropped. The census's parts are cut on them.
std::vector<std::string> CsvRecords(const std::string& text);

// "Dépôt des propositions", "Étude de faisabilité", "Vote", "Vote clos", "Résultats
// publiés", "Suivi des projets".
std::string PhaseLabel(Phase p, const std::string& lang);

} // namespace quartier

// The agents' desk: paper and assisted ballots entered by keyboard, hundreds in a row. The
// agent types the voter's code, ticks the projects (number keys, arrows and space), reviews
// the ballot said in words, then confirms; a wrong entry is corrected before confirming,
// never after. The choices follow the rules residents meet online (the ballot widget's
// BallotModel, checked by the shared ValidateBallot the server runs too); ballots go to
// POST .../paper-ballots with the agent's token, the code spent as an online one would be.
// No ImGui here: tests drive it natively.
#pragma once

#include "widgets/ballot/ballot_model.h"
#include "widgets/console/console_session.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace quartier {

class DeskModel {
public:
    // Pick: no process open (the processes in their voting phase are listed); Code: typing
    // the voter's code; Choose: ticking the projects; Confirm: the ballot said in words.
    enum class Step { Pick, Code, Choose, Confirm };

    struct ProcessChoice {
        std::string id, title, phase;
    };

    explicit DeskModel(ConsoleSession& session);

    // [Commands]
    void LoadProcesses();                       // the commune's processes (those in voting first)
    void Open(const std::string& process_id);   // starts the desk on that process
    void Tick(double now);                      // nothing timed today; kept for the shell's loop
    std::string& EditCode() { return m_code; }
    void SetCode(std::string code) { m_code = std::move(code); }
    // Enter in the code field: on to the projects (a code is needed unless the process takes
    // uncoded paper ballots). False, with Error(), when it cannot.
    bool CodeEntered();
    // A paper ballot without a code (only where the process allows it): on to the projects.
    bool WithoutCode();
    // A digit typed while ticking: projects are numbered 1..N as on the paper ballot. With
    // more than 9 projects digits add up ("1", "2" is project 12) until no longer number
    // starts with them; Space or Enter then takes the number typed so far.
    bool TypeDigit(int digit);
    void MoveCursor(int delta);  // arrows: the project under the cursor
    bool ToggleCursor();         // Space: ticks or unticks it (cumulative: one more point)
    bool PointsAtCursor(int delta); // cumulative: + / − (right / left arrows)
    void RankAtCursor(int delta);   // ranked: moves the cursor's project up (−1) or down
    bool Toggle(const std::string& project_id); // a click on a project
    // Enter while ticking: checks the ballot with the shared rules and shows it in words.
    bool Review();
    // Escape: from the review back to the choices, from the choices back to the code.
    void Back();
    // Enter on the review: sends the ballot. The form clears for the next one once stored.
    bool Confirm();
    // Abandons the ballot being entered (nothing was sent).
    void StartOver();
    // The accessibility mirror's commands (ids of AccessibilityTree()).
    bool Command(const std::string& id, const nlohmann::json& value = nullptr);

    // [State]
    Step CurrentStep() const { return m_step; }
    const std::string& Language() const { return m_session.lang; }
    const std::string& ProcessId() const { return m_process; }
    const std::vector<ProcessChoice>& Processes() const { return m_processes; }
    // The ballot rules and choices (nullptr before Open).
    const BallotModel* Ballot() const { return m_ballot.get(); }
    bool Ready() const; // the process is loaded and open for voting
    bool Sending() const { return m_sending; }
    const std::string& Code() const { return m_code; }
    bool Uncoded() const { return m_uncoded; }
    // The projects in the paper ballot's order (the process's, never shuffled): number i+1.
    std::vector<const BallotModel::Project*> Numbered() const;
    size_t Cursor() const { return m_cursor; }
    const std::string& PendingDigits() const { return m_digits; }
    int Entered() const { return m_entered; } // ballots stored in this session
    // "Code ABCD-EFGH : 3 projets, 148 000 € sur 200 000 €" — the ballot in one sentence.
    std::string Summary() const;
    // The choices one per line, as the review lists them ("1. Parc — 60 000 €").
    std::vector<std::string> ChoiceLines() const;
    std::string RulesText() const;    // the ballot's rules, as residents read them
    std::string ProgressText() const; // "Budget restant : …", "2 projets choisis sur 3"
    std::string KeysText() const;     // the keys of the current step
    const std::optional<FieldError>& Error() const { return m_error; }
    const std::string& Notice() const { return m_notice; } // the last ballot stored
    // Set once per step change: the view puts the keyboard focus where the step starts
    // (the code field) and clears it.
    bool TakeFocusRequest();

    nlohmann::json StateJson() const;
    nlohmann::json AccessibilityTree() const;

private:
    void Refuse(const FieldError& e); // a refusal, in the staff's words
    bool ToggleNumber(size_t number); // 1-based
    bool FlushDigits();
    void Reset(); // the form, for the next ballot

    ConsoleSession& m_session;
    std::unique_ptr<BallotModel> m_ballot;
    std::string m_process;
    std::vector<ProcessChoice> m_processes;
    Step m_step = Step::Pick;
    std::string m_code, m_digits, m_request_id, m_notice;
    nlohmann::json m_sent; // the ballot and code m_request_id was made for
    bool m_uncoded = false, m_sending = false, m_focus = true;
    size_t m_cursor = 0;
    int m_entered = 0;
    std::optional<FieldError> m_error;
};

} // namespace quartier

// The ballot widget's view-model: the process's projects, the resident's choices under the
// process's ballot kind (approval, knapsack, cumulative points, ranked), the review, the
// voter code, sending, and the receipt. No ImGui here: tests drive it natively. Every
// check is the shared ValidateBallot the server also runs.
#pragma once

#include "shared/ballot/ballot.h"
#include "shared/category.h"
#include "widgets/app/api_client.h"
#include "widgets/app/comments_model.h"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace quartier {

class BallotModel {
public:
    enum class Screen { Choose, Review, Receipt };
    enum class Load { Idle, Loading, Ready, Failed };

    struct Project {
        std::string id;
        std::string name;
        std::string description;
        std::string category;
        std::string district;
        Decimal cost;
        std::int64_t proposal = 0; // the residents' proposal it came from (its comments), 0: none
    };

    BallotModel(ApiClient& api, std::string lang, std::string tenant, std::string process);

    // [Comments] A project that came from a residents' proposal shows that proposal's
    // comments under its card, once asked for (one project at a time).
    void OpenComments(const std::string& project_id);
    void CloseComments();
    const std::string& CommentsFor() const { return m_comments_for; }
    CommentsModel& Comments() { return m_comments; }
    const CommentsModel& Comments() const { return m_comments; }
    void SetResidentToken(std::string token) { m_comments.SetToken(std::move(token)); }

    // [Commands]
    void Refresh(); // loads the process: title, phase, projects, ballot rules
    // Under shuffle_projects, the order this voter sees: one seed per page (random by default),
    // so that reloads keep her order and no two voters favour the same first projects.
    void SetOrderSeed(std::string seed) { m_order_seed = std::move(seed); }
    void SetSearch(std::string text);
    void SetCategoryFilter(std::string category); // "" for all
    // Approval, knapsack, ranked: adds or removes the project. False (with Notice()) when it
    // cannot be added: over the budget, or too many projects.
    bool Toggle(const std::string& id);
    // Cumulative: gives (delta > 0) or takes back points. False when it cannot.
    bool AddPoints(const std::string& id, int delta);
    // Ranked: moves a chosen project up (delta < 0) or down the ranking.
    void MoveRank(const std::string& id, int delta);
    // Checks the ballot with the shared rules; on success shows the review.
    bool Review();
    void BackToChoices();
    // Forgets every choice, notice and error and goes back to the choices (the agents' desk
    // starts the next paper ballot on the same process without reloading it).
    void ClearChoices();
    std::string& EditCode() { return m_code; }
    // Exchanges the voter code for a ballot token (once) and casts the ballot. Retrying
    // after a network failure repeats the same request id: never two ballots.
    bool Submit();

    // [State]
    Screen CurrentScreen() const { return m_screen; }
    Load LoadState() const { return m_load; }
    bool Sending() const { return m_sending; }
    const std::string& Language() const { return m_lang; }
    const std::string& Title() const { return m_title; }
    const std::string& Phase() const { return m_phase; }
    // In a preview (the console's "the ballot as residents will see it"), the ballot behaves
    // as open whatever its phase — projects ticked, the budget counted, the review shown —
    // but never sends: Submit says so.
    bool VotingOpen() const { return m_preview || m_phase == "voting"; }
    void SetPreview(bool preview) { m_preview = preview; }
    bool Previewing() const { return m_preview; }
    std::string PreviewText() const;
    // The process takes paper ballots without a voter code ("uncoded_paper_ballots").
    bool UncodedPaperAllowed() const { return m_uncoded_paper; }
    // The server's calendar sentence in the widget's language ("Vote du 3 au 17 mars", "Le
    // vote ouvre dans 5 jours"), empty when the process has no dates.
    const std::string& CalendarText() const;
    // Why the ballot cannot be cast now: the calendar's sentence, or "not open" without dates.
    std::string ClosedText() const;
    const BallotConfig& Config() const { return m_config; }
    const std::vector<Project>& Projects() const { return m_projects; }
    // Indices into Projects() passing the search and category filter.
    std::vector<size_t> VisibleProjects() const;
    std::vector<std::string> Categories() const;
    const std::string& Search() const { return m_search; }
    const std::string& CategoryFilter() const { return m_category; }
    // A project's category as the commune names it in the widget's language ("Mobilités"),
    // never its stored id ("mobilite"); the value itself when the commune has no such category.
    std::string CategoryLabel(const std::string& value) const;

    bool IsChosen(const std::string& id) const;
    int PointsOf(const std::string& id) const;
    int RankOf(const std::string& id) const; // 1-based; 0 when not ranked
    const std::vector<std::string>& Chosen() const { return m_chosen; }
    Decimal Spent() const;     // total cost of the chosen projects
    Decimal Remaining() const; // budget - spent (knapsack)
    std::int64_t PointsLeft() const;
    // Whether Toggle/AddPoints(+1) would be accepted now (the view disables otherwise).
    bool CanAdd(const std::string& id) const;

    // What the rules ask ("Choisissez de 1 à 3 projets que vous soutenez.") and how far the
    // resident is ("Budget restant : 1 200 € sur 8 000 000 €"), for the view and the mirror.
    std::string RulesText() const;
    std::string ProgressText() const;
    // Easy to read (FALC): how to vote and how the count works, a sentence a line, as the
    // commune wrote them or as the server made them from the ballot and the rule; folded
    // until the resident opens them (command "easy-read").
    const std::vector<std::string>& EasyVote() const { return m_easy_vote; }
    const std::vector<std::string>& EasyCount() const { return m_easy_count; }
    bool EasyReadOpen() const { return m_easy_open; }
    void ToggleEasyRead() { m_easy_open = !m_easy_open; }
    float ProgressFraction() const; // 0..1

    // Performs a command named like the view's controls ("toggle-12", "plus-12",
    // "review", "submit", "search" with a text value, ...): the accessibility mirror and
    // the host page drive the widget through this. False for an unknown command.
    bool Command(const std::string& id, const nlohmann::json& value = nullptr);
    // The widget as an accessible tree (headings, lists, buttons, inputs, live status),
    // rendered by site/embed.js into an off-screen DOM mirror for screen readers and keyboards.
    nlohmann::json AccessibilityTree() const;

    // The ballot as sent: {"projects": [...], "points": [...]}.
    nlohmann::json BallotJson() const;
    const std::optional<FieldError>& Error() const { return m_error; }
    const std::optional<FieldError>& LoadError() const { return m_load_error; }
    const std::string& Notice() const { return m_notice; }
    const std::string& Receipt() const { return m_receipt; }
    const std::string& Code() const { return m_code; }

    nlohmann::json StateJson() const;

private:
    const Project* Find(const std::string& id) const;
    std::string KindRules() const; // the kind's own sentence of RulesText()
    std::string Base() const;
    void CastBallot();
    void Fail(const FieldError& e);

    ApiClient& m_api;
    CommentsModel m_comments;
    std::string m_comments_for; // the project whose proposal's comments show
    std::string m_lang, m_tenant, m_process;
    Screen m_screen = Screen::Choose;
    Load m_load = Load::Idle;
    bool m_sending = false;
    std::string m_title, m_phase;
    bool m_preview = false;
    bool m_uncoded_paper = false;
    std::vector<std::string> m_easy_vote, m_easy_count;
    bool m_easy_open = false;
    std::string m_calendar; // the process's "calendar_text" in the resident's language
    std::string m_order_seed;
    BallotConfig m_config;
    std::vector<Project> m_projects;
    std::string m_search, m_category;
    std::vector<Category> m_category_names; // the commune's, for their labels
    std::vector<std::string> m_chosen;     // in choice order (ranked: best first)
    std::map<std::string, int> m_points;   // cumulative
    std::string m_code, m_token, m_request_id, m_receipt, m_notice;
    nlohmann::json m_sent_ballot;          // the ballot m_request_id was made for
    std::optional<FieldError> m_error, m_load_error;
};

} // namespace quartier

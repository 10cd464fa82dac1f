// The life of a proposal after it is sent — reviewed, put on the ballot, funded, built — and
// the follow-up of a funded project. One derivation and one set of words, so that the server's
// JSON, its plain pages and the map widget say the same thing about the same proposal.
#pragma once

#include <string>
#include <vector>

namespace quartier {

// Where a proposal stands, as residents follow it.
enum class ProposalStage {
    Submitted,   // sent (awaiting moderation or review)
    UnderReview, // staff are studying it (a review started, or found it feasible)
    Rejected,    // reviewed: not feasible, with a public reason
    OnBallot,    // a project of a process's ballot
    Funded,      // its project won; works not started
    NotFunded,   // its project lost the vote
    InProgress,  // its project is being studied or built
    Done,        // built
    Abandoned,   // funded, then given up (the follow-up says why)
    Merged,      // joined another proposal (merged_into), which it follows from then on
};
const char* ToString(ProposalStage s);
bool ParseProposalStage(const std::string& text, ProposalStage& out);
// What residents read: "Sur le bulletin de vote" / "On the ballot".
std::string StageLabel(ProposalStage s, const std::string& lang);
// Every stage, in the order of a proposal's life (legends, filters).
std::vector<ProposalStage> AllStages();

// A funded project's progress (Decidim's accountability statuses, CONSUL's executions).
enum class ProgressStatus { Planned, Studies, Works, Done, Abandoned };
const char* ToString(ProgressStatus s);
bool ParseProgressStatus(const std::string& text, ProgressStatus& out);
std::string ProgressLabel(ProgressStatus s, const std::string& lang);

// What the server knows about one proposal, gathered from its rows.
struct StageFacts {
    bool merged = false;            // merged into another proposal
    bool reviewed = false;          // staff started a review
    bool feasible_decided = false;  // the review says feasible or not
    bool feasible = false;
    bool on_ballot = false;         // its project is on a process's ballot
    bool results_published = false; // that process's results are out
    bool funded = false;            // its project is among the winners
    bool has_progress = false;      // the funded project has a follow-up
    ProgressStatus progress = ProgressStatus::Planned;
};
ProposalStage DeriveStage(const StageFacts& f);

} // namespace quartier

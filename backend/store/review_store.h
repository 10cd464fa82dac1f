// The rows of a proposal's life after submission (its review, the ballot project it became)
// and of a funded project's follow-up, read for the process cache and the proposals' JSON.
#pragma once

#include "backend/app_context.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace quartier {

// Fills each project's proposals, credits and follow_up from the review tables.
void LoadProjectLifecycle(Db& db, Process& p);

// A proposal's review as stored, with where its project stands.
struct ReviewRow {
    std::optional<bool> feasible;         // nullopt: under review
    std::string reason;                   // public
    std::optional<std::int64_t> cost;     // staff's estimate
    std::string process;                  // the target process's slug ("" when none)
    std::string phase;                    // that process's phase
    std::optional<std::string> district;
    std::optional<std::string> project;   // set once promoted and still on the ballot
    std::optional<std::string> progress;  // the project's follow-up status, once followed
    std::optional<std::int64_t> percent;
    std::string reviewed_at;
};
// The reviews of these proposals (those without one are left out).
std::map<std::int64_t, ReviewRow> ReadReviews(Db& db, const std::vector<std::int64_t>& proposal_ids);

} // namespace quartier

// Checks every ballot kind shares: the JSON shape, known projects, no project twice, and
// the min/max number of projects. Messages are written once, here and in the kinds.
#pragma once

#include "shared/ballot/ballot.h"

#include <nlohmann/json.hpp>

#include <initializer_list>

namespace quartier::ballot_internal {

FieldError Error(std::string code, std::string field, Msg message);

// Refuses members of ballot other than allowed (unknown_field, naming it): the box stores
// only what the kind reads, never what a client adds. Non-objects are left to ReadProjects.
Validation CheckFields(const nlohmann::json& ballot, std::initializer_list<const char*> allowed);

// Reads ballot["projects"] into indices of config.projects; rejects non-objects, missing or
// non-array "projects", non-string entries, unknown and repeated projects.
Validation ReadProjects(const nlohmann::json& ballot, const BallotConfig& config, std::vector<size_t>& out);

// min_projects / max_projects (0 = no limit) on the number of chosen projects.
Validation CheckCount(size_t count, const BallotConfig& config);

// The budget and the chosen projects' total cost as integers at one common scale (exact:
// every cost at the budget's scale or finer, summed in 128 bits); false when an amount does
// not fit.
bool BudgetAndTotal(const BallotConfig& config, const std::vector<size_t>& chosen, std::int64_t& budget, Int128& total);

// An amount in euros for people: "1 200 €" / "€1,200" (cents shown when there are any).

} // namespace quartier::ballot_internal

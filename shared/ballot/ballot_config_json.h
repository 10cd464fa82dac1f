// How a process's ballot settings travel as JSON between the server and the widgets. The
// projects come from the process's project list (with names, for people); the ballot
// object carries the kind and its limits.
//   {"kind": "knapsack", "min_projects": 0, "max_projects": 0, "budget": "8000000",
//    "max_points": 0, "max_points_per_project": 0, "min_spend_percent": 0, "district_rule": "any",
//    "shuffle_projects": false}
#pragma once

#include "shared/ballot/ballot.h"

#include <nlohmann/json_fwd.hpp>

namespace quartier {

// The kind and limits (not the projects). Amounts are decimal strings, never floats.
nlohmann::json BallotConfigToJson(const BallotConfig& config);

// Reads the kind and limits from ballot and the projects' "id", "cost" and "district" from projects (an
// array of objects; other members are ignored). Errors name the field; out is untouched.
Validation BallotConfigFromJson(const nlohmann::json& ballot, const nlohmann::json& projects,
                                BallotConfig& out);

} // namespace quartier

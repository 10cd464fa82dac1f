// Ballot kinds as a registry: approval, knapsack, cumulative and ranked ballots implement
// one interface; BallotKinds() lists them. Their Validate is the code the widget runs before
// sending a ballot and the server runs on receiving it, so both refuse the same things with
// the same words, in French and English.
//
// A ballot, as JSON (the widget sends it, the server stores it):
//   {"projects": ["12", "7"]}                    approval, knapsack; ranked: best first
//   {"projects": ["12", "7"], "points": [3, 2]}  cumulative: points[i] goes to projects[i]
//   {"projects": [...], "district": "Angers"}     under "own district + one other": the home
// Errors name the field: "projects", "projects[1]", "points", "points[0]", "ballot", "district".
#pragma once

#include "shared/decimal.h"
#include "shared/error.h"
#include "shared/pabulib/pabulib.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace quartier {

struct BallotProject {
    std::string id;
    Decimal cost;
    std::string district; // "" for a city-wide project
};

// Which districts' projects one ballot may choose from (CONSUL's "vote in your district and
// one other"); city-wide projects are always open.
enum class DistrictRule {
    Any,        // "any"
    OwnPlusOne  // "own_plus_one": a home district and at most one other
};
const char* ToString(DistrictRule r);
bool ParseDistrictRule(std::string_view text, DistrictRule& out);

// How one vote is run: the kind of ballot, the projects on it and the kind's limits.
struct BallotConfig {
    std::string kind;                    // "approval", "knapsack", "cumulative" or "ranked"
    std::vector<BallotProject> projects; // what voters may choose from
    int min_projects = 0;                // approval, ranked: fewest projects (0: no minimum)
    int max_projects = 0;                // approval, ranked: most projects (0: no maximum)
    Decimal budget;                      // knapsack: the chosen projects' total cost limit
    std::int64_t max_points = 0;         // cumulative: points a voter may spread in total
    std::int64_t max_points_per_project = 0; // cumulative: 0 means up to max_points
    int min_spend_percent = 0;           // the chosen projects cost at least this % of budget (0: none)
    DistrictRule district_rule = DistrictRule::Any;
    bool shuffle_projects = false;       // each voter sees the projects in her own random order
};

// The most points a cumulative ballot may spread, and a project's share of them: far above
// any real vote, low enough that a box of ballots sums exactly in 64 bits.
constexpr std::int64_t kMaxBallotPoints = 1000000;
constexpr int kMaxBallotProjects = 100000; // min_projects and max_projects

class BallotKind {
public:
    virtual ~BallotKind() = default;
    virtual const char* Name() const = 0;        // "approval", ...
    virtual const char* Description() const = 0; // one English sentence
    virtual VoteType PabulibVoteType() const = 0; // how its ballots are written to .pb files
    // The first problem with this ballot under config, or nullopt when it can be cast.
    virtual Validation Validate(const nlohmann::json& ballot, const BallotConfig& config) const = 0;
};

const std::vector<const BallotKind*>& BallotKinds();
const BallotKind* FindBallotKind(std::string_view name);

// Finds config.kind and validates with it (an unknown kind is an error on field "kind").
Validation ValidateBallot(const nlohmann::json& ballot, const BallotConfig& config);

// Whether config's kind and limits (not its projects) make a vote that can be run: a known
// kind, limits within the bounds above, min_projects <= max_projects, a knapsack budget above
// zero, points to spread on a cumulative ballot. The server checks every process's settings
// with it before storing them (JSON routes and .pb import alike), and the widgets read them
// through it. Errors name the setting as in the JSON ("ballot.max_points", ...).
Validation ValidateBallotConfig(const BallotConfig& config);

// Per-kind entry points, registered in ballot_registry.cpp.
const BallotKind& ApprovalBallotKind();
const BallotKind& KnapsackBallotKind();
const BallotKind& CumulativeBallotKind();
const BallotKind& RankedBallotKind();

} // namespace quartier

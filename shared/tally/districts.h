// Per-district budgets (CONSUL's headings, "mon quartier + la ville"): a process splits its
// money between districts, each deciding its own projects within its own budget, and the
// projects of no district share what is left (the city-wide envelope). Splitting gives one
// Pabulib election per part, as Pabulib publishes district files, so that the results, the
// exports and any recount of a part's own file count the very same ballots.
#pragma once

#include "shared/tally/tally.h"

#include <string>
#include <vector>

namespace quartier {

struct DistrictBudget {
    std::string district; // as written in the projects' district column
    Decimal budget;
};

// One part of a split budget: a district, or the city-wide envelope (district "").
struct DistrictPart {
    std::string district;
    Decimal budget;
    PbElection election; // its projects, and the voters who chose at least one of them
};

// Splits e by the projects' `column`: the city-wide part first (projects with an empty cell;
// its budget is e.budget less the districts', never below zero), present only when such
// projects exist, then each district of `budgets` in the order given. Each part's election
// keeps e's META, with budget, num_projects, num_votes and (for a district) district and
// subunit set as Pabulib's district files have them. A FieldError (field "districts") when a
// project's district has no budget.
Validation SplitByDistrict(const PbElection& e, const std::vector<DistrictBudget>& budgets,
                           std::vector<DistrictPart>& out, const std::string& column = "district");

struct DistrictOutcome {
    std::string district;
    std::vector<std::string> winners; // project ids in selection order
    std::string total_cost;           // exact, in currency ("322239.55")
    TallyOutcome outcome;             // indices refer to the district's own profile
};

// Tallies each part of SplitByDistrict(e, budgets) with `rule` (the command-line tool's view;
// ComputeResults gives the same winners with the comparison and the votes).
Validation TallyByDistrict(const PbElection& e, std::string_view rule, const TallyOptions& o,
                           const std::vector<DistrictBudget>& budgets, std::vector<DistrictOutcome>& out,
                           const std::string& column = "district");

} // namespace quartier

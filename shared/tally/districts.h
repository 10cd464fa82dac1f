// Per-district tallies: many cities split their participatory budget into districts, each
// with its own money and its own projects; a voter counts in every district she voted in.
#pragma once

#include "shared/tally/tally.h"

#include <string>
#include <vector>

namespace quartier {

struct DistrictBudget {
    std::string district; // as written in the projects' district column
    Decimal budget;
};

struct DistrictOutcome {
    std::string district;
    std::vector<std::string> winners; // project ids in selection order
    std::string total_cost;           // exact, in currency ("322239.55")
    TallyOutcome outcome;             // indices refer to the district's own profile
};

// Tallies each district of e (districts in order of first appearance in PROJECTS) with
// `rule`, on the ballots restricted to its projects and the budget given for it. A
// FieldError (field "districts") when a district has no budget or a project none.
Validation TallyByDistrict(const PbElection& e, std::string_view rule, const TallyOptions& o,
                           const std::vector<DistrictBudget>& budgets, std::vector<DistrictOutcome>& out,
                           const std::string& column = "district");

} // namespace quartier

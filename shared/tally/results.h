// A participatory budget's results as residents read them: per project its votes, cost and
// whether it is funded under the process's rule, under greedy and under Equal Shares, and
// the Equal Shares explanation. One computation for the results widget's in-browser
// recount and for anyone recounting a published .pb file.
#pragma once

#include "shared/error.h"
#include "shared/pabulib/pabulib.h"
#include "shared/tally/districts.h"
#include "shared/tally/tally.h"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <vector>

namespace quartier {

// Which rule decides, as a process publishes it: {"name":"mes","sat":"cost",
// "completion":"add1+greedy","step_percent":"1"} (sat, completion optional).
struct RuleSpec {
    std::string name = "greedy";
    TallyOptions options;
};
Validation RuleSpecFromJson(const nlohmann::json& j, RuleSpec& out);
nlohmann::json RuleSpecToJson(const RuleSpec& spec);

struct ResultRow {
    std::string id;
    std::string name;     // "name" column, or the id
    std::string category; // "category" column
    std::string district; // "district" column
    Decimal cost;
    std::int64_t votes = 0;  // supporters (approval, ordinal) or points (cumulative, scoring)
    int rule_order = 0;      // 1-based position in the rule's selection order; 0: not funded
    bool funded_greedy = false;
    bool funded_mes = false;
};

// Money the rule's winners take in one district (the projects' "district" column).
struct DistrictSpend {
    std::string district;
    Decimal spent;
    int funded = 0;   // winners in the district
    int projects = 0; // projects on the ballot in the district
};

// One part of a split budget, tallied on its own (DistrictPart): what it decided.
struct DistrictResults {
    std::string district;                    // "" for the city-wide envelope
    Decimal budget, spent;
    std::int64_t voters = 0;                 // voters who chose at least one of its projects
    std::vector<std::string> winners;        // the rule's, in selection order
    std::vector<std::string> greedy_winners;
    std::vector<std::string> mes_winners;
    MesExplanation explanation;              // of its Equal Shares comparison run
    std::optional<MesExplanation> rule_explanation;
};

struct ElectionResults {
    RuleSpec rule;
    std::vector<ResultRow> rows;              // by votes, most first (ties by id as string)
    std::vector<std::string> winners;         // the rule's, in selection order
    std::vector<std::string> greedy_winners;  // greedy by votes (cost satisfaction)
    std::vector<std::string> mes_winners;     // Equal Shares, cost satisfaction, add1 then greedy
    Decimal budget;
    Decimal spent;                            // total cost of the rule's winners
    std::int64_t voters = 0;
    MesExplanation explanation;               // of the Equal Shares run above
    std::optional<MesExplanation> rule_explanation; // the rule's own, when it is Equal Shares
    std::vector<DistrictSpend> by_district;   // in order of first appearance; none without districts
    // With district budgets: each part's own tally, in SplitByDistrict's order; the lists
    // above are then these parts' lists one after the other (explanation and rule_explanation
    // stay empty: each part has its own).
    std::vector<DistrictResults> districts;

    // The Equal Shares explanation that speaks of this project (its district's when split).
    const MesExplanation& ExplanationOf(const std::string& project_id) const;
};

// How greedy and Equal Shares measure satisfaction in the comparison: cost for approval,
// points for cumulative or scoring ballots, Borda for ranked ones.
TallyOptions ComparisonOptions(VoteType type);

// Tallies e with spec, and with greedy and Equal Shares (ComparisonOptions; Equal Shares
// completed by add1 then greedy) for the comparison. The server publishes these very numbers.
// With district budgets, each part of SplitByDistrict(e, districts) is tallied within its own
// budget, exactly as its own Pabulib file would be, and never against the whole budget.
Validation ComputeResults(const PbElection& e, const RuleSpec& spec, ElectionResults& out,
                          const std::vector<DistrictBudget>& districts = {});

} // namespace quartier

// Tally rules as a registry: greedy, Method of Equal Shares (with its completions) and
// sequential Phragmén implement one interface; TallyRules() lists them. Outcomes match
// pabutools 1.2.3 exactly, including its tie-breaking (project ids compared as strings).
//
// Usage: Profile p; MakeProfile(election, p); TallyOutcome o;
//        if (auto err = Tally(p, "mes", options, o)) ... else o.selected ...
#pragma once

#include "shared/decimal.h"
#include "shared/error.h"
#include "shared/tally/explanation.h"
#include "shared/tally/profile.h"

#include <optional>
#include <string_view>
#include <vector>

namespace quartier {

// How much a voter is taken to like a project she supports.
enum class Satisfaction {
    Cost,        // its cost (pabutools Cost_Sat)
    Cardinality, // 1 (Cardinality_Sat)
    Points,      // the points she gave (Additive_Cardinal_Sat; cumulative/scoring ballots)
    Borda        // ballot length - rank - 1 (Additive_Borda_Sat; ordinal ballots)
};

// What Equal Shares does with money it leaves unspent.
enum class Completion {
    None,
    Greedy,     // then greedy by cost satisfaction (completion_by_rule_combination)
    Add1,       // raise every voter's share by 1 currency unit while feasible (voter_budget_increment=1)
    Add1Greedy, // add1, then greedy
    Increase    // raise the budget by step_percent % while feasible (exhaustion_by_budget_increase)
};

const char* ToString(Satisfaction s);
bool ParseSatisfaction(std::string_view text, Satisfaction& out);
const char* ToString(Completion c);
bool ParseCompletion(std::string_view text, Completion& out); // none|greedy|add1|add1+greedy|increase

struct TallyOptions {
    Satisfaction sat = Satisfaction::Cost;
    Completion completion = Completion::None; // Equal Shares only
    Decimal step_percent = Decimal::FromInt(1); // for Completion::Increase
    bool explain = false;                     // fill TallyOutcome::explanation (Equal Shares)
    bool exact_only = false; // skip the floating-point pass (tests compare both paths)
};

struct TallyOutcome {
    std::vector<std::int32_t> selected; // project indices in selection order
    std::int64_t total_cost = 0;        // in profile units
    int exact_runs = 0;  // inner runs decided by exact arithmetic after a near tie in floating point
    int inner_runs = 0;  // rule runs (more than one with add1 / increase)
    std::optional<MesExplanation> explanation;
};

class TallyRule {
public:
    virtual ~TallyRule() = default;
    virtual const char* Name() const = 0;        // command-line name: "greedy", "mes", "phragmen"
    virtual const char* Description() const = 0; // one English sentence
    virtual bool UsesSatisfaction() const = 0;
    virtual bool UsesCompletion() const = 0;
    // A FieldError (field "sat" or "completion") when the rule can't run with these options
    // on this kind of ballot; nullopt when it can.
    virtual Validation Check(const Profile& p, const TallyOptions& o) const = 0;
    // Runs the rule; Check must have passed.
    virtual TallyOutcome Run(const Profile& p, const TallyOptions& o) const = 0;
};

// Every registered rule, in registration order.
const std::vector<const TallyRule*>& TallyRules();
const TallyRule* FindTallyRule(std::string_view name);

// Check then Run; the FieldError names "rule" when no rule has that name.
Validation Tally(const Profile& p, std::string_view rule, const TallyOptions& o, TallyOutcome& out);

} // namespace quartier

// Greedy utilitarian welfare: the rule most cities use. Projects by decreasing satisfaction
// per unit of cost; one that no longer fits is skipped and the next one tried.
#include "shared/tally/tally_internal.h"

namespace quartier {

namespace {

Validation CheckSatisfaction(const Profile& p, Satisfaction sat) {
    if (sat == Satisfaction::Points && p.format != BallotFormat::Cumulative && p.format != BallotFormat::Scoring)
        return FieldError{"sat_not_supported", "sat", Msg("La satisfaction par points demande des bulletins à points.")};
    if (sat == Satisfaction::Borda && p.format != BallotFormat::Ordinal)
        return FieldError{"sat_not_supported", "sat", Msg("La satisfaction de Borda demande des bulletins classés.")};
    return std::nullopt;
}

class Greedy final : public TallyRule {
public:
    const char* Name() const override { return "greedy"; }
    const char* Description() const override {
        return "Greedy utilitarian welfare: most satisfaction per unit of cost first, skipping what no "
               "longer fits.";
    }
    bool UsesSatisfaction() const override { return true; }
    bool UsesCompletion() const override { return false; }
    Validation Check(const Profile& p, const TallyOptions& o) const override {
        return CheckSatisfaction(p, o.sat);
    }
    TallyOutcome Run(const Profile& p, const TallyOptions& o) const override {
        TallyOutcome out;
        tally_internal::GreedyComplete(p, o.sat, out.selected);
        out.total_cost = tally_internal::TotalCost(p, out.selected);
        out.inner_runs = 1;
        return out;
    }
};

} // namespace

namespace tally_internal {
Validation CheckSatisfactionFor(const Profile& p, Satisfaction sat) { return CheckSatisfaction(p, sat); }
} // namespace tally_internal

const TallyRule& GreedyRule() {
    static const Greedy rule;
    return rule;
}

} // namespace quartier

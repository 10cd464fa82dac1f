// Knapsack ballot: choose projects whose total cost stays within the budget, as the city
// itself must.
#include "shared/ballot/ballot_internal.h"

#include "shared/text.h"

#include <algorithm>

namespace quartier {

namespace {
class Knapsack final : public BallotKind {
public:
    const char* Name() const override { return "knapsack"; }
    const char* Description() const override { return "Choose projects whose total cost fits the budget."; }
    VoteType PabulibVoteType() const override { return VoteType::Approval; }
    Validation Validate(const nlohmann::json& ballot, const BallotConfig& config) const override {
        if (auto e = ballot_internal::CheckFields(ballot, {"projects"})) return e;
        std::vector<size_t> chosen;
        if (auto e = ballot_internal::ReadProjects(ballot, config, chosen)) return e;
        if (auto e = ballot_internal::CheckCount(chosen.size(), config)) return e;
        std::int64_t limit = 0;
        Int128 total = 0;
        const bool ok = ballot_internal::BudgetAndTotal(config, chosen, limit, total);
        if (!ok || total > limit) {
            return ballot_internal::Error("over_budget", "projects", Msg("Vous avez dépassé le budget de {}.", InEuros{config.budget}));
        }
        return std::nullopt;
    }
};
} // namespace

const BallotKind& KnapsackBallotKind() {
    static const Knapsack kind;
    return kind;
}

} // namespace quartier

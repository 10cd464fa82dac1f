// Ranked ballot: order the projects you support, favourite first.
#include "shared/ballot/ballot_internal.h"

namespace quartier {

namespace {
class Ranked final : public BallotKind {
public:
    const char* Name() const override { return "ranked"; }
    const char* Description() const override { return "Rank the projects you support, favourite first."; }
    VoteType PabulibVoteType() const override { return VoteType::Ordinal; }
    Validation Validate(const nlohmann::json& ballot, const BallotConfig& config) const override {
        if (auto e = ballot_internal::CheckFields(ballot, {"projects"})) return e;
        std::vector<size_t> chosen;
        if (auto e = ballot_internal::ReadProjects(ballot, config, chosen)) return e;
        return ballot_internal::CheckCount(chosen.size(), config);
    }
};
} // namespace

const BallotKind& RankedBallotKind() {
    static const Ranked kind;
    return kind;
}

} // namespace quartier

// Approval ballot: tick the projects you support, between min and max of them.
#include "shared/ballot/ballot_internal.h"

namespace quartier {

namespace {
class Approval final : public BallotKind {
public:
    const char* Name() const override { return "approval"; }
    const char* Description() const override { return "Choose the projects you support."; }
    VoteType PabulibVoteType() const override { return VoteType::Approval; }
    Validation Validate(const nlohmann::json& ballot, const BallotConfig& config) const override {
        if (auto e = ballot_internal::CheckFields(ballot, {"projects"})) return e;
        std::vector<size_t> chosen;
        if (auto e = ballot_internal::ReadProjects(ballot, config, chosen)) return e;
        return ballot_internal::CheckCount(chosen.size(), config);
    }
};
} // namespace

const BallotKind& ApprovalBallotKind() {
    static const Approval kind;
    return kind;
}

} // namespace quartier

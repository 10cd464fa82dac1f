// Cumulative ballot: spread a number of points over the projects you support.
#include "shared/ballot/ballot_internal.h"

#include <algorithm>

namespace quartier {

namespace {
class Cumulative final : public BallotKind {
public:
    const char* Name() const override { return "cumulative"; }
    const char* Description() const override { return "Spread your points over the projects you support."; }
    VoteType PabulibVoteType() const override { return VoteType::Cumulative; }
    Validation Validate(const nlohmann::json& ballot, const BallotConfig& config) const override {
        using ballot_internal::Error;
        if (auto e = ballot_internal::CheckFields(ballot, {"projects", "points"})) return e;
        std::vector<size_t> chosen;
        if (auto e = ballot_internal::ReadProjects(ballot, config, chosen)) return e;
        if (auto e = ballot_internal::CheckCount(chosen.size(), config)) return e;
        const auto it = ballot.find("points");
        if (it == ballot.end() || !it->is_array() || it->size() != chosen.size())
            return Error("invalid_points", "points", Msg("Attribuez des points à chaque projet choisi, et à eux seuls."));
        const std::int64_t per_project = config.max_points_per_project > 0 ? config.max_points_per_project
                                                                             : config.max_points;
        std::int64_t total = 0;
        for (size_t i = 0; i < it->size(); ++i) {
            const auto& v = (*it)[i];
            const std::string field = "points[" + std::to_string(i) + "]";
            if (!v.is_number_integer() || v.get<std::int64_t>() < 1)
                return Error("invalid_points", field, Msg("Les points sont des nombres entiers d’au moins 1."));
            const auto pts = v.get<std::int64_t>();
            // Past kMaxBallotPoints whatever the settings say, so that the sum below (and a
            // tally's) cannot overflow even under settings that skipped ValidateBallotConfig.
            const std::int64_t limit = per_project > 0 ? std::min(per_project, kMaxBallotPoints) : kMaxBallotPoints;
            if (pts > limit)
                return Error("too_many_points", field, Msg("Au plus {} points par projet.", limit));
            total += pts;
        }
        if (config.max_points > 0 && total > config.max_points)
            return Error("too_many_points", "points", Msg("Vous avez attribué {} points sur {} autorisés.", total, config.max_points));
        return std::nullopt;
    }
};
} // namespace

const BallotKind& CumulativeBallotKind() {
    static const Cumulative kind;
    return kind;
}

} // namespace quartier

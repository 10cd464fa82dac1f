// JSON for the MES explanation; the field names are what the results widget reads.
#include "shared/tally/explanation.h"

#include <nlohmann/json.hpp>

namespace quartier {

const char* ToString(UnfundedReason r) {
    switch (r) {
    case UnfundedReason::NoSupporters: return "no_supporters";
    case UnfundedReason::SupportersTooPoor: return "supporters_too_poor";
    }
    return "";
}

nlohmann::json ToJson(const MesExplanation& e) {
    nlohmann::json rounds = nlohmann::json::array();
    for (const auto& r : e.rounds)
        rounds.push_back({{"round", r.round},
                          {"project", r.project},
                          {"cost", r.cost},
                          {"price_per_satisfaction", r.price_per_satisfaction},
                          {"max_payment", r.max_payment},
                          {"supporters", r.supporters},
                          {"paying_full_share", r.paying_full_share},
                          {"paying_all_left", r.paying_all_left},
                          {"budget_left", r.budget_left}});
    nlohmann::json unfunded = nlohmann::json::array();
    for (const auto& u : e.unfunded)
        unfunded.push_back({{"project", u.project},
                            {"reason", ToString(u.reason)},
                            {"cost", u.cost},
                            {"supporters_money", u.supporters_money},
                            {"supporters", u.supporters},
                            {"ruled_out_in_round", u.ruled_out_in_round}});
    return {{"budget_per_voter", e.budget_per_voter},
            {"voters", e.voters},
            {"budget_increases", e.budget_increases},
            {"rounds", rounds},
            {"unfunded", unfunded},
            {"completed_by_greedy", e.completed_by_greedy}};
}

} // namespace quartier

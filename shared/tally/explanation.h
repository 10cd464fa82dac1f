// Why a project was funded or not under the Method of Equal Shares: one record per round
// and one per unfunded project, in plain numbers (currency units) for the results widget.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace quartier {

struct MesRound {
    int round = 0;                      // 1-based
    std::string project;                // id of the project funded this round
    double cost = 0;                    // its cost
    double price_per_satisfaction = 0;  // rho: what one unit of satisfaction cost its supporters
    double max_payment = 0;             // the most a single supporter paid
    std::int64_t supporters = 0;        // voters who wanted it
    std::int64_t paying_full_share = 0; // supporters who could still pay their full share
    std::int64_t paying_all_left = 0;   // supporters who gave all the money they had left
    double budget_left = 0;             // money all voters still hold after the round
};

enum class UnfundedReason {
    NoSupporters,     // nobody asked for it (or only with zero satisfaction)
    SupportersTooPoor // its supporters' remaining money was less than its cost
};

const char* ToString(UnfundedReason r);

struct MesUnfunded {
    std::string project;
    UnfundedReason reason = UnfundedReason::NoSupporters;
    double cost = 0;
    double supporters_money = 0; // what its supporters held when it was ruled out
    std::int64_t supporters = 0;
    int ruled_out_in_round = 0;  // the round during which it was ruled out (1-based)
};

struct MesExplanation {
    double budget_per_voter = 0;            // each voter's initial share (after add1/increase)
    std::int64_t voters = 0;
    std::vector<MesRound> rounds;           // funded by Equal Shares, in order
    std::vector<MesUnfunded> unfunded;      // every project Equal Shares did not fund
    std::vector<std::string> completed_by_greedy; // funded afterwards by the greedy completion
    int budget_increases = 0;               // add1 / increase iterations before this outcome
};

nlohmann::json ToJson(const MesExplanation& e);

} // namespace quartier

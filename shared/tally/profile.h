// The tally engine's view of an election: costs and budget as integers in a common unit,
// identical ballots grouped with their multiplicity (Łódź 2022 has 90,494 voters but 23,571
// distinct ballots), projects addressed by index. Built once from a PbElection, read by
// every rule.
#pragma once

#include "shared/pabulib/pabulib.h"

#include <cstdint>
#include <string>
#include <vector>

namespace quartier {

enum class BallotFormat { Approval, Cumulative, Scoring, Ordinal };

struct TallyProject {
    std::string id;
    std::int64_t cost = 0; // in 1/Profile::money_scale currency units
};

// Voters who cast exactly the same ballot.
struct BallotGroup {
    std::int64_t count = 0;            // how many voters
    std::vector<std::int32_t> projects; // rank order for ordinal ballots; sorted otherwise
    std::vector<std::int64_t> points;   // parallel to projects for cumulative/scoring
};

struct Profile {
    BallotFormat format = BallotFormat::Approval;
    std::int64_t money_scale = 1;  // 10^d: an amount of x units means x / money_scale currency
    std::int64_t budget = 0;       // in units
    std::vector<TallyProject> projects;
    std::vector<BallotGroup> groups;
    std::int64_t num_voters = 0;   // including empty ballots (they still share the budget)

    // Projects indices sorted by id as strings (byte order): pabutools' tie-breaking order.
    std::vector<std::int32_t> IdOrder() const;
};

// Builds the profile of e, or of the part of e made of the projects whose keep[i] is true
// (ballots are then restricted to them and voters left with an empty ballot are dropped).
// Returns "" on success, else a message (amounts too large or too precise to be exact).
std::string MakeProfile(const PbElection& e, Profile& out, const std::vector<bool>* keep = nullptr,
                        const Decimal* budget_override = nullptr);

// An amount in profile units, written in currency ("322239.55").
std::string FormatUnits(std::int64_t units, std::int64_t money_scale);

} // namespace quartier

// Building the tally profile: one common money scale (exact integers), ballot grouping.
#include "shared/tally/profile.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <unordered_map>

namespace quartier {

namespace {

struct GroupKeyHash {
    size_t operator()(const std::pair<std::vector<std::int32_t>, std::vector<std::int64_t>>& k) const {
        std::uint64_t h = 1469598103934665603ull; // FNV-1a, 64-bit also on wasm32
        for (auto x : k.first) h = (h ^ static_cast<std::uint64_t>(x)) * 1099511628211ull;
        for (auto x : k.second) h = (h ^ static_cast<std::uint64_t>(x) ^ 0x9e37) * 1099511628211ull;
        return static_cast<size_t>(h ^ (h >> 32));
    }
};

} // namespace

std::vector<std::int32_t> Profile::IdOrder() const {
    std::vector<std::int32_t> order(projects.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
        return projects[static_cast<size_t>(a)].id < projects[static_cast<size_t>(b)].id;
    });
    return order;
}

std::string MakeProfile(const PbElection& e, Profile& out, const std::vector<bool>* keep,
                        const Decimal* budget_override) {
    out = Profile{};
    switch (e.vote_type) {
    case VoteType::Approval:
    case VoteType::Choose1: out.format = BallotFormat::Approval; break;
    case VoteType::Cumulative: out.format = BallotFormat::Cumulative; break;
    case VoteType::Scoring: out.format = BallotFormat::Scoring; break;
    case VoteType::Ordinal: out.format = BallotFormat::Ordinal; break;
    }
    const Decimal budget = budget_override ? *budget_override : e.budget;
    // One scale for every amount, so that costs and budget compare as integers.
    int scale = budget.scale;
    for (size_t i = 0; i < e.projects.size(); ++i)
        if (!keep || (*keep)[i]) scale = std::max(scale, e.projects[i].cost.scale);
    out.money_scale = 1;
    for (int i = 0; i < scale; ++i) out.money_scale *= 10;
    const std::int64_t kLimit = 1000000000000000000 / 1000; // room for sums of costs
    if (!budget.ToUnits(scale, out.budget) || out.budget > kLimit) return "the budget is too large";
    std::vector<std::int32_t> remap(e.projects.size(), -1);
    for (size_t i = 0; i < e.projects.size(); ++i) {
        if (keep && !(*keep)[i]) continue;
        TallyProject p;
        p.id = e.projects[i].id;
        if (!e.projects[i].cost.ToUnits(scale, p.cost) || p.cost > kLimit)
            return "the cost of project " + p.id + " is too large";
        remap[i] = static_cast<std::int32_t>(out.projects.size());
        out.projects.push_back(std::move(p));
    }
    // Points share one scale too (only their ratios matter to the rules).
    const bool with_points = HasPoints(e.vote_type);
    int point_scale = 0;
    if (with_points)
        for (const auto& v : e.voters)
            for (const auto& p : v.points) point_scale = std::max(point_scale, p.scale);

    using Key = std::pair<std::vector<std::int32_t>, std::vector<std::int64_t>>;
    std::unordered_map<Key, size_t, GroupKeyHash> index;
    index.reserve(e.voters.size() / 2 + 16);
    Key key;
    std::vector<std::pair<std::int32_t, std::int64_t>> items;
    for (const auto& v : e.voters) {
        items.clear();
        for (size_t k = 0; k < v.ballot.size(); ++k) {
            const std::int32_t p = remap[static_cast<size_t>(v.ballot[k])];
            if (p < 0) continue;
            std::int64_t pts = 0;
            if (with_points && !v.points[k].ToUnits(point_scale, pts)) return "points too large for voter " + v.id;
            items.emplace_back(p, pts);
        }
        if (keep && items.empty()) continue; // not a voter of this part
        if (out.format != BallotFormat::Ordinal) std::sort(items.begin(), items.end());
        key.first.clear();
        key.second.clear();
        for (const auto& it : items) {
            key.first.push_back(it.first);
            if (with_points) key.second.push_back(it.second);
        }
        ++out.num_voters;
        auto found = index.find(key);
        if (found != index.end()) {
            ++out.groups[found->second].count;
            continue;
        }
        BallotGroup g;
        g.count = 1;
        g.projects = key.first;
        g.points = key.second;
        index.emplace(key, out.groups.size());
        out.groups.push_back(std::move(g));
    }
    return {};
}

std::string FormatUnits(std::int64_t units, std::int64_t money_scale) {
    int scale = 0;
    for (std::int64_t s = money_scale; s > 1; s /= 10) ++scale;
    Decimal d{units, scale};
    while (d.scale > 0 && d.units % 10 == 0) {
        d.units /= 10;
        --d.scale;
    }
    return d.ToString();
}

} // namespace quartier

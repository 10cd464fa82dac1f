// Satisfaction values, the supporters incidence and the greedy pass, shared by the rules.
#include "shared/tally/tally_internal.h"

#include <algorithm>

namespace quartier {
namespace tally_internal {

std::int64_t SatValue(const Profile& p, Satisfaction sat, const BallotGroup& g, size_t k) {
    switch (sat) {
    case Satisfaction::Cost: return p.projects[static_cast<size_t>(g.projects[k])].cost;
    case Satisfaction::Cardinality: return 1;
    case Satisfaction::Points: return g.points.empty() ? 0 : g.points[k];
    case Satisfaction::Borda: return static_cast<std::int64_t>(g.projects.size() - k - 1);
    }
    return 0;
}

Incidence BuildIncidence(const Profile& p, Satisfaction sat) {
    Incidence inc;
    const size_t n = p.projects.size();
    std::vector<std::int32_t> count(n + 1, 0);
    for (const auto& g : p.groups)
        for (size_t k = 0; k < g.projects.size(); ++k)
            if (SatValue(p, sat, g, k) > 0) ++count[static_cast<size_t>(g.projects[k]) + 1];
    inc.start.assign(n + 1, 0);
    for (size_t i = 0; i < n; ++i) inc.start[i + 1] = inc.start[i] + count[i + 1];
    inc.group.resize(static_cast<size_t>(inc.start[n]));
    inc.sat.resize(static_cast<size_t>(inc.start[n]));
    inc.supporters.assign(n, 0);
    std::vector<std::int32_t> fill(inc.start.begin(), inc.start.end() - 1);
    std::vector<std::int64_t> first_sat(n, -1);
    for (size_t gi = 0; gi < p.groups.size(); ++gi) {
        const auto& g = p.groups[gi];
        for (size_t k = 0; k < g.projects.size(); ++k) {
            const std::int64_t u = SatValue(p, sat, g, k);
            if (u <= 0) continue;
            const auto proj = static_cast<size_t>(g.projects[k]);
            const auto at = static_cast<size_t>(fill[proj]++);
            inc.group[at] = static_cast<std::int32_t>(gi);
            inc.sat[at] = u;
            inc.supporters[proj] += g.count;
            if (first_sat[proj] < 0) first_sat[proj] = u;
            else if (first_sat[proj] != u) inc.binary = false;
        }
    }
    return inc;
}

std::int64_t TotalCost(const Profile& p, const std::vector<std::int32_t>& selected) {
    std::int64_t total = 0;
    for (auto i : selected) total += p.projects[static_cast<size_t>(i)].cost;
    return total;
}

bool IsExhaustive(const Profile& p, const std::vector<std::int32_t>& selected,
                  const std::vector<std::int32_t>* candidates) {
    const std::int64_t left = p.budget - TotalCost(p, selected);
    std::vector<bool> in(p.projects.size(), false);
    for (auto i : selected) in[static_cast<size_t>(i)] = true;
    auto fits = [&](size_t i) { return !in[i] && p.projects[i].cost <= left; };
    if (candidates) {
        for (auto i : *candidates)
            if (fits(static_cast<size_t>(i))) return false;
    } else {
        for (size_t i = 0; i < p.projects.size(); ++i)
            if (fits(i)) return false;
    }
    return true;
}

void GreedyComplete(const Profile& p, Satisfaction sat, std::vector<std::int32_t>& selected) {
    const size_t n = p.projects.size();
    std::vector<Int128> total(n, 0);
    for (const auto& g : p.groups)
        for (size_t k = 0; k < g.projects.size(); ++k)
            total[static_cast<size_t>(g.projects[k])] +=
                static_cast<Int128>(g.count) * SatValue(p, sat, g, k);
    std::vector<bool> in(n, false);
    for (auto i : selected) in[static_cast<size_t>(i)] = true;
    std::vector<std::int32_t> order;
    for (auto i : p.IdOrder())
        if (!in[static_cast<size_t>(i)]) order.push_back(i);
    // Density classes as pabutools: infinite (satisfaction, no cost), S/c, zero (no satisfaction).
    auto cls = [&](std::int32_t i) {
        const auto& t = total[static_cast<size_t>(i)];
        if (t <= 0) return 0;
        return p.projects[static_cast<size_t>(i)].cost == 0 ? 2 : 1;
    };
    std::stable_sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
        const int ca = cls(a), cb = cls(b);
        if (ca != cb) return ca > cb;
        if (ca != 1) return false;
        // total_a / cost_a > total_b / cost_b, exactly (totals < 2^63, costs < 2^50).
        const Int128 lhs = total[static_cast<size_t>(a)] * p.projects[static_cast<size_t>(b)].cost;
        const Int128 rhs = total[static_cast<size_t>(b)] * p.projects[static_cast<size_t>(a)].cost;
        return lhs > rhs;
    });
    std::int64_t left = p.budget - TotalCost(p, selected);
    for (auto i : order) {
        const std::int64_t c = p.projects[static_cast<size_t>(i)].cost;
        if (c <= left) {
            selected.push_back(i);
            left -= c;
        }
    }
}

} // namespace tally_internal
} // namespace quartier

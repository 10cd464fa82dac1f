// Sequential Phragmén for approval ballots, as pabutools 1.2.3's sequential_phragmen: voters
// earn money continuously; the project whose supporters can first afford it (lowest new
// maximal load) is bought; the rule stops at the first such project that exceeds the budget.
// Double precision first, exact rationals when a comparison is too close to call.
#include "shared/tally/tally_internal.h"

#include <algorithm>
#include <type_traits>

namespace quartier {

using tally_internal::Near;
using tally_internal::Rational;

namespace {

struct PhragmenSetup {
    const Profile& p;
    std::vector<std::int32_t> start, group; // supporters per project (budget-fitting ones)
    std::vector<std::int64_t> score;        // approvals per project
    std::vector<std::int32_t> candidates;   // projects costing at most the budget, id order
    std::vector<std::int32_t> id_rank;

    explicit PhragmenSetup(const Profile& prof) : p(prof) {
        const size_t n = p.projects.size();
        score.assign(n, 0);
        id_rank.assign(n, 0);
        std::vector<std::int32_t> count(n + 1, 0);
        for (const auto& g : p.groups)
            for (auto q : g.projects) {
                score[static_cast<size_t>(q)] += g.count;
                ++count[static_cast<size_t>(q) + 1];
            }
        start.assign(n + 1, 0);
        for (size_t i = 0; i < n; ++i) start[i + 1] = start[i] + count[i + 1];
        group.resize(static_cast<size_t>(start[n]));
        std::vector<std::int32_t> fill(start.begin(), start.end() - 1);
        for (size_t gi = 0; gi < p.groups.size(); ++gi)
            for (auto q : p.groups[gi].projects) group[static_cast<size_t>(fill[static_cast<size_t>(q)]++)] = static_cast<std::int32_t>(gi);
        const auto order = p.IdOrder();
        for (size_t r = 0; r < order.size(); ++r) id_rank[static_cast<size_t>(order[r])] = static_cast<std::int32_t>(r);
        for (auto q : order)
            if (p.projects[static_cast<size_t>(q)].cost <= p.budget) candidates.push_back(q);
    }
};

template <class Num>
bool RunPhragmen(const PhragmenSetup& s, std::vector<std::int32_t>& selected) {
    constexpr bool kFloat = std::is_same<Num, double>::value;
    const Profile& p = s.p;
    const size_t n = p.projects.size();
    std::vector<Num> load(p.groups.size(), Num(0));
    std::vector<Num> load_sum(n, Num(0)); // sum over supporters of count * load
    std::vector<bool> alive(n, false);
    for (auto q : s.candidates) alive[static_cast<size_t>(q)] = true;
    std::vector<std::int32_t> remaining = s.candidates, tied;
    std::int64_t spent = 0;
    selected.clear();
    while (!remaining.empty()) {
        bool has_best = false, best_infinite = false;
        Num best(0);
        tied.clear();
        for (auto q : remaining) {
            const auto i = static_cast<size_t>(q);
            const bool infinite = s.score[i] == 0; // nobody approves it: infinite load
            Num value(0);
            if (!infinite) value = (load_sum[i] + Num(p.projects[i].cost)) / Num(s.score[i]);
            if (!has_best) {
                has_best = true;
                best_infinite = infinite;
                best = value;
                tied.assign(1, q);
                continue;
            }
            if (infinite || best_infinite) {
                if (infinite && best_infinite) tied.push_back(q);
                else if (!infinite) { // any finite load beats an infinite one
                    best_infinite = false;
                    best = value;
                    tied.assign(1, q);
                }
                continue;
            }
            if (kFloat && Near(tally_internal::ToDouble(value), tally_internal::ToDouble(best))) return false;
            if (value < best) {
                best = value;
                tied.assign(1, q);
            } else if (value == best) {
                tied.push_back(q);
            }
        }
        for (auto q : tied)
            if (spent + p.projects[static_cast<size_t>(q)].cost > p.budget) return true; // stop
        std::int32_t chosen = tied[0];
        for (auto t : tied)
            if (s.id_rank[static_cast<size_t>(t)] < s.id_rank[static_cast<size_t>(chosen)]) chosen = t;
        const auto c = static_cast<size_t>(chosen);
        selected.push_back(chosen);
        spent += p.projects[c].cost;
        remaining.erase(std::find(remaining.begin(), remaining.end(), chosen));
        alive[c] = false;
        if (best_infinite) continue; // no supporter, no load to move
        for (auto k = s.start[c]; k < s.start[c + 1]; ++k) {
            const auto g = static_cast<size_t>(s.group[static_cast<size_t>(k)]);
            const Num delta = (best - load[g]) * Num(p.groups[g].count);
            load[g] = best;
            for (auto q : p.groups[g].projects)
                if (alive[static_cast<size_t>(q)]) load_sum[static_cast<size_t>(q)] += delta;
        }
    }
    return true;
}

class Phragmen final : public TallyRule {
public:
    const char* Name() const override { return "phragmen"; }
    const char* Description() const override {
        return "Sequential Phragmén: supporters share each project's cost so as to keep the largest "
               "load on any voter as small as possible.";
    }
    bool UsesSatisfaction() const override { return false; }
    bool UsesCompletion() const override { return false; }
    Validation Check(const Profile& p, const TallyOptions&) const override {
        if (p.format != BallotFormat::Approval)
            return FieldError{"rule_not_supported", "rule", Msg("La méthode de Phragmén demande des bulletins d'approbation.")};
        return std::nullopt;
    }
    TallyOutcome Run(const Profile& p, const TallyOptions& o) const override {
        TallyOutcome out;
        PhragmenSetup setup(p);
        out.inner_runs = 1;
        if (o.exact_only || !RunPhragmen<double>(setup, out.selected)) {
            out.exact_runs = 1;
            RunPhragmen<Rational>(setup, out.selected);
        }
        out.total_cost = tally_internal::TotalCost(p, out.selected);
        return out;
    }
};

} // namespace

const TallyRule& PhragmenRule() {
    static const Phragmen rule;
    return rule;
}

} // namespace quartier

// The Method of Equal Shares (Peters, Pierczyński, Skowron), as pabutools 1.2.3 computes it,
// with its completions. Each voter gets an equal share of the budget; a project is funded
// when its supporters can pay for it, cheapest price per unit of satisfaction first.
//
// Speed with exact decisions: a run is first made in double precision, and every comparison
// that decides something (which project is cheapest, whether supporters can afford a
// project) is checked against a margin; if any is too close to call - a genuine tie, say -
// the run is redone in exact rationals. Identical ballots are grouped.
//
// Index
// [SECTION] Setup shared by every run
// [SECTION] One run of MES for a given share per voter
// [SECTION] Completions and the rule
#include "shared/tally/tally_internal.h"

#include <algorithm>
#include <type_traits>

namespace quartier {

using tally_internal::Incidence;
using tally_internal::Near;
using tally_internal::Rational;

namespace {

//-------------------------------------------------------------------------------------------
// [SECTION] Setup shared by every run
//-------------------------------------------------------------------------------------------

struct MesSetup {
    const Profile& p;
    Incidence inc;
    std::vector<std::int64_t> total_sat;   // per project: sum of count * satisfaction
    std::vector<std::int32_t> eligible;    // supported projects with a cost
    std::vector<std::int32_t> free_projects; // supported projects costing nothing, id order
    std::vector<std::int32_t> id_rank;     // position of each project in id order
    bool too_large = false;

    MesSetup(const Profile& prof, Satisfaction sat) : p(prof), inc(tally_internal::BuildIncidence(prof, sat)) {
        const size_t n = p.projects.size();
        total_sat.assign(n, 0);
        id_rank.assign(n, 0);
        const auto order = p.IdOrder();
        for (size_t r = 0; r < order.size(); ++r) id_rank[static_cast<size_t>(order[r])] = static_cast<std::int32_t>(r);
        for (size_t q = 0; q < n; ++q) {
            Int128 t = 0;
            for (auto s = inc.start[q]; s < inc.start[q + 1]; ++s)
                t += static_cast<Int128>(p.groups[static_cast<size_t>(inc.group[static_cast<size_t>(s)])].count) *
                     inc.sat[static_cast<size_t>(s)];
            if (t > (static_cast<Int128>(1) << 62)) too_large = true;
            total_sat[q] = static_cast<std::int64_t>(t);
        }
        for (auto q : order) {
            if (total_sat[static_cast<size_t>(q)] <= 0) continue;
            if (p.projects[static_cast<size_t>(q)].cost > 0) eligible.push_back(q);
            else free_projects.push_back(q);
        }
    }
};

//-------------------------------------------------------------------------------------------
// [SECTION] One run of MES for a given share per voter
//-------------------------------------------------------------------------------------------

template <class Num>
class MesRun {
    static constexpr bool kFloat = std::is_same<Num, double>::value;

public:
    explicit MesRun(const MesSetup& s) : m_s(s) {}

    // Fills selected (selection order). False when the floating-point pass can't vouch for
    // a decision; never false in exact arithmetic. exact_share: the same share per voter as
    // an exact rational, which lets the floating-point pass settle most near ties itself.
    bool Run(const Num& per_voter, std::vector<std::int32_t>& selected, MesExplanation* ex,
             const Rational* exact_share = nullptr) {
        const Profile& p = m_s.p;
        const Incidence& inc = m_s.inc;
        const size_t n = p.projects.size();
        m_exact_share = exact_share;
        m_b.assign(p.groups.size(), per_voter);
        if (kFloat) m_state.assign(p.groups.size(), kUntouched);
        selected = m_s.free_projects;
        std::vector<Num> lower(n, Num(0)); // last known price: prices only go up
        for (auto q : m_s.eligible)
            lower[static_cast<size_t>(q)] = Num(p.projects[static_cast<size_t>(q)].cost) / Num(m_s.total_sat[static_cast<size_t>(q)]);
        std::vector<std::int32_t> alive = m_s.eligible, next;
        std::vector<std::int32_t> tied;
        std::vector<std::pair<std::int32_t, Num>> evaluated;
        std::vector<Num> ruled_out_money;
        std::vector<int> ruled_out_round;
        if (ex) {
            ruled_out_money.assign(n, Num(0));
            ruled_out_round.assign(n, 0);
        }
        Num money_left = per_voter * Num(p.num_voters);
        for (int round = 1;; ++round) {
            std::stable_sort(alive.begin(), alive.end(), [&](std::int32_t a, std::int32_t b) {
                return lower[static_cast<size_t>(a)] < lower[static_cast<size_t>(b)];
            });
            bool has_best = false;
            Num best(0);
            tied.clear();
            next.clear();
            evaluated.clear();
            size_t i = 0;
            for (; i < alive.size(); ++i) {
                const auto q = static_cast<size_t>(alive[i]);
                const Num cost(p.projects[q].cost);
                Num avail(0);
                for (auto s = inc.start[q]; s < inc.start[q + 1]; ++s) {
                    const auto g = static_cast<size_t>(inc.group[static_cast<size_t>(s)]);
                    avail += Num(p.groups[g].count) * m_b[g];
                }
                bool unaffordable = avail < cost;
                if (kFloat && Near(ToD(avail), ToD(cost)) && !ExactlyUnaffordable(q, unaffordable)) return false;
                if (unaffordable) { // its supporters can no longer pay for it
                    if (ex) {
                        ruled_out_money[q] = avail;
                        ruled_out_round[q] = round;
                    }
                    continue;
                }
                if (has_best) {
                    const bool beyond = kFloat ? ToD(lower[q]) > ToD(best) * (1 + tally_internal::kDoubtMargin)
                                               : lower[q] > best;
                    if (beyond) break;
                }
                bool doubt = false;
                const Num rho = Price(q, cost, doubt);
                if (doubt) return false;
                lower[q] = rho;
                next.push_back(alive[i]);
                if (kFloat) evaluated.emplace_back(alive[i], rho);
                if (!has_best || rho < best) {
                    has_best = true;
                    best = rho;
                    tied.assign(1, alive[i]);
                } else if (rho == best) {
                    tied.push_back(alive[i]);
                }
            }
            for (; i < alive.size(); ++i) next.push_back(alive[i]);
            alive.swap(next);
            if (tied.empty()) break;
            std::int32_t chosen = tied[0];
            if (kFloat) {
                // Every project priced within the margin of the best might be the true best.
                tied.clear();
                for (const auto& e : evaluated)
                    if (ToD(e.second) <= ToD(best) || Near(ToD(e.second), ToD(best))) tied.push_back(e.first);
                if (tied.size() > 1) {
                    if (!SettleTie(tied, chosen)) return false;
                    for (const auto& e : evaluated)
                        if (e.first == chosen) best = e.second;
                }
            } else {
                for (auto t : tied)
                    if (m_s.id_rank[static_cast<size_t>(t)] < m_s.id_rank[static_cast<size_t>(chosen)]) chosen = t;
            }
            Pay(static_cast<size_t>(chosen), best, round, money_left, ex);
            alive.erase(std::find(alive.begin(), alive.end(), chosen));
            selected.push_back(chosen);
        }
        if (ex) Explain(selected, ruled_out_money, ruled_out_round, per_voter, ex);
        return true;
    }

private:
    static double ToD(const Num& x) { return tally_internal::ToDouble(x); }

    // What the floating-point pass knows exactly about a group's money.
    enum : char {
        kUntouched, // still the initial share: exactly *m_exact_share
        kEmpty,     // gave all it had, clearly (not a near call): exactly 0
        kUnknown    // paid part of its money: only approximately known
    };

    // Settles "can the supporters of q afford it?" exactly when all their money is known
    // exactly. False when it isn't.
    bool ExactlyUnaffordable(size_t q, bool& unaffordable) const {
        if (!m_exact_share) return false;
        const Incidence& inc = m_s.inc;
        std::int64_t full = 0;
        for (auto s = inc.start[q]; s < inc.start[q + 1]; ++s) {
            const auto g = static_cast<size_t>(inc.group[static_cast<size_t>(s)]);
            if (m_state[g] == kUnknown) return false;
            if (m_state[g] == kUntouched) full += m_s.p.groups[g].count;
        }
        unaffordable = *m_exact_share * Rational(static_cast<long long>(full)) <
                       Rational(static_cast<long long>(m_s.p.projects[q].cost));
        return true;
    }

    // The exact price of q when its supporters split clearly into those who pay their share
    // and those who give all they have, and the latter's money is known exactly.
    bool ExactPrice(size_t q, Rational& out) const {
        if (!m_exact_share) return false;
        const Incidence& inc = m_s.inc;
        bool doubt = false;
        const double rho = ToD(const_cast<MesRun*>(this)->Price(q, Num(m_s.p.projects[q].cost), doubt));
        if (doubt) return false;
        std::int64_t rich_sat = 0, poor_full = 0;
        for (auto s = inc.start[q]; s < inc.start[q + 1]; ++s) {
            const auto g = static_cast<size_t>(inc.group[static_cast<size_t>(s)]);
            const std::int64_t u = inc.sat[static_cast<size_t>(s)];
            const double share = rho * static_cast<double>(u);
            const double b = ToD(m_b[g]);
            if (Near(b, share)) return false;
            if (b < share) {
                if (m_state[g] == kUnknown) return false;
                if (m_state[g] == kUntouched) poor_full += m_s.p.groups[g].count;
            } else {
                rich_sat += m_s.p.groups[g].count * u;
            }
        }
        if (rich_sat == 0) return false;
        out = (Rational(static_cast<long long>(m_s.p.projects[q].cost)) -
               *m_exact_share * Rational(static_cast<long long>(poor_full))) /
              Rational(static_cast<long long>(rich_sat));
        return true;
    }

    // Picks, exactly, the cheapest of near-tied projects (ties by id). False when an exact
    // price can't be had cheaply.
    bool SettleTie(const std::vector<std::int32_t>& candidates, std::int32_t& chosen) const {
        Rational best;
        bool first = true;
        for (auto q : candidates) {
            Rational r;
            if (!ExactPrice(static_cast<size_t>(q), r)) return false;
            if (first || r < best ||
                (r == best && m_s.id_rank[static_cast<size_t>(q)] < m_s.id_rank[static_cast<size_t>(chosen)])) {
                best = r;
                chosen = q;
                first = false;
            }
        }
        return true;
    }

    // The smallest price rho per unit of satisfaction at which supporters paying
    // min(budget, rho * satisfaction) cover the cost (supporters can afford the project).
    Num Price(size_t q, const Num& cost, bool& doubt) {
        const Incidence& inc = m_s.inc;
        m_rich.clear();
        for (auto s = inc.start[q]; s < inc.start[q + 1]; ++s) m_rich.push_back(s);
        Num poor_money(0);
        std::int64_t rich_sat = m_s.total_sat[q];
        Num rho = cost / Num(rich_sat);
        for (;;) {
            size_t w = 0;
            bool moved = false;
            for (auto s : m_rich) {
                const auto g = static_cast<size_t>(inc.group[static_cast<size_t>(s)]);
                const std::int64_t u = inc.sat[static_cast<size_t>(s)];
                if (m_b[g] < rho * Num(u)) {
                    const std::int64_t c = m_s.p.groups[g].count;
                    poor_money += Num(c) * m_b[g];
                    rich_sat -= c * u;
                    moved = true;
                } else {
                    m_rich[w++] = s;
                }
            }
            m_rich.resize(w);
            if (!moved) return rho;
            if (m_rich.empty()) { // only when supporters hold exactly the cost
                doubt = kFloat;
                return rho;
            }
            rho = (cost - poor_money) / Num(rich_sat);
        }
    }

    void Pay(size_t q, const Num& rho, int round, Num& money_left, MesExplanation* ex) {
        const Incidence& inc = m_s.inc;
        MesRound r;
        Num max_pay(0), paid(0);
        for (auto s = inc.start[q]; s < inc.start[q + 1]; ++s) {
            const auto g = static_cast<size_t>(inc.group[static_cast<size_t>(s)]);
            const Num share = rho * Num(inc.sat[static_cast<size_t>(s)]);
            const std::int64_t c = m_s.p.groups[g].count;
            Num pay = share;
            if (kFloat) m_state[g] = Near(ToD(m_b[g]), ToD(share)) || !(m_b[g] < share) ? kUnknown : kEmpty;
            if (m_b[g] < share) {
                pay = m_b[g];
                r.paying_all_left += c;
            } else {
                r.paying_full_share += c;
            }
            m_b[g] -= pay;
            if (ex) {
                paid += Num(c) * pay;
                if (max_pay < pay) max_pay = pay;
            }
        }
        if (!ex) return;
        const double scale = static_cast<double>(m_s.p.money_scale);
        money_left -= paid;
        r.round = round;
        r.project = m_s.p.projects[q].id;
        r.cost = static_cast<double>(m_s.p.projects[q].cost) / scale;
        r.price_per_satisfaction = ToD(rho);
        r.max_payment = ToD(max_pay) / scale;
        r.supporters = inc.supporters[q];
        r.budget_left = ToD(money_left) / scale;
        ex->rounds.push_back(std::move(r));
    }

    void Explain(const std::vector<std::int32_t>& selected, const std::vector<Num>& money,
                 const std::vector<int>& when, const Num& per_voter, MesExplanation* ex) {
        const Profile& p = m_s.p;
        const double scale = static_cast<double>(p.money_scale);
        ex->budget_per_voter = ToD(per_voter) / scale;
        ex->voters = p.num_voters;
        std::vector<bool> in(p.projects.size(), false);
        for (auto q : selected) in[static_cast<size_t>(q)] = true;
        for (auto q : p.IdOrder()) {
            const auto i = static_cast<size_t>(q);
            if (in[i]) continue;
            MesUnfunded u;
            u.project = p.projects[i].id;
            u.cost = static_cast<double>(p.projects[i].cost) / scale;
            u.supporters = m_s.inc.supporters[i];
            if (m_s.total_sat[i] > 0 && when[i] > 0) {
                u.reason = UnfundedReason::SupportersTooPoor;
                u.supporters_money = ToD(money[i]) / scale;
                u.ruled_out_in_round = when[i];
            }
            ex->unfunded.push_back(std::move(u));
        }
    }

    const MesSetup& m_s;
    std::vector<Num> m_b; // money left per ballot group, per voter
    std::vector<char> m_state; // floating-point pass only: how exactly m_b is known
    const Rational* m_exact_share = nullptr;
    std::vector<std::int32_t> m_rich;
};

//-------------------------------------------------------------------------------------------
// [SECTION] Completions and the rule
//-------------------------------------------------------------------------------------------

class EqualShares final : public TallyRule {
public:
    const char* Name() const override { return "mes"; }
    const char* Description() const override {
        return "Method of Equal Shares: every voter gets an equal share of the budget; projects are "
               "bought by their supporters, lowest price per unit of satisfaction first.";
    }
    bool UsesSatisfaction() const override { return true; }
    bool UsesCompletion() const override { return true; }

    Validation Check(const Profile& p, const TallyOptions& o) const override {
        if (auto e = tally_internal::CheckSatisfactionFor(p, o.sat)) return e;
        if (o.completion == Completion::Increase && o.step_percent.units <= 0)
            return FieldError{"invalid_step", "step_percent", Msg("Le pas d'augmentation du budget doit être un pourcentage positif.")};
        return std::nullopt;
    }

    TallyOutcome Run(const Profile& p, const TallyOptions& o) const override {
        TallyOutcome out;
        MesSetup setup(p, o.sat);
        if (p.num_voters == 0 || setup.too_large) {
            out.selected = setup.free_projects;
            out.total_cost = tally_internal::TotalCost(p, out.selected);
            return out;
        }
        MesExplanation ex_now, ex_prev;
        MesExplanation* ex = o.explain ? &ex_now : nullptr;
        auto run = [&](const Rational& per_voter, std::vector<std::int32_t>& sel) {
            ++out.inner_runs;
            if (ex) ex_now = MesExplanation{};
            if (!o.exact_only) {
                MesRun<double> r(setup);
                if (r.Run(per_voter.convert_to<double>(), sel, ex, &per_voter)) return;
                if (ex) ex_now = MesExplanation{};
            }
            ++out.exact_runs;
            MesRun<Rational> r(setup);
            r.Run(per_voter, sel, ex);
        };
        const Rational budget(static_cast<long long>(p.budget));
        const Rational voters(static_cast<long long>(p.num_voters));
        std::vector<std::int32_t> sel, prev;
        int increases = 0;
        switch (o.completion) {
        case Completion::None:
        case Completion::Greedy: run(budget / voters, sel); break;
        case Completion::Add1:
        case Completion::Add1Greedy: {
            // pabutools: raise each share by one unit until the outcome is exhaustive among
            // supported projects; the first infeasible outcome means: keep the previous one.
            prev = setup.free_projects;
            ex_prev = MesExplanation{};
            Rational share = budget / voters;
            for (;; ++increases) {
                run(share, sel);
                if (tally_internal::TotalCost(p, sel) > p.budget) {
                    sel = prev;
                    ex_now = ex_prev;
                    --increases;
                    break;
                }
                if (tally_internal::IsExhaustive(p, sel, &setup.eligible)) break;
                prev = sel;
                ex_prev = ex_now;
                share += Rational(static_cast<long long>(p.money_scale));
            }
            break;
        }
        case Completion::Increase: {
            // pabutools' exhaustion_by_budget_increase: same idea with the whole budget raised
            // by a step, exhaustive among all projects, bounded by budget * (voters + 1).
            std::int64_t pct_units = o.step_percent.units;
            Rational step = budget * Rational(static_cast<long long>(pct_units));
            for (int i = 0; i < o.step_percent.scale; ++i) step /= 10;
            step /= 100;
            const Rational bound = budget * (voters + 1);
            Rational current = budget;
            prev.clear();
            bool done = false;
            for (; current <= bound; ++increases) {
                run(current / voters, sel);
                if (tally_internal::TotalCost(p, sel) > p.budget) {
                    sel = prev;
                    ex_now = ex_prev;
                    --increases;
                    done = true;
                    break;
                }
                if (tally_internal::IsExhaustive(p, sel)) {
                    done = true;
                    break;
                }
                prev = sel;
                ex_prev = ex_now;
                current += step;
            }
            if (!done) sel = prev;
            break;
        }
        }
        if ((o.completion == Completion::Greedy || o.completion == Completion::Add1Greedy) &&
            !tally_internal::IsExhaustive(p, sel)) {
            const size_t before = sel.size();
            tally_internal::GreedyComplete(p, Satisfaction::Cost, sel);
            if (ex)
                for (size_t i = before; i < sel.size(); ++i)
                    ex_now.completed_by_greedy.push_back(p.projects[static_cast<size_t>(sel[i])].id);
        }
        out.selected = std::move(sel);
        out.total_cost = tally_internal::TotalCost(p, out.selected);
        if (ex) {
            ex_now.budget_increases = increases < 0 ? 0 : increases;
            out.explanation = std::move(ex_now);
        }
        return out;
    }
};

} // namespace

const TallyRule& EqualSharesRule() {
    static const EqualShares rule;
    return rule;
}

} // namespace quartier

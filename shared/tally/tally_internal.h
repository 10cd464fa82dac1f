// Shared internals of the tally rules: the exact number type, satisfaction values, the
// project -> supporters incidence, and the greedy pass that also completes Equal Shares.
#pragma once

#include "shared/tally/tally.h"

#include <boost/multiprecision/cpp_int.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

namespace quartier {
namespace tally_internal {

// Exact rationals (header-only Boost, so the same code runs in wasm). Expression templates
// off: plain value semantics, no surprises with auto.
using Rational = boost::multiprecision::number<boost::multiprecision::cpp_rational_backend,
                                               boost::multiprecision::et_off>;

inline double ToDouble(double x) { return x; }
inline double ToDouble(const Rational& x) { return x.convert_to<double>(); }

// The floating-point pass trusts a comparison only when the two sides differ by more than
// this relative margin; otherwise the run is redone in exact arithmetic. Double rounding
// over the few hundred operations a decision depends on stays below 1e-12 relative.
constexpr double kDoubtMargin = 1e-9;

inline bool Near(double a, double b) {
    return std::fabs(a - b) <= kDoubtMargin * std::fmax(std::fabs(a), std::fabs(b));
}

// Satisfaction of the voters of group g for the k-th project of their ballot; 0 means
// "not a supporter" (pabutools drops zero-satisfaction supporters too).
std::int64_t SatValue(const Profile& p, Satisfaction sat, const BallotGroup& g, size_t k);

// For each project, its supporters (group index, satisfaction), flat.
struct Incidence {
    std::vector<std::int32_t> start; // size projects + 1
    std::vector<std::int32_t> group;
    std::vector<std::int64_t> sat;
    std::vector<std::int64_t> supporters; // voters (with multiplicity) per project
    bool binary = true;                   // every supporter of a project has the same satisfaction
};
Incidence BuildIncidence(const Profile& p, Satisfaction sat);

// pabutools' greedy_utilitarian_scheme_additive: projects by decreasing total satisfaction
// per unit of cost (ties by id), each added when it still fits. Starts from `selected`
// (kept, in order) and appends to it. Exact: integer cross-multiplication.
void GreedyComplete(const Profile& p, Satisfaction sat, std::vector<std::int32_t>& selected);

std::int64_t TotalCost(const Profile& p, const std::vector<std::int32_t>& selected);
// The "sat" FieldError when the satisfaction doesn't apply to the profile's ballots.
Validation CheckSatisfactionFor(const Profile& p, Satisfaction sat);
// No unselected project among `candidates` (all projects when null) fits the budget left.
bool IsExhaustive(const Profile& p, const std::vector<std::int32_t>& selected,
                  const std::vector<std::int32_t>* candidates = nullptr);

} // namespace tally_internal

// Per-rule entry points, registered in tally_registry.cpp.
const TallyRule& GreedyRule();
const TallyRule& EqualSharesRule();
const TallyRule& PhragmenRule();

} // namespace quartier

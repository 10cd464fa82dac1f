// Splitting an election by district, one Pabulib election per part, and tallying each part.
#include "shared/tally/districts.h"

#include <algorithm>

namespace quartier {

namespace {

void SetMeta(PbElection& e, const std::string& key, const std::string& value) {
    for (auto& [k, v] : e.meta)
        if (k == key) {
            v = value;
            return;
        }
    e.meta.emplace_back(key, value);
}

// The part of e made of the projects kept: ballots restricted to them, in the file's order,
// voters left with nothing dropped (they did not vote in this part).
PbElection Restrict(const PbElection& e, const std::vector<bool>& keep) {
    PbElection out;
    out.meta = e.meta;
    out.vote_type = e.vote_type;
    out.project_columns = e.project_columns;
    out.vote_columns = e.vote_columns;
    out.extra_vote_columns = e.extra_vote_columns;
    std::vector<std::int32_t> remap(e.projects.size(), -1);
    for (size_t i = 0; i < e.projects.size(); ++i)
        if (keep[i]) {
            remap[i] = static_cast<std::int32_t>(out.projects.size());
            out.projects.push_back(e.projects[i]);
        }
    for (const auto& v : e.voters) {
        PbVoter w;
        w.id = v.id;
        w.extra = v.extra;
        for (size_t k = 0; k < v.ballot.size(); ++k) {
            const std::int32_t p = remap[static_cast<size_t>(v.ballot[k])];
            if (p < 0) continue;
            w.ballot.push_back(p);
            if (k < v.points.size()) w.points.push_back(v.points[k]);
        }
        if (!w.ballot.empty()) out.voters.push_back(std::move(w));
    }
    return out;
}

} // namespace

Validation SplitByDistrict(const PbElection& e, const std::vector<DistrictBudget>& budgets,
                           std::vector<DistrictPart>& out, const std::string& column) {
    out.clear();
    auto DistrictsError = [](Msg message) { return FieldError{"invalid_districts", "districts", std::move(message)}; };
    const bool has_column = e.ProjectColumn(column) >= 0;
    Decimal city = e.budget;
    for (const auto& b : budgets) Subtract(city, b.budget, city);
    if (city < Decimal{}) city = Decimal{};
    std::vector<std::string> names;
    names.push_back(""); // the city-wide envelope
    for (const auto& b : budgets) names.push_back(b.district);
    for (size_t i = 0; i < e.projects.size(); ++i) {
        const std::string d = has_column ? e.ProjectCell(i, column) : std::string();
        if (std::find(names.begin(), names.end(), d) == names.end())
            return DistrictsError(Msg("Le projet {} est dans le quartier {}, qui n’a pas de budget.", e.projects[i].id, d));
    }
    for (size_t n = 0; n < names.size(); ++n) {
        std::vector<bool> keep(e.projects.size());
        bool any = false;
        for (size_t i = 0; i < e.projects.size(); ++i) {
            keep[i] = (has_column ? e.ProjectCell(i, column) : std::string()) == names[n];
            any = any || keep[i];
        }
        if (n == 0 && !any) continue; // no city-wide projects: no city-wide part
        DistrictPart part;
        part.district = names[n];
        part.budget = n == 0 ? city : budgets[n - 1].budget;
        part.election = Restrict(e, keep);
        part.election.budget = part.budget;
        SetMeta(part.election, "budget", part.budget.ToString());
        SetMeta(part.election, "num_projects", std::to_string(part.election.projects.size()));
        SetMeta(part.election, "num_votes", std::to_string(part.election.voters.size()));
        if (!part.district.empty()) {
            SetMeta(part.election, "district", part.district);
            SetMeta(part.election, "subunit", part.district);
        }
        out.push_back(std::move(part));
    }
    return std::nullopt;
}

Validation TallyByDistrict(const PbElection& e, std::string_view rule, const TallyOptions& o,
                           const std::vector<DistrictBudget>& budgets, std::vector<DistrictOutcome>& out,
                           const std::string& column) {
    out.clear();
    std::vector<DistrictPart> parts;
    if (auto v = SplitByDistrict(e, budgets, parts, column)) return v;
    for (const auto& part : parts) {
        Profile p;
        if (const std::string err = MakeProfile(part.election, p); !err.empty())
            return FieldError{"invalid_districts", "districts", Msg::Verbatim(err)};
        DistrictOutcome r;
        r.district = part.district;
        if (auto v = Tally(p, rule, o, r.outcome)) return v;
        for (auto i : r.outcome.selected) r.winners.push_back(p.projects[static_cast<size_t>(i)].id);
        r.total_cost = FormatUnits(r.outcome.total_cost, p.money_scale);
        out.push_back(std::move(r));
    }
    return std::nullopt;
}

} // namespace quartier

// Splitting an election by district and tallying each part with its own budget.
#include "shared/tally/districts.h"

#include <algorithm>

namespace quartier {

Validation TallyByDistrict(const PbElection& e, std::string_view rule, const TallyOptions& o,
                           const std::vector<DistrictBudget>& budgets, std::vector<DistrictOutcome>& out,
                           const std::string& column) {
    out.clear();
    auto error = [](const std::string& en, const std::string& fr) {
        return FieldError{"invalid_districts", "districts", en, fr};
    };
    if (e.ProjectColumn(column) < 0)
        return error("The projects have no \"" + column + "\" column.",
                     "Les projets n'ont pas de colonne « " + column + " ».");
    std::vector<std::string> districts;
    for (size_t i = 0; i < e.projects.size(); ++i) {
        const std::string d = e.ProjectCell(i, column);
        if (d.empty())
            return error("Project " + e.projects[i].id + " has no district.",
                         "Le projet " + e.projects[i].id + " n'a pas de quartier.");
        if (std::find(districts.begin(), districts.end(), d) == districts.end()) districts.push_back(d);
    }
    for (const auto& d : districts) {
        const auto b = std::find_if(budgets.begin(), budgets.end(),
                                    [&](const DistrictBudget& x) { return x.district == d; });
        if (b == budgets.end())
            return error("No budget given for district " + d + ".", "Aucun budget pour le quartier " + d + ".");
        std::vector<bool> keep(e.projects.size());
        for (size_t i = 0; i < e.projects.size(); ++i) keep[i] = e.ProjectCell(i, column) == d;
        Profile p;
        const std::string err = MakeProfile(e, p, &keep, &b->budget);
        if (!err.empty()) return error(err, err);
        DistrictOutcome r;
        r.district = d;
        if (auto v = Tally(p, rule, o, r.outcome)) return v;
        for (auto i : r.outcome.selected) r.winners.push_back(p.projects[static_cast<size_t>(i)].id);
        r.total_cost = FormatUnits(r.outcome.total_cost, p.money_scale);
        out.push_back(std::move(r));
    }
    return std::nullopt;
}

} // namespace quartier

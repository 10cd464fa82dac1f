// The shared ballot checks and the registry of ballot kinds (one line per kind).
#include "shared/ballot/ballot_internal.h"

#include "shared/text.h"

#include <algorithm>

namespace quartier {

namespace ballot_internal {

FieldError Error(std::string code, std::string field, std::string en, std::string fr) {
    return FieldError{std::move(code), std::move(field), std::move(en), std::move(fr)};
}

Validation CheckFields(const nlohmann::json& ballot, std::initializer_list<const char*> allowed) {
    if (!ballot.is_object()) return std::nullopt;
    for (const auto& [key, value] : ballot.items()) {
        (void)value;
        bool known = false;
        for (const char* a : allowed) known = known || key == a;
        if (!known)
            // An empty name is named too: a refusal always says which field.
            return Error("unknown_field", key.empty() ? "\"\"" : key.size() <= 40 ? key : key.substr(0, 40) + "…",
                         "This ballot has no such field.", "Ce bulletin n’a pas de tel champ.");
    }
    return std::nullopt;
}

Validation ReadProjects(const nlohmann::json& ballot, const BallotConfig& config, std::vector<size_t>& out) {
    out.clear();
    if (!ballot.is_object())
        return Error("invalid_ballot", "ballot", "The ballot is not in the expected form.",
                     "Le bulletin n’a pas la forme attendue.");
    const auto it = ballot.find("projects");
    if (it == ballot.end() || !it->is_array())
        return Error("invalid_ballot", "projects", "The ballot has no list of projects.",
                     "Le bulletin ne contient pas de liste de projets.");
    for (size_t i = 0; i < it->size(); ++i) {
        const auto& v = (*it)[i];
        const std::string field = "projects[" + std::to_string(i) + "]";
        if (!v.is_string())
            return Error("invalid_project", field, "A project is not given by its identifier.",
                         "Un projet n’est pas désigné par son identifiant.");
        const auto& id = v.get_ref<const std::string&>();
        size_t k = 0;
        while (k < config.projects.size() && config.projects[k].id != id) ++k;
        if (k == config.projects.size())
            return Error("unknown_project", field, "This project is not on the ballot.",
                         "Ce projet ne fait pas partie du vote.");
        if (std::find(out.begin(), out.end(), k) != out.end())
            return Error("duplicate_project", field, "The same project is chosen twice.",
                         "Le même projet est choisi deux fois.");
        out.push_back(k);
    }
    return std::nullopt;
}

bool BudgetAndTotal(const BallotConfig& config, const std::vector<size_t>& chosen, std::int64_t& budget, Int128& total) {
    int scale = config.budget.scale;
    for (auto k : chosen) scale = std::max(scale, config.projects[k].cost.scale);
    budget = 0;
    total = 0;
    bool ok = config.budget.ToUnits(scale, budget);
    for (auto k : chosen) {
        std::int64_t c = 0;
        ok = ok && config.projects[k].cost.ToUnits(scale, c);
        total += c;
    }
    return ok;
}

Validation CheckCount(size_t count, const BallotConfig& config) {
    const auto n = static_cast<long>(count);
    if (config.min_projects > 0 && n < config.min_projects) {
        const std::string m = std::to_string(config.min_projects);
        const bool one = config.min_projects == 1;
        return Error("too_few_projects", "projects",
                     "Choose at least " + m + (one ? " project." : " projects."),
                     "Choisissez au moins " + m + (one ? " projet." : " projets."));
    }
    if (config.max_projects > 0 && n > config.max_projects) {
        const std::string m = std::to_string(config.max_projects);
        const bool one = config.max_projects == 1;
        return Error("too_many_projects", "projects",
                     "You can choose at most " + m + (one ? " project." : " projects."),
                     "Vous pouvez choisir au plus " + m + (one ? " projet." : " projets."));
    }
    return std::nullopt;
}

} // namespace ballot_internal

const std::vector<const BallotKind*>& BallotKinds() {
    static const std::vector<const BallotKind*> kinds = {
        &ApprovalBallotKind(),
        &KnapsackBallotKind(),
        &CumulativeBallotKind(),
        &RankedBallotKind(),
    };
    return kinds;
}

const BallotKind* FindBallotKind(std::string_view name) {
    for (const auto* k : BallotKinds())
        if (name == k->Name()) return k;
    return nullptr;
}

Validation ValidateBallotConfig(const BallotConfig& c) {
    auto error = [](const char* field, std::string en, std::string fr) {
        return FieldError{"invalid_ballot_settings", field, std::move(en), std::move(fr)};
    };
    if (!FindBallotKind(c.kind))
        return error("ballot.kind", "Unknown kind of ballot: " + c.kind + ".", "Type de bulletin inconnu : " + c.kind + ".");
    const std::string most_projects = std::to_string(kMaxBallotProjects);
    if (c.min_projects < 0 || c.min_projects > kMaxBallotProjects)
        return error("ballot.min_projects", "The minimum number of projects must be from 0 to " + most_projects + ".",
                     "Le nombre minimal de projets doit aller de 0 à " + most_projects + ".");
    if (c.max_projects < 0 || c.max_projects > kMaxBallotProjects)
        return error("ballot.max_projects", "The maximum number of projects must be from 0 (no limit) to " + most_projects + ".",
                     "Le nombre maximal de projets doit aller de 0 (sans limite) à " + most_projects + ".");
    if (c.max_projects > 0 && c.min_projects > c.max_projects)
        return error("ballot.min_projects", "The minimum number of projects exceeds the maximum.",
                     "Le nombre minimal de projets dépasse le maximum.");
    if (c.budget < Decimal{})
        return error("ballot.budget", "The budget is not an amount.", "Le budget n’est pas un montant.");
    if (c.kind == "knapsack" && !(Decimal{} < c.budget))
        return error("ballot.budget", "A budget ballot needs a budget above zero.",
                     "Un vote sur budget demande un budget supérieur à zéro.");
    const std::string most_points = "1 000 000";
    const bool points = c.kind == "cumulative";
    if (c.max_points < (points ? 1 : 0) || c.max_points > kMaxBallotPoints)
        return error("ballot.max_points",
                     points ? "A points ballot needs a number of points to spread, from 1 to 1,000,000."
                            : "The number of points to spread must be from 0 to 1,000,000.",
                     points ? "Un vote par points demande un nombre de points à répartir, de 1 à " + most_points + "."
                            : "Le nombre de points à répartir doit aller de 0 à " + most_points + ".");
    if (c.min_spend_percent < 0 || c.min_spend_percent > 100)
        return error("ballot.min_spend_percent", "The least share of the budget to spend must be from 0 to 100 %.",
                     "La part minimale du budget à dépenser doit aller de 0 à 100 %.");
    if (c.min_spend_percent > 0 && !(Decimal{} < c.budget))
        return error("ballot.min_spend_percent", "A least share of the budget to spend needs a budget above zero.",
                     "Une part minimale du budget à dépenser demande un budget supérieur à zéro.");
    if (c.max_points_per_project < 0 || c.max_points_per_project > kMaxBallotPoints)
        return error("ballot.max_points_per_project",
                     "The most points per project must be from 0 (up to the total) to 1,000,000.",
                     "Le maximum de points par projet doit aller de 0 (jusqu’au total) à " + most_points + ".");
    return std::nullopt;
}

const char* ToString(DistrictRule r) { return r == DistrictRule::OwnPlusOne ? "own_plus_one" : "any"; }

bool ParseDistrictRule(std::string_view text, DistrictRule& out) {
    if (text == "any") out = DistrictRule::Any;
    else if (text == "own_plus_one") out = DistrictRule::OwnPlusOne;
    else return false;
    return true;
}

namespace {

// The rules every kind shares, once the kind has found the ballot well formed: the least
// share of the budget to spend, and the districts a voter may choose from.
Validation CheckSharedRules(const nlohmann::json& ballot, const BallotConfig& config) {
    using ballot_internal::Error;
    std::vector<size_t> chosen;
    if (auto e = ballot_internal::ReadProjects(ballot, config, chosen)) return e;
    if (config.min_spend_percent > 0) {
        // Exact: total * 100 >= budget * percent, at one common scale.
        std::int64_t budget = 0;
        Int128 total = 0;
        const bool ok = ballot_internal::BudgetAndTotal(config, chosen, budget, total);
        if (!ok || total * 100 < static_cast<Int128>(budget) * config.min_spend_percent) {
            const std::string pct = std::to_string(config.min_spend_percent);
            return Error("too_little_spent", "projects",
                         "Choose projects costing at least " + pct + " % of the budget of " +
                             FormatEuros(config.budget, "en") + ".",
                         "Choisissez des projets coûtant au moins " + pct + " % du budget de " +
                             FormatEuros(config.budget, "fr") + ".");
        }
    }
    if (config.district_rule == DistrictRule::OwnPlusOne) {
        std::string home;
        if (const auto it = ballot.find("district"); it != ballot.end()) {
            bool known = it->is_string() && !it->get_ref<const std::string&>().empty();
            if (known) {
                home = it->get<std::string>();
                known = std::any_of(config.projects.begin(), config.projects.end(),
                                    [&](const BallotProject& p) { return p.district == home; });
            }
            if (!known)
                return Error("unknown_district", "district", "Choose your district among those of the vote.",
                             "Choisissez votre quartier parmi ceux du vote.");
        }
        std::vector<std::string> others;
        for (auto k : chosen) {
            const std::string& d = config.projects[k].district;
            if (d.empty() || d == home || std::find(others.begin(), others.end(), d) != others.end()) continue;
            others.push_back(d);
        }
        // Without a home given, the first district chosen is taken as it.
        if (others.size() > (home.empty() ? 2u : 1u))
            return Error("too_many_districts", "projects",
                         "You can vote in your own district and one other only (rule: own district + one other).",
                         "Vous pouvez voter dans votre quartier et un seul autre (règle : votre quartier + un autre).");
    }
    return std::nullopt;
}

} // namespace

Validation ValidateBallot(const nlohmann::json& ballot, const BallotConfig& config) {
    const BallotKind* kind = FindBallotKind(config.kind);
    if (!kind)
        return ballot_internal::Error("unknown_kind", "kind", "Unknown kind of ballot \"" + config.kind + "\".",
                                      "Type de bulletin inconnu « " + config.kind + " ».");
    // The home district is the shared rule's field, not the kind's.
    if (config.district_rule == DistrictRule::OwnPlusOne && ballot.is_object() && ballot.contains("district")) {
        nlohmann::json rest = ballot;
        rest.erase("district");
        if (auto e = kind->Validate(rest, config)) return e;
    } else if (auto e = kind->Validate(ballot, config)) {
        return e;
    }
    return CheckSharedRules(ballot, config);
}

} // namespace quartier

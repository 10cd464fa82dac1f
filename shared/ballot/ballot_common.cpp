// The shared ballot checks and the registry of ballot kinds (one line per kind).
#include "shared/ballot/ballot_internal.h"

#include "shared/text.h"

#include <algorithm>

namespace quartier {

namespace ballot_internal {

FieldError Error(std::string code, std::string field, Msg message) {
    return FieldError{std::move(code), std::move(field), std::move(message)};
}

Validation CheckFields(const nlohmann::json& ballot, std::initializer_list<const char*> allowed) {
    if (!ballot.is_object()) return std::nullopt;
    for (const auto& [key, value] : ballot.items()) {
        (void)value;
        bool known = false;
        for (const char* a : allowed) known = known || key == a;
        if (!known)
            // An empty name is named too: a refusal always says which field.
            return Error("unknown_field", key.empty() ? "\"\"" : key.size() <= 40 ? key : key.substr(0, 40) + "…", Msg("Ce bulletin n’a pas de tel champ."));
    }
    return std::nullopt;
}

Validation ReadProjects(const nlohmann::json& ballot, const BallotConfig& config, std::vector<size_t>& out) {
    out.clear();
    if (!ballot.is_object())
        return Error("invalid_ballot", "ballot", Msg("Le bulletin n’a pas la forme attendue."));
    const auto it = ballot.find("projects");
    if (it == ballot.end() || !it->is_array())
        return Error("invalid_ballot", "projects", Msg("Le bulletin ne contient pas de liste de projets."));
    for (size_t i = 0; i < it->size(); ++i) {
        const auto& v = (*it)[i];
        const std::string field = "projects[" + std::to_string(i) + "]";
        if (!v.is_string())
            return Error("invalid_project", field, Msg("Un projet n’est pas désigné par son identifiant."));
        const auto& id = v.get_ref<const std::string&>();
        size_t k = 0;
        while (k < config.projects.size() && config.projects[k].id != id) ++k;
        if (k == config.projects.size())
            return Error("unknown_project", field, Msg("Ce projet ne fait pas partie du vote."));
        if (std::find(out.begin(), out.end(), k) != out.end())
            return Error("duplicate_project", field, Msg("Le même projet est choisi deux fois."));
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
        return Error("too_few_projects", "projects",
                     MsgN(config.min_projects, "Choisissez au moins {} projet.", "Choisissez au moins {} projets.",
                          config.min_projects));
    }
    if (config.max_projects > 0 && n > config.max_projects) {
        return Error("too_many_projects", "projects",
                     MsgN(config.max_projects, "Vous pouvez choisir au plus {} projet.",
                          "Vous pouvez choisir au plus {} projets.", config.max_projects));
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
    auto Error = [](const char* field, Msg message) {
        return FieldError{"invalid_ballot_settings", field, std::move(message)};
    };
    if (!FindBallotKind(c.kind))
        return Error("ballot.kind", Msg("Type de bulletin inconnu : {}.", c.kind));
    const std::string most_projects = std::to_string(kMaxBallotProjects);
    if (c.min_projects < 0 || c.min_projects > kMaxBallotProjects)
        return Error("ballot.min_projects", Msg("Le nombre minimal de projets doit aller de 0 à {}.", most_projects));
    if (c.max_projects < 0 || c.max_projects > kMaxBallotProjects)
        return Error("ballot.max_projects", Msg("Le nombre maximal de projets doit aller de 0 (sans limite) à {}.", most_projects));
    if (c.max_projects > 0 && c.min_projects > c.max_projects)
        return Error("ballot.min_projects", Msg("Le nombre minimal de projets dépasse le maximum."));
    if (c.budget < Decimal{})
        return Error("ballot.budget", Msg("Le budget n’est pas un montant."));
    if (c.kind == "knapsack" && !(Decimal{} < c.budget))
        return Error("ballot.budget", Msg("Un vote sur budget demande un budget supérieur à zéro."));
    const Grouped most_points{kMaxBallotPoints};
    const bool points = c.kind == "cumulative";
    if (c.max_points < (points ? 1 : 0) || c.max_points > kMaxBallotPoints)
        return Error("ballot.max_points",
                     points ? Msg("Un vote par points demande un nombre de points à répartir, de 1 à {}.", most_points)
                            : Msg("Le nombre de points à répartir doit aller de 0 à {}.", most_points));
    if (c.min_spend_percent < 0 || c.min_spend_percent > 100)
        return Error("ballot.min_spend_percent", Msg("La part minimale du budget à dépenser doit aller de 0 à 100 %."));
    if (c.min_spend_percent > 0 && !(Decimal{} < c.budget))
        return Error("ballot.min_spend_percent", Msg("Une part minimale du budget à dépenser demande un budget supérieur à zéro."));
    if (c.max_points_per_project < 0 || c.max_points_per_project > kMaxBallotPoints)
        return Error("ballot.max_points_per_project",
                     Msg("Le maximum de points par projet doit aller de 0 (jusqu’au total) à {}.", most_points));
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
            return Error("too_little_spent", "projects",
                         // xgettext:no-c-format
                         Msg("Choisissez des projets coûtant au moins {} % du budget de {}.",
                             config.min_spend_percent, InEuros{config.budget}));
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
                return Error("unknown_district", "district", Msg("Choisissez votre quartier parmi ceux du vote."));
        }
        std::vector<std::string> others;
        for (auto k : chosen) {
            const std::string& d = config.projects[k].district;
            if (d.empty() || d == home || std::find(others.begin(), others.end(), d) != others.end()) continue;
            others.push_back(d);
        }
        // Without a home given, the first district chosen is taken as it.
        if (others.size() > (home.empty() ? 2u : 1u))
            return Error("too_many_districts", "projects", Msg("Vous pouvez voter dans votre quartier et un seul autre (règle : votre quartier + un autre)."));
    }
    return std::nullopt;
}

} // namespace

Validation ValidateBallot(const nlohmann::json& ballot, const BallotConfig& config) {
    const BallotKind* kind = FindBallotKind(config.kind);
    if (!kind)
        return ballot_internal::Error("unknown_kind", "kind", Msg("Type de bulletin inconnu « {} ».", config.kind));
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

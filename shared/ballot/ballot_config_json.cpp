// BallotConfig <-> JSON, with the checks a process's settings need before anyone votes.
#include "shared/ballot/ballot_config_json.h"
#include "shared/json_read.h"

#include <nlohmann/json.hpp>

#include <utility>

namespace quartier {

namespace {

FieldError ConfigError(const std::string& field, Msg message) {
    return FieldError{"invalid_ballot_settings", field, std::move(message)};
}

// Reads an amount given as a decimal string (or a whole number).
bool ReadAmount(const nlohmann::json& j, Decimal& out) {
    if (j.is_string()) return Decimal::Parse(j.get_ref<const std::string&>(), out);
    if (j.is_number_integer()) {
        out = Decimal::FromInt(j.get<std::int64_t>());
        return true;
    }
    return false;
}

bool ReadCount(const nlohmann::json& obj, const char* key, std::int64_t& out) {
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return true; // 0: no limit
    if (!it->is_number_integer() || it->get<std::int64_t>() < 0) return false;
    out = it->get<std::int64_t>();
    return true;
}

} // namespace

nlohmann::json BallotConfigToJson(const BallotConfig& c) {
    return {{"kind", c.kind},
            {"min_projects", c.min_projects},
            {"max_projects", c.max_projects},
            {"budget", c.budget.ToString()},
            {"max_points", c.max_points},
            {"max_points_per_project", c.max_points_per_project},
            {"min_spend_percent", c.min_spend_percent},
            {"district_rule", ToString(c.district_rule)},
            {"shuffle_projects", c.shuffle_projects}};
}

Validation BallotConfigFromJson(const nlohmann::json& ballot, const nlohmann::json& projects,
                                BallotConfig& out) {
    if (!ballot.is_object())
        return ConfigError("ballot", Msg("Les règles du vote sont absentes."));
    BallotConfig c;
    c.kind = JsonOr(ballot, "kind", "");
    if (!FindBallotKind(c.kind))
        return ConfigError("ballot.kind", Msg("Type de bulletin inconnu : {}.", c.kind));
    // Read as 64-bit integers, then bounded by ValidateBallotConfig, the widgets' rule too.
    std::int64_t min = 0, max = 0;
    for (auto [key, out] : {std::pair<const char*, std::int64_t*>{"min_projects", &min}, {"max_projects", &max},
                            {"max_points", &c.max_points}, {"max_points_per_project", &c.max_points_per_project}})
        if (!ReadCount(ballot, key, *out))
            return ConfigError(std::string("ballot.") + key, Msg("Cette limite du bulletin n’est pas un nombre entier positif ou nul."));
    if (min > kMaxBallotProjects || max > kMaxBallotProjects)
        return ConfigError(min > kMaxBallotProjects ? "ballot.min_projects" : "ballot.max_projects", Msg("Un bulletin compte au plus {} projets.", kMaxBallotProjects));
    c.min_projects = static_cast<int>(min);
    c.max_projects = static_cast<int>(max);
    if (const auto it = ballot.find("budget"); it != ballot.end() && !it->is_null()) {
        if (!ReadAmount(*it, c.budget) || c.budget < Decimal{})
            return ConfigError("ballot.budget", Msg("Le budget n’est pas un montant."));
    }
    std::int64_t spend = 0;
    if (!ReadCount(ballot, "min_spend_percent", spend) || spend > 100)
        return ConfigError("ballot.min_spend_percent", Msg("La part minimale du budget à dépenser est un pourcentage entier, de 0 à 100."));
    c.min_spend_percent = static_cast<int>(spend);
    if (const auto it = ballot.find("district_rule"); it != ballot.end() && !it->is_null()) {
        if (!it->is_string() || !ParseDistrictRule(it->get_ref<const std::string&>(), c.district_rule))
            return ConfigError("ballot.district_rule", Msg("La règle des quartiers est any ou own_plus_one."));
    }
    if (const auto it = ballot.find("shuffle_projects"); it != ballot.end() && !it->is_null()) {
        if (!it->is_boolean())
            return ConfigError("ballot.shuffle_projects", Msg("shuffle_projects vaut true ou false."));
        c.shuffle_projects = it->get<bool>();
    }
    if (auto e = ValidateBallotConfig(c)) return e;
    if (!projects.is_array())
        return ConfigError("projects", Msg("La liste des projets est absente."));
    for (size_t i = 0; i < projects.size(); ++i) {
        const auto& p = projects[i];
        const std::string at = "projects[" + std::to_string(i) + "]";
        BallotProject bp;
        if (!p.is_object() || !p.contains("id") || !p["id"].is_string() || p["id"].get<std::string>().empty())
            return ConfigError(at + ".id", Msg("Un projet n’a pas d’identifiant."));
        bp.id = p["id"].get<std::string>();
        if (!p.contains("cost") || !ReadAmount(p["cost"], bp.cost) || bp.cost < Decimal{})
            return ConfigError(at + ".cost", Msg("Le coût d’un projet n’est pas un montant."));
        if (const auto d = p.find("district"); d != p.end() && d->is_string()) bp.district = d->get<std::string>();
        for (const auto& other : c.projects)
            if (other.id == bp.id)
                return ConfigError(at + ".id", Msg("Deux projets ont le même identifiant."));
        c.projects.push_back(std::move(bp));
    }
    out = std::move(c);
    return std::nullopt;
}

} // namespace quartier

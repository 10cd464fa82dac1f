// The shared ballot checks and the registry of ballot kinds (one line per kind).
#include "shared/ballot/ballot_internal.h"

#include "shared/text.h"

#include <algorithm>

namespace quartier {

namespace ballot_internal {

FieldError Error(std::string code, std::string field, std::string en, std::string fr) {
    return FieldError{std::move(code), std::move(field), std::move(en), std::move(fr)};
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

Validation ValidateBallot(const nlohmann::json& ballot, const BallotConfig& config) {
    const BallotKind* kind = FindBallotKind(config.kind);
    if (!kind)
        return ballot_internal::Error("unknown_kind", "kind", "Unknown kind of ballot \"" + config.kind + "\".",
                                      "Type de bulletin inconnu « " + config.kind + " ».");
    return kind->Validate(ballot, config);
}

} // namespace quartier

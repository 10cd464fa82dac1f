// ComputeResults: the rule's outcome, the greedy / Equal Shares comparison and the votes.
#include "shared/tally/results.h"
#include "shared/json_read.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace quartier {

namespace {

FieldError RuleError(const std::string& field, Msg message) {
    return FieldError{"invalid_rule", field, std::move(message)};
}

std::vector<std::string> Ids(const Profile& p, const TallyOutcome& o) {
    std::vector<std::string> ids;
    for (const auto i : o.selected) ids.push_back(p.projects[static_cast<size_t>(i)].id);
    return ids;
}

} // namespace

Validation RuleSpecFromJson(const nlohmann::json& j, RuleSpec& out) {
    if (!j.is_object()) return RuleError("rule", Msg("La règle de décompte est absente."));
    RuleSpec s;
    s.name = JsonOr(j, "name", "");
    if (!FindTallyRule(s.name))
        return RuleError("rule.name", Msg("Règle de décompte inconnue : {}.", s.name));
    if (j.contains("sat") && !ParseSatisfaction(JsonOr(j, "sat", ""), s.options.sat))
        return RuleError("rule.sat", Msg("Mesure de satisfaction inconnue."));
    if (j.contains("completion") && !ParseCompletion(JsonOr(j, "completion", ""), s.options.completion))
        return RuleError("rule.completion", Msg("Complément inconnu."));
    if (j.contains("step_percent") && (!j["step_percent"].is_string() ||
                                       !Decimal::Parse(j["step_percent"].get<std::string>(), s.options.step_percent)))
        return RuleError("rule.step_percent", Msg("Le pas n’est pas un montant."));
    out = std::move(s);
    return std::nullopt;
}

nlohmann::json RuleSpecToJson(const RuleSpec& spec) {
    return {{"name", spec.name},
            {"sat", ToString(spec.options.sat)},
            {"completion", ToString(spec.options.completion)},
            {"step_percent", spec.options.step_percent.ToString()}};
}

TallyOptions ComparisonOptions(VoteType type) {
    TallyOptions o;
    o.sat = HasPoints(type) ? Satisfaction::Points : type == VoteType::Ordinal ? Satisfaction::Borda : Satisfaction::Cost;
    return o;
}

namespace {

// The rule, greedy and Equal Shares on one election (a whole one, or one part of a split one).
Validation MakeElectionProfile(const PbElection& e, Profile& profile) {
    if (const std::string err = MakeProfile(e, profile); !err.empty())
        return FieldError{"invalid_election", "", Msg("Le fichier de l’élection ne peut pas être décompté : {}", err)};
    return std::nullopt;
}

Validation TallyPart(const PbElection& e, const Profile& profile, const RuleSpec& spec, DistrictResults& r) {
    r.budget = e.budget;
    r.voters = profile.num_voters;
    TallyOutcome ruled, greedy, mes;
    TallyOptions rule_options = spec.options;
    rule_options.explain = spec.name == "mes";
    if (auto err = Tally(profile, spec.name, rule_options, ruled)) return err;
    if (auto err = Tally(profile, "greedy", ComparisonOptions(e.vote_type), greedy)) return err;
    TallyOptions mes_options = ComparisonOptions(e.vote_type);
    mes_options.completion = Completion::Add1Greedy; // equalshares.net's default
    mes_options.explain = true;
    if (auto err = Tally(profile, "mes", mes_options, mes)) return err;
    r.winners = Ids(profile, ruled);
    r.greedy_winners = Ids(profile, greedy);
    r.mes_winners = Ids(profile, mes);
    r.spent = Decimal{};
    for (const auto& id : r.winners) Add(r.spent, e.projects[static_cast<size_t>(e.FindProject(id))].cost, r.spent);
    if (mes.explanation) r.explanation = *mes.explanation;
    r.rule_explanation = std::move(ruled.explanation);
    return std::nullopt;
}

void Append(std::vector<std::string>& to, const std::vector<std::string>& from) {
    to.insert(to.end(), from.begin(), from.end());
}

} // namespace

const MesExplanation& ElectionResults::ExplanationOf(const std::string& project_id) const {
    for (const auto& d : districts) {
        for (const auto& r : d.explanation.rounds)
            if (r.project == project_id) return d.explanation;
        for (const auto& u : d.explanation.unfunded)
            if (u.project == project_id) return d.explanation;
        if (std::count(d.explanation.completed_by_greedy.begin(), d.explanation.completed_by_greedy.end(), project_id))
            return d.explanation;
    }
    return explanation;
}

Validation ComputeResults(const PbElection& e, const RuleSpec& spec, ElectionResults& out,
                          const std::vector<DistrictBudget>& districts) {
    Profile profile; // the whole box: votes per project and voters
    if (auto err = MakeElectionProfile(e, profile)) return err;
    ElectionResults r;
    r.rule = spec;
    r.budget = e.budget;
    r.voters = profile.num_voters;
    if (districts.empty()) {
        DistrictResults whole;
        if (auto err = TallyPart(e, profile, spec, whole)) return err;
        r.winners = std::move(whole.winners);
        r.greedy_winners = std::move(whole.greedy_winners);
        r.mes_winners = std::move(whole.mes_winners);
        r.explanation = std::move(whole.explanation);
        r.rule_explanation = std::move(whole.rule_explanation);
    } else {
        // Each part as its own file would be counted: a district's projects never compete
        // for the whole budget, nor for another district's.
        std::vector<DistrictPart> parts;
        if (auto err = SplitByDistrict(e, districts, parts)) return err;
        for (const auto& part : parts) {
            DistrictResults d;
            d.district = part.district;
            Profile own;
            if (auto err = MakeElectionProfile(part.election, own)) return err;
            if (auto err = TallyPart(part.election, own, spec, d)) return err;
            Append(r.winners, d.winners);
            Append(r.greedy_winners, d.greedy_winners);
            Append(r.mes_winners, d.mes_winners);
            r.districts.push_back(std::move(d));
        }
    }

    std::vector<std::int64_t> votes(profile.projects.size(), 0);
    for (const auto& g : profile.groups)
        for (size_t k = 0; k < g.projects.size(); ++k)
            votes[static_cast<size_t>(g.projects[k])] += g.points.empty() ? g.count : g.count * g.points[k];

    // The profile's project order is the file's (MakeProfile keeps it).
    for (size_t i = 0; i < e.projects.size(); ++i) {
        ResultRow row;
        row.id = e.projects[i].id;
        row.name = e.ProjectCell(i, "name");
        if (row.name.empty()) row.name = row.id;
        row.category = e.ProjectCell(i, "category");
        row.district = e.ProjectCell(i, "district");
        row.cost = e.projects[i].cost;
        row.votes = votes[i];
        const auto pos = std::find(r.winners.begin(), r.winners.end(), row.id);
        row.rule_order = pos == r.winners.end() ? 0 : static_cast<int>(pos - r.winners.begin()) + 1;
        row.funded_greedy = std::count(r.greedy_winners.begin(), r.greedy_winners.end(), row.id) > 0;
        row.funded_mes = std::count(r.mes_winners.begin(), r.mes_winners.end(), row.id) > 0;
        if (row.rule_order > 0) Add(r.spent, row.cost, r.spent);
        if (!row.district.empty()) {
            auto d = std::find_if(r.by_district.begin(), r.by_district.end(),
                                  [&](const DistrictSpend& s) { return s.district == row.district; });
            if (d == r.by_district.end()) {
                DistrictSpend fresh;
                fresh.district = row.district;
                d = r.by_district.insert(r.by_district.end(), std::move(fresh));
            }
            ++d->projects;
            if (row.rule_order > 0) {
                ++d->funded;
                Add(d->spent, row.cost, d->spent);
            }
        }
        r.rows.push_back(std::move(row));
    }
    std::sort(r.rows.begin(), r.rows.end(), [](const ResultRow& a, const ResultRow& b) {
        return a.votes != b.votes ? a.votes > b.votes : a.id < b.id;
    });
    out = std::move(r);
    return std::nullopt;
}

} // namespace quartier

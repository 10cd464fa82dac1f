// Results as the results widget recounts them, on the real Toulouse 2022 election.
#include "shared/tally/results.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using namespace quartier;
using nlohmann::json;

namespace {
PbElection Load(const std::string& file) {
    std::ifstream in(std::string(QUARTIER_TEST_DATA) + "/pabulib/" + file);
    PbElection e;
    PbError err;
    REQUIRE(ReadPabulib(in, e, err));
    return e;
}
json Reference(const std::string& file) {
    std::ifstream in(std::string(QUARTIER_TEST_DATA) + "/pabulib/reference.json");
    return json::parse(in)[file];
}
} // namespace

TEST_CASE("Toulouse 2022: the rule's winners, the comparison and the votes agree with pabutools") {
    const PbElection e = Load("France_Toulouse_2022.pb");
    const json ref = Reference("France_Toulouse_2022.pb");
    RuleSpec spec;
    REQUIRE_FALSE(RuleSpecFromJson(json{{"name", "greedy"}, {"sat", "cost"}}, spec));
    ElectionResults r;
    REQUIRE_FALSE(ComputeResults(e, spec, r));
    CHECK(r.voters == 4532);
    CHECK(r.rows.size() == 199);
    CHECK(r.winners == ref["rules_selection_order"]["greedy_cost_sat"].get<std::vector<std::string>>());
    CHECK(r.greedy_winners == r.winners);
    auto mes = r.mes_winners;
    std::sort(mes.begin(), mes.end());
    CHECK(mes == ref["rules"]["mes_cost_sat_add1_then_greedy_cost_sat"].get<std::vector<std::string>>());
    // Rows by votes; the top row's count is its number of supporters in the file.
    CHECK(r.rows[0].votes >= r.rows[1].votes);
    std::int64_t supporters = 0;
    const int top = e.FindProject(r.rows[0].id);
    for (const auto& v : e.voters)
        supporters += std::count(v.ballot.begin(), v.ballot.end(), top);
    CHECK(r.rows[0].votes == supporters);
    CHECK(r.rows[0].name == e.ProjectCell(static_cast<size_t>(top), "name"));
    CHECK_FALSE(r.spent < Decimal{});
    CHECK_FALSE(r.budget < r.spent);
    CHECK(r.explanation.rounds.size() > 0);
}

TEST_CASE("rule settings are read and refused with the field named") {
    RuleSpec spec;
    CHECK(RuleSpecFromJson(json{{"name", "lottery"}}, spec)->field == "rule.name");
    CHECK(RuleSpecFromJson(json{{"name", "mes"}, {"completion", "forever"}}, spec)->field == "rule.completion");
    REQUIRE_FALSE(RuleSpecFromJson(json{{"name", "mes"}, {"sat", "cardinality"}, {"completion", "add1"}}, spec));
    CHECK(spec.options.completion == Completion::Add1);
    RuleSpec back;
    REQUIRE_FALSE(RuleSpecFromJson(RuleSpecToJson(spec), back));
    CHECK(back.options.sat == Satisfaction::Cardinality);
}

TEST_CASE("money per district adds up to the money spent, and counts each district's projects") {
    const PbElection e = Load("France_Toulouse_2022.pb");
    RuleSpec spec;
    REQUIRE_FALSE(RuleSpecFromJson(json{{"name", "greedy"}, {"sat", "cost"}}, spec));
    ElectionResults r;
    REQUIRE_FALSE(ComputeResults(e, spec, r));
    REQUIRE(r.by_district.size() == 20);
    Decimal total;
    int projects = 0, funded = 0;
    for (const auto& d : r.by_district) {
        Add(total, d.spent, total);
        projects += d.projects;
        funded += d.funded;
    }
    CHECK(total.ToString() == r.spent.ToString());
    CHECK(projects == 199);
    CHECK(funded == static_cast<int>(r.winners.size()));
    CHECK_FALSE(r.rule_explanation); // greedy explains nothing
    REQUIRE_FALSE(RuleSpecFromJson(json{{"name", "mes"}, {"completion", "add1+greedy"}}, spec));
    REQUIRE_FALSE(ComputeResults(e, spec, r));
    REQUIRE(r.rule_explanation);
    CHECK(r.rule_explanation->rounds.size() == r.explanation.rounds.size());
}

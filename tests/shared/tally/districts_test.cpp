// Per-district budgets decide: each district within its own money, the city-wide envelope
// with what is left, and every part exactly as its own Pabulib file would be counted.
#include "shared/tally/districts.h"
#include "shared/tally/results.h"
#include "tests/shared/tally/tally_test_util.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

using namespace quartier;
using namespace quartier::test;

namespace {

RuleSpec Rule(const nlohmann::json& j) {
    RuleSpec spec;
    REQUIRE_FALSE(RuleSpecFromJson(j, spec));
    return spec;
}

// Katowice 2020 as the city ran it: one ballot per voter for the city-wide projects and the
// projects of her district (Bogucice here), the same voter ids in both published files.
PbElection KatowiceWithBogucice(const PbElection& city, const PbElection& bogucice) {
    PbElection e;
    e.vote_type = VoteType::Cumulative;
    Add(city.budget, bogucice.budget, e.budget);
    e.meta = {{"budget", e.budget.ToString()}, {"vote_type", "cumulative"}};
    e.project_columns = {"project_id", "cost", "name", "district"};
    e.vote_columns = {"voter_id", "vote", "points"};
    for (const auto* part : {&city, &bogucice}) {
        const std::string district = part == &city ? "" : "Bogucice";
        for (size_t i = 0; i < part->projects.size(); ++i)
            e.projects.push_back({part->projects[i].id, part->projects[i].cost,
                                  {part->projects[i].id, part->projects[i].cost.ToString(),
                                   part->ProjectCell(i, "name"), district}});
    }
    const auto offset = static_cast<std::int32_t>(city.projects.size());
    std::map<std::string, size_t> voter;
    for (const auto* part : {&city, &bogucice})
        for (const auto& v : part->voters) {
            auto it = voter.find(v.id);
            if (it == voter.end()) {
                it = voter.emplace(v.id, e.voters.size()).first;
                e.voters.push_back(PbVoter{v.id, {}, {}, {}});
            }
            auto& w = e.voters[it->second];
            for (size_t k = 0; k < v.ballot.size(); ++k) {
                w.ballot.push_back(v.ballot[k] + (part == &city ? 0 : offset));
                w.points.push_back(v.points[k]);
            }
        }
    return e;
}

} // namespace

TEST_CASE("Katowice 2020: the city-wide envelope and Bogucice, counted in one box, decide as their own files") {
    const PbElection& city = LoadElection("Poland_Katowice_2020.pb");
    const PbElection& bogucice = LoadElection("Poland_Katowice_2020_Bogucice.pb");
    const PbElection box = KatowiceWithBogucice(city, bogucice);
    const RuleSpec greedy = Rule({{"name", "greedy"}, {"sat", "points"}});

    ElectionResults own_city, own_district, split;
    REQUIRE_FALSE(ComputeResults(city, greedy, own_city));
    REQUIRE_FALSE(ComputeResults(bogucice, greedy, own_district));
    REQUIRE_FALSE(own_district.winners.empty());

    REQUIRE_FALSE(ComputeResults(box, greedy, split, {{"Bogucice", bogucice.budget}}));
    REQUIRE(split.districts.size() == 2);
    CHECK(split.districts[0].district == "");
    CHECK(split.districts[0].budget.ToString() == "2999999");
    CHECK(split.districts[0].winners == own_city.winners);
    CHECK(split.districts[1].district == "Bogucice");
    CHECK(split.districts[1].budget.ToString() == "572542");
    CHECK(split.districts[1].winners == own_district.winners);
    CHECK(split.districts[1].voters == own_district.voters);
    CHECK(split.districts[1].greedy_winners == own_district.greedy_winners);
    CHECK(split.districts[1].mes_winners == own_district.mes_winners);
    // The announced list is the parts' lists, and the money each part spends is its own.
    std::vector<std::string> both = own_city.winners;
    both.insert(both.end(), own_district.winners.begin(), own_district.winners.end());
    CHECK(split.winners == both);
    CHECK(split.districts[1].spent.ToString() == own_district.spent.ToString());
    CHECK_FALSE(split.districts[1].budget < split.districts[1].spent);

    // Each part's own file, as the server publishes it, recounts to the same winners.
    std::vector<DistrictPart> parts;
    REQUIRE_FALSE(SplitByDistrict(box, {{"Bogucice", bogucice.budget}}, parts));
    REQUIRE(parts.size() == 2);
    CHECK(parts[1].election.Meta("district") == "Bogucice");
    CHECK(parts[1].election.Meta("budget") == "572542");
    CHECK(parts[1].election.voters.size() == bogucice.voters.size());
    ElectionResults reread;
    REQUIRE_FALSE(ComputeResults(Parse(WritePabulib(parts[1].election)), greedy, reread));
    CHECK(reread.winners == split.districts[1].winners);

    // Counted against the whole budget instead, Bogucice's projects would not be decided
    // by Bogucice's budget: the outcome differs.
    ElectionResults pooled;
    REQUIRE_FALSE(ComputeResults(box, greedy, pooled));
    CHECK(pooled.winners != split.winners);
}

TEST_CASE("a project costing more than its district's budget is never announced funded") {
    // Beaucouzé's 32,000 € project, the most wanted, in a 20,000 € district budget.
    const PbElection e = Parse("META\nkey;value\nbudget;200000\nvote_type;approval\n"
                               "PROJECTS\nproject_id;cost;name;district\n"
                               "b1;32000;Skatepark;Beaucouzé\nb2;15000;Jardin;Beaucouzé\n"
                               "a1;120000;Piscine;Angers\na2;50000;Pistes;Angers\n"
                               "VOTES\nvoter_id;vote\n1;b1\n2;b1,b2\n3;b1,a1\n4;a1\n5;a2,b1\n6;b2\n");
    for (const char* rule : {"greedy", "mes", "phragmen"}) {
        CAPTURE(rule);
        ElectionResults r;
        REQUIRE_FALSE(ComputeResults(e, Rule({{"name", rule}, {"completion", "none"}}), r,
                                     {{"Angers", Decimal::FromInt(180000)}, {"Beaucouzé", Decimal::FromInt(20000)}}));
        for (const auto* list : {&r.winners, &r.greedy_winners, &r.mes_winners})
            CHECK(std::count(list->begin(), list->end(), "b1") == 0);
        for (const auto& row : r.rows)
            if (row.id == "b1") CHECK((row.rule_order == 0 && !row.funded_greedy && !row.funded_mes));
        for (const auto& d : r.districts) CHECK_FALSE(d.budget < d.spent);
        for (const auto& d : r.by_district)
            if (d.district == "Beaucouzé" && std::string(rule) == "greedy") CHECK(d.spent.ToString() == "15000");
    }
    // Counted against the whole budget, it would have been funded: the split is what stops it.
    ElectionResults pooled;
    REQUIRE_FALSE(ComputeResults(e, Rule({{"name", "greedy"}}), pooled));
    CHECK(std::count(pooled.winners.begin(), pooled.winners.end(), "b1") == 1);
}

TEST_CASE("the city-wide envelope is the budget left after the districts', for the projects of no district") {
    const PbElection e = Parse("META\nkey;value\nbudget;300\nvote_type;approval\n"
                               "PROJECTS\nproject_id;cost;district\nc1;90;\nc2;60;\nn1;100;Nord\nn2;80;Nord\ns1;150;Sud\n"
                               "VOTES\nvoter_id;vote\n1;c1,n1\n2;c1,c2,n2\n3;c2,s1\n4;n1\n5;c1\n");
    ElectionResults r;
    REQUIRE_FALSE(ComputeResults(e, Rule({{"name", "greedy"}}), r,
                                 {{"Nord", Decimal::FromInt(100)}, {"Sud", Decimal::FromInt(100)}}));
    REQUIRE(r.districts.size() == 3);
    // 300 - 100 - 100 = 100 for the city: c1 (3 votes, 90) fits, c2 (60) no longer does, and
    // money Sud could not spend (s1 costs 150) does not go to the city.
    CHECK(r.districts[0].district == "");
    CHECK(r.districts[0].budget.ToString() == "100");
    CHECK(r.districts[0].winners == std::vector<std::string>{"c1"});
    CHECK(r.districts[1].winners == std::vector<std::string>{"n1"});
    CHECK(r.districts[2].winners.empty());
    CHECK(r.winners == std::vector<std::string>{"c1", "n1"});
    CHECK(r.spent.ToString() == "190");
    CHECK(r.districts[0].voters == 4); // voters who chose a city-wide project

    // A project in a district with no budget is refused by name, in both languages.
    const auto err = ComputeResults(e, Rule({{"name", "greedy"}}), r, {{"Nord", Decimal::FromInt(100)}});
    REQUIRE(err);
    CHECK(err->field == "districts");
    CHECK(err->Message("en").find("s1") != std::string::npos);
    CHECK(err->Message("fr").find("Sud") != std::string::npos);
}

// The ballot rules every kind may add (as CONSUL and Decidim offer them): a least share of
// the budget to spend, and "your district and one other"; read from the process's settings
// and checked by the one ValidateBallot the widget and the server run.
#include "shared/ballot/ballot.h"
#include "shared/ballot/ballot_config_json.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace quartier;
using nlohmann::json;

namespace {

const json kProjects = json::array({{{"id", "a1"}, {"cost", "60000"}, {"district", "Angers"}},
                                    {{"id", "b1"}, {"cost", "15000"}, {"district", "Beaucouzé"}},
                                    {{"id", "v1"}, {"cost", "9000"}, {"district", "Avrillé"}},
                                    {{"id", "c1"}, {"cost", "20000"}}});

BallotConfig Read(const json& ballot) {
    BallotConfig c;
    const auto err = BallotConfigFromJson(ballot, kProjects, c);
    REQUIRE_FALSE(err);
    return c;
}

} // namespace

TEST_CASE("spend at least N % of the budget: refused below it, in both languages, for every kind") {
    for (const char* kind : {"approval", "knapsack", "ranked"}) {
        CAPTURE(kind);
        const BallotConfig c = Read({{"kind", kind}, {"budget", "100000"}, {"min_spend_percent", 30}});
        CHECK(c.min_spend_percent == 30);
        const auto low = ValidateBallot(json{{"projects", {"b1", "v1"}}}, c); // 24 % of 100,000
        REQUIRE(low);
        CHECK(low->code == "too_little_spent");
        CHECK(low->field == "projects");
        CHECK(low->Message("fr").find("au moins 30 % du budget") != std::string::npos);
        CHECK(low->Message("en").find("at least 30 % of the budget") != std::string::npos);
        CHECK_FALSE(ValidateBallot(json{{"projects", {"b1", "c1"}}}, c)); // 35 %
    }
    // Exactly the share passes: the comparison is exact, not in floating point.
    const BallotConfig c = Read({{"kind", "approval"}, {"budget", "80000"}, {"min_spend_percent", 30}});
    CHECK(ValidateBallot(json{{"projects", {"c1"}}}, c)->code == "too_little_spent"); // 25 %
    CHECK_FALSE(ValidateBallot(json{{"projects", {"c1", "v1"}}}, c));                   // 29,000 > 24,000
    const BallotConfig exact = Read({{"kind", "approval"}, {"budget", "60000"}, {"min_spend_percent", 25}});
    CHECK_FALSE(ValidateBallot(json{{"projects", {"b1"}}}, exact)); // 15,000 = 25 % of 60,000
    BallotConfig out;
    CHECK(BallotConfigFromJson({{"kind", "approval"}, {"min_spend_percent", 101}}, kProjects, out)->field ==
          "ballot.min_spend_percent");
    CHECK(BallotConfigFromJson({{"kind", "approval"}, {"min_spend_percent", 10}}, kProjects, out)->field ==
          "ballot.min_spend_percent"); // no budget to take a share of
}

TEST_CASE("your district and one other: a home district and at most one more, city-wide projects open") {
    const BallotConfig c = Read({{"kind", "approval"}, {"district_rule", "own_plus_one"}});
    CHECK(c.district_rule == DistrictRule::OwnPlusOne);
    CHECK(c.projects[1].district == "Beaucouzé");
    CHECK(BallotConfigToJson(c)["district_rule"] == "own_plus_one");
    // Two districts and the city: home and one other.
    CHECK_FALSE(ValidateBallot(json{{"projects", {"a1", "b1", "c1"}}}, c));
    CHECK_FALSE(ValidateBallot(json{{"projects", {"a1", "b1"}}, {"district", "Angers"}}, c));
    const auto three = ValidateBallot(json{{"projects", {"a1", "b1", "v1"}}}, c);
    REQUIRE(three);
    CHECK(three->code == "too_many_districts");
    CHECK(three->Message("fr").find("votre quartier + un autre") != std::string::npos);
    CHECK(three->Message("en").find("own district + one other") != std::string::npos);
    // Home in Avrillé: Angers and Beaucouzé make two others.
    CHECK(ValidateBallot(json{{"projects", {"a1", "b1"}}, {"district", "Avrillé"}}, c)->code == "too_many_districts");
    CHECK(ValidateBallot(json{{"projects", {"a1"}}, {"district", "Paris"}}, c)->field == "district");
    // Without the rule, a home district is a field no ballot has.
    const BallotConfig any = Read({{"kind", "approval"}});
    CHECK_FALSE(ValidateBallot(json{{"projects", {"a1", "b1", "v1"}}}, any));
    CHECK(ValidateBallot(json{{"projects", {"a1"}}, {"district", "Angers"}}, any)->code == "unknown_field");
    BallotConfig out;
    CHECK(BallotConfigFromJson({{"kind", "approval"}, {"district_rule", "everywhere"}}, kProjects, out)->field ==
          "ballot.district_rule");
}

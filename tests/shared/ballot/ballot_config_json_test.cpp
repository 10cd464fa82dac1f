// Ballot settings as the server sends them to the widgets, and back.
#include "shared/ballot/ballot_config_json.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace quartier;
using nlohmann::json;

TEST_CASE("a knapsack ballot's settings round-trip with exact amounts") {
    const json projects = json::parse(R"([{"id":"1","name":"Jardin","cost":"4000.5"},{"id":"2","cost":12000}])");
    BallotConfig c;
    REQUIRE_FALSE(BallotConfigFromJson(json{{"kind", "knapsack"}, {"budget", "8000000"}}, projects, c));
    CHECK(c.kind == "knapsack");
    CHECK(c.budget.ToString() == "8000000");
    REQUIRE(c.projects.size() == 2);
    CHECK(c.projects[0].cost.ToString() == "4000.5");
    BallotConfig back;
    REQUIRE_FALSE(BallotConfigFromJson(BallotConfigToJson(c), projects, back));
    CHECK(back.budget == c.budget);
    CHECK(BallotConfigToJson(c)["budget"] == "8000000");
    // The settings read are the ones the shared validation enforces.
    CHECK(ValidateBallot(json{{"projects", {"1", "2"}}}, back) == std::nullopt);
}

TEST_CASE("bad settings are refused with the field named") {
    const json projects = json::parse(R"([{"id":"1","cost":"10"}])");
    BallotConfig c;
    c.kind = "untouched";
    CHECK(BallotConfigFromJson(json{{"kind", "lottery"}}, projects, c)->field == "ballot.kind");
    CHECK(BallotConfigFromJson(json{{"kind", "knapsack"}}, projects, c)->field == "ballot.budget");
    CHECK(BallotConfigFromJson(json{{"kind", "cumulative"}}, projects, c)->field == "ballot.max_points");
    CHECK(BallotConfigFromJson(json{{"kind", "approval"}, {"min_projects", 3}, {"max_projects", 2}}, projects, c)
              ->field == "ballot.min_projects");
    CHECK(BallotConfigFromJson(json{{"kind", "approval"}, {"max_projects", -1}}, projects, c));
    CHECK(BallotConfigFromJson(json{{"kind", "approval"}}, json::parse(R"([{"id":"1","cost":"x"}])"), c)->field ==
          "projects[0].cost");
    CHECK(BallotConfigFromJson(json{{"kind", "approval"}}, json::parse(R"([{"id":"1","cost":1},{"id":"1","cost":2}])"), c)
              ->field == "projects[1].id");
    CHECK(c.kind == "untouched");
}

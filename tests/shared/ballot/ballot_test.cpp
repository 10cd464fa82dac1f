// One contract over every ballot kind, then each kind's own limits, with the words a voter
// reads in French and English and the field the widget highlights.
#include "shared/ballot/ballot.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <limits>
#include <set>

using namespace quartier;
using nlohmann::json;

namespace {

BallotConfig Config(const std::string& kind) {
    BallotConfig c;
    c.kind = kind;
    c.projects = {{"1", Decimal::FromInt(500), ""}, {"2", Decimal::FromInt(700), ""}, {"3", Decimal{12050, 2}, ""}};
    return c;
}

json ValidBallot(const std::string& kind) {
    if (kind == "cumulative") return {{"projects", {"1", "3"}}, {"points", {2, 1}}};
    return {{"projects", {"1", "3"}}};
}

} // namespace

TEST_CASE("every ballot kind: accepts a plain ballot, refuses malformed ones naming the field") {
    REQUIRE(BallotKinds().size() == 4);
    std::set<std::string> names;
    for (const auto* kind : BallotKinds()) {
        CAPTURE(kind->Name());
        names.insert(kind->Name());
        CHECK(FindBallotKind(kind->Name()) == kind);
        CHECK(std::string(kind->Description()).size() > 10);
        BallotConfig c = Config(kind->Name());
        c.budget = Decimal::FromInt(10000);
        c.max_points = 10;
        CHECK_FALSE(kind->Validate(ValidBallot(kind->Name()), c));
        CHECK_FALSE(ValidateBallot(ValidBallot(kind->Name()), c));

        struct Bad {
            json ballot;
            const char* field;
            const char* code;
        };
        const Bad bad[] = {
            {json::array(), "ballot", "invalid_ballot"},
            {json{{"projects", "1"}}, "projects", "invalid_ballot"},
            {json{{"projects", {1}}}, "projects[0]", "invalid_project"},
            {json{{"projects", {"1", "99"}}}, "projects[1]", "unknown_project"},
            {json{{"projects", {"3", "3"}}}, "projects[1]", "duplicate_project"},
        };
        for (const auto& b : bad) {
            CAPTURE(b.ballot.dump());
            const auto e = kind->Validate(b.ballot, c);
            REQUIRE(e);
            CHECK(e->field == b.field);
            CHECK(e->code == b.code);
            CHECK_FALSE(e->Message("en").empty());
            CHECK_FALSE(e->Message("fr").empty());
            CHECK(e->Message("fr") != e->Message("en"));
        }
    }
    CHECK(names.size() == 4);
    BallotConfig unknown = Config("stars");
    const auto e = ValidateBallot(ValidBallot("approval"), unknown);
    REQUIRE(e);
    CHECK(e->field == "kind");
}

TEST_CASE("approval and ranked: at least / at most so many projects") {
    for (const char* kind : {"approval", "ranked"}) {
        BallotConfig c = Config(kind);
        c.min_projects = 2;
        c.max_projects = 2;
        auto e = ValidateBallot(json{{"projects", {"1"}}}, c);
        REQUIRE(e);
        CHECK(e->code == "too_few_projects");
        CHECK(e->Message("fr") == "Choisissez au moins 2 projets.");
        e = ValidateBallot(json{{"projects", {"1", "2", "3"}}}, c);
        REQUIRE(e);
        CHECK(e->code == "too_many_projects");
        CHECK(e->Message("en") == "You can choose at most 2 projects.");
        CHECK_FALSE(ValidateBallot(json{{"projects", {"2", "1"}}}, c));
    }
    CHECK(FindBallotKind("ranked")->PabulibVoteType() == VoteType::Ordinal);
}

TEST_CASE("knapsack: the chosen projects must fit the budget, to the cent") {
    BallotConfig c = Config("knapsack");
    c.budget = Decimal::FromInt(1200);
    CHECK_FALSE(ValidateBallot(json{{"projects", {"1", "2"}}}, c)); // exactly 1 200
    const auto e = ValidateBallot(json{{"projects", {"1", "2", "3"}}}, c);
    REQUIRE(e);
    CHECK(e->code == "over_budget");
    CHECK(e->field == "projects");
    CHECK(e->Message("fr") == "Vous avez dépassé le budget de 1\u202f200\u00a0€.");
    CHECK(e->Message("en") == "You are over the budget of €1,200.");
    c.budget = Decimal{62050, 2}; // 620.50: 500 + 120.50 fits exactly
    CHECK_FALSE(ValidateBallot(json{{"projects", {"1", "3"}}}, c));
    c.budget = Decimal{62049, 2};
    const auto cents = ValidateBallot(json{{"projects", {"1", "3"}}}, c);
    REQUIRE(cents);
    CHECK(cents->Message("fr") == "Vous avez dépassé le budget de 620,49\u00a0€.");
}

TEST_CASE("cumulative: whole points, one per chosen project, within the totals") {
    BallotConfig c = Config("cumulative");
    c.max_points = 5;
    c.max_points_per_project = 3;
    CHECK_FALSE(ValidateBallot(json{{"projects", {"1", "2"}}, {"points", {3, 2}}}, c));
    auto e = ValidateBallot(json{{"projects", {"1", "2"}}, {"points", {3, 3}}}, c);
    REQUIRE(e);
    CHECK(e->field == "points");
    CHECK(e->Message("fr") == "Vous avez attribué 6 points sur 5 autorisés.");
    e = ValidateBallot(json{{"projects", {"1"}}, {"points", {4}}}, c);
    REQUIRE(e);
    CHECK(e->field == "points[0]");
    e = ValidateBallot(json{{"projects", {"1"}}, {"points", {1.5}}}, c);
    REQUIRE(e);
    CHECK(e->code == "invalid_points");
    e = ValidateBallot(json{{"projects", {"1", "2"}}, {"points", {1}}}, c);
    REQUIRE(e);
    CHECK(e->field == "points");
    e = ValidateBallot(json{{"projects", {"1"}}, {"points", {0}}}, c);
    REQUIRE(e);
    CHECK(e->field == "points[0]");
}

TEST_CASE("every ballot kind takes its own fields only, so that nothing else is cast") {
    for (const auto* kind : BallotKinds()) {
        CAPTURE(kind->Name());
        BallotConfig c = Config(kind->Name());
        c.budget = Decimal::FromInt(10000);
        c.max_points = 10;
        json b = ValidBallot(kind->Name());
        b["commentaire"] = std::string(1000, 'x');
        const auto e = ValidateBallot(b, c);
        REQUIRE(e);
        CHECK(e->code == "unknown_field");
        CHECK(e->field == "commentaire");
        if (std::string(kind->Name()) != "cumulative") {
            const auto points = ValidateBallot(json{{"projects", {"1"}}, {"points", {1}}}, c);
            REQUIRE(points);
            CHECK(points->field == "points");
        }
    }
}

TEST_CASE("cumulative: points past the bound are refused even under settings that set none, so sums cannot wrap") {
    BallotConfig c = Config("cumulative"); // max_points 0: never through ValidateBallotConfig
    const std::int64_t huge = std::numeric_limits<std::int64_t>::max();
    const auto e = ValidateBallot(json{{"projects", {"1", "2"}}, {"points", {huge, huge}}}, c);
    REQUIRE(e);
    CHECK(e->code == "too_many_points");
    CHECK(e->field == "points[0]");
    CHECK_FALSE(ValidateBallot(json{{"projects", {"1"}}, {"points", {kMaxBallotPoints}}}, c));
}

TEST_CASE("ballot settings: one rule bounds them for the server and the widgets alike") {
    BallotConfig c = Config("cumulative");
    c.max_points = 10;
    CHECK_FALSE(ValidateBallotConfig(c));
    for (std::int64_t bad : {std::int64_t{0}, std::int64_t{-5}, kMaxBallotPoints + 1, std::numeric_limits<std::int64_t>::max()}) {
        c.max_points = bad;
        const auto e = ValidateBallotConfig(c);
        REQUIRE(e);
        CHECK(e->field == "ballot.max_points");
    }
    c.max_points = 10;
    c.max_points_per_project = -1;
    CHECK(ValidateBallotConfig(c)->field == "ballot.max_points_per_project");
    BallotConfig a = Config("approval");
    a.min_projects = 3;
    a.max_projects = 2;
    CHECK(ValidateBallotConfig(a)->field == "ballot.min_projects");
    a.min_projects = 0;
    CHECK_FALSE(ValidateBallotConfig(a));
    CHECK(ValidateBallotConfig(Config("knapsack"))->field == "ballot.budget");
    CHECK(ValidateBallotConfig(Config("lottery"))->field == "ballot.kind");
}

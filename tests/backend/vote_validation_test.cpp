// Ballots and ballot settings are strictly validated and bounded: each ballot kind takes its
// own fields and nothing else (a 900 KB junk field used to be stored in the box), points are
// bounded so that sums cannot wrap (max_points = INT64_MAX once tallied −4.6e18 votes), and a
// process's settings are checked by one rule before they are stored, whether they come as
// JSON or from an imported .pb file (max_sum_points;-5 made a process refusing every ballot).
#include "backend/api_fixture.h"

#include "backend/store/store.h"

#include <limits>

using namespace quartier;
using namespace quartier::testing;

namespace {
const std::string kProcesses = "/api/v1/tenants/ville/processes";

// A process of this kind, open for voting, with the fixture's three projects.
void OpenProcess(Town& town, const std::string& id, const json& ballot) {
    json p = Town::Process(id);
    p["ballot"] = ballot;
    REQUIRE(Call(town.server, "POST", kProcesses, p, town.admin).status == 201);
    REQUIRE(Call(town.server, "POST", kProcesses + "/" + id + "/phase", {{"phase", "voting"}}, town.admin).status == 200);
}

Reply Cast(Town& town, const std::string& process, const std::string& token, const json& ballot) {
    return Call(town.server, "POST", kProcesses + "/" + process + "/ballots", {{"request_id", "r"}, {"ballot", ballot}}, token);
}

// What the box holds for the tenant's ballots, read from the database itself.
std::vector<std::string> Box(Town& town) {
    return town.server.Get().GetStore().Read([](Db& db) {
        std::vector<std::string> out;
        auto q = db.Prepare("SELECT ballot FROM ballots");
        while (q.Step()) out.push_back(q.Text(0));
        return out;
    });
}

void CheckRefused(const Reply& r, const std::string& code, const std::string& field) {
    CHECK(r.status == 400);
    CHECK(r.body["error"]["code"] == code);
    CHECK(r.body["error"]["field"] == field);
    CHECK_FALSE(r.body["error"]["messages"]["fr"].get<std::string>().empty());
}
} // namespace

TEST_CASE("each ballot kind refuses unknown and wrongly typed fields, naming the field") {
    Town town; // "bp": approval
    OpenProcess(town, "sac", {{"kind", "knapsack"}, {"budget", "100000"}});
    OpenProcess(town, "points", {{"kind", "cumulative"}, {"max_points", 10}});
    OpenProcess(town, "rang", {{"kind", "ranked"}});
    for (const std::string process : {"bp", "sac", "points", "rang"}) {
        CAPTURE(process);
        const auto token = town.Token(town.Codes(1, process)[0], process);
        const bool cumulative = process == "points";
        json good{{"projects", {"1"}}};
        if (cumulative) good["points"] = {3};
        json unknown = good;
        unknown["note"] = "hello";
        CheckRefused(Cast(town, process, token, unknown), "unknown_field", "note");
        json untyped = good;
        untyped["projects"] = "1";
        CheckRefused(Cast(town, process, token, untyped), "invalid_ballot", "projects");
        untyped["projects"] = {1};
        CheckRefused(Cast(town, process, token, untyped), "invalid_project", "projects[0]");
        if (cumulative) {
            CheckRefused(Cast(town, process, token, {{"projects", {"1"}}, {"points", "3"}}), "invalid_points", "points");
            CheckRefused(Cast(town, process, token, {{"projects", {"1"}}, {"points", {2.5}}}), "invalid_points", "points[0]");
            CheckRefused(Cast(town, process, token, {{"projects", {"1"}}, {"points", {json::object()}}}), "invalid_points",
                         "points[0]");
        } else {
            // Points on a ballot that has none are not a place to store things.
            CheckRefused(Cast(town, process, token, {{"projects", {"1"}}, {"points", {1}}}), "unknown_field", "points");
        }
        CheckRefused(Cast(town, process, token, "1"), "invalid_ballot", "ballot");
        CHECK(Cast(town, process, token, good).status == 201); // the refusals spent nothing
    }
    CHECK(Box(town).size() == 4);
}

TEST_CASE("a junk field is refused and never reaches the box, which holds only the canonical ballot") {
    Town town;
    const auto token = town.Token(town.Codes(1)[0]);
    const std::string junk(900 * 1000, 'x');
    CheckRefused(Cast(town, "bp", token, {{"projects", {"1"}}, {"points", junk}}), "unknown_field", "points");
    CheckRefused(Cast(town, "bp", token, {{"projects", {"1"}}, {"commentaire", junk}}), "unknown_field", "commentaire");
    CHECK(Box(town).empty());
    // Paper ballots go through the same reader.
    CheckRefused(Call(town.server, "POST", kProcesses + "/bp/paper-ballots",
                      {{"request_id", "p"}, {"ballot", {{"projects", {"2"}}, {"x", junk}}}}, town.agent),
                 "unknown_field", "x");
    CHECK(Box(town).empty());
    REQUIRE(Cast(town, "bp", token, {{"projects", {"1", "3"}}}).status == 201);
    CHECK(Box(town) == std::vector<std::string>{R"({"projects":["1","3"]})"});
}

TEST_CASE("points are bounded, so that no sum of them wraps around") {
    Town town;
    const std::int64_t huge = std::numeric_limits<std::int64_t>::max();
    auto create = [&](const std::string& id, const json& ballot) {
        json p = Town::Process(id);
        p["ballot"] = ballot;
        return Call(town.server, "POST", kProcesses, p, town.admin);
    };
    CheckRefused(create("a", {{"kind", "cumulative"}, {"max_points", huge}}), "invalid_ballot_settings", "ballot.max_points");
    CheckRefused(create("b", {{"kind", "cumulative"}, {"max_points", 1000001}}), "invalid_ballot_settings",
                 "ballot.max_points");
    CheckRefused(create("c", {{"kind", "cumulative"}, {"max_points", 10}, {"max_points_per_project", huge}}),
                 "invalid_ballot_settings", "ballot.max_points_per_project");
    CheckRefused(create("d", {{"kind", "approval"}, {"max_points", huge}}), "invalid_ballot_settings", "ballot.max_points");
    // Changing the settings is checked by the same rule.
    REQUIRE(create("f", {{"kind", "approval"}}).status == 201);
    CheckRefused(Call(town.server, "PATCH", kProcesses + "/f", {{"ballot", {{"kind", "cumulative"}, {"max_points", huge}}}},
                      town.admin),
                 "invalid_ballot_settings", "ballot.max_points");
    CHECK(Call(town.server, "GET", kProcesses + "/f").body["ballot"]["kind"] == "approval");
    // The largest allowed: a ballot giving it all is counted exactly.
    REQUIRE(create("e", {{"kind", "cumulative"}, {"max_points", 1000000}}).status == 201);
    REQUIRE(Call(town.server, "POST", kProcesses + "/e/phase", {{"phase", "voting"}}, town.admin).status == 200);
    const auto token = town.Token(town.Codes(1, "e")[0], "e");
    CheckRefused(Cast(town, "e", token, {{"projects", {"1", "2"}}, {"points", {huge, huge}}}), "too_many_points", "points[0]");
    CHECK(Cast(town, "e", token, {{"projects", {"1", "2"}}, {"points", {600000, 400000}}}).status == 201);
    REQUIRE(Call(town.server, "POST", kProcesses + "/e/phase", {{"phase", "closed"}}, town.admin).status == 200);
    REQUIRE(Call(town.server, "POST", kProcesses + "/e/phase", {{"phase", "published"}}, town.admin).status == 200);
    const auto results = Call(town.server, "GET", kProcesses + "/e/results");
    REQUIRE(results.status == 200);
    CHECK(results.body["votes"]["1"] == 600000);
    CHECK(results.body["votes"]["2"] == 400000);
}

TEST_CASE("invalid settings are refused before they are stored, as JSON or from a .pb file, naming the setting") {
    Town town;
    // JSON: the setting is the field, and the words say what is wrong.
    json p = Town::Process("json");
    p["ballot"] = {{"kind", "cumulative"}, {"max_points", -5}};
    const auto r = Call(town.server, "POST", kProcesses, p, town.admin);
    CheckRefused(r, "invalid_ballot_settings", "ballot.max_points");
    CHECK(Call(town.server, "GET", kProcesses + "/json").status == 404);
    p["ballot"] = {{"kind", "approval"}, {"max_projects", "2"}};
    CheckRefused(Call(town.server, "POST", kProcesses, p, town.admin), "invalid_ballot_settings", "ballot.max_projects");

    // A .pb file: the file's own setting is named in the message.
    auto pb = [](const std::string& max_sum_points) {
        return "META\nkey;value\ndescription;Test\nnum_projects;2\nnum_votes;0\nbudget;100\nvote_type;cumulative\n"
               "max_sum_points;" + max_sum_points + "\nPROJECTS\nproject_id;cost;name\n1;60;Parc\n2;40;Piste\nVOTES\nvoter_id;vote;points\n";
    };
    for (const std::string bad : {"-5", "abc", "9223372036854775807", "0"}) {
        CAPTURE(bad);
        const auto imported = Call(town.server, "POST", kProcesses + "/import?id=pb", nullptr, town.admin, pb(bad), "text/plain");
        CHECK(imported.status == 400);
        CHECK(imported.body["error"]["code"] == "invalid_ballot_settings");
        CHECK(imported.body["error"]["messages"]["en"].get<std::string>().find("max_sum_points") != std::string::npos);
        CHECK(imported.body["error"]["messages"]["fr"].get<std::string>().find("max_sum_points") != std::string::npos);
        CHECK(Call(town.server, "GET", kProcesses + "/pb").status == 404);
    }
    const auto good = Call(town.server, "POST", kProcesses + "/import?id=pb", nullptr, town.admin, pb("5"), "text/plain");
    REQUIRE(good.status == 201);
    CHECK(good.body["ballot"]["max_points"] == 5);
}

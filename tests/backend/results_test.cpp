// Results and open data: the published count matches the reference tally of the real
// Toulouse 2022 ballots, a closed vote is counted for staff only, and the exports (CSV,
// GeoJSON, anonymised .pb) can be read back, and neither the receipts nor the .pb tell whose
// ballot is whose.
#include "backend/api_fixture.h"

#include "backend/demo_data.h"
#include "shared/geo/geo.h"
#include "shared/pabulib/pabulib.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace quartier;
using namespace quartier::testing;

namespace {
json Reference() {
    std::ifstream in(std::string(QUARTIER_TEST_DATA) + "/pabulib/reference.json");
    return json::parse(in)["France_Toulouse_2022.pb"];
}
std::set<std::string> AsSet(const json& a) { return a.get<std::set<std::string>>(); }
} // namespace

TEST_CASE("published results of Toulouse 2022 are the reference tally of its 4,532 ballots") {
    TestServer server;
    SeedDemo(server.Get().App(), QUARTIER_TEST_DATA);
    const std::string base = "/api/v1/tenants/toulouse/processes/bp2022-resultats";
    const auto r = Call(server, "GET", base + "/results");
    REQUIRE(r.status == 200);
    const json ref = Reference();
    CHECK(AsSet(r.body["winners"]) == AsSet(ref["rules"]["greedy_cost_sat"]));
    CHECK(r.body["budget"] == "8000000");
    CHECK(r.body["turnout"]["ballots"] == 4532);
    CHECK(AsSet(r.body["comparison"]["greedy"]["winners"]) == AsSet(ref["rules"]["greedy_cost_sat"]));
    CHECK(AsSet(r.body["comparison"]["mes"]["winners"]) == AsSet(ref["rules"]["mes_cost_sat_add1_then_greedy_cost_sat"]));
    CHECK(r.body["turnout"]["by_district"].size() == 20); // Toulouse's quarters, as in the file
    CHECK(r.body["votes"]["163"] == 164);
    // Per district: the 20 quarters, their money adding up to the total.
    REQUIRE(r.body["by_district"].size() == 20);
    std::int64_t spent = 0;
    for (const auto& d : r.body["by_district"]) spent += std::stoll(d["spent"].get<std::string>());
    CHECK(std::to_string(spent) == r.body["total_cost"].get<std::string>());
    // The 2022 file has no times: turnout over time says so rather than inventing any.
    CHECK(r.body["turnout"]["by_time"]["counts"].empty());
    CHECK(r.body["turnout"]["by_time"]["unknown"] == 4532);

    // The anonymised .pb reads back with the same ballots, and no voter's way of voting.
    const auto pb = Call(server, "GET", base + "/ballots.pb");
    REQUIRE(pb.status == 200);
    PbElection e;
    PbError err;
    REQUIRE(ReadPabulib(pb.text, e, err));
    CHECK(e.voters.size() == 4532);
    CHECK(e.projects.size() == 199);
    CHECK(std::find(e.vote_columns.begin(), e.vote_columns.end(), "voting_method") == e.vote_columns.end());
    CHECK(Call(server, "GET", base + "/receipts").body["count"] == 4532);

    const auto csv = Call(server, "GET", base + "/proposals.csv");
    CHECK(csv.text.rfind("id,name,cost,", 0) == 0);
    CHECK(std::count(csv.text.begin(), csv.text.end(), '\n') == 200);
    CHECK(Call(server, "GET", base + "/proposals.geojson").body["features"].size() == 199);
    // A vote still open has no results for anyone.
    CHECK(Call(server, "GET", "/api/v1/tenants/toulouse/processes/bp2022/results").status == 409);
    CHECK(Call(server, "GET", "/api/v1/tenants/toulouse/processes/bp2022/ballots.pb").status == 409);
}

TEST_CASE("a closed vote is counted for staff before it is published, then for everyone") {
    Town town;
    const std::string bp = "/api/v1/tenants/ville/processes/bp";
    const std::vector<std::vector<std::string>> ballots = {{"1"}, {"1", "3"}, {"2", "3"}, {"3"}};
    for (size_t i = 0; i < ballots.size(); ++i)
        REQUIRE(Call(town.server, "POST", bp + "/ballots", {{"request_id", "r"}, {"ballot", {{"projects", ballots[i]}}}},
                     town.Token(town.Codes(1)[0])).status == 201);
    REQUIRE(Call(town.server, "POST", bp + "/paper-ballots",
                 {{"request_id", "p1"}, {"ballot", {{"projects", {"2"}}}}, {"code", town.Codes(1)[0]}}, town.agent)
                .status == 201);
    REQUIRE(Call(town.server, "POST", bp + "/phase", {{"phase", "closed"}}, town.admin).status == 200);
    CHECK(Call(town.server, "GET", bp + "/results").status == 409);
    CHECK(Call(town.server, "GET", bp + "/results", nullptr, town.resident).status == 409);
    const auto preview = Call(town.server, "GET", bp + "/results", nullptr, town.moderator);
    REQUIRE(preview.status == 200);
    // Budget 100,000, greedy by cost-weighted votes: Bancs (30,000 x 3 votes) then Parc
    // (60,000 x 2); Piste (50,000) no longer fits.
    CHECK(preview.body["winners"] == json({"3", "1"}));
    CHECK(preview.body["total_cost"] == "90000");
    CHECK(preview.body["turnout"]["ballots"] == 5);
    CHECK(preview.body["turnout"]["by_method"] == json({{"online", 4}, {"paper", 1}}));
    CHECK(preview.body["turnout"]["codes_used"] == 5); // the paper ballot's too
    CHECK(preview.body["turnout"]["by_district"]["S"] == 2);
    REQUIRE(Call(town.server, "POST", bp + "/phase", {{"phase", "published"}}, town.admin).status == 200);
    CHECK(Call(town.server, "GET", bp + "/results").body["winners"] == json({"3", "1"}));
    // Per district: Parc (N) is funded, Piste (S) is not; Bancs has no district.
    const json districts = preview.body["by_district"];
    REQUIRE(districts.size() == 2);
    CHECK(districts[0] == json({{"district", "N"}, {"ballots", 2}, {"projects", 1}, {"funded", 1}, {"spent", "60000"}}));
    CHECK(districts[1] == json({{"district", "S"}, {"ballots", 2}, {"projects", 1}, {"funded", 0}, {"spent", "0"}}));
}

TEST_CASE("each server keeps its own published results, even for processes with the same id") {
    // Two servers in one program (as tests and an embedding application run them): their
    // processes share row id 1; each must publish the count of its own box, and keep it.
    Town north, south;
    const std::string bp = "/api/v1/tenants/ville/processes/bp";
    auto vote_and_publish = [&](Town& town, const std::string& project) {
        REQUIRE(Call(town.server, "POST", bp + "/ballots", {{"request_id", "r"}, {"ballot", {{"projects", {project}}}}},
                     town.Token(town.Codes(1)[0])).status == 201);
        REQUIRE(Call(town.server, "POST", bp + "/phase", {{"phase", "closed"}}, town.admin).status == 200);
        REQUIRE(Call(town.server, "POST", bp + "/phase", {{"phase", "published"}}, town.admin).status == 200);
    };
    vote_and_publish(north, "1");
    CHECK(Call(north.server, "GET", bp + "/results").body["votes"] == json({{"1", 1}, {"2", 0}, {"3", 0}}));
    vote_and_publish(south, "2");
    CHECK(Call(south.server, "GET", bp + "/results").body["votes"] == json({{"1", 0}, {"2", 1}, {"3", 0}}));
    CHECK(Call(north.server, "GET", bp + "/results").body["votes"] == json({{"1", 1}, {"2", 0}, {"3", 0}}));
    const auto pb = Call(south.server, "GET", bp + "/ballots.pb");
    REQUIRE(pb.status == 200);
    CHECK(Call(south.server, "GET", bp + "/ballots.pb").text == pb.text); // kept, byte for byte
    CHECK(pb.text != Call(north.server, "GET", bp + "/ballots.pb").text);
}

TEST_CASE("turnout over time is counted per hour, and the box keeps no order of the ballots") {
    Town town;
    const std::string bp = "/api/v1/tenants/ville/processes/bp";
    const auto codes = town.Codes(6);
    for (size_t i = 0; i < codes.size(); ++i)
        REQUIRE(Call(town.server, "POST", bp + "/ballots", {{"request_id", "r"}, {"ballot", {{"projects", {"3"}}}}},
                     town.Token(codes[i])).status == 201);
    REQUIRE(Call(town.server, "POST", bp + "/phase", {{"phase", "closed"}}, town.admin).status == 200);
    const auto r = Call(town.server, "GET", bp + "/results", nullptr, town.moderator);
    REQUIRE(r.status == 200);
    const json by_time = r.body["turnout"]["by_time"];
    CHECK(by_time["bucket"] == "hour");
    CHECK(by_time["timezone"] == "UTC");
    CHECK(by_time["unknown"] == 0);
    std::int64_t total = 0;
    for (const auto& c : by_time["counts"]) {
        CHECK(c["start"].get<std::string>().size() == 20); // "2026-11-30T14:00:00Z": whole hours only
        CHECK(c["start"].get<std::string>().substr(13) == ":00:00Z");
        total += c["ballots"].get<std::int64_t>();
    }
    CHECK(total == 6);
    // The box: no time column, and row ids that do not follow the order of casting.
    const auto rows = town.server.Get().GetStore().Read([](Db& db) {
        std::vector<std::int64_t> ids;
        auto q = db.Prepare("SELECT id FROM ballots ORDER BY rowid");
        while (q.Step()) ids.push_back(q.Int(0));
        auto cols = db.Prepare("SELECT name FROM pragma_table_info('ballots')");
        std::vector<std::string> names;
        while (cols.Step()) names.push_back(cols.Text(0));
        return std::make_pair(ids, names);
    });
    REQUIRE(rows.first.size() == 6);
    CHECK(rows.first.front() > 1000000); // not 1, 2, 3...
    for (const auto& name : rows.second) CHECK(name.find("time") == std::string::npos);
    for (const auto& name : rows.second) CHECK(name.find("_at") == std::string::npos);
}

TEST_CASE("the intercommunal demo: districts that are communes, and turnout day by day") {
    TestServer server;
    SeedDemo(server.Get().App(), QUARTIER_TEST_DATA);
    const auto r = Call(server, "GET", std::string("/api/v1/tenants/toulouse/processes/") + kDemoPooledProcess + "/results");
    REQUIRE(r.status == 200);
    CHECK(r.body["turnout"]["ballots"] == 2400);
    CHECK(r.body["rule"]["name"] == "mes");
    CHECK_FALSE(r.body["explanation"].is_null());
    // Every district of the process is a commune of the tenant's map.
    const auto districts = Call(server, "GET", "/api/v1/tenants/toulouse/districts").body;
    std::vector<Region> regions;
    REQUIRE_FALSE(ParseRegions(districts, regions));
    REQUIRE(r.body["by_district"].size() >= 10);
    for (const auto& d : r.body["by_district"]) CHECK(FindRegionNamed(regions, d["district"].get<std::string>()) >= 0);
    const json by_time = r.body["turnout"]["by_time"];
    CHECK(by_time["bucket"] == "day");
    CHECK(by_time["counts"].size() == 21);
    CHECK(by_time["counts"][0]["start"] == "2025-03-03");
    std::int64_t total = 0;
    for (const auto& c : by_time["counts"]) total += c["ballots"].get<std::int64_t>();
    CHECK(total == 2400);
    CHECK(by_time["unknown"] == 0);
    // Seeding again changes nothing (same ballots, same counts).
    SeedDemo(server.Get().App(), QUARTIER_TEST_DATA);
    CHECK(Call(server, "GET", std::string("/api/v1/tenants/toulouse/processes/") + kDemoPooledProcess + "/results").body == r.body);
}

TEST_CASE("a .pb file imports as a process, with its votes for archives") {
    Town town;
    std::ifstream in(std::string(QUARTIER_TEST_DATA) + "/pabulib/Poland_Warszawa_2019_Kamionek.pb");
    std::stringstream ss;
    ss << in.rdbuf();
    CHECK(Call(town.server, "POST", "/api/v1/tenants/ville/processes/import?id=kamionek", nullptr, town.moderator, ss.str(),
               "text/plain").status == 403);
    const auto r = Call(town.server, "POST", "/api/v1/tenants/ville/processes/import?id=kamionek&votes=1", nullptr,
                        town.admin, ss.str(), "text/plain");
    REQUIRE(r.status == 201);
    CHECK(r.body["phase"] == "published");
    CHECK(r.body["imported_ballots"].get<long>() > 0);
    const auto results = Call(town.server, "GET", "/api/v1/tenants/ville/processes/kamionek/results");
    CHECK(results.status == 200);
    CHECK_FALSE(results.body["winners"].empty());
    // Votes from a file never enter a box that takes ballots: they would be ballots nobody cast.
    for (const char* phase : {"voting", "submission", "closed"}) {
        const auto open = Call(town.server, "POST",
                               std::string("/api/v1/tenants/ville/processes/import?id=ouvert&votes=1&phase=") + phase,
                               nullptr, town.admin, ss.str(), "text/plain");
        CHECK(open.status == 409);
        CHECK(open.body["error"]["code"] == "votes_only_in_archive");
        CHECK(open.body["error"]["message"].get<std::string>().find("archive") != std::string::npos);
    }
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/processes/ouvert").status == 404);
    // Without its votes, a file still opens a new vote.
    CHECK(Call(town.server, "POST", "/api/v1/tenants/ville/processes/import?id=ouvert&phase=voting", nullptr, town.admin,
               ss.str(), "text/plain").status == 201);
    const auto bad = Call(town.server, "POST", "/api/v1/tenants/ville/processes/import?id=x", nullptr, town.admin,
                          "META\nkey;value\n", "text/plain");
    CHECK(bad.status == 400);
    CHECK(bad.body["error"]["field"] == "file");
}

TEST_CASE("a commune's proposals export as CSV and GeoJSON") {
    Town town;
    town.Propose(43.59, 1.43);
    const auto csv = Call(town.server, "GET", "/api/v1/tenants/ville/proposals.csv");
    CHECK(csv.Header("Content-Type").find("text/csv") == 0);
    CHECK(csv.text.find("Des bancs à l’ombre") != std::string::npos);
    CHECK(csv.text.find(",S,Sud,") != std::string::npos);
    const auto geo = Call(town.server, "GET", "/api/v1/tenants/ville/proposals.geojson");
    REQUIRE(geo.body["features"].size() == 1);
    CHECK(geo.body["features"][0]["geometry"]["coordinates"] == json({1.43, 43.59}));
}

namespace {
// A process "huit" open for voting: four projects, one to three chosen (ten distinct ballots).
void OpenHuit(Town& town) {
    json p = Town::Process("huit");
    p["ballot"] = {{"kind", "approval"}, {"min_projects", 1}, {"max_projects", 3}};
    p["projects"].push_back({{"id", "4"}, {"name", "Fontaine"}, {"cost", "10000"}});
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/processes", p, town.admin).status == 201);
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/processes/huit/phase", {{"phase", "voting"}}, town.admin).status == 200);
}
std::string Sorted(json projects) {
    auto v = projects.get<std::vector<std::string>>();
    std::sort(v.begin(), v.end());
    std::string out;
    for (const auto& id : v) out += id + ",";
    return out;
}
} // namespace

TEST_CASE("the published receipts do not lead to the ballots in the published .pb") {
    Town town;
    OpenHuit(town);
    const std::string base = "/api/v1/tenants/ville/processes/huit";
    const std::vector<std::vector<std::string>> ballots{{"1"}, {"2"}, {"3"}, {"4"}, {"1", "2"}, {"1", "3"}, {"2", "4"}, {"1", "3", "4"}};
    std::map<std::string, std::string> ballot_of; // receipt -> what it voted for
    const auto codes = town.Codes(8, "huit");
    for (size_t i = 0; i < ballots.size(); ++i) {
        const auto r = Call(town.server, "POST", base + "/ballots", {{"request_id", "r"}, {"ballot", {{"projects", json(ballots[i])}}}},
                            town.Token(codes[i], "huit"));
        REQUIRE(r.status == 201);
        ballot_of[r.body["receipt"].get<std::string>()] = Sorted(json(ballots[i]));
    }
    REQUIRE(Call(town.server, "POST", base + "/phase", {{"phase", "closed"}}, town.admin).status == 200);
    REQUIRE(Call(town.server, "POST", base + "/phase", {{"phase", "published"}}, town.admin).status == 200);
    const auto receipts = Call(town.server, "GET", base + "/receipts").body["receipts"];
    const auto pb = Call(town.server, "GET", base + "/ballots.pb");
    PbElection e;
    PbError err;
    REQUIRE(ReadPabulib(pb.text, e, err));
    REQUIRE(e.voters.size() == 8);
    REQUIRE(receipts.size() == 8);
    // Whoever lines the list of receipts up with the file's voters reads nobody's ballot back
    // (the file was in receipt order: 8 of 8). Chance that all 8 line up anyway: 1 in 40,320.
    int read_back = 0;
    for (size_t i = 0; i < 8; ++i) {
        json projects = json::array();
        for (auto idx : e.voters[i].ballot) projects.push_back(e.projects[static_cast<size_t>(idx)].id);
        read_back += Sorted(projects) == ballot_of[receipts[i].get<std::string>()];
    }
    CHECK(read_back < 8);
}

TEST_CASE("a lone paper ballot is not singled out in the published .pb; the results count it") {
    Town town;
    const std::string bp = "/api/v1/tenants/ville/processes/bp";
    const auto codes = town.Codes(4);
    for (int i = 0; i < 3; ++i)
        REQUIRE(Call(town.server, "POST", bp + "/ballots", {{"request_id", "r"}, {"ballot", {{"projects", {"1"}}}}},
                     town.Token(codes[static_cast<size_t>(i)])).status == 201);
    REQUIRE(Call(town.server, "POST", bp + "/paper-ballots",
                 {{"request_id", "urne-1"}, {"ballot", {{"projects", {"2", "3"}}}}, {"code", codes[3]}}, town.agent).status == 201);
    REQUIRE(Call(town.server, "POST", bp + "/phase", {{"phase", "closed"}}, town.admin).status == 200);
    REQUIRE(Call(town.server, "POST", bp + "/phase", {{"phase", "published"}}, town.admin).status == 200);
    const auto pb = Call(town.server, "GET", bp + "/ballots.pb");
    REQUIRE(pb.status == 200);
    CHECK(pb.text.find("paper") == std::string::npos);
    CHECK(pb.text.find("voting_method") == std::string::npos);
    PbElection e;
    PbError err;
    REQUIRE(ReadPabulib(pb.text, e, err));
    CHECK(e.voters.size() == 4);
    for (const auto& v : e.voters) CHECK(v.extra.empty());
    const auto results = Call(town.server, "GET", bp + "/results");
    CHECK(results.body["turnout"]["by_method"]["paper"] == 1);
    CHECK(results.body["turnout"]["by_method"]["online"] == 3);
    CHECK(results.body["turnout"]["uncoded_paper"] == 0);
}

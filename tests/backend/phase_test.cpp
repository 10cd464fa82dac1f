// A process's phases kept by the server: the rules for moving it by hand (never back after
// voting opened, never past a vote not held, close before publishing, not against its dates),
// its calendar moving it by the server's clock (injected here, across the spring DST change
// in Europe/Paris), the sentences residents read, and turnout counted by the commune's days.
#include "backend/api_fixture.h"

#include <chrono>
#include <fstream>
#include <iomanip>
#include <sstream>

using namespace quartier;
using namespace quartier::testing;

namespace {

const std::string kProcesses = "/api/v1/tenants/ville/processes";

// A UTC instant written "2027-03-28T10:00:00Z".
std::chrono::system_clock::time_point Utc(const std::string& iso) {
    std::tm tm{};
    std::istringstream in(iso);
    in >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%SZ");
    REQUIRE_FALSE(in.fail());
    return std::chrono::system_clock::from_time_t(timegm(&tm));
}

json NewProcess(const std::string& id, const json& dates = nullptr) {
    json p = Town::Process(id);
    if (!dates.is_null()) p["dates"] = dates;
    return p;
}

std::string PhaseOf(Town& town, const std::string& id) {
    return Call(town.server, "GET", kProcesses + "/" + id).body.value("phase", "");
}

Reply Move(Town& town, const std::string& id, const std::string& phase, const json& dates = nullptr) {
    json body{{"phase", phase}};
    if (!dates.is_null()) body["dates"] = dates;
    return Call(town.server, "POST", kProcesses + "/" + id + "/phase", body, town.admin);
}

// The calendar's audit entries for process id, as staff read them.
int CalendarMoves(Town& town, const std::string& id, const std::string& to) {
    const auto log = Call(town.server, "GET", "/api/v1/tenants/ville/moderation/audit?limit=1000", nullptr, town.admin);
    int n = 0;
    for (const auto& e : log.body["items"])
        if (e["role"] == "calendar" && e["action"] == "process.phase" && e["target"] == id && e["detail"]["to"] == to) ++n;
    return n;
}

} // namespace

TEST_CASE("phase guards: never back after voting opened, close before publishing") {
    Town town; // bp is in voting
    auto back = Move(town, "bp", "review");
    CHECK(back.status == 409);
    CHECK(back.body["error"]["code"] == "invalid_phase_change");
    CHECK(back.body["error"]["field"] == "phase");
    auto publish = Move(town, "bp", "published");
    CHECK(publish.status == 409);
    CHECK(publish.body["error"]["code"] == "voting_still_open");
    CHECK(PhaseOf(town, "bp") == "voting");
    CHECK(Move(town, "bp", "closed").status == 200);
    CHECK(Move(town, "bp", "published").status == 200);
    CHECK(Move(town, "bp", "follow_up").status == 200);
    CHECK(PhaseOf(town, "bp") == "follow_up");
    CHECK(Move(town, "bp", "published").body["error"]["code"] == "invalid_phase_change");
}

TEST_CASE("phase guards: no process skips its vote, least of all one with voter codes") {
    Town town;
    REQUIRE(Call(town.server, "POST", kProcesses, NewProcess("neuf"), town.admin).status == 201);
    auto skip = Move(town, "neuf", "closed");
    CHECK(skip.status == 409);
    CHECK(skip.body["error"]["code"] == "would_skip_voting");
    // With voter codes mailed, the refusal says what would be stranded.
    town.Codes(3, "neuf");
    skip = Move(town, "neuf", "published");
    CHECK(skip.status == 409);
    CHECK(skip.body["error"]["code"] == "would_skip_voting");
    CHECK(skip.body["error"]["messages"]["fr"].get<std::string>().find("3 code(s) de vote") != std::string::npos);
    CHECK(skip.body["error"]["messages"]["en"].get<std::string>().find("3 voter code(s)") != std::string::npos);
    CHECK(PhaseOf(town, "neuf") == "submission");
    // Forward through the vote is fine, review skipped or not.
    CHECK(Move(town, "neuf", "voting").status == 200);
    // A new process cannot be born past its vote either.
    json born = NewProcess("fini");
    born["phase"] = "published";
    CHECK(Call(town.server, "POST", kProcesses, born, town.admin).body["error"]["code"] == "would_skip_voting");
}

TEST_CASE("phase guards: a move against the dates is refused unless the dates change with it") {
    Town town;
    town.server.Get().App().SetNow(Utc("2027-03-01T10:00:00Z"));
    const json dates{{"voting", {{"start", "2027-03-10"}, {"end", "2027-03-20"}}}};
    REQUIRE(Call(town.server, "POST", kProcesses, NewProcess("tot", dates), town.admin).status == 201);
    auto early = Move(town, "tot", "voting");
    CHECK(early.status == 409);
    CHECK(early.body["error"]["code"] == "calendar_disagrees");
    CHECK(early.body["error"]["messages"]["fr"].get<std::string>().find("Le vote ouvre dans 9 jours") != std::string::npos);
    CHECK(PhaseOf(town, "tot") == "submission");
    // Opening early, saying so in the dates.
    const json sooner{{"voting", {{"start", "2027-03-01"}, {"end", "2027-03-20"}}}};
    auto opened = Move(town, "tot", "voting", sooner);
    CHECK(opened.status == 200);
    CHECK(opened.body["phase"] == "voting");
    CHECK(opened.body["dates"] == sooner);
    // Closing before the announced end is the same.
    CHECK(Move(town, "tot", "closed").body["error"]["code"] == "calendar_disagrees");
    CHECK(Move(town, "tot", "closed", {{"voting", {{"start", "2027-03-01"}, {"end", "2027-03-01T10:00"}}}}).status == 200);
}

TEST_CASE("dates are checked as written, naming the field") {
    Town town;
    auto bad = Call(town.server, "POST", kProcesses, NewProcess("d", {{"voting", {{"end", "17/03/2027"}}}}), town.admin);
    CHECK(bad.status == 400);
    CHECK(bad.body["error"]["field"] == "dates.voting.end");
    bad = Call(town.server, "PATCH", kProcesses + "/bp",
               {{"dates", {{"voting", {{"start", "2027-03-17"}, {"end", "2027-03-03"}}}}}}, town.admin);
    CHECK(bad.status == 400);
    CHECK(bad.body["error"]["field"] == "dates.voting.end");
    bad = Call(town.server, "PATCH", kProcesses + "/bp", {{"dates", {{"voting_start", "2027-03-17"}}}}, town.admin);
    CHECK(bad.body["error"]["field"] == "dates.voting_start");
    bad = Call(town.server, "PATCH", kProcesses + "/bp",
               {{"dates", {{"submission", {{"end", "2027-03-10"}}}, {"voting", {{"start", "2027-03-03"}}}}}}, town.admin);
    CHECK(bad.body["error"]["field"] == "dates.voting.start");
    // The commune's time zone is an IANA name.
    auto tz = Call(town.server, "PATCH", "/api/v1/tenants/ville", {{"time_zone", "Mars/Olympus"}}, town.admin);
    CHECK(tz.status == 400);
    CHECK(tz.body["error"]["code"] == "unknown_time_zone");
    tz = Call(town.server, "PATCH", "/api/v1/tenants/ville", {{"time_zone", "America/Cayenne"}}, town.admin);
    CHECK(tz.status == 200);
    CHECK(tz.body["time_zone"] == "America/Cayenne");
    CHECK(Call(town.server, "GET", "/api/v1/tenants/autre").body["time_zone"] == "Europe/Paris");
}

TEST_CASE("the server's clock moves a process along its calendar, in Paris time across the DST change") {
    Town town;
    auto& app = town.server.Get().App();
    // Voting opens at 9:00 on 20 March (CET, UTC+1) and ends at noon on 28 March, the day
    // clocks go forward (CEST, UTC+2): 08:00 and 10:00 UTC.
    const json dates{{"submission", {{"start", "2027-02-01"}, {"end", "2027-03-05"}}},
                     {"voting", {{"start", "2027-03-20T09:00"}, {"end", "2027-03-28T12:00"}}},
                     {"published", {{"start", "2027-04-02"}}}};
    app.SetNow(Utc("2027-02-15T12:00:00Z"));
    auto created = Call(town.server, "POST", kProcesses, NewProcess("cal", dates), town.admin);
    REQUIRE(created.status == 201);
    CHECK(created.body["calendar_text"]["fr"] == "Dépôt des propositions jusqu’au 5 mars. Vote du 20 au 28 mars");
    CHECK(created.body["time_zone"] == "Europe/Paris");
    const auto codes = town.Codes(2, "cal");

    app.SetNow(Utc("2027-03-06T12:00:00Z"));
    auto read = Call(town.server, "GET", kProcesses + "/cal?lang=fr");
    CHECK(read.body["phase"] == "review");
    CHECK(read.body["calendar_text"]["fr"] == "Le vote ouvre dans 14 jours, jusqu’au 28 mars");
    CHECK(read.body["calendar_text"]["en"] == "Voting opens in 14 days, until 28 March");
    // Every language the catalogs speak, not only French and English: Spanish reads Spanish.
    REQUIRE(read.body["calendar_text"].contains("es"));
    const std::string spanish = read.body["calendar_text"]["es"];
    CHECK(spanish.find("14") != std::string::npos);
    CHECK(spanish != read.body["calendar_text"]["fr"]);
    CHECK(spanish != read.body["calendar_text"]["en"]);

    app.SetNow(Utc("2027-03-20T07:59:00Z")); // 8:59 in Paris
    auto early = Call(town.server, "POST", kProcesses + "/cal/ballot-tokens", {{"code", codes[0]}});
    CHECK(early.status == 409);
    CHECK(early.body["error"]["code"] == "voting_closed");
    CHECK(early.body["error"]["messages"]["fr"].get<std::string>().find("ouvre aujourd’hui à 9 h") != std::string::npos);
    CHECK(PhaseOf(town, "cal") == "review");

    app.SetNow(Utc("2027-03-20T08:00:00Z")); // 9:00: the first voter opens the vote
    auto token = Call(town.server, "POST", kProcesses + "/cal/ballot-tokens", {{"code", codes[0]}});
    REQUIRE(token.status == 201);
    CHECK(Call(town.server, "POST", kProcesses + "/cal/ballots",
               {{"request_id", "r-cal-1"}, {"ballot", {{"projects", {"1"}}}}}, token.body["token"].get<std::string>()).status == 201);
    CHECK(PhaseOf(town, "cal") == "voting");
    CHECK(CalendarMoves(town, "cal", "voting") == 1);

    // 11:59 in Paris on the 28th, already summer time: one UTC hour less than in winter.
    app.SetNow(Utc("2027-03-28T09:59:00Z"));
    read = Call(town.server, "GET", kProcesses + "/cal");
    CHECK(read.body["phase"] == "voting");
    CHECK(read.body["calendar_text"]["fr"] == "Le vote se termine aujourd’hui à 12 h");
    CHECK(read.body["calendar_text"]["en"] == "Voting ends today at noon");
    auto token2 = Call(town.server, "POST", kProcesses + "/cal/ballot-tokens", {{"code", codes[1]}});
    REQUIRE(token2.status == 201);

    // 12:01 in Paris (10:01 UTC; in winter time it would still be 11:01): closed, before the vote is checked.
    app.SetNow(Utc("2027-03-28T10:01:00Z"));
    auto late = Call(town.server, "POST", kProcesses + "/cal/ballots", {{"request_id", "r-cal-2"}, {"ballot", {{"projects", {"2"}}}}},
                     token2.body["token"].get<std::string>());
    CHECK(late.status == 409);
    CHECK(late.body["error"]["code"] == "voting_closed");
    read = Call(town.server, "GET", kProcesses + "/cal");
    CHECK(read.body["phase"] == "closed");
    CHECK(read.body["calendar_text"]["fr"] == "Vote clos le 28 mars. Résultats le 2 avril");
    CHECK(CalendarMoves(town, "cal", "closed") == 1);

    app.SetNow(Utc("2027-04-01T22:00:00Z")); // midnight on 2 April in Paris
    read = Call(town.server, "GET", kProcesses + "/cal");
    CHECK(read.body["phase"] == "published");
    CHECK(read.body["calendar_text"]["en"] == "Results published on 2 April");
    // Read again and again: the move was written once.
    Call(town.server, "GET", kProcesses + "/cal");
    CHECK(CalendarMoves(town, "cal", "published") == 1);
    CHECK(Call(town.server, "GET", kProcesses + "/cal/results").body["turnout"]["ballots"] == 1);
}

TEST_CASE("the calendar never skips a vote whose dates went by before it opened") {
    Town town;
    town.server.Get().App().SetNow(Utc("2027-03-01T10:00:00Z"));
    REQUIRE(Call(town.server, "POST", kProcesses,
                 NewProcess("oubli", {{"voting", {{"start", "2027-03-10"}, {"end", "2027-03-20"}}}}), town.admin)
                .status == 201);
    town.server.Get().App().SetNow(Utc("2027-04-01T10:00:00Z"));
    CHECK(PhaseOf(town, "oubli") == "review");
}

TEST_CASE("the plain vote page says when voting opens rather than only that it is not open") {
    Town town;
    town.server.Get().App().SetNow(Utc("2027-03-05T10:00:00Z"));
    REQUIRE(Call(town.server, "POST", kProcesses,
                 NewProcess("bientot", {{"voting", {{"start", "2027-03-10"}, {"end", "2027-03-24"}}}}), town.admin)
                .status == 201);
    httplib::Client c = town.server.Client();
    auto page = c.Get("/simple/ville/consultations/bientot/vote");
    REQUIRE(page);
    CHECK(page->body.find("Le vote ouvre dans 5 jours, jusqu’au 24 mars.") != std::string::npos);
    page = c.Get("/simple/ville/consultations/bientot?lang=en");
    REQUIRE(page);
    CHECK(page->body.find("Voting opens in 5 days, until 24 March") != std::string::npos);
    page = c.Get("/simple/ville");
    REQUIRE(page);
    CHECK(page->body.find("Le vote ouvre dans 5 jours") != std::string::npos);
}

TEST_CASE("turnout per day is counted by the commune's days, not UTC's") {
    Town town;
    const auto pid = town.server.Get().App().FindProcess(*town.server.Get().App().FindTenant("ville"), "bp")->id;
    const auto codes = town.Codes(1);
    auto token = Call(town.server, "POST", kProcesses + "/bp/ballot-tokens", {{"code", codes[0]}});
    REQUIRE(token.status == 201);
    REQUIRE(Call(town.server, "POST", kProcesses + "/bp/ballots", {{"request_id", "r-1"}, {"ballot", {{"projects", {"1"}}}}},
                 token.body["token"].get<std::string>()).status == 201);
    // The hour counts as voting left them, rewritten to known hours: 11:00 on 1 March and
    // 00:30 on 5 March in Paris (23:00 UTC on the 4th).
    town.server.Get().GetStore().Write([&](Db& db) {
        db.Prepare("DELETE FROM ballot_counts WHERE process_id = ?").Bind(1, pid).Run();
        db.Prepare("INSERT INTO ballot_counts (process_id, hour, ballots) VALUES (?, '2027-03-01T10:00:00Z', 1),"
                   " (?, '2027-03-04T23:00:00Z', 2)")
            .Bind(1, pid).Bind(2, pid).Run();
    });
    REQUIRE(Move(town, "bp", "closed").status == 200);
    REQUIRE(Move(town, "bp", "published").status == 200);
    const auto results = Call(town.server, "GET", kProcesses + "/bp/results");
    const auto by_time = results.body["turnout"]["by_time"];
    CHECK(by_time["bucket"] == "day");
    CHECK(by_time["timezone"] == "Europe/Paris");
    REQUIRE(by_time["counts"].size() == 5);
    CHECK(by_time["counts"][0] == json{{"start", "2027-03-01"}, {"ballots", 1}});
    CHECK(by_time["counts"][3] == json{{"start", "2027-03-04"}, {"ballots", 0}});
    CHECK(by_time["counts"][4] == json{{"start", "2027-03-05"}, {"ballots", 2}});
}

TEST_CASE("an imported .pb keeps its vote's dates as an archive, not in a process that will take ballots") {
    Town town;
    std::ifstream in(std::string(QUARTIER_TEST_DATA) + "/pabulib/France_Toulouse_2022.pb");
    std::stringstream ss;
    ss << in.rdbuf();
    const auto archive = Call(town.server, "POST", kProcesses + "/import?id=archive&votes=1", nullptr, town.admin,
                              ss.str(), "text/plain");
    REQUIRE(archive.status == 201);
    CHECK(archive.body["dates"] == json{{"voting", {{"start", "2022-10-03"}, {"end", "2022-10-31"}}}});
    CHECK(archive.body["phase"] == "published");
    const auto fresh = Call(town.server, "POST", kProcesses + "/import?id=nouveau", nullptr, town.admin, ss.str(), "text/plain");
    REQUIRE(fresh.status == 201);
    CHECK(fresh.body["dates"] == json::object());
    CHECK(PhaseOf(town, "nouveau") == "submission");
}

TEST_CASE("the audit log gives each entry's time in the commune's time zone") {
    Town town;
    // Cayenne: UTC-3 all year, so the expected hour does not depend on the season the test runs in.
    REQUIRE(Call(town.server, "PATCH", "/api/v1/tenants/ville", {{"time_zone", "America/Cayenne"}}, town.admin).status == 200);
    const auto log = Call(town.server, "GET", "/api/v1/tenants/ville/moderation/audit", nullptr, town.admin);
    REQUIRE(log.body["items"].size() >= 2);
    for (const auto& e : log.body["items"]) {
        const std::string at = e["at"];
        std::tm tm{};
        std::istringstream in(at.substr(0, 19));
        in >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%S");
        const std::time_t local = timegm(&tm) - 3 * 3600;
        char want[32];
        std::strftime(want, sizeof want, "%Y-%m-%dT%H:%M", std::gmtime(&local));
        CAPTURE(at);
        CHECK(e["at_local"] == want);
    }
}

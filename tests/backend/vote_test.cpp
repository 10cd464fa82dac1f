// The voter roll and the ballot box: a code buys one ballot token, a token casts exactly one
// ballot (retries answered the same), voting only while open, paper ballots by agents, and
// receipts published after the close.
#include "backend/api_fixture.h"

#include <atomic>
#include <thread>

using namespace quartier;
using namespace quartier::testing;

namespace {
const std::string kBp = "/api/v1/tenants/ville/processes/bp";

Reply Vote(Town& town, const std::string& token, const std::string& request_id, json projects) {
    return Call(town.server, "POST", kBp + "/ballots", {{"request_id", request_id}, {"ballot", {{"projects", projects}}}}, token);
}

std::int64_t Ballots(Town& town) {
    return Call(town.server, "GET", kBp + "/voter-codes", nullptr, town.admin).body["ballots"];
}
} // namespace

TEST_CASE("the process shows its settings and projects, placed inside their district") {
    Town town;
    const auto p = Call(town.server, "GET", kBp);
    REQUIRE(p.status == 200);
    CHECK(p.body["phase"] == "voting");
    CHECK(p.body["budget"] == "100000");
    CHECK(p.body["ballot"] == json({{"kind", "approval"}, {"min_projects", 1}, {"max_projects", 2}, {"budget", "100000"},
                                   {"max_points", 0}, {"max_points_per_project", 0}, {"min_spend_percent", 0},
                                   {"district_rule", "any"}, {"shuffle_projects", false}}));
    CHECK(p.body["rule"]["name"] == "greedy");
    REQUIRE(p.body["projects"].size() == 3);
    const auto& parc = p.body["projects"][0];
    CHECK(parc["cost"] == "60000");
    CHECK(parc["placed"] == true);
    CHECK(parc["latitude"].get<double>() > 43.60); // inside Nord
    const auto& piste = p.body["projects"][1];
    CHECK(piste["latitude"].get<double>() < 43.60); // inside Sud
    CHECK(p.body["projects"][2]["placed"] == false);
    CHECK(p.body["projects"][2]["latitude"] == 43.61);
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/processes").body["items"][0]["projects_count"] == 3);
}

TEST_CASE("a code is exchanged once for a token that casts one ballot, with a receipt") {
    Town town;
    const auto code = town.Codes(1)[0];
    CHECK(code.size() == 9);
    CHECK(code[4] == '-');
    // Typed in lower case with spaces: still the code.
    std::string typed = code;
    for (auto& c : typed) c = static_cast<char>(std::tolower(c));
    const auto token = Call(town.server, "POST", kBp + "/ballot-tokens", {{"code", " " + typed.substr(0, 4) + " " + typed.substr(5)}});
    REQUIRE(token.status == 201);
    const std::string t = token.body["token"];
    CHECK(t.size() == 32); // 128 bits

    const auto again = Call(town.server, "POST", kBp + "/ballot-tokens", {{"code", code}});
    CHECK(again.status == 409);
    CHECK(again.body["error"]["code"] == "code_used");
    const auto unknown = Call(town.server, "POST", kBp + "/ballot-tokens", {{"code", "ZZZZ-ZZZZ"}});
    CHECK(unknown.status == 404);
    CHECK(unknown.body["error"]["code"] == "unknown_code");

    const auto first = Vote(town, t, "req-1", {"1", "3"});
    REQUIRE(first.status == 201);
    const std::string receipt = first.body["receipt"];
    CHECK(receipt.size() == 64);
    // A retry of the same request (lost answer) gets the same answer, and nothing more is stored.
    const auto retry = Vote(town, t, "req-1", {"1", "3"});
    CHECK(retry.status == 201);
    CHECK(retry.body["receipt"] == receipt);
    const auto second = Vote(town, t, "req-2", {"2"});
    CHECK(second.status == 409);
    CHECK(second.body["error"]["code"] == "already_voted");
    CHECK(Ballots(town) == 1);
}

TEST_CASE("ballots are checked by the shared rules, and need a token") {
    Town town;
    const auto t = town.Token(town.Codes(1)[0]);
    auto r = Vote(town, t, "r", {"1", "2", "3"});
    CHECK(r.status == 400);
    CHECK(r.body["error"]["code"] == "too_many_projects");
    CHECK(r.body["error"]["field"] == "projects");
    r = Vote(town, t, "r", {"1", "99"});
    CHECK(r.body["error"]["field"] == "projects[1]");
    r = Vote(town, t, "r", json::array());
    CHECK(r.body["error"]["code"] == "too_few_projects");
    r = Call(town.server, "POST", kBp + "/ballots", {{"ballot", {{"projects", {"1"}}}}}, t);
    CHECK(r.body["error"]["field"] == "request_id");
    CHECK(Vote(town, "", "r", {"1"}).status == 401);
    CHECK(Vote(town, "00000000000000000000000000000000", "r", {"1"}).body["error"]["code"] == "invalid_ballot_token");
    CHECK(Vote(town, t, "r", {"1"}).status == 201); // the refusals spent nothing
}

TEST_CASE("100 concurrent attempts to vote twice with one token count exactly one ballot") {
    Town town;
    const auto t = town.Token(town.Codes(1)[0]);
    std::atomic<int> accepted{0}, refused{0}, other{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 100; ++i)
        threads.emplace_back([&, i] {
            const auto r = Vote(town, t, "attempt-" + std::to_string(i), {i % 2 ? "1" : "2"});
            if (r.status == 201) ++accepted;
            else if (r.status == 409 && r.body["error"]["code"] == "already_voted") ++refused;
            else {
                ++other;
                MESSAGE("unexpected answer " << r.status << " " << r.text);
            }
        });
    for (auto& th : threads) th.join();
    CHECK(accepted == 1);
    CHECK(refused == 99);
    CHECK(other == 0);
    CHECK(Ballots(town) == 1);
}

TEST_CASE("voting happens only while the process is in its voting phase") {
    Town town;
    const auto codes = town.Codes(2);
    const auto t = town.Token(codes[0]);
    REQUIRE(Call(town.server, "POST", kBp + "/phase", {{"phase", "closed"}}, town.admin).status == 200);
    auto r = Vote(town, t, "late", {"1"});
    CHECK(r.status == 409);
    CHECK(r.body["error"]["code"] == "voting_closed");
    r = Call(town.server, "POST", kBp + "/ballot-tokens", {{"code", codes[1]}});
    CHECK(r.body["error"]["code"] == "voting_closed");
    // No way back once voting has opened; settings are locked.
    CHECK(Call(town.server, "POST", kBp + "/phase", {{"phase", "voting"}}, town.admin).body["error"]["code"] == "invalid_phase_change");
    r = Call(town.server, "PATCH", kBp, {{"budget", "5"}}, town.admin);
    CHECK(r.status == 409);
    CHECK(r.body["error"]["code"] == "settings_locked");
    CHECK(Call(town.server, "PATCH", kBp, {{"title", "Budget 2025"}}, town.admin).status == 200);
}

TEST_CASE("settings can change before voting opens, and are checked") {
    Town town;
    json p = Town::Process("bp2");
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/processes", p, town.admin).status == 201);
    const std::string path = "/api/v1/tenants/ville/processes/bp2";
    const auto r = Call(town.server, "PATCH", path, {{"ballot", {{"kind", "knapsack"}}}, {"budget", "80000"}}, town.admin);
    REQUIRE(r.status == 200);
    CHECK(r.body["ballot"]["kind"] == "knapsack");
    CHECK(r.body["ballot"]["budget"] == "80000");
    const auto bad = Call(town.server, "PATCH", path, {{"ballot", {{"kind", "loterie"}}}}, town.admin);
    CHECK(bad.status == 400);
    CHECK(bad.body["error"]["field"] == "ballot.kind");
    CHECK(Call(town.server, "PATCH", path, {{"rule", {{"name", "dice"}}}}, town.admin).body["error"]["field"] == "rule");
    CHECK(Call(town.server, "POST", "/api/v1/tenants/ville/processes", p, town.admin).status == 409);
}

TEST_CASE("too many wrong codes from one client get 429") {
    ServerOptions o;
    o.app.code_attempts_per_window = 3;
    Town town(o);
    const auto good = town.Codes(1)[0];
    for (int i = 0; i < 3; ++i)
        CHECK(Call(town.server, "POST", kBp + "/ballot-tokens", {{"code", "AAAA-AAA" + std::to_string(i + 2)}}).status == 404);
    const auto r = Call(town.server, "POST", kBp + "/ballot-tokens", {{"code", good}});
    CHECK(r.status == 429);
    CHECK(r.body["error"]["code"] == "too_many_attempts");
}

TEST_CASE("agents enter paper ballots with the voter's code, recorded as such, retries included") {
    Town town;
    const auto codes = town.Codes(2);
    json body{{"request_id", "urne-1-bulletin-1"}, {"ballot", {{"projects", {"2"}}}}, {"code", codes[0]}};
    CHECK(Call(town.server, "POST", kBp + "/paper-ballots", body).status == 401);
    CHECK(Call(town.server, "POST", kBp + "/paper-ballots", body, town.resident).status == 403);
    CHECK(Call(town.server, "POST", kBp + "/paper-ballots", body, town.moderator).status == 403);
    const auto r = Call(town.server, "POST", kBp + "/paper-ballots", body, town.agent);
    REQUIRE(r.status == 201);
    CHECK(r.body["voting_method"] == "paper");
    CHECK(Call(town.server, "POST", kBp + "/paper-ballots", body, town.agent).body["receipt"] == r.body["receipt"]);
    // The code is spent by the paper ballot: its holder cannot vote online too.
    CHECK(Call(town.server, "POST", kBp + "/ballot-tokens", {{"code", codes[0]}}).body["error"]["code"] == "code_used");
    json again{{"request_id", "urne-1-bulletin-2"}, {"ballot", {{"projects", {"1"}}}}, {"code", codes[0]}};
    CHECK(Call(town.server, "POST", kBp + "/paper-ballots", again, town.agent).body["error"]["code"] == "code_used");
    CHECK(Ballots(town) == 1);
    // The console's closing checklist reads how many came from the desks.
    const auto stats = Call(town.server, "GET", kBp + "/voter-codes", nullptr, town.admin).body;
    CHECK(stats["paper"] == 1);
    CHECK(stats["used"] == 1);
}

TEST_CASE("a paper ballot without a code is refused unless the process takes them, and its results count them") {
    Town town;
    // Today's agent could add fifty ballots with no code: now each is refused and none counted.
    for (int i = 0; i < 50; ++i) {
        const auto r = Call(town.server, "POST", kBp + "/paper-ballots",
                            {{"request_id", "sans-code-" + std::to_string(i)}, {"ballot", {{"projects", {"2"}}}}}, town.agent);
        REQUIRE(r.status == 400);
        CHECK(r.body["error"]["code"] == "code_required");
        CHECK(r.body["error"]["field"] == "code");
    }
    CHECK(Ballots(town) == 0);
    CHECK(Call(town.server, "GET", kBp).body["uncoded_paper_ballots"] == false);
    // The setting is locked with the others once voting is open.
    CHECK(Call(town.server, "PATCH", kBp, {{"uncoded_paper_ballots", true}}, town.admin).body["error"]["code"] == "settings_locked");

    // A process that really takes paper ballots from people without a code says so...
    json p = Town::Process("libre");
    p["uncoded_paper_ballots"] = true;
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/processes", p, town.admin).status == 201);
    const std::string libre = "/api/v1/tenants/ville/processes/libre";
    CHECK(Call(town.server, "GET", libre).body["uncoded_paper_ballots"] == true);
    REQUIRE(Call(town.server, "POST", libre + "/phase", {{"phase", "voting"}}, town.admin).status == 200);
    for (int i = 0; i < 2; ++i)
        CHECK(Call(town.server, "POST", libre + "/paper-ballots",
                   {{"request_id", "libre-" + std::to_string(i)}, {"ballot", {{"projects", {"1"}}}}}, town.agent).status == 201);
    const auto code = town.Codes(1, "libre")[0];
    CHECK(Call(town.server, "POST", libre + "/paper-ballots",
               {{"request_id", "libre-code"}, {"ballot", {{"projects", {"3"}}}}, {"code", code}}, town.agent).status == 201);
    // ...and its results show how many came without one.
    REQUIRE(Call(town.server, "POST", libre + "/phase", {{"phase", "closed"}}, town.admin).status == 200);
    REQUIRE(Call(town.server, "POST", libre + "/phase", {{"phase", "published"}}, town.admin).status == 200);
    const auto results = Call(town.server, "GET", libre + "/results");
    CHECK(results.body["turnout"]["by_method"]["paper"] == 3);
    CHECK(results.body["turnout"]["uncoded_paper"] == 2);
}

TEST_CASE("the audit log has no line per paper ballot; it says each agent's count when voting closes") {
    Town town;
    const auto codes = town.Codes(3);
    for (int i = 0; i < 3; ++i)
        REQUIRE(Call(town.server, "POST", kBp + "/paper-ballots",
                     {{"request_id", "urne-" + std::to_string(i)}, {"ballot", {{"projects", {"2"}}}}, {"code", codes[static_cast<size_t>(i)]}},
                     town.agent).status == 201);
    auto log = Call(town.server, "GET", "/api/v1/tenants/ville/moderation/audit", nullptr, town.admin);
    REQUIRE(log.status == 200);
    const size_t before = log.body["items"].size();
    for (const auto& e : log.body["items"]) CHECK(e["action"] != "ballot.paper");
    REQUIRE(Call(town.server, "POST", kBp + "/phase", {{"phase", "closed"}}, town.admin).status == 200);
    log = Call(town.server, "GET", "/api/v1/tenants/ville/moderation/audit", nullptr, town.admin);
    CHECK(log.body["items"].size() == before + 2); // the phase change, and the agent's count
    int paper = 0;
    for (const auto& e : log.body["items"])
        if (e["action"] == "ballot.paper") {
            ++paper;
            CHECK(e["detail"]["ballots"] == 3);
            CHECK(e["detail"]["uncoded"] == 0);
            CHECK(e["role"] == "agent");
            CHECK(e["target"] == "bp");
        }
    CHECK(paper == 1);
    // Publishing later writes no second count.
    REQUIRE(Call(town.server, "POST", kBp + "/phase", {{"phase", "published"}}, town.admin).status == 200);
    log = Call(town.server, "GET", "/api/v1/tenants/ville/moderation/audit", nullptr, town.admin);
    paper = 0;
    for (const auto& e : log.body["items"]) paper += e["action"] == "ballot.paper";
    CHECK(paper == 1);
}

TEST_CASE("every receipt appears in the published list once voting has closed") {
    Town town;
    std::vector<std::string> receipts;
    for (const auto& code : town.Codes(3)) receipts.push_back(Vote(town, town.Token(code), "r", {"1"}).body["receipt"]);
    CHECK(Call(town.server, "GET", kBp + "/receipts").status == 409);
    REQUIRE(Call(town.server, "POST", kBp + "/phase", {{"phase", "closed"}}, town.admin).status == 200);
    const auto list = Call(town.server, "GET", kBp + "/receipts");
    REQUIRE(list.status == 200);
    CHECK(list.body["count"] == 3);
    for (const auto& r : receipts) CHECK(std::find(list.body["receipts"].begin(), list.body["receipts"].end(), r) != list.body["receipts"].end());
}

TEST_CASE("a census gives one code per resident, once; codes print on a sheet") {
    Town town;
    const std::string csv = "reference;nom\nA-001;Dupont\nA-002;Martin\n";
    auto r = Call(town.server, "POST", kBp + "/census", nullptr, town.admin, csv, "text/csv");
    REQUIRE(r.status == 201);
    CHECK(r.text.rfind("reference;code\nA-001;", 0) == 0);
    CHECK(r.Header("X-Quartier-Added") == "2");
    r = Call(town.server, "POST", kBp + "/census", nullptr, town.admin, csv + "A-003;Durand\n", "text/csv");
    CHECK(r.Header("X-Quartier-Added") == "1");
    CHECK(r.Header("X-Quartier-Skipped") == "2");
    const std::string code = r.text.substr(r.text.rfind(';') + 1, 9);
    CHECK(town.Token(code).size() == 32);

    const auto sheet = Call(town.server, "POST", kBp + "/voter-codes?format=html", {{"count", 4}}, town.admin);
    CHECK(sheet.status == 201);
    CHECK(sheet.Header("Content-Type").find("text/html") == 0);
    CHECK(sheet.text.find("Budget participatif") != std::string::npos);
    const auto stats = Call(town.server, "GET", kBp + "/voter-codes", nullptr, town.admin);
    CHECK(stats.body["issued"] == 7);
    CHECK(stats.body["used"] == 1);
    CHECK(Call(town.server, "POST", kBp + "/voter-codes", {{"count", 0}}, town.admin).body["error"]["field"] == "count");
}

TEST_CASE("a wrong voter-roll line is removed before voting opens, and refused after with the reason") {
    Town town;
    const std::string essai = "/api/v1/tenants/ville/processes/essai";
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/processes", Town::Process("essai"), town.admin).status == 201);
    const auto census = Call(town.server, "POST", essai + "/census", nullptr, town.admin, "reference;nom\nA-001;Dupont\nA-002;Martin\n", "text/csv");
    REQUIRE(census.status == 201);
    auto code_of = [&](const std::string& ref) {
        const auto at = census.text.find(ref + ";");
        REQUIRE(at != std::string::npos);
        return census.text.substr(at + ref.size() + 1, 9);
    };
    const std::string dupont = code_of("A-001"), martin = code_of("A-002");

    CHECK(Call(town.server, "POST", essai + "/census/remove", {{"reference", "A-001"}}, town.moderator).status == 403);
    CHECK(Call(town.server, "POST", essai + "/census/remove", json::object(), town.admin).body["error"]["field"] == "reference");
    auto r = Call(town.server, "POST", essai + "/census/remove", {{"reference", "A-001"}}, town.admin);
    REQUIRE(r.status == 200);
    CHECK(r.body["removed"] == 1);
    CHECK(Call(town.server, "GET", essai + "/voter-codes", nullptr, town.admin).body["issued"] == 1);
    r = Call(town.server, "POST", essai + "/census/remove", {{"reference", "A-001"}}, town.admin);
    CHECK(r.status == 404);
    CHECK(r.body["error"]["code"] == "not_in_census");
    // Imported again, the person would get a new line (the old one is really gone).
    const auto again = Call(town.server, "POST", essai + "/census", nullptr, town.admin, "reference\nA-001\n", "text/csv");
    CHECK(again.Header("X-Quartier-Added") == "1");
    CHECK(Call(town.server, "POST", essai + "/census/remove", {{"reference", "A-001"}}, town.admin).status == 200);

    REQUIRE(Call(town.server, "POST", essai + "/phase", {{"phase", "voting"}}, town.admin).status == 200);
    r = Call(town.server, "POST", essai + "/census/remove", {{"reference", "A-002"}}, town.admin);
    CHECK(r.status == 409);
    CHECK(r.body["error"]["code"] == "voting_started");
    CHECK(r.body["error"]["field"] == "reference");
    CHECK(r.body["error"]["messages"]["fr"].get<std::string>().find("Le vote est ouvert") == 0);
    CHECK(r.body["error"]["messages"]["en"].get<std::string>().find("Voting has opened") == 0);
    // The removed line's code votes no more; the kept one still does.
    CHECK(Call(town.server, "POST", essai + "/ballot-tokens", {{"code", dupont}}).status != 201);
    CHECK(town.Token(martin, "essai").size() == 32);

    // Logged, without the reference (it names a person).
    const auto log = Call(town.server, "GET", "/api/v1/tenants/ville/moderation/audit", nullptr, town.admin);
    int removals = 0;
    for (const auto& e : log.body["items"])
        if (e["action"] == "census.remove") {
            ++removals;
            CHECK(e.dump().find("A-001") == std::string::npos);
        }
    CHECK(removals == 2);
}

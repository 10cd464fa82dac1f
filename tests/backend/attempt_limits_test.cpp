// Attempt limits an attacker cannot get around: wrong voter codes and failed sign-ins are
// counted in the database (a restart forgets none), per address with IPv6 by /64, behind a
// trusted proxy from the hop it added; parallel tries are counted before they are checked;
// argon2id runs a few at a time; an unknown e-mail costs what a known one does.
#include "backend/api_fixture.h"
#include "backend/crypto.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <thread>

using namespace quartier;
using namespace quartier::testing;

namespace {

const std::string kTokens = "/api/v1/tenants/ville/processes/bp/ballot-tokens";

// POST as a reverse proxy would send it, with an X-Forwarded-For header.
int PostVia(const TestServer& s, const std::string& path, const json& body, const std::string& xff) {
    httplib::Client c = s.Client();
    c.set_read_timeout(60, 0);
    const auto r = c.Post(path.c_str(), {{"X-Forwarded-For", xff}}, body.dump(), "application/json");
    return r ? r->status : 0;
}

std::int64_t Counters(TestServer& s, const std::string& like) {
    return s.Get().GetStore().Read([&](Db& db) {
        auto q = db.Prepare("SELECT COUNT(*) FROM attempt_counters WHERE key LIKE ?");
        q.Bind(1, like);
        q.Step();
        return q.Int(0);
    });
}

long RssKiB() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
    return 0;
}

// Runs n copies of f(i) at once (all released together); waits for them.
template <class F> void InParallel(int n, F f) {
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i)
        threads.emplace_back([&, i] {
            while (!go) std::this_thread::yield();
            f(i);
        });
    go = true;
    for (auto& t : threads) t.join();
}

json Login(const std::string& email, const std::string& password) { return {{"email", email}, {"password", password}}; }

} // namespace

TEST_CASE("wrong voter codes and failed sign-ins stay counted when the server restarts") {
    const auto dir = std::filesystem::temp_directory_path() / ("quartier-restart-" + RandomHex(6));
    std::filesystem::create_directories(dir);
    ServerOptions o;
    o.db_path = (dir / "q.db").string();
    o.app.code_attempts_per_window = 3;
    o.app.logins_per_window = 3;
    std::string good;
    {
        Town town(o);
        good = town.Codes(1)[0];
        for (int i = 0; i < 3; ++i) {
            CHECK(Call(town.server, "POST", kTokens, {{"code", "AAAA-AAA" + std::to_string(i + 2)}}).status == 404);
            CHECK(Call(town.server, "POST", "/api/v1/auth/login", Login("admin@ville.test", "pas-le-bon-mot")).status == 401);
        }
    }
    {
        TestServer again(o);
        const auto code = Call(again, "POST", kTokens, {{"code", good}});
        CHECK(code.status == 429);
        CHECK(code.body["error"]["code"] == "too_many_attempts");
        CHECK(Call(again, "POST", "/api/v1/auth/login", Login("admin@ville.test", "mot-de-passe-solide")).status == 429);
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("100,500 other keys do not free a blocked address; the table keeps its maximum") {
    ServerOptions o;
    o.app.code_attempts_per_window = 3;
    Town town(o);
    const auto good = town.Codes(1)[0];
    for (int i = 0; i < 3; ++i)
        CHECK(Call(town.server, "POST", kTokens, {{"code", "AAAA-AAA" + std::to_string(i + 2)}}).status == 404);
    AppContext& app = town.server.Get().App();
    const auto start = std::chrono::steady_clock::now();
    // As from 100,500 addresses, each with one wrong code (in one transaction, for speed).
    town.server.Get().GetStore().Write([&](Db& db) {
        for (int i = 0; i < 100500; ++i) app.code_attempts.CountIn(db, "1|198.51." + std::to_string(i));
    });
    MESSAGE("100,500 counters written in "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() << " s");
    CHECK(Counters(town.server, "%") <= 100000);
    CHECK(Call(town.server, "POST", kTokens, {{"code", good}}).status == 429);
}

TEST_CASE("a request without a valid body creates no counter and uses up no attempt") {
    Town town;
    for (int i = 0; i < 30; ++i) {
        CHECK(Call(town.server, "POST", kTokens, nullptr, "", "{").status == 400);
        CHECK(Call(town.server, "POST", kTokens, json::object()).status == 400);
        CHECK(Call(town.server, "POST", kTokens, {{"code", 42}}).status == 400);
        CHECK(Call(town.server, "POST", "/api/v1/auth/login", {{"email", "admin@ville.test"}}).status == 400);
        CHECK(Call(town.server, "POST", "/api/v1/auth/login", {{"email", "admin@ville.test"}, {"password", 7}}).status == 400);
    }
    CHECK(Counters(town.server, "code|%") == 0);
    CHECK(Call(town.server, "POST", "/api/v1/auth/login", Login("admin@ville.test", "mot-de-passe-solide")).status == 200);
}

TEST_CASE("behind a trusted proxy: IPv6 counted by /64, the client cannot choose its address") {
    ServerOptions o;
    std::string error;
    REQUIRE(ParseAddressBlocks("127.0.0.1", o.trusted_proxies, error));
    o.app.code_attempts_per_window = 3;
    Town town(o);
    const auto codes = town.Codes(3);
    auto wrong = [](int i) { return json{{"code", "AAAA-AAA" + std::to_string(i + 2)}}; };

    // Three addresses of one /64 share one count; the next /64 has its own.
    for (int i = 0; i < 3; ++i) CHECK(PostVia(town.server, kTokens, wrong(i), "2001:db8:1:2::" + std::to_string(i + 1)) == 404);
    CHECK(PostVia(town.server, kTokens, {{"code", codes[0]}}, "2001:db8:1:2:aaaa::99") == 429);
    CHECK(PostVia(town.server, kTokens, {{"code", codes[0]}}, "2001:db8:1:3::1") == 201);

    // What a client writes to the left of the hop nginx appends changes nothing.
    for (int i = 0; i < 3; ++i)
        CHECK(PostVia(town.server, kTokens, wrong(i), "9.9.9." + std::to_string(i) + ", 203.0.113.7") == 404);
    CHECK(PostVia(town.server, kTokens, {{"code", codes[1]}}, "8.8.8.8, 203.0.113.7") == 429);
    CHECK(PostVia(town.server, kTokens, {{"code", codes[1]}}, "203.0.113.8") == 201);
}

TEST_CASE("X-Forwarded-For from a peer that is not a listed proxy is the client's own words, ignored") {
    ServerOptions o;
    std::string error;
    REQUIRE(ParseAddressBlocks("192.0.2.1", o.trusted_proxies, error)); // a proxy, but not the test's peer
    o.app.code_attempts_per_window = 3;
    Town town(o);
    const auto good = town.Codes(1)[0];
    for (int i = 0; i < 3; ++i)
        CHECK(PostVia(town.server, kTokens, {{"code", "AAAA-AAA" + std::to_string(i + 2)}}, "1.1.1." + std::to_string(i)) == 404);
    CHECK(PostVia(town.server, kTokens, {{"code", good}}, "5.5.5.5") == 429);
}

TEST_CASE("60 wrong voter codes at once: only the limit is tried, the rest get 429") {
    Town town; // 10 wrong codes per quarter of an hour
    const auto good = town.Codes(1)[0];
    std::atomic<int> tried{0}, refused{0}, other{0};
    const auto start = std::chrono::steady_clock::now();
    InParallel(60, [&](int i) {
        const int status = Call(town.server, "POST", kTokens, {{"code", "ZZZZ-" + std::to_string(1000 + i)}}).status;
        (status == 404 ? tried : status == 429 ? refused : other)++;
    });
    MESSAGE("60 parallel wrong codes: " << tried.load() << " tried, " << refused.load() << " refused (429) in "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() << " s");
    CHECK(tried == 10);
    CHECK(refused == 50);
    CHECK(other == 0);
    CHECK(Call(town.server, "POST", kTokens, {{"code", good}}).status == 429);
}

TEST_CASE("60 wrong passwords at once: counted before argon2id, which runs two at a time") {
    ServerOptions o; // 20 failed sign-ins per quarter of an hour, 2 argon2id at once
    o.app.password_wait_ms = 120000; // a loaded test machine: no 503 here, only the bound
    Town town(o);
    AppContext& app = town.server.Get().App();
    app.options.password_cost_minimum = false; // argon2id as in production: 64 MiB a run
    EnsureAccount(town.server.Get().GetStore(), "lea@ville.test", "mot-de-passe-solide", Role::Resident, std::nullopt, false);
    const long before = RssKiB();
    std::atomic<long> peak{before};
    std::atomic<bool> done{false};
    std::thread sampler([&] {
        while (!done) {
            peak = std::max(peak.load(), RssKiB());
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    });
    std::atomic<int> tried{0}, refused{0}, other{0};
    const auto start = std::chrono::steady_clock::now();
    InParallel(60, [&](int) {
        const int status = Call(town.server, "POST", "/api/v1/auth/login", Login("lea@ville.test", "mauvais-mot-de-passe")).status;
        (status == 401 ? tried : status == 429 ? refused : other)++;
    });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    done = true;
    sampler.join();
    const long growth_mib = (peak - before) / 1024;
    MESSAGE("60 parallel wrong passwords: " << tried.load() << " tried, " << refused.load() << " refused (429), argon2id at most "
            << app.PasswordPeak() << " at once, RSS +" << growth_mib << " MiB, " << seconds << " s");
    CHECK(tried == 20);
    CHECK(refused == 40);
    CHECK(other == 0);
    CHECK(app.PasswordPeak() <= 2);
    CHECK(growth_mib < 400); // 2 x 64 MiB and change; unbounded, 20 runs took 1.3 GiB
}

TEST_CASE("an unknown e-mail costs one argon2id run, as a known one does") {
    Town town;
    AppContext& app = town.server.Get().App();
    app.options.password_cost_minimum = false;
    EnsureAccount(town.server.Get().GetStore(), "lea@ville.test", "mot-de-passe-solide", Role::Resident, std::nullopt, false);
    auto timed = [&](const std::string& email, std::int64_t& runs) {
        const auto runs_before = app.PasswordRuns();
        const auto start = std::chrono::steady_clock::now();
        CHECK(Call(town.server, "POST", "/api/v1/auth/login", Login(email, "mauvais-mot-de-passe")).status == 401);
        runs = app.PasswordRuns() - runs_before;
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    };
    std::int64_t runs = 0;
    timed("personne@ville.test", runs); // the first one also makes the dummy hash
    const double known = timed("lea@ville.test", runs);
    CHECK(runs == 1);
    const double unknown = timed("inconnu@ville.test", runs);
    CHECK(runs == 1);
    MESSAGE("wrong password: " << known << " ms for a known e-mail, " << unknown << " ms for an unknown one");
    CHECK(unknown > known / 3);
    CHECK(known > unknown / 3);
}

TEST_CASE("a sign-in that waits too long for argon2id gets 503 with Retry-After, and is not counted") {
    ServerOptions o;
    o.app.password_slots = 1;
    o.app.password_wait_ms = 50;
    o.app.logins_per_window = 8;
    Town town(o);
    town.server.Get().App().options.password_cost_minimum = false;
    EnsureAccount(town.server.Get().GetStore(), "lea@ville.test", "mot-de-passe-solide", Role::Resident, std::nullopt, false);
    std::atomic<int> busy{0}, tried{0};
    std::string retry_after, message_fr;
    std::mutex m;
    InParallel(8, [&](int) {
        const auto r = Call(town.server, "POST", "/api/v1/auth/login", Login("lea@ville.test", "mauvais-mot-de-passe"));
        if (r.status == 401) ++tried;
        if (r.status != 503) return;
        ++busy;
        std::lock_guard<std::mutex> lock(m);
        retry_after = r.Header("Retry-After");
        message_fr = r.body["error"]["messages"]["fr"];
    });
    CHECK(busy > 0);
    CHECK(tried + busy == 8);
    CHECK(!retry_after.empty());
    CHECK(message_fr.find("réessayez") != std::string::npos);
    // Only the tries that ran were counted: the right password still gets in.
    CHECK(Call(town.server, "POST", "/api/v1/auth/login", Login("lea@ville.test", "mot-de-passe-solide")).status == 200);
}

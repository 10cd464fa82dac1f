// Server load on loopback, numbers printed (never asserted): durable ballots accepted per
// second at full speed and their latency, latency at a steady 1,000 ballots/s, and
// proposal-list reads per second. Runs the real server in-process on a fresh database
// with the demo commune; the load comes from httplib clients with keep-alive, in threads.
// Usage: server_bench [seconds per phase, default 5] [client threads, default 32]
#include "backend/demo_data.h"
#include "backend/http/server.h"
#include "backend/crypto.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

using namespace quartier;
using Clock = std::chrono::steady_clock;

namespace {

struct Stats {
    std::vector<double> ms;
    std::int64_t ok = 0, failed = 0;
    double seconds = 0;
    void Print(const char* what) {
        std::sort(ms.begin(), ms.end());
        auto pct = [&](double p) { return ms.empty() ? 0.0 : ms[std::min(ms.size() - 1, static_cast<size_t>(p * ms.size()))]; };
        std::printf("%-34s %9.0f /s  ok %lld  failed %lld  p50 %.2f ms  p99 %.2f ms  max %.2f ms\n", what,
                    static_cast<double>(ok) / seconds, static_cast<long long>(ok), static_cast<long long>(failed),
                    pct(0.50), pct(0.99), ms.empty() ? 0.0 : ms.back());
    }
};

// Ballot tokens made straight in the store (the bench measures the ballot box, not codes).
std::vector<std::string> MakeTokens(Store& store, std::int64_t process_id, size_t n) {
    std::vector<std::string> tokens(n);
    store.Write([&](Db& db) {
        for (auto& t : tokens) {
            t = RandomHex(16);
            db.Prepare("INSERT INTO ballot_tokens (token_hash, process_id) VALUES (?, ?)").BindBlob(1, Sha256(t)).Bind(2, process_id).Run();
        }
    });
    return tokens;
}

// Sends ballots from `threads` clients until `seconds` pass; rate 0 = as fast as answered,
// else the total rate, paced per thread (latency counted from the planned send time).
Stats Ballots(int port, const std::string& path, const std::vector<std::string>& tokens, std::atomic<size_t>& next,
              int threads, double seconds, double rate) {
    Stats total;
    std::mutex m;
    std::vector<std::thread> pool;
    const auto start = Clock::now();
    const auto end = start + std::chrono::duration<double>(seconds);
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
            httplib::Client c("127.0.0.1", port);
            c.set_keep_alive(true);
            c.set_tcp_nodelay(true);
            c.set_read_timeout(30, 0);
            Stats mine;
            const double interval = rate > 0 ? threads / rate : 0;
            auto planned = start + std::chrono::duration<double>(interval * t / threads);
            for (;;) {
                if (rate > 0) {
                    std::this_thread::sleep_until(planned);
                }
                const auto sent = rate > 0 ? planned : Clock::now();
                if (sent >= end) break;
                const size_t i = next++;
                if (i >= tokens.size()) break;
                nlohmann::json body{{"request_id", std::to_string(i)}, {"ballot", {{"projects", {"116", "180", "124"}}}}};
                auto r = c.Post(path.c_str(), {{"Authorization", "Bearer " + tokens[i]}}, body.dump(), "application/json");
                const auto done = Clock::now();
                if (r && r->status == 201) {
                    ++mine.ok;
                    mine.ms.push_back(std::chrono::duration<double, std::milli>(done - sent).count());
                } else {
                    ++mine.failed;
                }
                planned += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(interval));
            }
            std::lock_guard<std::mutex> lock(m);
            total.ok += mine.ok;
            total.failed += mine.failed;
            total.ms.insert(total.ms.end(), mine.ms.begin(), mine.ms.end());
        });
    for (auto& th : pool) th.join();
    total.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return total;
}

Stats Reads(int port, const std::string& path, int threads, double seconds) {
    Stats total;
    std::mutex m;
    std::vector<std::thread> pool;
    const auto start = Clock::now();
    const auto end = start + std::chrono::duration<double>(seconds);
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&] {
            httplib::Client c("127.0.0.1", port);
            c.set_keep_alive(true);
            c.set_tcp_nodelay(true);
            Stats mine;
            while (Clock::now() < end) {
                const auto sent = Clock::now();
                auto r = c.Get(path.c_str());
                if (r && r->status == 200) {
                    ++mine.ok;
                    mine.ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
                } else {
                    ++mine.failed;
                }
            }
            std::lock_guard<std::mutex> lock(m);
            total.ok += mine.ok;
            total.failed += mine.failed;
            total.ms.insert(total.ms.end(), mine.ms.begin(), mine.ms.end());
        });
    for (auto& th : pool) th.join();
    total.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return total;
}

std::int64_t CountBallots(Store& store, std::int64_t process_id) {
    return store.Read([&](Db& db) {
        auto q = db.Prepare("SELECT COUNT(*) FROM ballots WHERE process_id = ?");
        q.Bind(1, process_id);
        q.Step();
        return q.Int(0);
    });
}

} // namespace

int main(int argc, char** argv) {
    const double seconds = argc > 1 ? std::atof(argv[1]) : 5.0;
    const int threads = argc > 2 ? std::atoi(argv[2]) : 32;
    const auto dir = std::filesystem::temp_directory_path() / ("quartier-bench-" + RandomHex(4));
    std::filesystem::create_directories(dir);
    ServerOptions o;
    o.host = "127.0.0.1";
    o.port = 0;
    o.db_path = (dir / "bench.db").string();
    o.app.password_cost_minimum = true;
    o.threads = threads + 8;
    o.max_connections_per_address = o.threads; // one loopback address plays every voter
    Server server(o);
    SeedDemo(server.App(), std::string(QUARTIER_SOURCE_DIR) + "/tests/data");
    const int port = server.Bind();
    std::thread serving([&] { server.Run(); });
    Store& store = server.GetStore();
    auto tenant = server.App().FindTenant(kDemoTenant);
    auto process = server.App().FindProcess(*tenant, kDemoVotingProcess);
    const std::string ballots = std::string("/api/v1/tenants/toulouse/processes/") + kDemoVotingProcess + "/ballots";
    std::printf("quartier server bench: %d client threads, %.0f s per phase, loopback, %u cores\n", threads, seconds,
                std::thread::hardware_concurrency());

    {
        const auto tokens = MakeTokens(store, process->id, 200000);
        std::atomic<size_t> next{0};
        const auto w0 = store.CommittedWrites();
        const auto t0 = store.Transactions();
        Stats s = Ballots(port, ballots, tokens, next, threads, seconds, 0);
        s.Print("ballots, full speed");
        const auto stored = CountBallots(store, process->id);
        std::printf("  stored %lld ballots for %lld acknowledged (%s); %.1f writes per commit\n",
                    static_cast<long long>(stored), static_cast<long long>(s.ok), stored >= s.ok ? "nothing lost" : "LOST",
                    static_cast<double>(store.CommittedWrites() - w0) / std::max<std::int64_t>(1, store.Transactions() - t0));
    }
    {
        const auto tokens = MakeTokens(store, process->id, static_cast<size_t>(1000 * seconds + 1000));
        std::atomic<size_t> next{0};
        Stats s = Ballots(port, ballots, tokens, next, 16, seconds, 1000);
        s.Print("ballots at 1,000/s");
    }
    // A commune with a few thousand proposals; the map asks for all, the list for a page.
    store.Write([&](Db& db) {
        for (int i = 0; i < 3000; ++i)
            db.Prepare("INSERT INTO proposals (tenant_id, title, description, category, latitude, longitude, estimated_cost,"
                       " status, district_code, district_name) VALUES (?, ?, 'Banc, arbre et fontaine', 'Cadre de vie', ?, ?,"
                       " 10000, 'published', '31555', 'Toulouse')")
                .Bind(1, tenant->id).Bind(2, "Proposition " + std::to_string(i))
                .Bind(3, 43.58 + (i % 50) * 0.001).Bind(4, 1.40 + (i / 50) * 0.001).Run();
    });
    server.App().Bump(tenant->id);
    Reads(port, "/api/v1/tenants/toulouse/proposals?per_page=50", threads, seconds).Print("list reads (page of 50)");
    Reads(port, "/api/v1/tenants/toulouse/proposals?per_page=100000", 8, seconds).Print("list reads (all 3,008, map)");

    // wrk (Debian's, when installed) is a leaner load generator than threads of httplib
    // clients: what the server alone sustains, with the client's cost out of the way.
    if (std::system("command -v wrk >/dev/null 2>&1") == 0) {
        const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/api/v1/tenants/toulouse/proposals?per_page=50";
        const std::string cmd = "wrk -t2 -c32 -d" + std::to_string(static_cast<int>(seconds)) + "s --latency '" + url + "' 2>&1";
        if (FILE* f = popen(cmd.c_str(), "r")) {
            char line[512];
            while (std::fgets(line, sizeof line, f))
                if (std::strstr(line, "Requests/sec") || std::strstr(line, " 50%") || std::strstr(line, " 99%") ||
                    std::strstr(line, "Non-2xx"))
                    std::printf("  wrk list reads (page of 50): %s", line);
            pclose(f);
        }
    } else {
        std::printf("  (install wrk for a second measure of list reads)\n");
    }

    server.Stop();
    serving.join();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return 0;
}

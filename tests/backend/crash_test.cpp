// No acknowledged write is lost when the server is killed (SIGKILL) in the middle of a
// stream of ballots: the real quartier-server binary is started, flooded by voters, killed,
// restarted on the same database, and every receipt it gave out must be in the box.
#include "backend/api_fixture.h"

#include "backend/demo_data.h"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

extern char** environ;

using namespace quartier;
using namespace quartier::testing;

namespace {

// A quartier-server child process; Url() once it printed its address.
class ServerProcess {
public:
    explicit ServerProcess(const std::string& db) {
        int out[2];
        REQUIRE(pipe(out) == 0);
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, out[1], 1);
        posix_spawn_file_actions_addclose(&fa, out[0]);
        const std::string bin = QUARTIER_SERVER_BINARY;
        std::vector<std::string> args = {bin, "--listen", "127.0.0.1:0", "--db", db, "--demo", "--demo-data", QUARTIER_TEST_DATA};
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        REQUIRE(posix_spawn(&m_pid, bin.c_str(), &fa, nullptr, argv.data(), environ) == 0);
        posix_spawn_file_actions_destroy(&fa);
        close(out[1]);
        std::string line;
        char c;
        while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
        close(out[0]);
        const auto at = line.find("http://");
        REQUIRE(at != std::string::npos);
        m_url = line.substr(at, line.rfind('/') - at);
        httplib::Client client(m_url);
        for (int i = 0; i < 200; ++i) {
            if (auto r = client.Get("/api/v1/health"); r && r->status == 200) return;
            usleep(10000);
        }
        FAIL("server did not answer");
    }
    ~ServerProcess() {
        if (m_pid > 0) Kill(SIGTERM);
    }
    void Kill(int sig) {
        kill(m_pid, sig);
        int status = 0;
        waitpid(m_pid, &status, 0);
        m_pid = -1;
    }
    const std::string& Url() const { return m_url; }

private:
    pid_t m_pid = -1;
    std::string m_url;
};

json Post(const std::string& url, const std::string& path, const json& body, const std::string& token, int* status) {
    httplib::Client c(url);
    c.set_read_timeout(10, 0);
    httplib::Headers h;
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    auto r = c.Post(path.c_str(), h, body.dump(), "application/json");
    *status = r ? r->status : 0;
    return r ? json::parse(r->body, nullptr, false) : json();
}

} // namespace

TEST_CASE("kill -9 in the middle of a stream of ballots loses no acknowledged ballot") {
    TestServer scratch; // for a temporary folder
    const std::string db = (scratch.Dir() / "crash.db").string();
    const std::string bp = std::string("/api/v1/tenants/toulouse/processes/") + kDemoVotingProcess;
    std::vector<std::string> tokens;
    std::set<std::string> acknowledged;
    std::atomic<int> sent{0};
    {
        ServerProcess server(db);
        int status = 0;
        const auto login = Post(server.Url(), "/api/v1/auth/login", {{"email", "admin@quartier.demo"}, {"password", kDemoPassword}}, "", &status);
        REQUIRE(status == 200);
        const auto codes = Post(server.Url(), bp + "/voter-codes", {{"count", 3000}}, login["token"], &status);
        REQUIRE(status == 201);
        for (const auto& code : codes["codes"]) {
            const auto t = Post(server.Url(), bp + "/ballot-tokens", {{"code", code}}, "", &status);
            REQUIRE(status == 201);
            tokens.push_back(t["token"]);
        }
        // Eight voters' devices send ballots as fast as they are answered...
        std::mutex m;
        std::atomic<size_t> next{0};
        std::vector<std::thread> voters;
        for (int v = 0; v < 8; ++v)
            voters.emplace_back([&] {
                httplib::Client c(server.Url());
                c.set_read_timeout(10, 0);
                for (size_t i; (i = next++) < tokens.size();) {
                    json body{{"request_id", "r" + std::to_string(i)}, {"ballot", {{"projects", {"116", "180"}}}}};
                    ++sent;
                    auto r = c.Post((bp + "/ballots").c_str(), {{"Authorization", "Bearer " + tokens[i]}}, body.dump(), "application/json");
                    if (!r) return; // the server is gone
                    if (r->status == 201) {
                        std::lock_guard<std::mutex> lock(m);
                        acknowledged.insert(json::parse(r->body)["receipt"].get<std::string>());
                    }
                }
            });
        // ...and the server is killed while they do.
        while (sent < 1000) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        server.Kill(SIGKILL);
        for (auto& t : voters) t.join();
    }
    MESSAGE("ballots acknowledged before the kill: " << acknowledged.size() << " of " << sent.load() << " sent");
    REQUIRE(acknowledged.size() >= 500);
    REQUIRE(acknowledged.size() < tokens.size()); // the kill did land mid-stream

    ServerProcess again(db);
    int status = 0;
    const auto login = Post(again.Url(), "/api/v1/auth/login", {{"email", "admin@quartier.demo"}, {"password", kDemoPassword}}, "", &status);
    REQUIRE(Post(again.Url(), bp + "/phase", {{"phase", "closed"}}, login["token"], &status).is_object());
    REQUIRE(status == 200);
    httplib::Client c(again.Url());
    auto r = c.Get((bp + "/receipts").c_str());
    REQUIRE(r);
    const auto stored = json::parse(r->body)["receipts"].get<std::set<std::string>>();
    size_t missing = 0;
    for (const auto& receipt : acknowledged) missing += stored.count(receipt) == 0;
    CHECK(missing == 0);
    CHECK(stored.size() >= acknowledged.size());
    CHECK(stored.size() <= static_cast<size_t>(sent.load())); // nothing invented either
}

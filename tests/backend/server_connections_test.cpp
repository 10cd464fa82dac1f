// Slow and idle clients cannot starve the others: connections from one address that trickle
// a request head or sit idle leave other residents answered within a second; a head sent a
// byte at a time is cut off at its deadline; stop() does not wait for idle connections.
// Loopback only: the attackers bind to 127.0.0.2, the resident comes from 127.0.0.1.
#include "backend/test_server.h"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

using namespace quartier;
using namespace quartier::testing;

namespace {

using Clock = std::chrono::steady_clock;

// A TCP connection to the test server from source address `from` (any 127.x works on Linux).
int ConnectFrom(const char* from, int port) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in src{};
    src.sin_family = AF_INET;
    inet_pton(AF_INET, from, &src.sin_addr);
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&src), sizeof src) == 0);
    sockaddr_in dst{};
    dst.sin_family = AF_INET;
    dst.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &dst.sin_addr);
    REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&dst), sizeof dst) == 0);
    return fd;
}

// Seconds a resident waits for /api/v1/health; 99 when no answer came.
double TimeHealth(const TestServer& s) {
    httplib::Client c(s.Url());
    c.set_connection_timeout(3, 0);
    c.set_read_timeout(3, 0);
    const auto start = Clock::now();
    const auto r = c.Get("/api/v1/health");
    if (!r || r->status != 200) return 99;
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// True once the server has closed fd (end of stream or reset), reading and dropping any answer.
bool ClosedByServer(int fd) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 0) <= 0) return false;
    char buf[512];
    const ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    return n <= 0;
}

} // namespace

TEST_CASE("200 slow or idle connections from one address: others are answered within 1 s") {
    TestServer server; // 16 workers, as in every server test
    std::vector<int> slow, idle;
    for (int i = 0; i < 100; ++i) slow.push_back(ConnectFrom("127.0.0.2", server.Port()));
    for (int i = 0; i < 100; ++i) idle.push_back(ConnectFrom("127.0.0.2", server.Port()));
    // The slow ones send a request head one byte every 2 s, and never finish it.
    std::atomic<bool> done{false};
    std::thread trickle([&] {
        const std::string head = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        for (size_t k = 0; !done && k < head.size(); ++k) {
            for (int fd : slow) (void)send(fd, &head[k], 1, MSG_NOSIGNAL | MSG_DONTWAIT);
            for (int t = 0; t < 20 && !done; ++t) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    });
    double worst = 0;
    int asked = 0;
    const auto until = Clock::now() + std::chrono::seconds(8);
    while (Clock::now() < until) {
        worst = std::max(worst, TimeHealth(server));
        ++asked;
        std::this_thread::sleep_for(std::chrono::milliseconds(400));
    }
    done = true;
    trickle.join();
    for (int fd : slow) close(fd);
    for (int fd : idle) close(fd);
    MESSAGE("200 slow/idle connections from 127.0.0.2: worst of " << asked << " requests from 127.0.0.1 took "
            << worst * 1000 << " ms");
    CHECK(worst < 1.0);
}

TEST_CASE("a request head sent a byte at a time is cut off at the header deadline") {
    ServerOptions o;
    o.header_timeout_ms = 1500;
    TestServer server(o);
    const int fd = ConnectFrom("127.0.0.2", server.Port());
    const std::string head = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(100, 'a');
    const auto start = Clock::now();
    bool closed = false;
    // One byte every 200 ms: each read is quick, only the whole head is late.
    for (size_t k = 0; k < head.size() && !closed && Clock::now() - start < std::chrono::seconds(8); ++k) {
        if (send(fd, &head[k], 1, MSG_NOSIGNAL) < 0) closed = true;
        for (int t = 0; t < 4 && !closed; ++t) {
            closed = ClosedByServer(fd);
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    close(fd);
    MESSAGE("trickled head closed after " << seconds << " s (deadline 1.5 s)");
    CHECK(closed);
    CHECK(seconds >= 1.4);
    CHECK(seconds < 4.0);
}

TEST_CASE("stop() does not wait for idle connections") {
    auto server = std::make_unique<TestServer>();
    std::vector<int> idle;
    for (int i = 0; i < 20; ++i) idle.push_back(ConnectFrom("127.0.0.2", server->Port()));
    for (int i = 0; i < 4; ++i) idle.push_back(ConnectFrom("127.0.0.3", server->Port()));
    std::this_thread::sleep_for(std::chrono::milliseconds(200)); // the workers have taken them
    const auto start = Clock::now();
    server.reset();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    for (int fd : idle) close(fd);
    MESSAGE("stopped in " << seconds * 1000 << " ms with 24 idle connections open");
    CHECK(seconds < 2.0);
}

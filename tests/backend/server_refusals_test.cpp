// What httplib refuses before any route runs (a malformed request line, an unknown method, a
// header or an address too long) comes back as the JSON envelope saying what was wrong, in
// French and English, never a bare status. Sent over a raw loopback socket: no client library
// would write such requests.
#include "backend/api_fixture.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

using namespace quartier;
using namespace quartier::testing;

namespace {

// Sends raw on a fresh connection to the server and reads one answer (its headers, then as
// many bytes as its Content-Length says: httplib keeps the connection open).
Reply Raw(const TestServer& s, const std::string& raw) {
    Reply out;
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    timeval timeout{5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(s.Port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    for (size_t sent = 0; sent < raw.size();) {
        const ssize_t n = send(fd, raw.data() + sent, raw.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<size_t>(n);
    }
    std::string answer;
    char buf[4096];
    size_t expected = std::string::npos;
    while (answer.size() < expected) {
        const ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        answer.append(buf, static_cast<size_t>(n));
        const auto split = answer.find("\r\n\r\n");
        const auto length = answer.find("Content-Length: ");
        if (split != std::string::npos && length != std::string::npos && length < split)
            expected = split + 4 + std::stoul(answer.substr(length + 16));
    }
    close(fd);
    if (answer.rfind("HTTP/1.", 0) == 0) out.status = std::atoi(answer.c_str() + 9);
    const auto split = answer.find("\r\n\r\n");
    out.text = split == std::string::npos ? "" : answer.substr(split + 4);
    out.body = json::parse(out.text, nullptr, false);
    return out;
}

void CheckSaysWhy(const Reply& r, int status, const std::string& code) {
    CHECK(r.status == status);
    REQUIRE(r.body.is_object());
    CHECK(r.body["error"]["code"] == code);
    const std::string fr = r.body["error"]["messages"]["fr"], en = r.body["error"]["messages"]["en"];
    CHECK_FALSE(fr.empty());
    CHECK_FALSE(en.empty());
    CHECK(fr != en);
    CHECK(en.find("could not be served") == std::string::npos); // not the generic words
}

} // namespace

TEST_CASE("a malformed request gets a specific code and words, never http_400") {
    TestServer s;
    // The control: a well-formed request over the same path.
    CHECK(Raw(s, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n").status == 200);

    CheckSaysWhy(Raw(s, "GET /api/v1/health HTTP/1.1 de trop\r\nHost: x\r\n\r\n"), 400, "bad_request_line");
    CheckSaysWhy(Raw(s, "GET /api/v1/health HTTP/9.9\r\nHost: x\r\n\r\n"), 400, "bad_request_line");
    CheckSaysWhy(Raw(s, "FROB /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n"), 501, "unknown_method");
    CheckSaysWhy(Raw(s, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Long: " + std::string(9000, 'a') + "\r\n\r\n"), 400,
                 "bad_headers");
    CheckSaysWhy(Raw(s, "GET /api/v1/health?x=" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n"), 414,
                 "uri_too_long");
}

TEST_CASE("a POST or DELETE without a body and without Content-Length is served at once, as curl -X POST sends it") {
    Town town;
    const std::int64_t id = town.Propose();
    const std::string path = "/api/v1/tenants/ville/proposals/" + std::to_string(id) + "/supports";
    const std::string auth = "Authorization: Bearer " + town.resident + "\r\n";
    // What `curl -X POST URL` writes: no body, no Content-Length, no Transfer-Encoding.
    const Reply supported = Raw(town.server, "POST " + path + " HTTP/1.1\r\nHost: x\r\n" + auth + "Accept: */*\r\n\r\n");
    CHECK(supported.status == 200);
    CHECK(supported.body["supported"] == true);
    CHECK(supported.body["supports"] == 1);
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/proposals/" + std::to_string(id)).body["supports"] == 1);

    const Reply withdrawn = Raw(town.server, "DELETE " + path + " HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n");
    CHECK(withdrawn.status == 200);
    CHECK(withdrawn.body["supports"] == 0);

    // A body that is announced is still read.
    const std::string json = R"({"reason":"spam"})";
    const Reply flagged = Raw(town.server, "POST /api/v1/tenants/ville/proposals/" + std::to_string(id) +
                                               "/flags HTTP/1.1\r\nHost: x\r\n" + auth +
                                               "Content-Type: application/json\r\nContent-Length: " +
                                               std::to_string(json.size()) + "\r\n\r\n" + json);
    CHECK(flagged.status == 201);
}

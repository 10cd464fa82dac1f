// Fuzzes the whole request path as the server runs it, without a socket: the routing table's
// patterns, the JSON reader, every handler and the error envelope, over a small town seeded
// once (an admin, a tenant with districts, processes in voting with codes and a ballot token)
// so that handlers go past their first checks. A crash, a sanitizer report or an answer
// outside the envelope is a finding.
//
// Input, line by line:
//   METHOD
//   /path?query
//   Header: value            (any number, up to an empty line)
//   body                     (the rest)
// In headers and body, $ADMIN, $AGENT and $BALLOT stand for the seeded admin's and agent's
// session tokens and a ballot token; in the body, $DEEP stands for 100,000 '[' (a body
// nested that deep once crashed the server).
#include "backend/routes.h"
#include "backend/store/store.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

using namespace quartier;
using nlohmann::json;

namespace {

struct Town {
    Store store{":memory:"};
    AppContext app{store, [] {
                       AppOptions o;
                       o.password_cost_minimum = true;
                       // Counted per client address, which is always the same here.
                       o.submissions_per_window = 1000000;
                       o.code_attempts_per_window = 1000000;
                       o.logins_per_window = 1000000;
                       return o;
                   }()};
    Router router{ApiRoutes(app)};
    std::string admin, agent, ballot;
};

Town* g_town = nullptr;

Response Send(const std::string& method, const std::string& path, const json& body, const std::string& token = "") {
    Request r;
    r.method = method;
    r.path = path;
    r.remote_addr = "127.0.0.1";
    if (!token.empty()) r.headers["authorization"] = "Bearer " + token;
    if (!body.is_null()) {
        r.body = body.dump();
        r.headers["content-type"] = "application/json";
    }
    auto out = g_town->router.Dispatch(r);
    if (!out) std::abort();
    return *out;
}

json Expect(int status, const Response& r) {
    if (r.status != status) {
        std::fprintf(stderr, "request_fuzz: seeding failed (%d): %s\n", r.status, r.body.c_str());
        std::abort();
    }
    return json::parse(r.body, nullptr, false);
}

std::string Login(const std::string& email, Role role, std::optional<std::int64_t> tenant) {
    EnsureAccount(g_town->store, email, "mot-de-passe-solide", role, tenant, true);
    const auto r = Send("POST", "/api/v1/auth/login", {{"email", email}, {"password", "mot-de-passe-solide"}});
    return Expect(200, r)["token"].get<std::string>();
}

void SeedTown() {
    g_town = new Town(); // lives for the whole run
    auto& t = *g_town;
    t.admin = Login("admin@ville.test", Role::Admin, std::nullopt);
    auto square = [](const char* code, const char* name, double lat0, double lat1) {
        return json{{"type", "Feature"},
                    {"properties", {{"code", code}, {"nom", name}}},
                    {"geometry",
                     {{"type", "Polygon"},
                      {"coordinates", {{{1.40, lat0}, {1.46, lat0}, {1.46, lat1}, {1.40, lat1}, {1.40, lat0}}}}}}};
    };
    Expect(201, Send("POST", "/api/v1/tenants",
                     {{"slug", "ville"}, {"name", "Ville"}, {"center", {43.60, 1.43}},
                      {"categories", json::array({{{"id", "cadre"}, {"fr", "Cadre de vie"}, {"en", "Living"}}})},
                      {"districts", {{"type", "FeatureCollection"},
                                     {"features", {square("N", "Nord", 43.60, 43.62), square("S", "Sud", 43.58, 43.60)}}}},
                      {"allowed_origins", {"https://www.ville.test"}}},
                     t.admin));
    t.agent = Login("agent@ville.test", Role::Agent, t.app.FindTenant("ville")->id);
    const json projects = {{{"id", "1"}, {"name", "Parc"}, {"cost", "60000"}, {"district", "N"}},
                           {{"id", "2"}, {"name", "Piste"}, {"cost", "50000"}, {"district", "S"}},
                           {{"id", "3"}, {"name", "Bancs"}, {"cost", "30000"}}};
    const std::pair<const char*, json> ballots[] = {
        {"bp", {{"kind", "approval"}, {"min_projects", 1}, {"max_projects", 2}}},
        {"sac", {{"kind", "knapsack"}, {"budget", "100000"}}},
        {"points", {{"kind", "cumulative"}, {"max_points", 10}, {"max_points_per_project", 6}}},
        {"rang", {{"kind", "ranked"}, {"max_projects", 3}}},
    };
    const std::string base = "/api/v1/tenants/ville/processes";
    for (const auto& [id, ballot] : ballots) {
        Expect(201, Send("POST", base, {{"id", id}, {"title", "Budget participatif"}, {"budget", "100000"},
                                        {"ballot", ballot}, {"projects", projects}}, t.admin));
        Expect(200, Send("POST", base + "/" + id + "/phase", {{"phase", "voting"}}, t.admin));
    }
    const auto codes = Expect(201, Send("POST", base + "/bp/voter-codes", {{"count", 50}}, t.admin))["codes"];
    t.ballot = Expect(201, Send("POST", base + "/bp/ballot-tokens", {{"code", codes[0]}}))["token"].get<std::string>();
    Expect(201, Send("POST", "/api/v1/tenants/ville/proposals",
                     {{"title", "Des bancs à l’ombre"}, {"description", "Trois bancs"}, {"category", "cadre"},
                      {"latitude", 43.61}, {"longitude", 1.43}}));
}

void ReplaceAll(std::string& s, const std::string& from, const std::string& to) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
}

std::string Expand(std::string s) {
    ReplaceAll(s, "$ADMIN", g_town->admin);
    ReplaceAll(s, "$AGENT", g_town->agent);
    ReplaceAll(s, "$BALLOT", g_town->ballot);
    return s;
}

// %XX and (in query strings) '+' decoded, as the HTTP library does.
std::string Decode(const std::string& s, bool plus_is_space) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += plus_is_space && s[i] == '+' ? ' ' : s[i];
        }
    }
    return out;
}

std::string Line(const std::string& in, size_t& at) {
    const size_t end = in.find('\n', at);
    std::string line = in.substr(at, end == std::string::npos ? std::string::npos : end - at);
    at = end == std::string::npos ? in.size() : end + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    SeedTown();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    const std::string in(reinterpret_cast<const char*>(data), size);
    size_t at = 0;
    Request req;
    req.remote_addr = "127.0.0.1";
    req.method = Line(in, at);
    const std::string target = Line(in, at);
    const size_t q = target.find('?');
    req.path = Decode(target.substr(0, q), false);
    if (q != std::string::npos) {
        size_t p = q + 1;
        while (p <= target.size()) {
            size_t amp = target.find('&', p);
            if (amp == std::string::npos) amp = target.size();
            const std::string pair = target.substr(p, amp - p);
            const size_t eq = pair.find('=');
            if (!pair.empty())
                req.query.emplace(Decode(pair.substr(0, eq), true),
                                  eq == std::string::npos ? std::string() : Decode(pair.substr(eq + 1), true));
            p = amp + 1;
        }
    }
    while (at < in.size()) {
        const std::string h = Line(in, at);
        if (h.empty()) break;
        const size_t colon = h.find(':');
        if (colon == std::string::npos) continue;
        std::string name = h.substr(0, colon);
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        size_t v = colon + 1;
        while (v < h.size() && h[v] == ' ') ++v;
        req.headers[name] = Expand(h.substr(v));
    }
    req.body = Expand(in.substr(at));
    if (req.body.find("$DEEP") != std::string::npos) ReplaceAll(req.body, "$DEEP", std::string(100000, '['));

    // As the server: the route's Guard'ed handler, CORS headers for an Origin, and the HTTP
    // library's fail-safe for anything the handler let through (a 500, not a crash).
    std::optional<Response> res;
    try {
        res = g_town->router.Dispatch(req);
        if (res && req.headers.count("origin"))
            for (auto& [k, v] : CorsHeaders(g_town->app, req)) res->headers.emplace(k, v);
    } catch (const std::exception& e) {
        if (std::getenv("QUARTIER_FUZZ_STRICT")) {
            std::fprintf(stderr, "request_fuzz: %s %s threw: %s\n", req.method.c_str(), req.path.c_str(), e.what());
            std::abort();
        }
        return 0;
    }
    if (!res) return 0; // the server's 404
    // Every error is the one envelope, in both languages.
    if (res->status < 200 || res->status > 599) std::abort();
    if (res->status >= 400 && res->content_type.rfind("application/json", 0) == 0) {
        const auto body = json::parse(res->body, nullptr, false);
        if (!body.is_object() || !body.contains("error") || !body["error"].is_object() ||
            !body["error"].contains("code") || !body["error"]["code"].is_string() ||
            body["error"]["code"].get<std::string>().empty() || !body["error"].contains("messages"))
            std::abort();
    }
    return 0;
}

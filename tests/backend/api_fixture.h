// A town for API tests: a real server with an instance admin, a tenant "ville" with two
// square districts (Nord, Sud), one account per role, and a process "bp" with three projects
// open for voting. Calls go over loopback with Bearer tokens, as widgets make them.
#pragma once

#include "backend/routes.h"
#include "backend/test_server.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>

namespace quartier::testing {

using nlohmann::json;

struct Reply {
    int status = 0;
    json body;
    std::string text;
    std::map<std::string, std::string> headers;

    std::string Header(const std::string& k) const {
        const auto it = headers.find(k);
        return it == headers.end() ? std::string() : it->second;
    }
};

// What a client got back, as tests read it (status 0 and the error's words when no answer).
inline Reply ToReply(const httplib::Result& r) {
    Reply out;
    if (!r) {
        out.text = "no answer: " + httplib::to_string(r.error());
        return out;
    }
    out.status = r->status;
    out.text = r->body;
    for (const auto& [k, v] : r->headers) out.headers[k] = v;
    out.body = json::parse(r->body, nullptr, false);
    return out;
}

inline Reply Call(const TestServer& s, const std::string& method, const std::string& path,
                  const json& body = nullptr, const std::string& token = "",
                  const std::string& raw_body = "", const std::string& content_type = "application/json") {
    httplib::Client c = s.Client();
    c.set_read_timeout(60, 0);
    httplib::Headers h;
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    const std::string payload = !raw_body.empty() ? raw_body : body.is_null() ? std::string() : body.dump();
    auto send = [&]() -> httplib::Result {
        if (method == "GET") return c.Get(path.c_str(), h);
        if (method == "POST") return c.Post(path.c_str(), h, payload, content_type.c_str());
        if (method == "PATCH") return c.Patch(path.c_str(), h, payload, content_type.c_str());
        if (method == "DELETE") return c.Delete(path.c_str(), h, payload, content_type.c_str());
        return c.Options(path.c_str(), h);
    };
    return ToReply(send());
}

// Two squares side by side: Nord (43.60..43.62) and Sud (43.58..43.60), lon 1.40..1.46.
inline json TwoDistricts() {
    auto square = [](const char* code, const char* name, double lat0, double lat1) {
        return json{{"type", "Feature"},
                    {"properties", {{"code", code}, {"nom", name}}},
                    {"geometry",
                     {{"type", "Polygon"},
                      {"coordinates", {{{1.40, lat0}, {1.46, lat0}, {1.46, lat1}, {1.40, lat1}, {1.40, lat0}}}}}}};
    };
    return {{"type", "FeatureCollection"},
            {"features", {square("N", "Nord", 43.60, 43.62), square("S", "Sud", 43.58, 43.60)}}};
}

inline json Submission(double lat = 43.61, double lon = 1.43) {
    return {{"title", "Des bancs à l’ombre"}, {"description", "Trois bancs"}, {"category", "Cadre de vie"},
            {"latitude", lat}, {"longitude", lon}, {"estimated_cost", 12000}};
}

struct Town {
    TestServer server;
    std::string admin, moderator, agent, resident, resident2, other_moderator;

    explicit Town(ServerOptions options = {}) : server(options) {
        Store& store = server.Get().GetStore();
        admin = SignIn("admin@ville.test", Role::Admin, std::nullopt);
        REQUIRE(Call(server, "POST", "/api/v1/tenants",
                     {{"slug", "ville"}, {"name", "Ville"}, {"center", {43.60, 1.43}},
                      {"categories", json::array({{{"id", "cadre"}, {"fr", "Cadre de vie"}, {"en", "Living"}},
                                                  {{"id", "sport"}, {"fr", "Sport"}, {"en", "Sport"}}})},
                      {"districts", TwoDistricts()}, {"allowed_origins", {"https://www.ville.test"}}},
                     admin).status == 201);
        REQUIRE(Call(server, "POST", "/api/v1/tenants",
                     {{"slug", "autre"}, {"name", "Autre"}, {"center", {43.60, 1.43}}}, admin).status == 201);
        const auto ville = server.Get().App().FindTenant("ville")->id;
        const auto autre = server.Get().App().FindTenant("autre")->id;
        moderator = SignIn("moderation@ville.test", Role::Moderator, ville);
        agent = SignIn("agent@ville.test", Role::Agent, ville);
        other_moderator = SignIn("moderation@autre.test", Role::Moderator, autre);
        resident = SignIn("habitante@ville.test", Role::Resident, std::nullopt);
        resident2 = SignIn("voisin@ville.test", Role::Resident, std::nullopt);
        (void)store;
        const auto created = Call(server, "POST", "/api/v1/tenants/ville/processes", Process("bp"), admin);
        REQUIRE(created.status == 201);
        REQUIRE(Call(server, "POST", "/api/v1/tenants/ville/processes/bp/phase", {{"phase", "voting"}}, admin).status == 200);
    }

    static json Process(const std::string& id) {
        return {{"id", id},
                {"title", "Budget participatif"},
                {"budget", "100000"},
                {"ballot", {{"kind", "approval"}, {"min_projects", 1}, {"max_projects", 2}}},
                {"rule", {{"name", "greedy"}, {"sat", "cost"}}},
                {"projects",
                 {{{"id", "1"}, {"name", "Parc"}, {"cost", "60000"}, {"district", "N"}},
                  {{"id", "2"}, {"name", "Piste"}, {"cost", "50000"}, {"district", "S"}},
                  {{"id", "3"}, {"name", "Bancs"}, {"cost", "30000"}, {"latitude", 43.61}, {"longitude", 1.42}}}}};
    }

    std::string SignIn(const std::string& email, Role role, std::optional<std::int64_t> tenant) {
        EnsureAccount(server.Get().GetStore(), email, "mot-de-passe-solide", role, tenant, true);
        const auto r = Call(server, "POST", "/api/v1/auth/login", {{"email", email}, {"password", "mot-de-passe-solide"}});
        REQUIRE(r.status == 200);
        return r.body["token"];
    }

    std::vector<std::string> Codes(int n, const std::string& process = "bp") {
        const auto r = Call(server, "POST", "/api/v1/tenants/ville/processes/" + process + "/voter-codes", {{"count", n}}, admin);
        REQUIRE(r.status == 201);
        return r.body["codes"].get<std::vector<std::string>>();
    }

    std::string Token(const std::string& code, const std::string& process = "bp") {
        const auto r = Call(server, "POST", "/api/v1/tenants/ville/processes/" + process + "/ballot-tokens", {{"code", code}});
        REQUIRE(r.status == 201);
        return r.body["token"];
    }

    std::int64_t Propose(double lat = 43.61, double lon = 1.43, const std::string& token = "") {
        const auto r = Call(server, "POST", "/api/v1/tenants/ville/proposals", Submission(lat, lon), token);
        REQUIRE(r.status == 201);
        return r.body["id"];
    }
};

} // namespace quartier::testing

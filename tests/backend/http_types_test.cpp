// Hostile bodies against the real server: JSON nested 100,000 deep once overflowed the stack
// and killed the process (every voter's connection with it); now every JSON route answers
// 400 in words and the server keeps serving. And rights come before reading: a caller
// without them gets 401/403 whatever the body, never the cost of parsing it.
#include "backend/api_fixture.h"

#include "shared/json_read.h"

using namespace quartier;
using namespace quartier::testing;

namespace {
const std::string kBp = "/api/v1/tenants/ville/processes/bp";

std::string Deep(int depth) { return std::string(static_cast<size_t>(depth), '[') + std::string(static_cast<size_t>(depth), ']'); }

void CheckTooDeep(const Reply& r) {
    CHECK(r.status == 400);
    CHECK(r.body["error"]["code"] == "too_deep");
    CHECK(r.body["error"]["messages"]["fr"].get<std::string>().find("imbriqué") != std::string::npos);
    CHECK(r.body["error"]["messages"]["en"].get<std::string>().find("nests too deeply") != std::string::npos);
}
} // namespace

TEST_CASE("bodies nested 100,000 deep get 400 in words on every route, and the server keeps answering") {
    Town town;
    const std::string deep = Deep(100000); // 195 KiB, under the body limit
    const auto token = town.Token(town.Codes(1)[0]);
    SUBCASE("a ballot's points, with a real ballot token") {
        CheckTooDeep(Call(town.server, "POST", kBp + "/ballots", nullptr, token,
                          R"({"request_id":"r","ballot":{"projects":["1"],"points":)" + deep + "}}"));
        // The token was not spent by the refusal.
        CHECK(Call(town.server, "POST", kBp + "/ballots", {{"request_id", "r"}, {"ballot", {{"projects", {"1"}}}}}, token)
                  .status == 201);
    }
    SUBCASE("a paper ballot") {
        CheckTooDeep(Call(town.server, "POST", kBp + "/paper-ballots", nullptr, town.agent,
                          R"({"request_id":"p","ballot":{"projects":["1"],"points":)" + deep + "}}"));
    }
    SUBCASE("a process's ballot settings, created and changed") {
        CheckTooDeep(Call(town.server, "POST", "/api/v1/tenants/ville/processes", nullptr, town.admin,
                          R"({"id":"x","title":"Budget","ballot":)" + deep + "}"));
        CheckTooDeep(Call(town.server, "PATCH", "/api/v1/tenants/ville/processes/bp", nullptr, town.admin,
                          R"({"ballot":)" + deep + "}"));
    }
    SUBCASE("a commune's languages") {
        CheckTooDeep(Call(town.server, "PATCH", "/api/v1/tenants/ville", nullptr, town.admin,
                          R"({"languages":)" + deep + "}"));
    }
    SUBCASE("a proposal, sent by anyone") {
        CheckTooDeep(Call(town.server, "POST", "/api/v1/tenants/ville/proposals", nullptr, "",
                          R"({"title":)" + deep + "}"));
    }
    CHECK(Call(town.server, "GET", "/api/v1/health").status == 200);
}

TEST_CASE("the depth bound leaves real bodies alone and counts brackets inside strings as text") {
    Town town;
    // At the bound: read, and refused for its shape rather than its depth.
    const auto at_bound = Call(town.server, "PATCH", "/api/v1/tenants/ville", nullptr, town.admin,
                               R"({"languages":)" + Deep(kMaxJsonDepth - 1) + "}");
    CHECK(at_bound.status == 400);
    CHECK(at_bound.body["error"]["field"] == "languages");
    CheckTooDeep(Call(town.server, "PATCH", "/api/v1/tenants/ville", nullptr, town.admin,
                      R"({"languages":)" + Deep(kMaxJsonDepth) + "}"));
    // A proposal whose text is full of brackets (and an escaped quote) is just text.
    json p = Submission();
    p["description"] = "Des \"crochets\" " + std::string(400, '[') + std::string(400, '{');
    CHECK(Call(town.server, "POST", "/api/v1/tenants/ville/proposals", p).status == 201);
}

TEST_CASE("rights are checked before the body is read: a big junk body without them gets 401/403") {
    ServerOptions o;
    o.max_body_bytes = 16u << 20; // so that the body limit is not what refuses it
    Town town(o);
    const std::string junk(10u << 20, '{'); // 10 MiB, neither valid nor shallow
    const auto anonymous = Call(town.server, "POST", "/api/v1/tenants/ville/processes", nullptr, "", junk);
    CHECK(anonymous.status == 401);
    CHECK(Call(town.server, "POST", kBp + "/paper-ballots", nullptr, "", junk).status == 401);
    CHECK(Call(town.server, "POST", kBp + "/paper-ballots", nullptr, town.resident, junk).status == 403);
    CHECK(Call(town.server, "PATCH", "/api/v1/tenants/ville", nullptr, town.moderator, junk).status == 403);
    // Any bearer used to be enough to have a ballot body parsed: now the ballot token is
    // looked up first.
    const auto forged = Call(town.server, "POST", kBp + "/ballots", nullptr, "00000000000000000000000000000000", junk);
    CHECK(forged.status == 401);
    CHECK(forged.body["error"]["code"] == "invalid_ballot_token");
    CHECK(Call(town.server, "GET", "/api/v1/health").status == 200);
}

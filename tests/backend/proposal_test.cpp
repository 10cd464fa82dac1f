// Proposals of a commune: the district is computed from the place, lists filter, page and
// sort, residents support (once) and report proposals, and submissions are rate limited.
#include "backend/api_fixture.h"

using namespace quartier;
using namespace quartier::testing;

TEST_CASE("a proposal's district is computed from where it is placed") {
    Town town;
    const auto r = Call(town.server, "POST", "/api/v1/tenants/ville/proposals", Submission(43.59, 1.43));
    REQUIRE(r.status == 201);
    CHECK(r.body["district"] == json({{"code", "S"}, {"name", "Sud"}}));
    CHECK(r.body["supports"] == 0);
    CHECK(r.body["status"] == "submitted");
    CHECK(r.Header("Location") == "/api/v1/tenants/ville/proposals/" + std::to_string(r.body["id"].get<long>()));
    // A typed district is ignored.
    json typed = Submission(43.61, 1.43);
    typed["district"] = {{"code", "S"}};
    CHECK(Call(town.server, "POST", "/api/v1/tenants/ville/proposals", typed).body["district"]["code"] == "N");

    const auto outside = Call(town.server, "POST", "/api/v1/tenants/ville/proposals", Submission(45.0, 1.43),
                              "", "", "application/json");
    CHECK(outside.status == 400);
    CHECK(outside.body["error"]["code"] == "outside_districts");
    CHECK(outside.body["error"]["field"] == "latitude");
    CHECK(outside.body["error"]["messages"]["fr"].get<std::string>().find("en dehors") != std::string::npos);

    json cat = Submission();
    cat["category"] = "Astronautique";
    const auto unknown = Call(town.server, "POST", "/api/v1/tenants/ville/proposals", cat);
    CHECK(unknown.status == 400);
    CHECK(unknown.body["error"]["field"] == "category");
}

TEST_CASE("lists filter by district, category, bounding box and text, page and sort") {
    Town town;
    for (int i = 0; i < 5; ++i) town.Propose(43.61, 1.41 + i * 0.01); // Nord
    json sport = Submission(43.59, 1.43);
    sport["category"] = "Sport";
    sport["title"] = "Un terrain de pétanque";
    sport["estimated_cost"] = 90000;
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/proposals", sport).status == 201);

    auto list = [&](const std::string& q) { return Call(town.server, "GET", "/api/v1/tenants/ville/proposals" + q); };
    CHECK(list("").body["total"] == 6);
    CHECK(list("?district=S").body["total"] == 1);
    CHECK(list("?district=N").body["total"] == 5);
    CHECK(list("?category=Sport").body["items"][0]["title"] == "Un terrain de pétanque");
    CHECK(list("?q=TERRAIN").body["total"] == 1); // case does not matter
    CHECK(list("?q=pétanque").body["total"] == 1);
    CHECK(list("?q=100%25").body["total"] == 0); // % is literal
    CHECK(list("?bbox=1.405,43.605,1.425,43.615").body["total"] == 2);
    const auto page = list("?per_page=4&page=2&sort=oldest");
    CHECK(page.body["total"] == 6);
    CHECK(page.body["page"] == 2);
    CHECK(page.body["per_page"] == 4);
    CHECK(page.body["items"].size() == 2);
    CHECK(list("?sort=cost").body["items"][0]["estimated_cost"] == 90000);
    CHECK(list("?sort=newest").body["items"][0]["title"] == "Un terrain de pétanque");
    CHECK(list("?per_page=100000").body["items"].size() == 6);

    auto bad = list("?per_page=0");
    CHECK(bad.status == 400);
    CHECK(bad.body["error"]["field"] == "per_page");
    CHECK(list("?bbox=1,2,3").body["error"]["field"] == "bbox");
    CHECK(list("?sort=random").body["error"]["field"] == "sort");
    CHECK(list("?status=rejected").status == 403);
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/proposals?status=rejected", nullptr, town.moderator).status == 200);
    // Flags are for moderators' eyes only.
    CHECK_FALSE(list("").body["items"][0].contains("flags"));
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/proposals", nullptr, town.moderator).body["items"][0].contains("flags"));
}

TEST_CASE("a cached list shows a new proposal at once") {
    Town town;
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/proposals").body["total"] == 0);
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/proposals").body["total"] == 0); // cached
    town.Propose();
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/proposals").body["total"] == 1);
}

TEST_CASE("residents support a proposal once, and may withdraw") {
    Town town;
    const std::string path = "/api/v1/tenants/ville/proposals/" + std::to_string(town.Propose()) + "/supports";
    CHECK(Call(town.server, "POST", path).status == 401);
    auto r = Call(town.server, "POST", path, nullptr, town.resident);
    CHECK(r.status == 200);
    CHECK(r.body == json({{"supports", 1}, {"supported", true}}));
    CHECK(Call(town.server, "POST", path, nullptr, town.resident).body["supports"] == 1); // once
    CHECK(Call(town.server, "POST", path, nullptr, town.resident2).body["supports"] == 2);
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/proposals?sort=supports").body["items"][0]["supports"] == 2);
    r = Call(town.server, "DELETE", path, nullptr, town.resident);
    CHECK(r.body == json({{"supports", 1}, {"supported", false}}));
    CHECK(Call(town.server, "POST", "/api/v1/tenants/ville/proposals/999/supports", nullptr, town.resident).status == 404);
}

TEST_CASE("residents report a proposal with a reason, once; moderators see the count") {
    Town town;
    const auto id = town.Propose();
    const std::string path = "/api/v1/tenants/ville/proposals/" + std::to_string(id) + "/flags";
    CHECK(Call(town.server, "POST", path, {{"reason", "Propos injurieux"}}).status == 401);
    const auto missing = Call(town.server, "POST", path, json::object(), town.resident);
    CHECK(missing.status == 400);
    CHECK(missing.body["error"]["field"] == "reason");
    CHECK(Call(town.server, "POST", path, {{"reason", "Propos injurieux"}}, town.resident).status == 201);
    CHECK(Call(town.server, "POST", path, {{"reason", "Encore"}}, town.resident).status == 409);
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/proposals/" + std::to_string(id), nullptr, town.moderator).body["flags"] == 1);
}

TEST_CASE("submissions are rate limited per client with 429") {
    ServerOptions o;
    o.app.submissions_per_window = 3;
    Town town(o);
    for (int i = 0; i < 3; ++i) town.Propose();
    const auto r = Call(town.server, "POST", "/api/v1/tenants/ville/proposals", Submission());
    CHECK(r.status == 429);
    CHECK(r.body["error"]["code"] == "rate_limited");
    // Another commune counts apart.
    CHECK(Call(town.server, "POST", "/api/v1/tenants/autre/proposals", Submission()).status == 201);
}

TEST_CASE("a stale session token does not hide public pages; it is refused where it matters") {
    Town town;
    town.Propose();
    const std::string stale = "0123456789abcdef0123456789abcdef";
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/proposals", nullptr, stale).body["total"] == 1);
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville", nullptr, stale).status == 200);
    const auto r = Call(town.server, "GET", "/api/v1/me", nullptr, stale);
    CHECK(r.status == 401);
    CHECK(r.body["error"]["code"] == "invalid_token");
}

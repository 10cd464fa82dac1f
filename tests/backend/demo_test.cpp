// The demo command's commune: real open data, ready for every widget, and idempotent.
#include "backend/api_fixture.h"

#include "backend/demo_data.h"

using namespace quartier;
using namespace quartier::testing;

TEST_CASE("the demo seeds Toulouse with its 2022 budget, once, and prints usable codes") {
    TestServer server;
    auto& app = server.Get().App();
    const auto first = SeedDemo(app, QUARTIER_TEST_DATA);
    CHECK(first.tenant_created);
    CHECK(first.proposals_added == 8);
    REQUIRE(first.voter_codes.size() == 5);
    const auto second = SeedDemo(app, QUARTIER_TEST_DATA);
    CHECK_FALSE(second.tenant_created);
    CHECK(second.proposals_added == 0);
    CHECK(second.voter_codes == first.voter_codes); // unused ones come back

    const auto t = Call(server, "GET", "/api/v1/tenants/toulouse");
    CHECK(t.body["districts_count"] == 587);
    const auto list = Call(server, "GET", "/api/v1/tenants/toulouse/proposals");
    CHECK(list.body["total"] == 8);
    CHECK(list.body["items"][0]["district"]["name"] == "Toulouse");

    const auto p = Call(server, "GET", "/api/v1/tenants/toulouse/processes/bp2022");
    REQUIRE(p.status == 200);
    CHECK(p.body["phase"] == "voting");
    CHECK(p.body["projects"].size() == 199);
    CHECK(p.body["ballot"]["max_projects"] == 3);
    CHECK(p.body["description"].get<std::string>().find("déterministe") != std::string::npos);
    // Every project was placed inside the commune of Toulouse (code 31555).
    const auto tenant = app.FindTenant("toulouse");
    for (const auto& pr : p.body["projects"]) {
        const int r = FindRegion(tenant->districts, {pr["longitude"].get<double>(), pr["latitude"].get<double>()});
        REQUIRE(r >= 0);
        CHECK(tenant->districts[static_cast<size_t>(r)].code == "31555");
    }

    // A newcomer votes with a printed code.
    const auto token = Call(server, "POST", "/api/v1/tenants/toulouse/processes/bp2022/ballot-tokens",
                            {{"code", first.voter_codes[0]}});
    REQUIRE(token.status == 201);
    const auto cast = Call(server, "POST", "/api/v1/tenants/toulouse/processes/bp2022/ballots",
                           {{"request_id", "x"}, {"ballot", {{"projects", {"116", "180"}}}}}, token.body["token"]);
    CHECK(cast.status == 201);
    const auto third = SeedDemo(app, QUARTIER_TEST_DATA);
    CHECK(third.voter_codes.size() == 5);
    CHECK(third.voter_codes[0] != first.voter_codes[0]); // the used one is no longer printed

    const auto archive = Call(server, "GET", "/api/v1/tenants/toulouse/processes/bp2022-resultats");
    CHECK(archive.body["phase"] == "published");
}

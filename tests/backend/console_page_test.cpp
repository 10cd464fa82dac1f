// The console's own page, /console/{commune}: the console widget for that commune, behind a
// policy that lets only this server's scripts and WebAssembly run; an unknown commune gets a
// page saying so in the reader's language. And the embed check for a named site (?origin=).
#include "backend/api_fixture.h"

#include <doctest/doctest.h>

using namespace quartier;
using namespace quartier::testing;

TEST_CASE("the console's page: the widget for the commune, its policy, and 404 for an unknown commune") {
    Town town;
    const Reply page = Call(town.server, "GET", "/console/ville");
    REQUIRE(page.status == 200);
    CHECK(page.Header("Content-Type").find("text/html") == 0);
    CHECK(page.text.find("<html lang=\"fr\">") != std::string::npos);
    CHECK(page.text.find("<script src=\"/embed.js\" defer data-tenant=\"ville\"></script>") != std::string::npos);
    CHECK(page.text.find("data-quartier=\"console\" data-tenant=\"ville\" data-lang=\"fr\"") != std::string::npos);
    CHECK(page.text.find("<title>Console de la commune — Ville</title>") != std::string::npos);
    const std::string csp = page.Header("Content-Security-Policy");
    CHECK(csp.find("script-src 'self' 'wasm-unsafe-eval'") != std::string::npos);
    CHECK(csp.find("connect-src 'self'") != std::string::npos);
    CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
    CHECK(csp.find("unsafe-inline") == std::string::npos);
    CHECK(page.Header("X-Frame-Options") == "DENY");

    CHECK(page.text.find("data-accent") == std::string::npos); // no colour chosen yet
    REQUIRE(Call(town.server, "PATCH", "/api/v1/tenants/ville", {{"accent", "#b5123e"}}, town.admin).status == 200);
    CHECK(Call(town.server, "GET", "/console/ville").text.find("data-lang=\"fr\" data-accent=\"#b5123e\"") != std::string::npos);
    const Reply bad = Call(town.server, "PATCH", "/api/v1/tenants/ville", {{"accent", "red\"><script>"}}, town.admin);
    CHECK(bad.status == 400);
    CHECK(bad.body["error"]["field"] == "accent");

    const Reply english = Call(town.server, "GET", "/console/ville?lang=en");
    CHECK(english.text.find("data-lang=\"en\"") != std::string::npos);
    CHECK(english.text.find("The commune’s console") != std::string::npos);

    const Reply unknown = Call(town.server, "GET", "/console/nulle-part");
    CHECK(unknown.status == 404);
    CHECK(unknown.text.find("Ce serveur ne connaît pas de commune « nulle-part ».") != std::string::npos);
    CHECK(unknown.text.find("data-quartier") == std::string::npos);
    const Reply unknown_en = Call(town.server, "GET", "/console/nulle-part?lang=en");
    CHECK(unknown_en.text.find("This server has no commune “nulle-part”.") != std::string::npos);
}

TEST_CASE("embed check for a named site: the commune's list decides, whatever the caller's origin") {
    Town town;
    CHECK(Call(town.server, "GET", "/api/v1/embed-check?tenant=ville&origin=https://www.ville.test").body["allowed"] == true);
    const Reply other = Call(town.server, "GET", "/api/v1/embed-check?tenant=ville&origin=https://ailleurs.test");
    CHECK(other.body["allowed"] == false);
    CHECK(other.body["origin"] == "https://ailleurs.test");
    CHECK(other.body["messages"]["fr"].get<std::string>().find("https://ailleurs.test") != std::string::npos);
    // Without ?origin= the request's own Origin is judged, as embed.js relies on.
    httplib::Client c = town.server.Client();
    auto r = c.Get("/api/v1/embed-check?tenant=ville", {{"Origin", "https://www.ville.test"}});
    REQUIRE(r);
    CHECK(nlohmann::json::parse(r->body)["allowed"] == true);
}

TEST_CASE("/console without a commune leads to the server's first commune, where its admin finds the communes") {
    Town town;
    const Reply root = Call(town.server, "GET", "/console");
    CHECK(root.status == 302);
    const std::string to = root.Header("Location");
    CHECK(to.rfind("/console/", 0) == 0);
    CHECK(Call(town.server, "GET", to).status == 200);
    CHECK(Call(town.server, "GET", "/console/?lang=en").Header("Location").find("?lang=en") != std::string::npos);
}

TEST_CASE("beside the console: the moderation space and the ballot's preview, in the console's frame and policy") {
    Town town;
    const Reply moderation = Call(town.server, "GET", "/console/ville/moderation");
    REQUIRE(moderation.status == 200);
    CHECK(moderation.text.find("data-quartier=\"moderation\" data-tenant=\"ville\"") != std::string::npos);
    CHECK(moderation.text.find("<title>Espace de modération — Ville</title>") != std::string::npos);
    CHECK(moderation.Header("Content-Security-Policy").find("frame-ancestors 'none'") != std::string::npos);

    const Reply preview = Call(town.server, "GET", "/console/ville/apercu/bp?lang=en");
    REQUIRE(preview.status == 200);
    CHECK(preview.text.find("data-quartier=\"ballot\" data-tenant=\"ville\" data-lang=\"en\" data-process=\"bp\" data-preview=\"true\"") !=
          std::string::npos);
    CHECK(preview.text.find("Nobody votes from this preview.") != std::string::npos);
    CHECK(Call(town.server, "GET", "/console/nulle-part/moderation").status == 404);
}

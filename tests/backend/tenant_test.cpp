// Tenants: what a widget reads about its commune, districts as GeoJSON, full isolation
// between communes on one server, and CORS for the sites allowed to embed them.
#include "backend/api_fixture.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace quartier;
using namespace quartier::testing;

TEST_CASE("a commune describes itself and serves its districts") {
    Town town;
    const auto t = Call(town.server, "GET", "/api/v1/tenants/ville");
    REQUIRE(t.status == 200);
    CHECK(t.body["slug"] == "ville");
    CHECK(t.body["name"] == "Ville");
    CHECK(t.body["languages"] == json({"fr", "en"}));
    CHECK(t.body["center"] == json({43.60, 1.43}));
    CHECK(t.body["districts_count"] == 2);
    CHECK(t.body["categories"][0]["fr"] == "Cadre de vie");
    CHECK_FALSE(t.body.contains("allowed_origins")); // only its admins see them

    const auto d = Call(town.server, "GET", "/api/v1/tenants/ville/districts");
    REQUIRE(d.status == 200);
    CHECK(d.Header("Content-Type").find("application/geo+json") == 0);
    CHECK(d.body["type"] == "FeatureCollection");
    REQUIRE(d.body["features"].size() == 2);
    CHECK(d.body["features"][1]["properties"]["nom"] == "Sud");

    CHECK(Call(town.server, "GET", "/api/v1/tenants/nulle-part").status == 404);
    const auto list = Call(town.server, "GET", "/api/v1/tenants");
    CHECK(list.body["items"].size() == 3); // default, ville, autre
}

TEST_CASE("districts renamed in the console are served renamed at once: revalidated by entity tag, never kept by age") {
    Town town;
    auto c = town.server.Client();
    auto before = c.Get("/api/v1/tenants/ville/districts");
    REQUIRE(before);
    REQUIRE(before->status == 200);
    CHECK(before->get_header_value("Cache-Control") == "no-cache");
    const std::string etag = before->get_header_value("ETag");
    REQUIRE_FALSE(etag.empty());
    auto same = c.Get("/api/v1/tenants/ville/districts", {{"If-None-Match", etag}});
    REQUIRE(same);
    CHECK(same->status == 304); // unchanged: nothing sent again

    json file = TwoDistricts();
    file["features"][1]["properties"]["nom"] = "Sud-Garonne";
    REQUIRE(Call(town.server, "PATCH", "/api/v1/tenants/ville", {{"districts", file}}, town.admin).status == 200);
    auto after = c.Get("/api/v1/tenants/ville/districts", {{"If-None-Match", etag}});
    REQUIRE(after);
    CHECK(after->status == 200);
    CHECK(json::parse(after->body)["features"][1]["properties"]["nom"] == "Sud-Garonne");
    CHECK(after->get_header_value("ETag") != etag);
}

TEST_CASE("districts whose features name their code and name otherwise are refused, the property named and what was found shown") {
    Town town;
    json file = TwoDistricts();
    for (auto& f : file["features"])
        f["properties"] = {{"code_insee", f["properties"]["code"]}, {"nom_com", f["properties"]["nom"]}};
    const auto r = Call(town.server, "PATCH", "/api/v1/tenants/ville", {{"districts", file}}, town.admin);
    REQUIRE(r.status == 400);
    CHECK(r.body["error"]["code"] == "missing_property");
    CHECK(r.body["error"]["field"] == "districts");
    const std::string fr = r.body["error"]["messages"]["fr"], en = r.body["error"]["messages"]["en"];
    CHECK(fr == "L’élément 0 n’a pas de propriété « code » (le code du quartier). Ses propriétés sont : code_insee, "
                "nom_com. Nommez-les « code » et « nom » dans chaque élément.");
    CHECK(en.find("no property “code”") != std::string::npos);
    CHECK(en.find("code_insee, nom_com") != std::string::npos);
    // Nothing lost: the commune keeps its two districts, codes and names.
    const auto d = Call(town.server, "GET", "/api/v1/tenants/ville/districts");
    REQUIRE(d.body["features"].size() == 2);
    CHECK(d.body["features"][0]["properties"]["code"] == "N");

    // A code without a name is refused too, naming "nom".
    file = TwoDistricts();
    file["features"][1]["properties"].erase("nom");
    const auto no_name = Call(town.server, "PATCH", "/api/v1/tenants/ville", {{"districts", file}}, town.admin);
    CHECK(no_name.status == 400);
    CHECK(std::string(no_name.body["error"]["messages"]["en"]).find("Feature 1 has no property “nom”") == 0);
}

TEST_CASE("only an instance admin creates communes; a commune's admin changes only hers") {
    Town town;
    json body{{"slug", "neuve"}, {"name", "Neuve"}};
    CHECK(Call(town.server, "POST", "/api/v1/tenants", body).status == 401);
    CHECK(Call(town.server, "POST", "/api/v1/tenants", body, town.moderator).status == 403);
    CHECK(Call(town.server, "POST", "/api/v1/tenants", body, town.admin).status == 201);
    CHECK(Call(town.server, "POST", "/api/v1/tenants", body, town.admin).body["error"]["code"] == "tenant_exists");
    const auto bad = Call(town.server, "POST", "/api/v1/tenants", {{"slug", "Pas Bon"}, {"name", "x"}}, town.admin);
    CHECK(bad.status == 400);
    CHECK(bad.body["error"]["field"] == "slug");

    const auto ville = town.server.Get().App().FindTenant("ville")->id;
    const std::string local_admin = town.SignIn("maire@ville.test", Role::Admin, ville);
    CHECK(Call(town.server, "PATCH", "/api/v1/tenants/ville", {{"name", "Ville-sur-Garonne"}}, local_admin).status == 200);
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville").body["name"] == "Ville-sur-Garonne");
    CHECK(Call(town.server, "PATCH", "/api/v1/tenants/autre", {{"name", "Prise"}}, local_admin).status == 403);
    CHECK(Call(town.server, "GET", "/api/v1/tenants/autre").body["name"] == "Autre");
}

TEST_CASE("communes on one server are isolated from each other") {
    Town town;
    const auto id = town.Propose();
    // Another commune does not list, show, support or moderate it.
    CHECK(Call(town.server, "GET", "/api/v1/tenants/autre/proposals").body["total"] == 0);
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/proposals").body["total"] == 1);
    CHECK(Call(town.server, "GET", "/api/v1/tenants/autre/proposals/" + std::to_string(id)).status == 404);
    CHECK(Call(town.server, "POST", "/api/v1/tenants/autre/proposals/" + std::to_string(id) + "/supports", nullptr,
               town.resident).status == 404);
    CHECK(Call(town.server, "POST", "/api/v1/tenants/ville/moderation/proposals/" + std::to_string(id) + "/hide",
               {{"reason", "test"}}, town.other_moderator).status == 403);
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/moderation/queue", nullptr, town.other_moderator).status == 403);
    // Processes and voter codes too: a code of one commune's vote is unknown in another's.
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/autre/processes", Town::Process("bp"), town.admin).status == 201);
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/autre/processes/bp/phase", {{"phase", "voting"}}, town.admin).status == 200);
    const auto code = town.Codes(1)[0];
    const auto r = Call(town.server, "POST", "/api/v1/tenants/autre/processes/bp/ballot-tokens", {{"code", code}});
    CHECK(r.status == 404);
    CHECK(r.body["error"]["code"] == "unknown_code");
    // And a ballot token of one commune does not vote in the other.
    const auto token = town.Token(code);
    const auto cast = Call(town.server, "POST", "/api/v1/tenants/autre/processes/bp/ballots",
                           {{"request_id", "a"}, {"ballot", {{"projects", {"1"}}}}}, token);
    CHECK(cast.status == 401);
    CHECK(cast.body["error"]["code"] == "invalid_ballot_token");
}

TEST_CASE("CORS: the commune's own sites and the server itself may call, others may not") {
    Town town;
    httplib::Client c = town.server.Client();
    auto pre = c.Options("/api/v1/tenants/ville/proposals",
                         {{"Origin", "https://www.ville.test"}, {"Access-Control-Request-Method", "POST"}});
    REQUIRE(pre);
    CHECK(pre->status == 204);
    CHECK(pre->get_header_value("Access-Control-Allow-Origin") == "https://www.ville.test");
    CHECK(pre->get_header_value("Access-Control-Allow-Headers").find("Authorization") != std::string::npos);

    auto get = c.Get("/api/v1/tenants/ville/proposals", {{"Origin", "https://www.ville.test"}});
    CHECK(get->get_header_value("Access-Control-Allow-Origin") == "https://www.ville.test");
    // Allowed for ville, not for autre.
    auto other = c.Get("/api/v1/tenants/autre/proposals", {{"Origin", "https://www.ville.test"}});
    CHECK_FALSE(other->has_header("Access-Control-Allow-Origin"));
    auto evil = c.Options("/api/v1/tenants/ville/proposals", {{"Origin", "https://evil.test"}});
    CHECK(evil->status == 403);
    CHECK_FALSE(evil->has_header("Access-Control-Allow-Origin"));
    // The server's own origin is always allowed.
    const std::string self = "http://127.0.0.1:" + std::to_string(town.server.Port());
    auto own = c.Get("/api/v1/tenants/autre/proposals", {{"Origin", self}});
    CHECK(own->get_header_value("Access-Control-Allow-Origin") == self);
    // Accounts routes: any origin some commune embeds on.
    auto login = c.Options("/api/v1/auth/login", {{"Origin", "https://www.ville.test"}});
    CHECK(login->status == 204);
}

TEST_CASE("the embed check tells an embedding page whether its site is allowed, whatever the site") {
    Town town;
    httplib::Client c = town.server.Client();
    auto allowed = c.Get("/api/v1/embed-check?tenant=ville", {{"Origin", "https://www.ville.test"}});
    REQUIRE(allowed);
    CHECK(allowed->status == 200);
    CHECK(allowed->get_header_value("Access-Control-Allow-Origin") == "*");
    auto body = json::parse(allowed->body);
    CHECK(body["allowed"] == true);
    CHECK(body["name"] == "Ville");
    CHECK(body["plain_url"] == "/simple/ville");

    // A site not on the list reads (CORS allows it here) that it is refused, and why, in French.
    auto refused = c.Get("/api/v1/embed-check?tenant=ville&lang=fr", {{"Origin", "https://pirate.test"}});
    REQUIRE(refused);
    CHECK(refused->get_header_value("Access-Control-Allow-Origin") == "*");
    body = json::parse(refused->body);
    CHECK(body["allowed"] == false);
    CHECK(body["message"] == "Ce site n’est pas autorisé à afficher ce module de Ville. Responsable du site : demandez "
                             "à la commune d’ajouter https://pirate.test à sa liste de sites autorisés.");
    CHECK(body["messages"]["en"].get<std::string>().rfind("This site is not allowed to show this Ville widget.", 0) == 0);
    // The same site is refused by the API itself.
    CHECK_FALSE(c.Get("/api/v1/tenants/ville/proposals", {{"Origin", "https://pirate.test"}})->has_header(
        "Access-Control-Allow-Origin"));

    // An unknown commune is said so, readably.
    auto unknown = c.Get("/api/v1/embed-check?tenant=nulle-part", {{"Origin", "https://www.ville.test"}});
    CHECK(unknown->status == 404);
    CHECK(unknown->get_header_value("Access-Control-Allow-Origin") == "*");
    CHECK(json::parse(unknown->body)["error"]["code"] == "unknown_tenant");
}

TEST_CASE("httplib's own errors carry CORS headers for an allowed site") {
    Town town;
    httplib::Client c = town.server.Client();
    // 404 on a path no route knows.
    auto missing = c.Get("/api/v1/tenants/ville/nothing-here", {{"Origin", "https://www.ville.test"}});
    REQUIRE(missing);
    CHECK(missing->status == 404);
    CHECK(missing->get_header_value("Access-Control-Allow-Origin") == "https://www.ville.test");
    CHECK(json::parse(missing->body)["error"]["code"] == "not_found");
    // 413 past the body limit.
    auto large = c.Post("/api/v1/tenants/ville/proposals", {{"Origin", "https://www.ville.test"}},
                        std::string(2 << 20, 'x'), "application/json");
    REQUIRE(large);
    CHECK(large->status == 413);
    CHECK(large->get_header_value("Access-Control-Allow-Origin") == "https://www.ville.test");
    // Not for sites off the list.
    auto other = c.Get("/api/v1/tenants/ville/nothing-here", {{"Origin", "https://pirate.test"}});
    CHECK_FALSE(other->has_header("Access-Control-Allow-Origin"));
}

TEST_CASE("the widgets' files may be fetched by any site (a cross-origin page compiles the .wasm)") {
    const auto dir = std::filesystem::temp_directory_path() / ("quartier-widgets-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "quartier-map.wasm") << "\0asm";
    ServerOptions options;
    options.widgets_dir = dir.string();
    {
        TestServer server(options);
        auto r = server.Client().Get("/widgets/quartier-map.wasm", {{"Origin", "https://ailleurs.test"}});
        REQUIRE(r);
        CHECK(r->status == 200);
        CHECK(r->get_header_value("Access-Control-Allow-Origin") == "*");
        CHECK(r->get_header_value("Content-Type") == "application/wasm");
    }
    std::filesystem::remove_all(dir);
}

namespace {
bool ListsTenant(const Reply& list, const std::string& slug) {
    for (const auto& t : list.body["items"])
        if (t["slug"] == slug) return true;
    return false;
}
} // namespace

TEST_CASE("an archived commune vanishes from public lists and pages, its admins still see it, and it is restored") {
    Town town;
    const auto ville = town.server.Get().App().FindTenant("ville")->id;
    const std::string local_admin = town.SignIn("maire@ville.test", Role::Admin, ville);
    // A commune's own admin does not archive communes: the instance's admins do.
    CHECK(Call(town.server, "POST", "/api/v1/tenants/ville/archive", json::object(), local_admin).status == 403);
    auto r = Call(town.server, "POST", "/api/v1/tenants/ville/archive", json::object(), town.admin);
    REQUIRE(r.status == 200);
    CHECK(r.body["archived"] == true);

    CHECK_FALSE(ListsTenant(Call(town.server, "GET", "/api/v1/tenants"), "ville"));
    CHECK(ListsTenant(Call(town.server, "GET", "/api/v1/tenants"), "autre"));
    r = Call(town.server, "GET", "/api/v1/tenants/ville/proposals");
    CHECK(r.status == 410);
    CHECK(r.body["error"]["messages"]["en"] == "This commune has been archived and is no longer online.");
    CHECK(r.body["error"]["messages"]["fr"] == "Cette commune a été archivée et n’est plus en ligne.");
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/processes/bp").status == 410);
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville", nullptr, town.moderator).status == 410);
    const auto index = Call(town.server, "GET", "/simple");
    CHECK(index.text.find("/simple/ville\"") == std::string::npos);
    CHECK(index.text.find("/simple/autre\"") != std::string::npos);
    const auto page = Call(town.server, "GET", "/simple/ville/propositions");
    CHECK(page.status == 410);
    CHECK(page.text.find("Cette commune a été archivée") != std::string::npos);

    // Its admins (the commune's and the instance's) still see it, marked.
    CHECK(ListsTenant(Call(town.server, "GET", "/api/v1/tenants", nullptr, town.admin), "ville"));
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville", nullptr, local_admin).body["archived"] == true);
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/processes/bp", nullptr, local_admin).status == 200);

    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/restore", json::object(), town.admin).status == 200);
    CHECK(ListsTenant(Call(town.server, "GET", "/api/v1/tenants"), "ville"));
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/proposals").status == 200);
    CHECK(Call(town.server, "GET", "/simple/ville/propositions").status == 200);
}

TEST_CASE("a commune is deleted only when none of its consultations holds ballots, and its id is never reused") {
    Town town;
    const std::string token = town.Token(town.Codes(1)[0]);
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/processes/bp/ballots",
                 {{"request_id", "r1"}, {"ballot", {{"projects", {"1"}}}}}, token).status == 201);
    auto r = Call(town.server, "DELETE", "/api/v1/tenants/ville", nullptr, town.admin);
    CHECK(r.status == 409);
    CHECK(r.body["error"]["code"] == "has_ballots");
    CHECK(r.body["error"]["messages"]["en"].get<std::string>().find("(bp): a commune with ballots can be archived, not deleted") != std::string::npos);
    CHECK(r.body["error"]["messages"]["fr"].get<std::string>().find("peut être archivée, pas supprimée") != std::string::npos);
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville").status == 200);
    // The commune behind the server's old addresses is archived, never deleted.
    CHECK(Call(town.server, "DELETE", "/api/v1/tenants/default", nullptr, town.admin).body["error"]["code"] == "default_tenant");

    // A test commune goes, with its accounts.
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/autre/processes", Town::Process("essai"), town.admin).status == 201);
    CHECK(Call(town.server, "DELETE", "/api/v1/tenants/autre", nullptr, town.other_moderator).status == 403);
    r = Call(town.server, "DELETE", "/api/v1/tenants/autre", nullptr, town.admin);
    REQUIRE(r.status == 200);
    CHECK(r.body["deleted"]["processes"] == 1);
    CHECK(r.body["deleted"]["accounts"] == 1);
    CHECK(Call(town.server, "GET", "/api/v1/tenants/autre", nullptr, town.admin).status == 404);
    CHECK(Call(town.server, "GET", "/api/v1/me", nullptr, town.other_moderator).status == 401);
    CHECK_FALSE(ListsTenant(Call(town.server, "GET", "/api/v1/tenants", nullptr, town.admin), "autre"));

    // A commune made afterwards starts its own audit chain, not the deleted one's.
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants", {{"slug", "neuve"}, {"name", "Neuve"}}, town.admin).status == 201);
    CHECK(Call(town.server, "GET", "/api/v1/tenants/neuve/audit/head").body["entries"] == 1);
}

// The routing table's guard on bodies: JSON routes take JSON labelled as such (a text/plain
// or form body is what another site's page can send without a preflight), while the routes
// made for other bodies (census CSV, Pabulib .pb) and POSTs without a body keep working.
#include "backend/api_fixture.h"

#include <fstream>
#include <sstream>

using namespace quartier;
using namespace quartier::testing;

TEST_CASE("a JSON route refuses a text/plain or form body with 415, in words; CSV, .pb and empty bodies pass") {
    Town town;
    const std::string body = Submission().dump();
    const auto plain = Call(town.server, "POST", "/api/v1/tenants/ville/proposals", nullptr, "", body, "text/plain");
    CHECK(plain.status == 415);
    CHECK(plain.body["error"]["code"] == "unsupported_media_type");
    CHECK(plain.body["error"]["messages"]["en"].get<std::string>().find("application/json") != std::string::npos);
    CHECK(plain.body["error"]["messages"]["fr"].get<std::string>().find("attend un corps JSON") != std::string::npos);
    const auto form = Call(town.server, "POST", "/api/v1/auth/login", nullptr, "", "email=a%40b.fr&password=x",
                           "application/x-www-form-urlencoded");
    CHECK(form.status == 415);
    const auto patch = Call(town.server, "PATCH", "/api/v1/tenants/ville", nullptr, town.admin,
                            R"({"name":"Ville piratée"})", "text/plain; charset=utf-8");
    CHECK(patch.status == 415);
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville").body["name"] == "Ville");
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/proposals").body["total"] == 0); // nothing stored

    // JSON with a charset, as browsers label it, is fine.
    CHECK(Call(town.server, "POST", "/api/v1/tenants/ville/proposals", nullptr, "", body,
               "application/json; charset=utf-8").status == 201);

    // A support has no body at all, whatever the client labels it.
    const auto id = town.Propose();
    httplib::Client c = town.server.Client();
    const auto support = c.Post(("/api/v1/tenants/ville/proposals/" + std::to_string(id) + "/supports").c_str(),
                                {{"Authorization", "Bearer " + town.resident}}, "", "text/plain");
    REQUIRE(support);
    CHECK(support->status == 200);
    // The census takes CSV, the import a .pb file (sent as text/plain by scripts).
    CHECK(Call(town.server, "POST", "/api/v1/tenants/ville/processes/bp/census", nullptr, town.admin,
               "reference;nom\nA-001;Dupont\n", "text/csv").status == 201);
    std::ifstream in(std::string(QUARTIER_TEST_DATA) + "/pabulib/Poland_Warszawa_2019_Kamionek.pb");
    std::stringstream pb;
    pb << in.rdbuf();
    CHECK(Call(town.server, "POST", "/api/v1/tenants/ville/processes/import?id=kamionek", nullptr, town.admin, pb.str(),
               "text/plain").status == 201);
}

// GET /api/v1/catalogs/{lang}.mo: the words a widget in that language fetches beside its module.
#include "backend/api_fixture.h"
#include "shared/i18n.h"

#include <doctest/doctest.h>

using namespace quartier;
using namespace quartier::testing;

TEST_CASE("a widget's catalog comes compressed, for its language, and costs a 304 the next time") {
    Town town;
    auto c = town.server.Client();
    c.set_decompress(false);
    auto es = c.Get("/api/v1/catalogs/es.mo", {{"Accept-Encoding", "gzip"}, {"Origin", "https://elsewhere.test"}});
    REQUIRE(es);
    CHECK(es->status == 200);
    CHECK(es->get_header_value("Content-Encoding") == "gzip");
    CHECK(es->get_header_value("Content-Language") == "es");
    CHECK(es->get_header_value("Access-Control-Allow-Origin") == "*"); // any site embedding a widget
    // Only the widgets' texts (101 KB as compiled, 35 KB gzipped in December 2026; the whole
    // Spanish catalog, with the server's pages and errors, is 165 KB and 57 KB).
    CHECK(es->body.size() < 40000);
    const std::string tag = es->get_header_value("ETag");
    REQUIRE(!tag.empty());
    auto again = c.Get("/api/v1/catalogs/es.mo", {{"If-None-Match", tag}});
    REQUIRE(again);
    CHECK(again->status == 304);

    // What arrives is the Spanish catalog itself.
    auto plain = town.server.Client().Get("/api/v1/catalogs/es-ES.mo");
    REQUIRE(plain);
    REQUIRE(plain->status == 200);
    std::string error;
    auto catalog = Catalog::FromMo(plain->body, &error);
    REQUIRE_MESSAGE(catalog, error);
    CHECK(catalog->Language() == "es");
    CHECK(std::string(catalog->Find("Voter")) == "Votar");
    // The server's own pages come translated: their texts are not sent to the widgets.
    CHECK(catalog->Find("Version simple de Quartier, logiciel libre de participation citoyenne : elle fonctionne sans "
                        "JavaScript, avec tous les navigateurs et les lecteurs d’écran.") == nullptr);
    CHECK(std::string(Tr("es", "Version simple de Quartier, logiciel libre de participation citoyenne : elle fonctionne sans "
                   "JavaScript, avec tous les navigateurs et les lecteurs d’écran.")).rfind("Versión sencilla", 0) == 0); // the server has it

    // A language without a catalog reads English; French, the widgets' own, needs none.
    auto german = town.server.Client().Get("/api/v1/catalogs/de.mo");
    REQUIRE(german);
    CHECK(german->status == 200);
    CHECK(german->get_header_value("Content-Language") == "en");
    auto french = town.server.Client().Get("/api/v1/catalogs/fr.mo");
    REQUIRE(french);
    CHECK(french->status == 404);
    auto hostile = town.server.Client().Get("/api/v1/catalogs/..%2F..%2Fetc%2Fpasswd.mo");
    REQUIRE(hostile);
    CHECK(hostile->status == 404);
}

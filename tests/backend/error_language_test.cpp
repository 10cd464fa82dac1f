// The server's refusals in the language asked for: the words come from the catalogs when the
// answer is made (?lang= first, then Accept-Language), Spanish included; a language without a
// catalog reads English, and a request that names none reads French. The envelope keeps its
// shape: "message" in that language, "messages" in each language the server speaks.
#include "backend/plain_browser.h"

using namespace quartier;
using namespace quartier::testing;

namespace {

// One request as a client in `lang` makes it: "?lang=" on the path or an Accept-Language.
Reply Ask(const TestServer& s, const std::string& method, const std::string& path, const httplib::Headers& h,
          const json& body = nullptr, const std::string& token = "") {
    httplib::Client c = s.Client();
    c.set_read_timeout(60, 0);
    httplib::Headers headers = h;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    return ToReply(method == "GET" ? c.Get(path.c_str(), headers)
                                   : c.Post(path.c_str(), headers, body.dump(), "application/json"));
}

std::string Message(const Reply& r) { return r.body["error"]["message"].get<std::string>(); }

const httplib::Headers kSpanish{{"Accept-Language", "es-ES,es;q=0.9"}};
const httplib::Headers kGerman{{"Accept-Language", "de-DE,de;q=0.9"}};
const httplib::Headers kNone{};

} // namespace

TEST_CASE("a validation error comes back in the language asked for, Spanish included") {
    Town town;
    json j = Submission();
    j["estimated_cost"] = -5;
    const std::string path = "/api/v1/tenants/ville/proposals";
    const Reply es = Ask(town.server, "POST", path, kSpanish, j, town.resident);
    CHECK(es.status == 400);
    CHECK(es.body["error"]["code"] == "negative");
    CHECK(es.body["error"]["field"] == "estimated_cost");
    CHECK(Message(es) == "El coste estimado no puede ser negativo.");
    CHECK(Message(Ask(town.server, "POST", path + "?lang=es", kNone, j, town.resident)) ==
          "El coste estimado no puede ser negativo.");
    CHECK(Message(Ask(town.server, "POST", path, kGerman, j, town.resident)) == "The estimated cost cannot be negative.");
    const Reply fr = Ask(town.server, "POST", path, kNone, j, town.resident);
    CHECK(Message(fr) == "Le coût estimé ne peut pas être négatif.");
    // Every language the server speaks, for a client that shows another one.
    CHECK(fr.body["error"]["messages"]["fr"] == "Le coût estimé ne peut pas être négatif.");
    CHECK(fr.body["error"]["messages"]["en"] == "The estimated cost cannot be negative.");
    CHECK(fr.body["error"]["messages"]["es"] == "El coste estimado no puede ser negativo.");
    // ?lang= says more than the browser's language.
    CHECK(Message(Ask(town.server, "POST", path + "?lang=fr", kSpanish, j, town.resident)) ==
          "Le coût estimé ne peut pas être négatif.");
}

TEST_CASE("a composed error says its number and its translated word in the same language") {
    Town town;
    json j = Submission();
    j["title"] = std::string(ProposalLimits::kTitleMax + 5, 'a');
    const std::string path = "/api/v1/tenants/ville/proposals";
    const Reply es = Ask(town.server, "POST", path, kSpanish, j, town.resident);
    CHECK(es.body["error"]["code"] == "too_long");
    // The field's name is a word of the sentence: translated too, not left in French.
    CHECK(Message(es) == "El título: no más de 120 caracteres.");
    CHECK(Message(Ask(town.server, "POST", path + "?lang=es", kNone, j, town.resident)) ==
          "El título: no más de 120 caracteres.");
    CHECK(Message(Ask(town.server, "POST", path, kGerman, j, town.resident)) == "The title must be at most 120 characters.");
    CHECK(Message(Ask(town.server, "POST", path, kNone, j, town.resident)) == "Le titre ne doit pas dépasser 120 caractères.");
}

TEST_CASE("a not-found names what was asked for in the language asked for") {
    Town town;
    const std::string path = "/api/v1/tenants/nulle-part/proposals";
    const Reply es = Ask(town.server, "GET", path, kSpanish);
    CHECK(es.status == 404);
    CHECK(es.body["error"]["code"] == "not_found");
    CHECK(Message(es) == "No se encuentra el municipio nulle-part.");
    CHECK(Message(Ask(town.server, "GET", path + "?lang=es", kNone)) == "No se encuentra el municipio nulle-part.");
    CHECK(Message(Ask(town.server, "GET", path, kGerman)) == "The commune nulle-part was not found.");
    CHECK(Message(Ask(town.server, "GET", path, kNone)) == "La commune nulle-part est introuvable.");
}

TEST_CASE("a plain page's refusal reads in the page's language") {
    Town town;
    Browser browser(town.server);
    const Reply es = browser.Send("GET", "/simple/nulle-part?lang=es");
    CHECK(es.status == 404);
    CHECK(es.text.find("No se encuentra el municipio nulle-part.") != std::string::npos);
    CHECK(es.text.find("introuvable") == std::string::npos);
    CHECK(browser.Send("GET", "/simple/nulle-part", "", kSpanish).text.find("No se encuentra el municipio nulle-part.") !=
          std::string::npos);
    CHECK(browser.Send("GET", "/simple/nulle-part?lang=en").text.find("The commune nulle-part was not found.") !=
          std::string::npos);
    // The pages read a language without a catalog in the commune's own, French (html_page.cpp).
    CHECK(browser.Send("GET", "/simple/nulle-part", "", kGerman).text.find("La commune nulle-part est introuvable.") !=
          std::string::npos);
    CHECK(browser.Send("GET", "/simple/nulle-part").text.find("La commune nulle-part est introuvable.") !=
          std::string::npos);
}

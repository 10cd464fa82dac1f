// A resident without JavaScript signs in, proposes, supports and reports through the plain
// pages' forms, as a browser sends them (cookies, urlencoded bodies, redirects not followed):
// what the forms do is what the JSON API does, forged or cross-site posts do nothing, and the
// page after signing in is always one of the commune's own.
#include "backend/plain_browser.h"

#include <regex>

using namespace quartier;
using namespace quartier::testing;

namespace {

bool Has(const Reply& r, const std::string& text) { return r.text.find(text) != std::string::npos; }

std::int64_t ProposalCount(Town& town) {
    return Call(town.server, "GET", "/api/v1/tenants/ville/proposals?status=submitted", nullptr, town.moderator).body["total"];
}

std::string ProposeForm(const std::string& token, const std::string& title, const std::string& district,
                        const std::string& extra = "") {
    return "jeton=" + token + "&titre=" + UrlEncode(title) + "&description=" + UrlEncode("Trois bancs près de l’école") +
           "&categorie=cadre&quartier=" + district + extra;
}

std::int64_t IdFromLocation(const std::string& location) {
    std::smatch m;
    REQUIRE(std::regex_search(location, m, std::regex("/propositions/([0-9]+)")));
    return std::stoll(m[1].str());
}

} // namespace

TEST_CASE("plain sign-in sets the API's session in an HttpOnly cookie, and a wrong password keeps the e-mail") {
    Town town;
    Browser b{town.server};
    const Reply page = b.Send("GET", "/simple/ville/connexion");
    REQUIRE(page.status == 200);
    CHECK(Has(page, "<label for=\"email\">Adresse e-mail</label>"));
    CHECK(b.cookies.count("quartier_formulaire") == 1);

    // A wrong password: the API's words, the e-mail kept, the password not.
    const Reply wrong = b.SignIn("habitante@ville.test", "pas-le-bon-mot");
    CHECK(wrong.status == 401);
    CHECK(Has(wrong, "Adresse e-mail ou mot de passe incorrect."));
    CHECK(Has(wrong, "<a href=\"#email\">"));
    CHECK(Has(wrong, "value=\"habitante@ville.test\""));
    CHECK(!Has(wrong, "pas-le-bon-mot"));
    CHECK(b.cookies.count("quartier_session") == 0);

    const Reply ok = b.SignIn("habitante@ville.test", kPassword, "/simple/ville/mes-propositions");
    REQUIRE(ok.status == 303);
    CHECK(ok.Header("Location") == "/simple/ville/mes-propositions");
    const std::string cookie = ok.Header("Set-Cookie");
    CHECK(cookie.find("quartier_session=") == 0);
    CHECK(cookie.find("; HttpOnly") != std::string::npos);
    CHECK(cookie.find("; SameSite=Lax") != std::string::npos);
    CHECK(cookie.find("; Path=/simple") != std::string::npos);
    CHECK(cookie.find("Secure") == std::string::npos); // plain http on loopback
    // The cookie holds a session of the API's own.
    const auto me = Call(town.server, "GET", "/api/v1/me", nullptr, b.cookies["quartier_session"]);
    REQUIRE(me.status == 200);
    CHECK(me.body["email"] == "habitante@ville.test");
    const Reply mine = b.Send("GET", "/simple/ville/mes-propositions");
    CHECK(mine.status == 200);
    CHECK(Has(mine, "Vous êtes connecté avec l’adresse habitante@ville.test."));
    CHECK(Has(mine, ">Mes propositions</a>"));

    // Behind an https proxy the cookie is Secure.
    Browser secure{town.server};
    const std::string token = secure.Token("/simple/ville/connexion");
    const Reply https = secure.Send("POST", "/simple/ville/connexion",
                                    "jeton=" + token + "&email=habitante%40ville.test&password=" + kPassword,
                                    {{"X-Forwarded-Proto", "https"}});
    REQUIRE(https.status == 303);
    CHECK(https.Header("Set-Cookie").find("; Secure") != std::string::npos);

    // Signing out ends the session for the API too.
    const std::string session = b.cookies["quartier_session"];
    const Reply out = b.Send("POST", "/simple/ville/deconnexion", "jeton=" + b.Token("/simple/ville/mes-propositions"));
    CHECK(out.status == 303);
    CHECK(b.cookies.count("quartier_session") == 0);
    CHECK(Call(town.server, "GET", "/api/v1/me", nullptr, session).status == 401);
}

TEST_CASE("a resident creates an account through the plain form, with the API's rules") {
    Town town;
    Browser b{town.server};
    std::string token = b.Token("/simple/ville/connexion");
    const Reply short_pw = b.Send("POST", "/simple/ville/inscription", "jeton=" + token + "&email=nouvelle%40ville.test&password=court");
    CHECK(short_pw.status == 400);
    CHECK(Has(short_pw, "Le mot de passe doit compter au moins 10 caractères."));
    CHECK(Has(short_pw, "<a href=\"#nouveau-mot-de-passe\">"));
    CHECK(Has(short_pw, "value=\"nouvelle@ville.test\""));
    const Reply made = b.Send("POST", "/simple/ville/inscription", "jeton=" + token + "&email=nouvelle%40ville.test&password=" + kPassword);
    REQUIRE(made.status == 303);
    CHECK(made.Header("Location") == "/simple/ville");
    CHECK(Call(town.server, "GET", "/api/v1/me", nullptr, b.cookies["quartier_session"]).body["role"] == "resident");
}

TEST_CASE("a proposal sent through the plain form lands in the chosen district, and its author follows it") {
    Town town;
    Browser b{town.server};
    REQUIRE(b.SignIn("habitante@ville.test").status == 303);
    const std::string token = b.Token("/simple/ville/propositions/nouvelle");
    const Reply form = b.Send("GET", "/simple/ville/propositions/nouvelle");
    CHECK(Has(form, "<option value=\"S\">Sud</option>"));
    CHECK(Has(form, "<option value=\"cadre\">Cadre de vie</option>"));

    for (const std::string district : {"S", "N"}) {
        const Reply sent = b.Send("POST", "/simple/ville/propositions/nouvelle",
                                  ProposeForm(token, "Des bancs dans le quartier " + district, district, "&cout=12+000"));
        REQUIRE(sent.status == 303);
        const std::int64_t id = IdFromLocation(sent.Header("Location"));
        CHECK(sent.Header("Location") == "/simple/ville/propositions/" + std::to_string(id) + "?fait=proposition");
        const auto api = Call(town.server, "GET", "/api/v1/tenants/ville/proposals/" + std::to_string(id));
        REQUIRE(api.status == 200);
        CHECK(api.body["district"]["code"] == district);
        CHECK(api.body["category"] == "cadre");
        CHECK(api.body["estimated_cost"] == 12000);
        const Reply shown = b.Send("GET", sent.Header("Location"));
        CHECK(Has(shown, "Votre proposition est enregistrée ; elle est déjà visible de tous."));
    }
    // Its author's: in her data and on her page.
    const auto exported = Call(town.server, "GET", "/api/v1/me/export", nullptr, b.cookies["quartier_session"]);
    CHECK(exported.body["proposals"].size() == 2);
    const Reply mine = b.Send("GET", "/simple/ville/mes-propositions");
    CHECK(Has(mine, "Des bancs dans le quartier S"));
    CHECK(Has(mine, "État : En cours de modération"));

    // Where the commune pre-moderates: pending, seen by its author only.
    REQUIRE(Call(town.server, "PATCH", "/api/v1/tenants/ville", {{"premoderation", true}}, town.admin).status == 200);
    const Reply pending = b.Send("POST", "/simple/ville/propositions/nouvelle", ProposeForm(token, "Une fontaine", "N"));
    REQUIRE(pending.status == 303);
    const Reply page = b.Send("GET", pending.Header("Location"));
    CHECK(page.status == 200);
    CHECK(Has(page, "Elle sera publiée quand un modérateur l’aura acceptée."));
    CHECK(Has(page, "En attente de modération"));
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/proposals/" + std::to_string(IdFromLocation(pending.Header("Location"))))
              .status == 404);
    CHECK(Has(b.Send("GET", "/simple/ville/mes-propositions"), "État : En attente de modération"));
}

TEST_CASE("a refused plain proposal comes back with the API's words next to the field and the values kept") {
    Town town;
    Browser b{town.server};
    REQUIRE(b.SignIn("habitante@ville.test").status == 303);
    const std::string token = b.Token("/simple/ville/propositions/nouvelle");
    const std::int64_t before = ProposalCount(town);

    const Reply short_title = b.Send("POST", "/simple/ville/propositions/nouvelle", ProposeForm(token, "ab", "S"));
    CHECK(short_title.status == 400);
    // The same words as the API's for the same submission.
    json body = Submission();
    body["title"] = "ab";
    const std::string api_words = Call(town.server, "POST", "/api/v1/tenants/ville/proposals", body, "", "", "application/json")
                                      .body["error"]["messages"]["fr"];
    CHECK(Has(short_title, "<a href=\"#titre\">" + api_words + "</a>"));
    CHECK(Has(short_title, "aria-invalid=\"true\""));
    CHECK(Has(short_title, "<title>Erreur : "));
    CHECK(Has(short_title, "Trois bancs près de l’école</textarea>"));
    CHECK(Has(short_title, "<option value=\"S\" selected>Sud</option>"));

    const Reply no_place = b.Send("POST", "/simple/ville/propositions/nouvelle", ProposeForm(token, "Un kiosque", ""));
    CHECK(no_place.status == 400);
    CHECK(Has(no_place, "<a href=\"#quartier\">Choisissez le quartier de votre proposition.</a>"));
    CHECK(Has(no_place, "value=\"Un kiosque\""));

    const Reply bad_cost = b.Send("POST", "/simple/ville/propositions/nouvelle", ProposeForm(token, "Un kiosque", "N", "&cout=beaucoup"));
    CHECK(bad_cost.status == 400);
    CHECK(Has(bad_cost, "<a href=\"#cout\">Le coût estimé doit être un nombre entier d’euros.</a>"));
    CHECK(Has(bad_cost, "value=\"beaucoup\""));
    CHECK(ProposalCount(town) == before);
    (void)api_words;
}

TEST_CASE("a plain form posted without this session's token or from another site does nothing") {
    Town town;
    Browser b{town.server};
    REQUIRE(b.SignIn("habitante@ville.test").status == 303);
    const std::string token = b.Token("/simple/ville/propositions/nouvelle");
    const std::int64_t before = ProposalCount(town);
    const std::string path = "/simple/ville/propositions/nouvelle";

    const Reply missing = b.Send("POST", path, ProposeForm("", "Des bancs", "S"));
    CHECK(missing.status == 403);
    CHECK(Has(missing, "Ce formulaire n’a pas été accepté"));
    CHECK(b.Send("POST", path, ProposeForm(std::string(64, 'a'), "Des bancs", "S")).status == 403);
    // Another resident's token is not this session's.
    Browser other{town.server};
    REQUIRE(other.SignIn("voisin@ville.test").status == 303);
    CHECK(b.Send("POST", path, ProposeForm(other.Token(path), "Des bancs", "S")).status == 403);
    // The right token, but the browser says it comes from another site.
    CHECK(b.Send("POST", path, ProposeForm(token, "Des bancs", "S"), {{"Origin", "https://ailleurs.test"}}).status == 403);
    CHECK(b.Send("POST", path, ProposeForm(token, "Des bancs", "S"), {{"Sec-Fetch-Site", "cross-site"}}).status == 403);
    CHECK(ProposalCount(town) == before);

    // A sign-in form without the form cookie's secret: refused, no session.
    Browser stranger{town.server};
    const Reply forged = stranger.Send("POST", "/simple/ville/connexion", "jeton=x&email=habitante%40ville.test&password=" + kPassword);
    CHECK(forged.status == 403);
    CHECK(stranger.cookies.count("quartier_session") == 0);

    // Same site, right token: it goes through.
    CHECK(b.Send("POST", path, ProposeForm(token, "Des bancs", "S"),
                 {{"Origin", "http://" + std::string("127.0.0.1:") + std::to_string(town.server.Port())},
                  {"Sec-Fetch-Site", "same-origin"}})
              .status == 303);
    CHECK(ProposalCount(town) == before + 1);
}

TEST_CASE("plain support counts once per resident, and a plain report reaches the moderation queue") {
    Town town;
    const std::int64_t id = town.Propose(43.61, 1.43, town.resident2);
    const std::string here = "/simple/ville/propositions/" + std::to_string(id);
    Browser b{town.server};

    // Signed out: a link to sign in that comes back here; a post goes to the sign-in page.
    const Reply anonymous = b.Send("GET", here);
    CHECK(Has(anonymous, "/simple/ville/connexion?retour=%2Fsimple%2Fville%2Fpropositions%2F" + std::to_string(id)));
    const Reply signed_out = b.Send("POST", here + "/soutien", "jeton=x");
    CHECK(signed_out.status == 303);
    // (cpp-httplib's client decodes a Location header: the server sends retour=%2Fsimple%2F…)
    CHECK(signed_out.Header("Location") == "/simple/ville/connexion?retour=/simple/ville/propositions/" + std::to_string(id));
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/proposals/" + std::to_string(id)).body["supports"] == 0);

    REQUIRE(b.SignIn("habitante@ville.test", kPassword, here).Header("Location") == here);
    const std::string token = b.Token(here);
    for (int i = 0; i < 2; ++i) {
        const Reply r = b.Send("POST", here + "/soutien", "jeton=" + token);
        CHECK(r.status == 303);
        CHECK(r.Header("Location") == here + "?fait=soutien");
    }
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/proposals/" + std::to_string(id)).body["supports"] == 1);
    const Reply after = b.Send("GET", here + "?fait=soutien");
    CHECK(Has(after, "Votre soutien est compté."));
    CHECK(Has(after, "Vous soutenez cette proposition."));
    CHECK(!Has(after, "Soutenir cette proposition</button>"));

    const Reply reported = b.Send("POST", here + "/signalement", "jeton=" + token + "&motif=publicite&precisions=" + UrlEncode("Un lien vers une boutique"));
    CHECK(reported.status == 303);
    CHECK(reported.Header("Location") == here + "?fait=signalement");
    CHECK(Has(b.Send("GET", reported.Header("Location")), "Votre signalement est transmis aux modérateurs."));
    const auto queue = Call(town.server, "GET", "/api/v1/tenants/ville/moderation/queue", nullptr, town.moderator);
    bool found = false;
    for (const auto& item : queue.body["items"])
        if (item["id"] == id) {
            found = true;
            CHECK(item["flags"] == 1);
            CHECK(item["reasons"] == json::array({"Publicité ou spam : Un lien vers une boutique"}));
        }
    CHECK(found);
    // Twice: said, not counted.
    CHECK(b.Send("POST", here + "/signalement", "jeton=" + token + "&motif=autre").Header("Location") == here + "?fait=deja-signalee");
    // A forged report does nothing.
    Browser c{town.server};
    REQUIRE(c.SignIn("voisin@ville.test").status == 303);
    CHECK(c.Send("POST", here + "/signalement", "jeton=" + token + "&motif=autre").status == 403);
}

TEST_CASE("after signing in the plain pages go back only to a page of the commune") {
    Town town;
    for (const std::string back : {"https://ailleurs.test/", "//ailleurs.test/x", "/simple/ville/../../api/v1/me",
                                   "/simple/autre/propositions", "/\\ailleurs.test", "javascript:alert(1)"}) {
        Browser b{town.server};
        const Reply r = b.SignIn("habitante@ville.test", kPassword, back);
        CHECK_MESSAGE(r.Header("Location") == "/simple/ville", back);
    }
    Browser b{town.server};
    const Reply page = b.Send("GET", "/simple/ville/connexion?retour=" + UrlEncode("//ailleurs.test"));
    CHECK(Has(page, "name=\"retour\" value=\"/simple/ville\""));
    CHECK(b.SignIn("habitante@ville.test", kPassword, "/simple/ville/propositions/1?fait=soutien").Header("Location") ==
          "/simple/ville/propositions/1?fait=soutien");
    // Signed out, the forms' pages lead to the sign-in page and back.
    Browser anonymous{town.server};
    CHECK(anonymous.Send("GET", "/simple/ville/propositions/nouvelle").Header("Location") ==
          "/simple/ville/connexion?retour=/simple/ville/propositions/nouvelle"); // decoded by the client
    CHECK(anonymous.Send("GET", "/simple/ville/mes-propositions").status == 303);
}

TEST_CASE("in a commune without districts nor categories the plain form places the proposal at its centre, in English too") {
    Town town;
    Browser b{town.server};
    const std::string token = b.Token("/simple/autre/connexion?lang=en");
    REQUIRE(b.Send("POST", "/simple/autre/connexion?lang=en",
                   "jeton=" + token + "&email=habitante%40ville.test&password=" + kPassword + "&retour=" +
                       UrlEncode("/simple/autre/propositions/nouvelle?lang=en"))
                .Header("Location") == "/simple/autre/propositions/nouvelle?lang=en");
    const Reply form = b.Send("GET", "/simple/autre/propositions/nouvelle?lang=en");
    CHECK(Has(form, "<label for=\"categorie\">Category (required)</label>"));
    CHECK(!Has(form, "id=\"quartier\""));
    const std::string jeton = b.Token("/simple/autre/propositions/nouvelle?lang=en");
    const Reply refused = b.Send("POST", "/simple/autre/propositions/nouvelle?lang=en",
                                 "jeton=" + jeton + "&titre=Benches&categorie=&description=");
    CHECK(refused.status == 400);
    CHECK(Has(refused, "<a href=\"#categorie\">"));
    CHECK(Has(refused, "<title>Error: "));
    const Reply sent = b.Send("POST", "/simple/autre/propositions/nouvelle?lang=en",
                              "jeton=" + jeton + "&titre=Benches&categorie=Seating&description=");
    REQUIRE(sent.status == 303);
    const std::int64_t id = IdFromLocation(sent.Header("Location"));
    CHECK(sent.Header("Location") == "/simple/autre/propositions/" + std::to_string(id) + "?fait=proposition&lang=en");
    const auto api = Call(town.server, "GET", "/api/v1/tenants/autre/proposals/" + std::to_string(id));
    CHECK(api.body["latitude"] == doctest::Approx(43.60));
    CHECK(api.body["longitude"] == doctest::Approx(1.43));
    CHECK(Has(b.Send("GET", sent.Header("Location")), "Your proposal is recorded; everyone can already see it."));
}

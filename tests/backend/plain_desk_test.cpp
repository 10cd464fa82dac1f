// A municipal agent without JavaScript enters paper and assisted ballots at the plain desk
// (/simple/{tenant}/consultations/{process}/guichet): the resident's ballot form, sent through
// the API's own paper-ballot handler, so that who may, the phase, the voter code spent as
// online and every rule and word are the API's. Residents are refused, forged or cross-site
// posts do nothing, and a refusal keeps what was entered.
#include "backend/plain_browser.h"

#include <regex>

using namespace quartier;
using namespace quartier::testing;

namespace {

const std::string kDesk = "/simple/ville/consultations/bp/guichet";
const std::string kBp = "/api/v1/tenants/ville/processes/bp";

bool Has(const Reply& r, const std::string& text) { return r.text.find(text) != std::string::npos; }

// The hidden fields of the desk page's form: (jeton, formulaire, saisis).
struct DeskForm {
    std::string token, form_id, entered;

    std::string With(const std::string& fields) const {
        return "jeton=" + token + "&formulaire=" + form_id + "&saisis=" + entered + (fields.empty() ? "" : "&" + fields);
    }
};

DeskForm ReadDeskForm(Browser& b, const std::string& path = kDesk) {
    const Reply page = b.Send("GET", path);
    REQUIRE(page.status == 200);
    DeskForm f;
    std::smatch m;
    REQUIRE(std::regex_search(page.text, m, std::regex("name=\"jeton\" value=\"([0-9a-f]+)\"")));
    f.token = m[1].str();
    REQUIRE(std::regex_search(page.text, m, std::regex("name=\"formulaire\" value=\"([0-9a-f]+)\"")));
    f.form_id = m[1].str();
    REQUIRE(std::regex_search(page.text, m, std::regex("name=\"saisis\" value=\"([0-9]+)\"")));
    f.entered = m[1].str();
    return f;
}

// The checkbox of project id on a ballot page, as served (to see whether it is checked).
std::string Checkbox(const Reply& r, const std::string& id) {
    std::smatch m;
    const std::regex box("<input type=\"checkbox\"[^>]*value=\"" + id + "\"[^>]*>");
    return std::regex_search(r.text, m, box) ? m[0].str() : std::string();
}

// The box's counts, as the console's closing checklist reads them.
json CodeStats(Town& town, const std::string& process = "bp") {
    const auto r = Call(town.server, "GET", "/api/v1/tenants/ville/processes/" + process + "/voter-codes", nullptr, town.admin);
    REQUIRE(r.status == 200);
    return r.body;
}

Browser Agent(Town& town) {
    Browser b{town.server};
    REQUIRE(b.SignIn("agent@ville.test").status == 303);
    return b;
}

} // namespace

TEST_CASE("an agent enters a ballot at the plain desk: stored once as a paper ballot, the code spent, counted") {
    Town town;
    const auto code = town.Codes(1)[0];
    Browser b = Agent(town);

    // The process page links to the desk for an agent.
    const Reply process = b.Send("GET", "/simple/ville/consultations/bp");
    CHECK(Has(process, "href=\"" + kDesk + "\">Guichet des agents : saisir un bulletin papier ou un vote assisté</a>"));

    const Reply page = b.Send("GET", kDesk);
    REQUIRE(page.status == 200);
    CHECK(Has(page, "<h1>Guichet : Budget participatif</h1>"));
    CHECK(Has(page, "<label for=\"code\">Code de l’électeur</label>"));
    CHECK(Has(page, "<legend>Les choix de l’électeur</legend>"));
    CHECK(Has(page, "Cochez de 1 à 2 projets que vous soutenez."));
    CHECK(Has(page, "action=\"" + kDesk + "\""));
    CHECK_FALSE(Has(page, "id=\"sans-code\"")); // this process takes no ballot without a code
    CHECK(page.Header("Cache-Control") == "no-store");

    const DeskForm f = ReadDeskForm(b);
    const std::string sent = f.With("projet=1&projet=3&code=" + code + "&action=vote");
    const Reply stored = b.Send("POST", kDesk, sent);
    REQUIRE(stored.status == 303);
    CHECK(stored.Header("Location") == kDesk + "?enregistre=1");
    // The same form sent again (a reload, a double click) is the same request: stored once.
    CHECK(b.Send("POST", kDesk, sent).status == 303);

    const Reply after = b.Send("GET", stored.Header("Location"));
    CHECK(after.status == 200);
    CHECK(Has(after, "<p class=\"notice\" role=\"status\">Bulletin enregistré (1 bulletin saisi depuis l’ouverture de cette page)."));
    CHECK(Has(after, "name=\"saisis\" value=\"1\""));
    // Nothing on the confirmation ties the voter to the ballot: no code, no choice.
    CHECK_FALSE(Has(after, code));
    CHECK_FALSE(Has(after, " checked"));
    CHECK(ReadDeskForm(b, stored.Header("Location")).form_id != f.form_id); // a new, empty form

    const json stats = CodeStats(town);
    CHECK(stats["ballots"] == 1);
    CHECK(stats["paper"] == 1);
    CHECK(stats["used"] == 1);
    // The code is spent as online: its holder cannot vote again.
    CHECK(Call(town.server, "POST", kBp + "/ballot-tokens", {{"code", code}}).body["error"]["code"] == "code_used");

    REQUIRE(Call(town.server, "POST", kBp + "/phase", {{"phase", "closed"}}, town.admin).status == 200);
    const auto results = Call(town.server, "GET", kBp + "/results", nullptr, town.moderator);
    REQUIRE(results.status == 200);
    CHECK(results.body["votes"]["1"] == 1);
    CHECK(results.body["votes"]["2"] == 0);
    CHECK(results.body["votes"]["3"] == 1);
    CHECK(results.body["turnout"]["ballots"] == 1);
    CHECK(results.body["turnout"]["by_method"]["paper"] == 1);
}

TEST_CASE("the plain desk refuses a code used twice in the API's words, and keeps what was entered") {
    Town town;
    const auto codes = town.Codes(2);
    Browser b = Agent(town);
    REQUIRE(b.Send("POST", kDesk, ReadDeskForm(b).With("projet=1&code=" + codes[0])).status == 303);

    // The API's own words for the same code at the desk.
    const auto api = Call(town.server, "POST", kBp + "/paper-ballots",
                          {{"request_id", "essai"}, {"ballot", {{"projects", {"2"}}}}, {"code", codes[0]}}, town.agent);
    REQUIRE(api.status == 409);
    const std::string words = api.body["error"]["messages"]["fr"];
    CHECK(words == "Ce code a déjà été utilisé.");

    const Reply twice = b.Send("POST", kDesk, ReadDeskForm(b).With("projet=2&code=" + codes[0]));
    CHECK(twice.status == 409);
    CHECK(Has(twice, "<title>Erreur : "));
    CHECK(Has(twice, "Le bulletin n’a pas été enregistré"));
    CHECK(Has(twice, "<a href=\"#code\">" + words + "</a>"));
    CHECK(Has(twice, "<p class=\"field-error\" id=\"code-erreur\">" + words + "</p>"));
    CHECK(Has(twice, "aria-invalid=\"true\" value=\"" + codes[0] + "\""));
    CHECK(Has(twice, "Les choix et le code saisis sont conservés ci-dessous."));
    CHECK(Checkbox(twice, "2").find(" checked") != std::string::npos);
    CHECK(Checkbox(twice, "1").find(" checked") == std::string::npos);
    CHECK(CodeStats(town)["ballots"] == 1);

    // A rule of the shared model: three projects where two at most are allowed; the code kept
    // and not spent.
    const Reply three = b.Send("POST", kDesk, ReadDeskForm(b).With("projet=1&projet=2&projet=3&code=" + codes[1]));
    CHECK(three.status == 400);
    CHECK(Has(three, "Vous pouvez choisir au plus 2 projets."));
    CHECK(Has(three, "3 projets choisis."));
    for (const char* id : {"1", "2", "3"}) CHECK(Checkbox(three, id).find(" checked") != std::string::npos);
    CHECK(Has(three, "value=\"" + codes[1] + "\""));
    // An unknown code, in English: the API's English words.
    const Reply unknown = b.Send("POST", kDesk + "?lang=en", ReadDeskForm(b, kDesk + "?lang=en").With("projet=1&code=ZZZZ-ZZZZ"));
    CHECK(unknown.status == 404);
    CHECK(Has(unknown, "This code is not valid for this vote. Check it and try again."));
    CHECK(Has(unknown, "The ballot was not stored"));
    CHECK(Has(unknown, "value=\"ZZZZ-ZZZZ\""));
    CHECK(Has(unknown, "action=\"" + kDesk + "?lang=en\""));
    // No code at all: the API's code_required.
    const Reply none = b.Send("POST", kDesk, ReadDeskForm(b).With("projet=1&code="));
    CHECK(none.status == 400);
    CHECK(Has(none, "<a href=\"#code\">Un bulletin papier demande le code de l’électeur, utilisé comme en ligne.</a>"));
    // "Check the ballot" validates without storing.
    const Reply check = b.Send("POST", kDesk, ReadDeskForm(b).With("projet=1&code=" + codes[1] + "&action=check"));
    CHECK(check.status == 200);
    CHECK(Has(check, "Le bulletin est valable."));
    CHECK(CodeStats(town)["ballots"] == 1);
    // The refusals never spent the second code.
    CHECK(b.Send("POST", kDesk, ReadDeskForm(b).With("projet=1&code=" + codes[1])).status == 303);
    CHECK(CodeStats(town)["ballots"] == 2);
}

TEST_CASE("the plain desk is for the commune's agents: others are refused, the signed-out sent to sign in") {
    Town town;
    const auto code = town.Codes(1)[0];

    Browser anonymous{town.server};
    const Reply out = anonymous.Send("GET", kDesk);
    CHECK(out.status == 303);
    CHECK(out.Header("Location") == "/simple/ville/connexion?retour=" + kDesk); // decoded by the client
    CHECK(anonymous.Send("POST", kDesk, "projet=1&code=" + code).status == 303);
    CHECK_FALSE(Has(anonymous.Send("GET", "/simple/ville/consultations/bp"), "/guichet"));
    // Signing in from there comes back to the desk.
    CHECK(anonymous.SignIn("agent@ville.test", kPassword, kDesk).Header("Location") == kDesk);

    Browser resident{town.server};
    REQUIRE(resident.SignIn("habitante@ville.test").status == 303);
    const Reply refused = resident.Send("GET", kDesk);
    CHECK(refused.status == 403);
    CHECK(Has(refused, "<title>Accès réservé aux agents"));
    CHECK(Has(refused, "Cette page est réservée aux agents de la commune"));
    CHECK(Has(refused, "href=\"/simple/ville/consultations/bp/vote\""));
    CHECK_FALSE(Has(refused, "name=\"code\""));
    const Reply english = resident.Send("GET", kDesk + "?lang=en");
    CHECK(english.status == 403);
    CHECK(Has(english, "This page is for the town’s agents"));
    CHECK_FALSE(Has(resident.Send("GET", "/simple/ville/consultations/bp"), "/guichet"));
    // Her own session's token does not make her an agent: the API's handler refuses her.
    const std::string token = resident.Token("/simple/ville/mes-propositions");
    const Reply posted = resident.Send("POST", kDesk, "jeton=" + token + "&projet=1&code=" + code);
    CHECK(posted.status == 403);
    CHECK(Has(posted, "Cette page est réservée aux agents de la commune"));

    // A moderator is no agent either; an admin is.
    Browser moderator{town.server};
    REQUIRE(moderator.SignIn("moderation@ville.test").status == 303);
    CHECK(moderator.Send("GET", kDesk).status == 403);
    Browser admin{town.server};
    REQUIRE(admin.SignIn("admin@ville.test").status == 303);
    CHECK(admin.Send("GET", kDesk).status == 200);
    // An agent of another commune is not this one's.
    EnsureAccount(town.server.Get().GetStore(), "agent@autre.test", kPassword, Role::Agent,
                  town.server.Get().App().FindTenant("autre")->id, true);
    Browser other{town.server};
    REQUIRE(other.SignIn("agent@autre.test").status == 303);
    CHECK(other.Send("GET", kDesk).status == 403);

    CHECK(CodeStats(town)["ballots"] == 0);
}

TEST_CASE("a desk form without this session's token, or posted from another site, stores nothing") {
    Town town;
    const auto code = town.Codes(1)[0];
    Browser b = Agent(town);
    const DeskForm f = ReadDeskForm(b);
    const std::string ballot = "&projet=1&code=" + code;

    const Reply missing = b.Send("POST", kDesk, "formulaire=" + f.form_id + ballot);
    CHECK(missing.status == 403);
    CHECK(Has(missing, "Ce formulaire n’a pas été accepté"));
    CHECK(b.Send("POST", kDesk, "jeton=" + std::string(64, 'a') + "&formulaire=" + f.form_id + ballot).status == 403);
    // Another agent's token is not this session's.
    Browser other = Agent(town);
    CHECK(b.Send("POST", kDesk, "jeton=" + ReadDeskForm(other).token + "&formulaire=" + f.form_id + ballot).status == 403);
    // The right token, but the browser says the post comes from another site.
    CHECK(b.Send("POST", kDesk, f.With(ballot.substr(1)), {{"Origin", "https://ailleurs.test"}}).status == 403);
    CHECK(b.Send("POST", kDesk, f.With(ballot.substr(1)), {{"Sec-Fetch-Site", "cross-site"}}).status == 403);
    // Even a site the commune embeds its widgets on may not post the desk's form.
    CHECK(b.Send("POST", kDesk, f.With(ballot.substr(1)), {{"Origin", "https://www.ville.test"}}).status == 403);
    CHECK(CodeStats(town)["ballots"] == 0);

    // Same site, right token: stored.
    CHECK(b.Send("POST", kDesk, f.With(ballot.substr(1)),
                 {{"Origin", "http://127.0.0.1:" + std::to_string(town.server.Port())}, {"Sec-Fetch-Site", "same-origin"}})
              .status == 303);
    CHECK(CodeStats(town)["ballots"] == 1);
}

TEST_CASE("the plain desk refuses while voting is not open") {
    Town town;
    const auto code = town.Codes(1)[0];
    Browser b = Agent(town);
    const DeskForm f = ReadDeskForm(b); // taken while voting was open
    REQUIRE(Call(town.server, "POST", kBp + "/phase", {{"phase", "closed"}}, town.admin).status == 200);

    const Reply page = b.Send("GET", kDesk);
    CHECK(page.status == 200);
    CHECK(Has(page, "<p class=\"notice\">Le vote n’est pas ouvert pour cette consultation"));
    CHECK(Has(page, "Aucun bulletin ne peut être saisi tant que le vote n’est pas ouvert."));
    CHECK_FALSE(Has(page, "<form method=\"post\" action=\"" + kDesk));
    CHECK_FALSE(Has(b.Send("GET", "/simple/ville/consultations/bp"), "/guichet"));

    const Reply posted = b.Send("POST", kDesk, f.With("projet=1&code=" + code));
    CHECK(posted.status == 409);
    CHECK(Has(posted, "Le vote n’est pas ouvert pour cette consultation"));
    CHECK(Has(b.Send("GET", kDesk + "?lang=en"), "Voting is not open for this process"));
    CHECK(CodeStats(town)["ballots"] == 0);
}

TEST_CASE("ranked and cumulative ballots go through the plain desk, and ballots without a code only where the process takes them") {
    Town town;
    const std::string base = "/api/v1/tenants/ville/processes";
    auto make = [&](const std::string& id, const json& ballot, bool uncoded = false) {
        json p = Town::Process(id);
        p["ballot"] = ballot;
        p["uncoded_paper_ballots"] = uncoded;
        REQUIRE(Call(town.server, "POST", base, p, town.admin).status == 201);
        REQUIRE(Call(town.server, "POST", base + "/" + id + "/phase", {{"phase", "voting"}}, town.admin).status == 200);
        return "/simple/ville/consultations/" + id + "/guichet";
    };
    Browser b = Agent(town);

    SUBCASE("ranked: the same rank twice refused, the ranks kept") {
        const std::string desk = make("rangs", {{"kind", "ranked"}, {"max_projects", 3}});
        const auto code = town.Codes(1, "rangs")[0];
        const Reply twice = b.Send("POST", desk, ReadDeskForm(b, desk).With("rg-1=1&rg-2=1&rg-3=&code=" + code));
        CHECK(twice.status == 400);
        CHECK(Has(twice, "<legend>Le classement de l’électeur</legend>"));
        CHECK(Has(twice, "Deux projets ont le même rang (1)"));
        CHECK(Has(twice, "<option value=\"1\" selected>"));
        CHECK(b.Send("POST", desk, ReadDeskForm(b, desk).With("rg-1=2&rg-2=&rg-3=1&code=" + code)).status == 303);
        CHECK(CodeStats(town, "rangs")["paper"] == 1);
    }
    SUBCASE("cumulative: too many points refused with the tally, then stored") {
        const std::string desk = make("points", {{"kind", "cumulative"}, {"max_points", 10}});
        const auto code = town.Codes(1, "points")[0];
        const Reply many = b.Send("POST", desk, ReadDeskForm(b, desk).With("pt-1=8&pt-2=4&code=" + code));
        CHECK(many.status == 400);
        CHECK(Has(many, "Vous avez attribué 12 points sur 10 autorisés."));
        CHECK(Has(many, "name=\"pt-1\" value=\"8\""));
        CHECK(b.Send("POST", desk, ReadDeskForm(b, desk).With("pt-1=7&pt-3=3&code=" + code)).status == 303);
        CHECK(CodeStats(town, "points")["paper"] == 1);
    }
    SUBCASE("without a code: only with the box ticked, never with a code typed too") {
        const std::string desk = make("libre", {{"kind", "approval"}, {"min_projects", 1}, {"max_projects", 2}}, true);
        const Reply page = b.Send("GET", desk);
        CHECK(Has(page, "<label for=\"sans-code\">Bulletin sans code</label>"));
        const Reply forgotten = b.Send("POST", desk, ReadDeskForm(b, desk).With("projet=1&code="));
        CHECK(forgotten.status == 400);
        CHECK(Has(forgotten, "ou cochez « Bulletin sans code »."));
        const auto code = town.Codes(1, "libre")[0];
        const Reply both = b.Send("POST", desk, ReadDeskForm(b, desk).With("projet=1&sans-code=1&code=" + code));
        CHECK(both.status == 400);
        CHECK(Has(both, "Un code est saisi et « Bulletin sans code » est coché"));
        CHECK(Has(both, "id=\"sans-code\" name=\"sans-code\" value=\"1\" checked"));
        CHECK(CodeStats(town, "libre")["ballots"] == 0);
        CHECK(b.Send("POST", desk, ReadDeskForm(b, desk).With("projet=1&sans-code=1&code=")).status == 303);
        CHECK(b.Send("POST", desk, ReadDeskForm(b, desk).With("projet=2&code=" + code)).status == 303);
        const json stats = CodeStats(town, "libre");
        CHECK(stats["paper"] == 2);
        CHECK(stats["used"] == 1);
        REQUIRE(Call(town.server, "POST", base + "/libre/phase", {{"phase", "closed"}}, town.admin).status == 200);
        REQUIRE(Call(town.server, "POST", base + "/libre/phase", {{"phase", "published"}}, town.admin).status == 200);
        CHECK(Call(town.server, "GET", base + "/libre/results").body["turnout"]["uncoded_paper"] == 1);
    }
}

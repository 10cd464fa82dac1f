// The plain-HTML path as a resident without JavaScript meets it: pages in French (English on
// request), proposals and projects readable with their text escaped, and a ballot cast with
// an ordinary form that lands in the same box as the widgets' (results, receipts), refusals
// shown next to the form with every choice kept.
#include "backend/api_fixture.h"

#include <regex>

using namespace quartier;
using namespace quartier::testing;

namespace {

const std::string kVote = "/simple/ville/consultations/bp/vote";

Reply Page(const TestServer& s, const std::string& method, const std::string& path, const std::string& form = "",
           const std::string& accept_language = "") {
    httplib::Client c = s.Client();
    httplib::Headers h;
    if (!accept_language.empty()) h.emplace("Accept-Language", accept_language);
    httplib::Result r = method == "GET" ? c.Get(path.c_str(), h)
                                        : c.Post(path.c_str(), h, form, "application/x-www-form-urlencoded");
    return ToReply(r);
}

// The hidden request id of a freshly served ballot form.
std::string RequestId(const TestServer& s, const std::string& path = kVote) {
    const auto page = Page(s, "GET", path);
    REQUIRE(page.status == 200);
    std::smatch m;
    REQUIRE(std::regex_search(page.text, m, std::regex("name=\"request_id\" value=\"([^\"]+)\"")));
    return m[1].str();
}

bool Has(const Reply& r, const std::string& text) { return r.text.find(text) != std::string::npos; }

// The checkbox of project id on a ballot page, as served (to see whether it is checked).
std::string Checkbox(const Reply& r, const std::string& id) {
    std::smatch m;
    const std::regex box("<input type=\"checkbox\"[^>]*value=\"" + id + "\"[^>]*>");
    return std::regex_search(r.text, m, box) ? m[0].str() : std::string();
}

} // namespace

TEST_CASE("proposals read without JavaScript, in French by default, with their text escaped") {
    Town town;
    json hostile = Submission();
    hostile["title"] = "<script>alert(\"x\")</script> Bancs & ombre";
    hostile["description"] = "Première ligne <b>gras</b>\nSeconde ligne";
    const auto created = Call(town.server, "POST", "/api/v1/tenants/ville/proposals", hostile);
    REQUIRE(created.status == 201);
    const std::string id = std::to_string(created.body["id"].get<std::int64_t>());

    const auto list = Page(town.server, "GET", "/simple/ville/propositions");
    REQUIRE(list.status == 200);
    CHECK(list.Header("Content-Type").rfind("text/html", 0) == 0);
    CHECK(Has(list, "<html lang=\"fr\">"));
    CHECK(Has(list, "<main id=\"contenu\""));
    CHECK(Has(list, "Les propositions des habitants"));
    CHECK(Has(list, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Bancs &amp; ombre"));
    CHECK_FALSE(Has(list, "<script>"));
    CHECK(Has(list, "Cadre de vie · Nord")); // category and the district found for its place
    CHECK(Has(list, "href=\"/simple/ville/propositions/" + id + "\""));

    const auto one = Page(town.server, "GET", "/simple/ville/propositions/" + id);
    REQUIRE(one.status == 200);
    CHECK(Has(one, "<h1>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Bancs &amp; ombre</h1>"));
    CHECK(Has(one, "<p>Première ligne &lt;b&gt;gras&lt;/b&gt;</p>\n<p>Seconde ligne</p>"));
    CHECK_FALSE(Has(one, "<script>"));
    CHECK_FALSE(Has(one, "<b>"));

    // English when asked, in the URL (kept in links) or by the browser.
    const auto en = Page(town.server, "GET", "/simple/ville/propositions?lang=en");
    CHECK(Has(en, "<html lang=\"en\">"));
    CHECK(Has(en, "Residents’ proposals"));
    CHECK(Has(en, "href=\"/simple/ville/propositions/" + id + "?lang=en\""));
    CHECK(Has(Page(town.server, "GET", "/simple/ville", "", "en-GB,en;q=0.8"), "<html lang=\"en\">"));
    CHECK(Has(Page(town.server, "GET", "/simple/ville", "", "de-DE"), "<html lang=\"fr\">"));

    // Unknown things are pages too, not JSON.
    const auto missing = Page(town.server, "GET", "/simple/ville/propositions/999999");
    CHECK(missing.status == 404);
    CHECK(Has(missing, "La proposition est introuvable."));
    CHECK(Page(town.server, "GET", "/simple/nulle-part").status == 404);
}

TEST_CASE("the commune and process pages list what can be voted on") {
    Town town;
    const auto home = Page(town.server, "GET", "/simple/ville");
    REQUIRE(home.status == 200);
    CHECK(Has(home, "Budget participatif"));
    CHECK(Has(home, "Vote ouvert"));
    CHECK(Has(home, "href=\"" + kVote + "\""));

    const auto process = Page(town.server, "GET", "/simple/ville/consultations/bp");
    REQUIRE(process.status == 200);
    CHECK(Has(process, "Cochez de 1 à 2 projets que vous soutenez."));
    CHECK(Has(process, "Parc"));
    // Parc and Piste had no coordinates: the page says their place on maps is not real.
    CHECK(Has(process, "n’indique pas leur emplacement réel"));
    const auto parc = Page(town.server, "GET", "/simple/ville/consultations/bp/projets/1");
    CHECK(Has(parc, "<h1>Parc</h1>"));
    CHECK(Has(parc, "n’indique pas son emplacement réel"));
    const auto bancs = Page(town.server, "GET", "/simple/ville/consultations/bp/projets/3");
    CHECK_FALSE(Has(bancs, "emplacement réel")); // it came with its own coordinates
}

TEST_CASE("a ballot cast through the plain form is counted in the results and published receipts") {
    Town town;
    const auto code = town.Codes(1)[0];
    const std::string request_id = RequestId(town.server);
    const std::string form = "request_id=" + request_id + "&projet=1&projet=3&code=" + code + "&action=vote";
    const auto cast = Page(town.server, "POST", kVote, form);
    // The answer is the receipt page itself: no redirect, so the receipt is in no URL (proxy
    // logs, the browser's history), and no cache keeps it.
    REQUIRE(cast.status == 200);
    CHECK(cast.Header("Location").empty());
    CHECK(Has(cast, "Votre bulletin est enregistré"));
    CHECK(cast.Header("Cache-Control") == "no-store");
    std::smatch m;
    REQUIRE(std::regex_search(cast.text, m, std::regex("<p class=\"receipt\">([0-9a-f]{64})</p>")));
    const std::string receipt = m[1].str();
    // No link or form on the page carries it either.
    const std::regex url("(href|action|src)=\"([^\"]*)\"");
    for (auto it = std::sregex_iterator(cast.text.begin(), cast.text.end(), url);
         it != std::sregex_iterator(); ++it)
        CHECK((*it)[2].str().find(receipt) == std::string::npos);
    // The old address with the receipt in it answers nothing; a lookup takes it in the body.
    CHECK(Page(town.server, "GET", "/simple/ville/consultations/bp/recu/" + receipt).status == 404);
    const auto lookup = Page(town.server, "POST", "/simple/ville/consultations/bp/recu", "receipt=" + receipt);
    CHECK(lookup.status == 200);
    CHECK(Has(lookup, receipt));
    // A receipt that is not in the box is not confirmed.
    CHECK(Page(town.server, "POST", "/simple/ville/consultations/bp/recu", "receipt=" + std::string(64, 'a')).status == 404);

    // The same form sent again (a double click, a reload) gets the same receipt, not a refusal.
    const auto again = Page(town.server, "POST", kVote, form);
    CHECK(again.status == 200);
    CHECK(Has(again, receipt));

    const std::string bp = "/api/v1/tenants/ville/processes/bp";
    // Closed: the moderators' count.
    REQUIRE(Call(town.server, "POST", bp + "/phase", {{"phase", "closed"}}, town.admin).status == 200);
    const auto results = Call(town.server, "GET", bp + "/results", nullptr, town.moderator);
    REQUIRE(results.status == 200);
    CHECK(results.body["votes"]["1"] == 1);
    CHECK(results.body["votes"]["2"] == 0);
    CHECK(results.body["votes"]["3"] == 1);
    CHECK(results.body["turnout"]["ballots"] == 1);
    CHECK(Call(town.server, "GET", bp + "/receipts").body["receipts"] == json({receipt}));
}

TEST_CASE("a used code is refused next to the form, and the choices and the code are kept") {
    Town town;
    const auto code = town.Codes(1)[0];
    REQUIRE(Page(town.server, "POST", kVote, "request_id=" + RequestId(town.server) + "&projet=1&code=" + code).status == 200);

    const auto refused = Page(town.server, "POST", kVote, "request_id=" + RequestId(town.server) + "&projet=2&code=" + code);
    CHECK(refused.status == 409);
    CHECK(Has(refused, "<title>Erreur : "));
    CHECK(Has(refused, "Votre bulletin n’a pas été enregistré"));
    CHECK(Has(refused, "<a href=\"#code\">Ce code a déjà été utilisé.</a>"));
    CHECK(Has(refused, "<p class=\"field-error\" id=\"code-erreur\">Ce code a déjà été utilisé.</p>"));
    CHECK(Has(refused, "aria-invalid=\"true\" value=\"" + code + "\""));
    CHECK(Checkbox(refused, "2").find(" checked") != std::string::npos);
    CHECK(Checkbox(refused, "1").find(" checked") == std::string::npos);

    const auto english = Page(town.server, "POST", kVote + "?lang=en",
                              "request_id=" + RequestId(town.server) + "&projet=2&code=" + code);
    CHECK(Has(english, "This code has already been used."));
    CHECK(Has(english, "action=\"" + kVote + "?lang=en\""));
}

TEST_CASE("ballot rules of the shared model refuse on the form without spending the code") {
    Town town;
    const auto code = town.Codes(1)[0];
    // Three projects where at most two may be chosen.
    const auto three = Page(town.server, "POST", kVote,
                            "request_id=" + RequestId(town.server) + "&projet=1&projet=2&projet=3&code=" + code);
    CHECK(three.status == 400);
    CHECK(Has(three, "Vous pouvez choisir au plus 2 projets."));
    CHECK(Has(three, "3 projets choisis."));
    for (const char* id : {"1", "2", "3"}) CHECK(Checkbox(three, id).find(" checked") != std::string::npos);
    const auto none = Page(town.server, "POST", kVote, "request_id=" + RequestId(town.server) + "&code=" + code);
    CHECK(none.status == 400);
    CHECK(Has(none, "Choisissez au moins 1 projet."));
    const auto unknown = Page(town.server, "POST", kVote, "request_id=" + RequestId(town.server) + "&projet=1&code=ZZZZ-ZZZZ");
    CHECK(unknown.status == 404);
    CHECK(Has(unknown, "Ce code n’est pas valable pour ce vote. Vérifiez-le et réessayez."));
    CHECK(Has(unknown, "value=\"ZZZZ-ZZZZ\""));
    // "Check my choices" validates without a code and without voting.
    const auto check = Page(town.server, "POST", kVote, "request_id=" + RequestId(town.server) + "&projet=1&action=check");
    CHECK(check.status == 200);
    CHECK(Has(check, "Vos choix sont valables."));
    // The code was never spent by the refusals.
    CHECK(Page(town.server, "POST", kVote, "request_id=" + RequestId(town.server) + "&projet=1&code=" + code).status == 200);
}

TEST_CASE("a closed vote refuses the form with the choices kept") {
    Town town;
    const auto code = town.Codes(1)[0];
    const std::string id = RequestId(town.server);
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/processes/bp/phase", {{"phase", "closed"}}, town.admin).status == 200);
    const auto closed = Page(town.server, "POST", kVote, "request_id=" + id + "&projet=3&code=" + code);
    CHECK(closed.status == 409);
    CHECK(Has(closed, "Le vote n’est pas ouvert pour cette consultation."));
    CHECK(Checkbox(closed, "3").find(" checked") != std::string::npos);
    const auto page = Page(town.server, "GET", kVote);
    CHECK(page.status == 200);
    CHECK(Has(page, "Le vote n’est pas ouvert pour cette consultation (étape : Vote clos"));
    CHECK_FALSE(Has(page, "<form method=\"post\""));
}

TEST_CASE("knapsack, cumulative and ranked ballots work through the plain form") {
    Town town;
    const std::string base = "/api/v1/tenants/ville/processes";
    auto make = [&](const std::string& id, const json& ballot) {
        json p = Town::Process(id);
        p["ballot"] = ballot;
        REQUIRE(Call(town.server, "POST", base, p, town.admin).status == 201);
        REQUIRE(Call(town.server, "POST", base + "/" + id + "/phase", {{"phase", "voting"}}, town.admin).status == 200);
        return "/simple/ville/consultations/" + id + "/vote";
    };

    SUBCASE("knapsack: over the budget is refused with the total shown") {
        const auto vote = make("sac", {{"kind", "knapsack"}});
        const auto code = town.Codes(1, "sac")[0];
        const auto over = Page(town.server, "POST", vote,
                               "request_id=" + RequestId(town.server, vote) + "&projet=1&projet=2&code=" + code);
        CHECK(over.status == 400);
        CHECK(Has(over, "Vous avez dépassé le budget de 100"));
        CHECK(Has(over, "2 projets choisis, pour un total de 110"));
        CHECK(Page(town.server, "POST", vote, "request_id=" + RequestId(town.server, vote) + "&projet=1&projet=3&code=" + code)
                  .status == 200);
    }
    SUBCASE("cumulative: points as typed are kept, bad ones refused") {
        const auto vote = make("points", {{"kind", "cumulative"}, {"max_points", 10}});
        const auto code = town.Codes(1, "points")[0];
        const auto form = Page(town.server, "GET", vote);
        CHECK(Has(form, "Répartissez jusqu’à 10 points"));
        CHECK(Has(form, "name=\"pt-2\""));
        const auto bad = Page(town.server, "POST", vote,
                              "request_id=" + RequestId(town.server, vote) + "&pt-1=3&pt-2=deux&pt-3=&code=" + code);
        CHECK(bad.status == 400);
        CHECK(Has(bad, "Les points sont des nombres entiers d’au moins 1."));
        CHECK(Has(bad, "name=\"pt-2\" value=\"deux\" aria-invalid=\"true\""));
        CHECK(Has(bad, "name=\"pt-1\" value=\"3\""));
        const auto many = Page(town.server, "POST", vote,
                               "request_id=" + RequestId(town.server, vote) + "&pt-1=8&pt-2=4&code=" + code);
        CHECK(Has(many, "Vous avez attribué 12 points sur 10 autorisés."));
        CHECK(Page(town.server, "POST", vote, "request_id=" + RequestId(town.server, vote) + "&pt-1=7&pt-3=3&code=" + code)
                  .status == 200);
    }
    SUBCASE("ranked: ranks chosen in lists, the same rank twice refused") {
        const auto vote = make("rangs", {{"kind", "ranked"}, {"max_projects", 3}});
        const auto code = town.Codes(1, "rangs")[0];
        const auto form = Page(town.server, "GET", vote);
        CHECK(Has(form, "<option value=\"1\">1er choix</option>"));
        const auto twice = Page(town.server, "POST", vote,
                                "request_id=" + RequestId(town.server, vote) + "&rg-1=1&rg-2=1&rg-3=&code=" + code);
        CHECK(twice.status == 400);
        CHECK(Has(twice, "Deux projets ont le même rang (1)"));
        CHECK(Has(twice, "<option value=\"1\" selected>"));
        const auto ok = Page(town.server, "POST", vote,
                             "request_id=" + RequestId(town.server, vote) + "&rg-1=2&rg-2=&rg-3=1&code=" + code);
        REQUIRE(ok.status == 200);
        REQUIRE(Call(town.server, "POST", base + "/rangs/phase", {{"phase", "closed"}}, town.admin).status == 200);
        REQUIRE(Call(town.server, "POST", base + "/rangs/phase", {{"phase", "published"}}, town.admin).status == 200);
        const auto pb = Call(town.server, "GET", base + "/rangs/ballots.pb");
        CHECK(pb.text.find("3,1") != std::string::npos); // best first
    }
}

// The published results list the projects the rule did not fund as well (the results chart
// shows them): a resident without JavaScript finds how many votes hers got.
TEST_CASE("the published results list the unfunded projects too, with their votes") {
    Town town;
    const auto code = town.Codes(1)[0];
    const auto cast = Page(town.server, "POST", kVote,
                           "request_id=" + RequestId(town.server) + "&projet=1&projet=3&code=" + code + "&action=vote");
    REQUIRE(cast.status == 200); // the receipt page itself: no redirect carries the receipt
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/processes/bp/phase", {{"phase", "closed"}}, town.admin).status == 200);
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/processes/bp/phase", {{"phase", "published"}}, town.admin).status == 200);
    const auto page = Page(town.server, "GET", "/simple/ville/consultations/bp");
    REQUIRE(page.status == 200);
    const size_t unfunded = page.text.find("Projets non retenus");
    REQUIRE(unfunded != std::string::npos);
    const size_t piste = page.text.find(">Piste</a>");
    REQUIRE(piste != std::string::npos);
    CHECK(piste > unfunded);
    CHECK(page.text.find(">Parc</a>") < unfunded); // funded, listed above
    CHECK(page.text.find("0 voix", piste) != std::string::npos);
    // Each unfunded project says why, and its page explains the result (the results widget's
    // own sentences): Piste had no votes; Parc was the first one greedy took.
    CHECK(page.text.find("« Piste » n’est pas financé : personne ne l’a choisi.", piste) != std::string::npos);
    const auto piste_page = Page(town.server, "GET", "/simple/ville/consultations/bp/projets/2");
    CHECK(Has(piste_page, "<h2>Pourquoi ce résultat</h2>"));
    CHECK(Has(piste_page, "« Piste » n’est pas financé : personne ne l’a choisi."));
    const auto parc_page = Page(town.server, "GET", "/simple/ville/consultations/bp/projets/1");
    CHECK(Has(parc_page, "« Parc » est financé : 1er projet retenu par ordre de votes, il restait"));
    // In English, the commune's French names are marked as French for screen readers.
    const auto en = Page(town.server, "GET", "/simple/ville/consultations/bp?lang=en");
    CHECK(Has(en, "Projects not funded"));
    CHECK(Has(en, "<span lang=\"fr\">Piste</span></a>"));
    // The same sentences through the API, for every project on the ballot.
    const auto why = Call(town.server, "GET", "/api/v1/tenants/ville/processes/bp/results/explanations?lang=en", nullptr, "");
    REQUIRE(why.status == 200);
    CHECK(why.body["projects"].size() == 3);
    CHECK(why.body["projects"]["2"][0] == "“Piste” is not funded: nobody chose it.");
}

TEST_CASE("the explanations wait for the results to be published") {
    Town town;
    const auto early = Call(town.server, "GET", "/api/v1/tenants/ville/processes/bp/results/explanations", nullptr, "");
    CHECK(early.status == 409);
    CHECK(early.body["error"]["code"] == "results_not_published");
    CHECK_FALSE(Has(Page(town.server, "GET", "/simple/ville/consultations/bp/projets/2"), "Pourquoi ce résultat"));
}

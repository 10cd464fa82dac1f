// Housekeeping of a commune's processes: a test process is archived (gone for the public, in
// the API and the plain pages, still its admins', restorable) or deleted, and a process that
// holds ballots is never deleted.
#include "backend/api_fixture.h"

using namespace quartier;
using namespace quartier::testing;

namespace {

const std::string kProcesses = "/api/v1/tenants/ville/processes";

bool Has(const Reply& r, const std::string& text) { return r.text.find(text) != std::string::npos; }

std::vector<std::string> Ids(const Reply& list) {
    std::vector<std::string> out;
    for (const auto& p : list.body["items"]) out.push_back(p["id"]);
    return out;
}

bool Lists(const Reply& list, const std::string& id) {
    const auto ids = Ids(list);
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

} // namespace

TEST_CASE("an archived process is gone from public lists and pages, its admins still see it, restoring brings it back") {
    Town town;
    REQUIRE(Call(town.server, "POST", kProcesses, Town::Process("essai"), town.admin).status == 201);
    REQUIRE(Lists(Call(town.server, "GET", kProcesses), "essai"));
    CHECK(Has(Call(town.server, "GET", "/simple/ville"), "/consultations/essai"));

    // Only the commune's admins archive.
    CHECK(Call(town.server, "POST", kProcesses + "/essai/archive", json::object(), town.moderator).status == 403);
    auto r = Call(town.server, "POST", kProcesses + "/essai/archive", json::object(), town.admin);
    REQUIRE(r.status == 200);
    CHECK(r.body["archived"] == true);

    // The public: not listed, and the process itself says it was archived, in both languages.
    r = Call(town.server, "GET", kProcesses);
    CHECK(Lists(r, "bp"));
    CHECK_FALSE(Lists(r, "essai"));
    r = Call(town.server, "GET", kProcesses + "/essai");
    CHECK(r.status == 410);
    CHECK(r.body["error"]["code"] == "archived");
    CHECK(r.body["error"]["messages"]["fr"] == "Cette consultation a été archivée et n’est plus en ligne.");
    CHECK(r.body["error"]["messages"]["en"] == "This consultation has been archived and is no longer online.");
    CHECK(Call(town.server, "GET", kProcesses + "/essai", nullptr, town.moderator).status == 410);
    CHECK(Call(town.server, "GET", kProcesses + "/essai/results").status == 410);
    const auto home = Call(town.server, "GET", "/simple/ville");
    CHECK(home.status == 200);
    CHECK_FALSE(Has(home, "/consultations/essai"));
    CHECK(Has(home, "/consultations/bp"));
    const auto page = Call(town.server, "GET", "/simple/ville/consultations/essai");
    CHECK(page.status == 410);
    CHECK(Has(page, "Page archivée"));
    CHECK(Has(page, "Cette consultation a été archivée"));

    // Its admins still list it (marked) and open it.
    r = Call(town.server, "GET", kProcesses, nullptr, town.admin);
    REQUIRE(Lists(r, "essai"));
    for (const auto& p : r.body["items"]) CHECK(p["archived"] == (p["id"] == "essai"));
    CHECK(Call(town.server, "GET", kProcesses + "/essai", nullptr, town.admin).status == 200);

    REQUIRE(Call(town.server, "POST", kProcesses + "/essai/restore", json::object(), town.admin).status == 200);
    CHECK(Lists(Call(town.server, "GET", kProcesses), "essai"));
    CHECK(Call(town.server, "GET", kProcesses + "/essai").body["archived"] == false);
    CHECK(Has(Call(town.server, "GET", "/simple/ville"), "/consultations/essai"));
    CHECK(Call(town.server, "GET", "/simple/ville/consultations/essai").status == 200);

    // Both logged, with who did it.
    const auto log = Call(town.server, "GET", "/api/v1/tenants/ville/moderation/audit", nullptr, town.admin);
    std::vector<std::string> actions;
    for (const auto& e : log.body["items"])
        if (e["target"] == "essai") actions.push_back(e["action"]);
    CHECK(std::count(actions.begin(), actions.end(), "process.archive") == 1);
    CHECK(std::count(actions.begin(), actions.end(), "process.restore") == 1);
}

TEST_CASE("a process with ballots can be archived but not deleted; one without ballots is deleted") {
    Town town;
    const std::string token = town.Token(town.Codes(1)[0]);
    REQUIRE(Call(town.server, "POST", kProcesses + "/bp/ballots", {{"request_id", "r1"}, {"ballot", {{"projects", {"1"}}}}},
                 token).status == 201);

    auto r = Call(town.server, "DELETE", kProcesses + "/bp", nullptr, town.admin);
    CHECK(r.status == 409);
    CHECK(r.body["error"]["code"] == "has_ballots");
    CHECK(r.body["error"]["messages"]["en"].get<std::string>().find("1 ballot(s): it can be archived, not deleted") != std::string::npos);
    CHECK(r.body["error"]["messages"]["fr"].get<std::string>().find("1 bulletin(s) : elle peut être archivée, pas supprimée") != std::string::npos);
    CHECK(Call(town.server, "GET", kProcesses + "/bp/voter-codes", nullptr, town.admin).body["ballots"] == 1);
    CHECK(Call(town.server, "POST", kProcesses + "/bp/archive", json::object(), town.admin).status == 200);

    // A test process without ballots (codes already generated) goes, codes and all.
    REQUIRE(Call(town.server, "POST", kProcesses, Town::Process("essai"), town.admin).status == 201);
    town.Codes(3, "essai");
    CHECK(Call(town.server, "DELETE", kProcesses + "/essai", nullptr, town.moderator).status == 403);
    r = Call(town.server, "DELETE", kProcesses + "/essai", nullptr, town.admin);
    REQUIRE(r.status == 200);
    CHECK(r.body["deleted"]["voter_codes"] == 3);
    CHECK(r.body["deleted"]["projects"] == 3);
    CHECK(Call(town.server, "GET", kProcesses + "/essai", nullptr, town.admin).status == 404);
    CHECK_FALSE(Lists(Call(town.server, "GET", kProcesses, nullptr, town.admin), "essai"));
    // The slug is free again.
    CHECK(Call(town.server, "POST", kProcesses, Town::Process("essai"), town.admin).status == 201);
}

// Easy to read (FALC, issue 18): every process says how to vote and how the count works in
// short sentences, made from its ballot and rule until the commune writes its own; the
// commune's text shows beside the ballot and on the plain pages, an emptied one goes back.
TEST_CASE("a process's easy-to-read texts: made from its ballot and rule, replaced by the commune's own, shown on the plain pages") {
    Town town;
    auto r = Call(town.server, "GET", kProcesses + "/bp");
    REQUIRE(r.status == 200);
    const std::string vote_fr = r.body["easy_read"]["vote"]["fr"];
    CHECK(vote_fr.find("Vous cochez les projets que vous aimez.\nVous choisissez au moins 1 projet.\nVous choisissez au plus 2 projets.") !=
          std::string::npos);
    CHECK(r.body["easy_read"]["count"]["fr"].get<std::string>().find("Le projet qui a le plus de votes est choisi en premier.") !=
          std::string::npos);
    CHECK(r.body["easy_read"]["vote"]["en"].get<std::string>().find("You choose at most 2 projects.") != std::string::npos);
    CHECK(r.body["easy_read"]["own"]["vote"] == json::object());

    // Another rule, another text to explain it.
    json parts = Town::Process("parts");
    parts["rule"] = {{"name", "mes"}, {"sat", "cost"}};
    REQUIRE(Call(town.server, "POST", kProcesses, parts, town.admin).status == 201);
    r = Call(town.server, "GET", kProcesses + "/parts");
    CHECK(r.body["easy_read"]["count"]["fr"].get<std::string>().find("Toutes les parts sont égales.") != std::string::npos);
    CHECK(r.body["easy_read"]["count"]["fr"].get<std::string>().find("Le projet qui a le plus de votes") == std::string::npos);

    // The commune writes its own French text; English stays the one made for it.
    const std::string own = "Vous choisissez 2 projets au plus.\nVotre code est dans la lettre de la mairie de Ville.";
    REQUIRE(Call(town.server, "PATCH", kProcesses + "/bp", {{"easy_read", {{"vote", {{"fr", own}}}}}}, town.admin).status == 200);
    r = Call(town.server, "GET", kProcesses + "/bp");
    CHECK(r.body["easy_read"]["vote"]["fr"] == own);
    CHECK(r.body["easy_read"]["own"]["vote"]["fr"] == own);
    CHECK(r.body["easy_read"]["vote"]["en"].get<std::string>().find("You choose at most 2 projects.") != std::string::npos);
    auto page = Call(town.server, "GET", "/simple/ville/consultations/bp");
    REQUIRE(page.status == 200);
    CHECK(page.text.find("<details class=\"easy-read\" id=\"facile-a-lire\">") != std::string::npos);
    CHECK(page.text.find("<p>Votre code est dans la lettre de la mairie de Ville.</p>") != std::string::npos);
    CHECK(page.text.find("<p>Le projet qui a le plus de votes est choisi en premier.</p>") != std::string::npos);
    page = Call(town.server, "GET", "/simple/ville/consultations/bp?lang=en");
    CHECK(page.text.find("<p>You choose at most 2 projects.</p>") != std::string::npos);

    // Refused in words, naming the field; nothing changes.
    r = Call(town.server, "PATCH", kProcesses + "/bp", {{"easy_read", {{"rules", {{"fr", "x"}}}}}}, town.admin);
    CHECK(r.status == 400);
    CHECK(r.body["error"]["field"] == "easy_read.rules");
    r = Call(town.server, "PATCH", kProcesses + "/bp", {{"easy_read", {{"vote", {{"fr", std::string(4001, 'a')}}}}}}, town.admin);
    CHECK(r.status == 400);
    CHECK(r.body["error"]["field"] == "easy_read.vote.fr");
    CHECK(r.body["error"]["messages"]["fr"].get<std::string>().find("au plus 4000 caractères") != std::string::npos);
    CHECK(Call(town.server, "PATCH", kProcesses + "/bp", {{"easy_read", {{"vote", {{"fr", own}}}}}}, town.moderator).status == 403);
    CHECK(Call(town.server, "GET", kProcesses + "/bp").body["easy_read"]["vote"]["fr"] == own);

    // Emptied: back to the text made from the ballot.
    REQUIRE(Call(town.server, "PATCH", kProcesses + "/bp", {{"easy_read", {{"vote", {{"fr", ""}}}}}}, town.admin).status == 200);
    r = Call(town.server, "GET", kProcesses + "/bp");
    CHECK(r.body["easy_read"]["vote"]["fr"] == vote_fr);
    CHECK(r.body["easy_read"]["own"]["vote"] == json::object());
}

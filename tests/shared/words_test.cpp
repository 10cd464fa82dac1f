// The commune's own words: "de" before its name as French writes it, its categories' labels
// rather than their ids, and audit entries as sentences, the same in every place that shows them.
#include "shared/audit_text.h"
#include "shared/category.h"
#include "shared/text.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace quartier;

TEST_CASE("\"de\" before a commune's name is elided before a vowel or a mute h, joined with le and les") {
    CHECK(FrenchOf("Toulouse") == "de Toulouse");
    CHECK(FrenchOf("Angers") == "d’Angers");
    CHECK(FrenchOf("Écully") == "d’Écully");
    CHECK(FrenchOf("Île-d’Yeu") == "d’Île-d’Yeu");
    CHECK(FrenchOf("Avrillé") == "d’Avrillé");
    CHECK(FrenchOf("Œuilly") == "d’Œuilly");
    CHECK(FrenchOf("Hérouville-Saint-Clair") == "d’Hérouville-Saint-Clair");
    CHECK(FrenchOf("Hyères") == "d’Hyères");
    CHECK(FrenchOf("Haguenau") == "de Haguenau");
    CHECK(FrenchOf("Yvetot") == "d’Yvetot");
    CHECK(FrenchOf("Le Havre") == "du Havre");
    CHECK(FrenchOf("Les Ulis") == "des Ulis");
    CHECK(FrenchOf("La Rochelle") == "de La Rochelle");
    CHECK(FrenchOf("Beaucouzé") == "de Beaucouzé");
}

TEST_CASE("a category's label in the resident's language, whether stored as its id or as a name") {
    const auto cats = CategoriesFromJson(nlohmann::json::parse(
        R"([{"id":"mobilite","fr":"Mobilités","en":"Getting around"},{"id":"nature","fr":"Nature en ville"},{"fr":"sans id"}])"));
    REQUIRE(cats.size() == 2);
    CHECK(CategoryLabel(cats, "mobilite", "fr") == "Mobilités");
    CHECK(CategoryLabel(cats, "mobilite", "en") == "Getting around");
    CHECK(CategoryLabel(cats, "Mobilités", "en") == "Getting around"); // older proposals carry the French name
    CHECK(CategoryLabel(cats, "nature", "en") == "Nature en ville");   // no English name: the French one
    CHECK(CategoryLabel(cats, "autre", "fr") == "autre");              // not the commune's: shown as it is
    CHECK(FindCategory(cats, "") == -1);
}

TEST_CASE("audit entries read as sentences naming who did what to which proposal") {
    const auto hide = nlohmann::json::parse(
        R"({"at":"2026-11-30T12:40:05Z","actor":7,"actor_name":"Marie Dupont","role":"moderator","action":"proposal.hide",
            "target":"12","target_title":"Bancs rue de Metz","detail":{"from":"published","reason":"doublon"}})");
    CHECK(AuditSentence(hide, "fr") == "30/11/2026 12:40 — Marie D. a masqué la proposition « Bancs rue de Metz » — doublon.");
    CHECK(AuditSentence(hide, "en") == "2026-11-30 12:40 — Marie D. hid the proposal “Bancs rue de Metz” — doublon.");
    // Every language of po/ writes the whole sentence, its date in its own order.
    CHECK(AuditSentence(hide, "es") == "30/11/2026 12:40 — Marie D. ocultó la propuesta «Bancs rue de Metz» — doublon.");

    // A comment's moderation names the proposal it was on (its title, else its number from the detail).
    auto comment = nlohmann::json::parse(
        R"({"at":"2026-11-30T12:41:00Z","actor":7,"actor_name":"Marie Dupont","role":"moderator","action":"comment.hide",
            "target":"31","target_title":"Bancs rue de Metz","detail":{"from":"published","proposal":12,"reason":"Insultes"}})");
    CHECK(AuditSentence(comment, "fr") == "30/11/2026 12:41 — Marie D. a masqué un commentaire sur la proposition « Bancs rue de Metz » — Insultes.");
    CHECK(AuditSentence(comment, "en") == "2026-11-30 12:41 — Marie D. hid a comment on the proposal “Bancs rue de Metz” — Insultes.");
    comment["action"] = "comment.approve";
    comment["target_title"] = "";
    comment["detail"].erase("reason");
    CHECK(AuditSentence(comment, "fr") == "30/11/2026 12:41 — Marie D. a approuvé un commentaire sur la proposition n° 12.");
    CHECK(AuditSentence(comment, "en") == "2026-11-30 12:41 — Marie D. approved a comment on proposal #12.");

    const auto phase = nlohmann::json::parse(
        R"({"at":"2026-12-01T08:00:00Z","actor":1,"actor_name":"","role":"admin","action":"process.phase",
            "target":"bp2026","detail":{"from":"submission","to":"review"}})");
    CHECK(AuditSentence(phase, "fr") == "01/12/2026 08:00 — Un administrateur (compte n° 1) a fait passer la consultation "
                                         "« bp2026 » de la phase « dépôt des propositions » à la phase « étude de faisabilité ».");
    CHECK(AuditSentence(phase, "en") == "2026-12-01 08:00 — An administrator (account #1) moved the consultation “bp2026” "
                                         "from “proposals” to “feasibility review”.");
    CHECK(AuditSentence(phase, "es") == "01/12/2026 08:00 — Un administrador (cuenta n.º 1) pasó la consulta «bp2026» de "
                                         "la fase «envío de propuestas» a la fase «estudio de viabilidad».");
    // Counts take the language's plural.
    const nlohmann::json promote{{"at", "2026-12-02T10:00:00Z"}, {"actor_name", "Paul Martin"}, {"action", "process.promote"},
                                 {"target", "bp2026"}, {"detail", {{"promoted", {1}}}}};
    CHECK(AuditSentence(promote, "fr") == "02/12/2026 10:00 — Paul M. a porté 1 proposition au vote de la consultation « bp2026 ».");
    nlohmann::json promote3 = promote;
    promote3["detail"]["promoted"] = {1, 2, 3};
    CHECK(AuditSentence(promote3, "en") == "2026-12-02 10:00 — Paul M. put 3 proposals on the ballot of the consultation “bp2026”.");
    CHECK(AuditSentence(promote3, "es") == "02/12/2026 10:00 — Paul M. llevó 3 propuestas a la votación de la consulta «bp2026».");
    const nlohmann::json role{{"at", "2026-12-02T10:00:00Z"}, {"actor_name", "Paul Martin"}, {"action", "user.role"}, {"target", "4"}};
    CHECK(AuditSentence(role, "fr") == "02/12/2026 10:00 — Paul M. a changé le rôle du compte n° 4.");
    CHECK(AuditSentence(role, "en") == "2026-12-02 10:00 — Paul M. changed the role of account #4.");
    CHECK(AuditSentence(role, "es") == "02/12/2026 10:00 — Paul M. cambió el rol de la cuenta n.º 4.");
    // The commune's wall-clock time when the server gives it.
    nlohmann::json local = phase;
    local["at_local"] = "2026-12-01T09:00";
    CHECK(AuditSentence(local, "fr").rfind("01/12/2026 09:00 — ", 0) == 0);
    // The server's clock moving a process along its dates speaks as the calendar.
    const auto moved = nlohmann::json::parse(
        R"({"at":"2027-03-03T08:00:00Z","actor":0,"role":"calendar","action":"process.phase",
            "target":"bp2027","detail":{"from":"review","to":"voting"}})");
    CHECK(AuditSentence(moved, "fr") == "03/03/2027 08:00 — Le calendrier a fait passer la consultation « bp2027 » de la "
                                         "phase « étude de faisabilité » à la phase « vote ».");
    // Never a bare action id for the actions the server writes.
    for (const char* action : {"tenant.update", "codes.generate", "census.import", "user.role", "proposal.review",
                               "process.promote", "project.follow_up", "ballot.paper"}) {
        const std::string s = AuditSentence({{"action", action}, {"role", "admin"}, {"target", "x"}}, "fr");
        CHECK_MESSAGE(s.find(action) == std::string::npos, s);
    }
    CHECK(ShortPersonName("Émilie Éluard") == "Émilie É.");
    CHECK(ShortPersonName("Marie") == "Marie");
}

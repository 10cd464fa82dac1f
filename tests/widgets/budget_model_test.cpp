// The budget part of the console against a real server in-process: a budget created, its
// dates and phases moved with the server's refusals said in words, its settings with the
// rule explained, proposals reviewed onto the ballot, a census previewed then sent for
// letters, cards printed, turnout and the closing checklist; and the part drawn headless.
#include "backend/api_fixture.h"
#include "widgets/app/api_client.h"
#include "widgets/app/open_url.h"
#include "widgets/app/platform.h"
#include "widgets/app/theme.h"
#include "widgets/app/ui.h"
#include "widgets/console/budget_model.h"
#include "widgets/console/budget_view.h"
#include "widgets/console/console_session.h"
#include "widget_test_support.h"

#include <doctest/doctest.h>
#include <algorithm>
#include <fstream>
#include <iterator>
#include <imgui.h>

using namespace quartier;
using namespace quartier::testing;
using nlohmann::json;

namespace {

struct Console {
    ApiClient api;
    ConsoleSession session;
    BudgetModel model;
    Console(Town& town, const std::string& lang = "fr")
        : api(town.server.Url(), lang), session(api, lang, "ville"), model(session) {
        session.token = town.admin;
        session.role = "admin";
        model.Load();
        PumpPlatformEvents();
    }
    bool Do(const std::string& id, const json& value = nullptr) {
        const bool ok = model.Command(id, value);
        PumpPlatformEvents();
        return ok;
    }
};

// The budgets section drawn headless in a console surface, as the console page shows it.
HeadlessUi BudgetsOnScreen(Console& c, float width, float height) {
    return HeadlessUi(width, height, 1.0f, [&c] {
        BeginSurface("##console");
        DrawBudgets(c.model);
        EndSurface();
        PumpPlatformEvents();
    });
}

const std::string kVille = "/api/v1/tenants/ville/processes/";

} // namespace

TEST_CASE("budget: a new budget is created, its dates set, and it moves phase by phase, each move asked once") {
    Town town;
    Console c(town);
    REQUIRE(c.model.Processes().size() == 1); // the town's "bp"
    c.Do("new-id", "bp2027");
    c.Do("new-title", "Budget participatif 2027");
    c.Do("new-budget", "200000");
    c.Do("create");
    REQUIRE_FALSE(c.model.Error());
    CHECK(c.model.Processes().size() == 2);
    CHECK(c.model.Selected() == "bp2027");
    CHECK(c.model.CurrentPhase() == Phase::Submission);
    CHECK(Call(town.server, "GET", kVille + "bp2027").body["budget"] == "200000");

    // Dates: a bad one is refused by the shared calendar before anything is sent.
    c.Do("end-submission", "2027-02-30");
    c.Do("save-dates");
    REQUIRE(c.model.Error());
    CHECK(c.model.Error()->field == "dates.submission.end");
    c.Do("end-submission", "2030-02-28");
    c.Do("start-voting", "2030-03-01");
    c.Do("end-voting", "2030-03-15T20:00");
    c.Do("save-dates");
    REQUIRE_FALSE(c.model.Error());
    CHECK(Call(town.server, "GET", kVille + "bp2027").body["dates"]["voting"]["end"] == "2030-03-15T20:00");
    CHECK(c.model.CalendarText().find("propositions") != std::string::npos); // the server's sentence
    CHECK(c.model.TimeZone() == "Europe/Paris");
    const auto rows = c.model.Timeline();
    REQUIRE(rows.size() == 6);
    CHECK(rows[0].current);
    CHECK(rows[2].start == "2030-03-01");

    // The next phase: asked first, saying what it will do; "no" changes nothing.
    REQUIRE(c.Do("next-phase"));
    CHECK(c.model.PendingPhaseText().find("Clore le dépôt des propositions") == 0);
    c.Do("cancel-phase");
    CHECK(c.model.CurrentPhase() == Phase::Submission);
    // Moving now contradicts the dates (proposals run until 2030): the server's refusal in words.
    c.Do("next-phase");
    c.Do("confirm-phase");
    REQUIRE(c.model.Error());
    CHECK(c.model.Error()->code == "calendar_disagrees");
    CHECK(c.model.Error()->Message("fr").find("corrigez-les dans la frise") != std::string::npos);
    CHECK(c.model.CurrentPhase() == Phase::Submission);
    // Dates cleared: the move goes through.
    for (const char* d : {"end-submission", "start-voting", "end-voting"}) c.Do(d, "");
    c.Do("save-dates");
    c.Do("next-phase");
    c.Do("confirm-phase");
    REQUIRE_FALSE(c.model.Error());
    CHECK(c.model.CurrentPhase() == Phase::Review);
    CHECK(c.model.Notice().find("Étude de faisabilité") != std::string::npos);
    CHECK(Call(town.server, "GET", kVille + "bp2027").body["phase"] == "review");
}

TEST_CASE("budget: settings with the rule in plain words; proposals reviewed and turned into ballot projects") {
    Town town;
    const auto a = town.Propose(43.61, 1.43), b = town.Propose(43.59, 1.43), d = town.Propose(43.61, 1.44);
    const auto e = town.Propose(43.611, 1.431);
    Console c(town);
    // The commune's districts are offered for per-district budgets, by name.
    REQUIRE(c.model.Districts().size() == 2);
    CHECK(c.model.Districts()[0] == std::pair<std::string, std::string>{"N", "Nord"});
    c.Do("new-id", "bp2027");
    c.Do("new-title", "Budget 2027");
    c.Do("new-budget", "100000");
    c.Do("create");
    REQUIRE(c.Do("tab-settings"));
    c.Do("rule", "mes");
    const auto spoken = Spoken(c.model.AccessibilityTree());
    CHECK(spoken.find("Méthode des parts égales : chaque votant reçoit la même part du budget") != std::string::npos);
    c.Do("budget", "150000");
    c.Do("district-budget-N", "40000");
    c.Do("district-budget-S", "30000");
    c.Do("save-settings");
    REQUIRE_FALSE(c.model.Error());
    auto p = Call(town.server, "GET", kVille + "bp2027").body;
    CHECK(p["budget"] == "150000");
    CHECK(p["rule"]["name"] == "mes");
    CHECK(p["districts_budgets"]["N"] == "40000");
    // District budgets beyond the whole: the server's refusal, named.
    c.Do("district-budget-N", "140000");
    c.Do("save-settings");
    REQUIRE(c.model.Error());
    CHECK(c.model.Error()->field.find("districts_budgets") == 0);
    c.Do("district-budget-N", "40000");
    // An approval ballot whose minimum is above its maximum: the shared check, before sending.
    c.Do("kind", "approval");
    c.Do("min-projects", "3");
    c.Do("max-projects", "2");
    c.Do("save-settings");
    REQUIRE(c.model.Error());
    CHECK(c.model.Error()->field.find("ballot") == 0);
    c.Do("kind", "knapsack");
    c.Do("save-settings");
    REQUIRE_FALSE(c.model.Error());

    // The review queue: the town's proposals, feasible with a cost or not with a reason.
    c.Do("tab-review");
    REQUIRE(c.model.Proposals().size() == 4);
    CHECK(Spoken(c.model.AccessibilityTree()).find("Budget du quartier Nord") == std::string::npos); // not on this tab
    // A duplicate merged into the proposal kept, as moderation merges.
    c.Do("merge-" + std::to_string(e), a);
    REQUIRE_FALSE(c.model.Error());
    CHECK(c.model.Notice() == "Proposition n° " + std::to_string(e) + " fusionnée dans la n° " + std::to_string(a) + ".");
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/proposals/" + std::to_string(e)).body["stage"] == "merged");
    c.Do("feasible-" + std::to_string(a), 25000);
    REQUIRE_FALSE(c.model.Error());
    c.Do("feasible-" + std::to_string(b), 18000);
    c.Do("not-feasible-" + std::to_string(d), "Terrain privé : la commune ne peut pas y construire.");
    REQUIRE_FALSE(c.model.Error());
    CHECK(c.model.FeasibleWaiting() == 2);
    c.Do("promote");
    REQUIRE_FALSE(c.model.Error());
    CHECK(c.model.Notice().find("2 propositions faisables") == 0);
    p = Call(town.server, "GET", kVille + "bp2027").body;
    REQUIRE(p["projects"].size() == 2);
    CHECK(p["projects"][0]["cost"] == "25000");
    const auto refused = Call(town.server, "GET", "/api/v1/tenants/ville/proposals/" + std::to_string(d)).body;
    CHECK(refused["review"]["reason"] == "Terrain privé : la commune ne peut pas y construire.");
}

TEST_CASE("budget: the easy-to-read texts — made from the settings and shown, edited by the commune, emptied back, other languages kept") {
    Town town;
    Console c(town);
    c.Do("new-id", "bp2027");
    c.Do("new-title", "Budget 2027");
    c.Do("new-budget", "100000");
    c.Do("create");
    REQUIRE(Call(town.server, "PATCH", kVille + "bp2027", {{"easy_read", {{"vote", {{"en", "You tick projects."}}}}}}, town.admin).status == 200);
    c.Do("process-bp2027");
    REQUIRE(c.Do("tab-settings"));
    // Nothing of the commune's own in French: the text made from the ballot is shown, and read out.
    CHECK(c.model.EditSettings().easy_vote.empty());
    const std::string made = c.model.EasyReadShown("vote");
    CHECK(made.find("Vous cochez") != std::string::npos);
    auto spoken = Spoken(c.model.AccessibilityTree());
    CHECK(spoken.find("Texte montré aux habitants : " + made) != std::string::npos);
    // Started from the text shown, edited, saved: the residents read the commune's own.
    REQUIRE(c.Do("easy-start-vote"));
    CHECK(c.model.EditSettings().easy_vote == made);
    c.Do("easy-vote", "Vous choisissez des projets.\nVous donnez votre code.");
    c.Do("save-settings");
    REQUIRE_FALSE(c.model.Error());
    auto p = Call(town.server, "GET", kVille + "bp2027").body;
    CHECK(p["easy_read"]["vote"]["fr"] == "Vous choisissez des projets.\nVous donnez votre code.");
    CHECK(p["easy_read"]["own"]["vote"]["en"] == "You tick projects."); // the English one kept
    CHECK(p["easy_read"]["own"]["count"] == json::object());             // the count's still made from the rule
    CHECK(c.model.EasyReadShown("vote") == "Vous choisissez des projets.\nVous donnez votre code.");
    // Too long: the server's refusal names the field; nothing saved.
    c.Do("easy-count", std::string(4001, 'a'));
    c.Do("save-settings");
    REQUIRE(c.model.Error());
    CHECK(c.model.Error()->field == "easy_read.count.fr");
    // Emptied: back to the text made from the settings.
    c.Do("easy-count", "");
    c.Do("easy-vote", "");
    c.Do("save-settings");
    REQUIRE_FALSE(c.model.Error());
    p = Call(town.server, "GET", kVille + "bp2027").body;
    CHECK(p["easy_read"]["vote"]["fr"] == made);
    CHECK(p["easy_read"]["own"]["vote"] == json{{"en", "You tick projects."}});

    // On the canvas: the made text in a card and a button that turns it into a field.
    HeadlessUi ui = BudgetsOnScreen(c, 1280, 3000);
    ui.Frame();
    ui.Frame();
    CHECK_FALSE(ui.Controls().contains("easy-count"));
    ui.Click("easy-start-count");
    ui.Frame();
    CHECK(ui.Controls().contains("easy-count"));
    CHECK(c.model.EditSettings().easy_count == c.model.EasyReadShown("count"));
}

TEST_CASE("budget: a census is previewed with its problems, sent, and its letters opened to print; cards too") {
    Town town;
    Console c(town);
    c.Do("process-bp");
    REQUIRE(c.model.Process().is_object());
    c.Do("tab-roll");
    // A file with a line without reference and a reference twice.
    SetNextPickedFile("recensement.csv", "reference;nom;adresse\nA-1;Jeanne Dupont;\"12, rue des Lilas\"\n;Sans Ref;1 rue X\n"
                                         "A-2;Paul Martin;3 place du Marché\nA-1;Jeanne Dupont;12 rue des Lilas\n");
    c.Do("pick-census");
    REQUIRE(c.model.Census());
    CHECK(c.model.Census()->voters == 2);
    CHECK(c.model.Census()->separator == ';');
    REQUIRE(c.model.Census()->first_rows.size() == 2);
    CHECK(c.model.Census()->first_rows[0][2] == "12, rue des Lilas");
    REQUIRE(c.model.Census()->problems.size() == 2);
    const auto spoken = Spoken(c.model.AccessibilityTree());
    CHECK(spoken.find("Ligne 3 : pas de référence") != std::string::npos);
    CHECK(spoken.find("Ligne 5 : la référence A-1 figure déjà ligne 2") != std::string::npos);
    TakeSavedFiles();
    c.Do("send-census");
    REQUIRE_FALSE(c.model.Error());
    auto saved = TakeSavedFiles();
    REQUIRE(saved.size() == 1);
    CHECK(saved[0].mime == "text/html");
    CHECK(saved[0].open);
    CHECK(saved[0].bytes.find("rue des Lilas") != std::string::npos); // the letters carry the address
    CHECK_FALSE(c.model.Census());
    CHECK(c.model.TurnoutNow().issued == 2);

    // An unreadable file is said before sending.
    SetNextPickedFile("casse.csv", "ref;nom\nA-9;\"Dupont\n");
    c.Do("pick-census");
    REQUIRE(c.model.Error());
    CHECK(c.model.Error()->code == "invalid_csv");
    c.Do("send-census");
    CHECK(TakeSavedFiles().empty());
    c.Do("forget-census");

    c.Do("cards", 3);
    saved = TakeSavedFiles();
    REQUIRE(saved.size() == 1);
    CHECK(saved[0].filename == "cartes-bp.html");
    c.Do("refresh-turnout");
    CHECK(c.model.TurnoutNow().issued == 5);
}

TEST_CASE("budget: live turnout while voting refreshes every 30 s; the checklist counts paper ballots; closing and publishing") {
    Town town;
    const auto codes = town.Codes(3);
    Console c(town, "en");
    c.Do("process-bp");
    c.Do("tab-turnout");
    CHECK(c.model.TurnoutNow().issued == 3);
    CHECK(c.model.TurnoutNow().ballots == 0);
    // A paper ballot at the desk and one online.
    REQUIRE(Call(town.server, "POST", kVille + "bp/paper-ballots",
                 {{"request_id", "p1"}, {"ballot", {{"projects", {"1"}}}}, {"code", codes[0]}}, town.agent).status == 201);
    REQUIRE(Call(town.server, "POST", kVille + "bp/ballots", {{"request_id", "o1"}, {"ballot", {{"projects", {"2"}}}}},
                 town.Token(codes[1])).status == 201);
    c.model.Tick(1000.0);
    PumpPlatformEvents();
    CHECK(c.model.TurnoutNow().ballots == 2);
    REQUIRE(Call(town.server, "POST", kVille + "bp/ballots", {{"request_id", "o2"}, {"ballot", {{"projects", {"3"}}}}},
                 town.Token(codes[2])).status == 201);
    c.model.Tick(1010.0); // not yet 30 s
    PumpPlatformEvents();
    CHECK(c.model.TurnoutNow().ballots == 2);
    c.model.Tick(1030.0);
    PumpPlatformEvents();
    CHECK(c.model.TurnoutNow().ballots == 3);
    CHECK(c.model.TurnoutNow().paper == 1);
    const auto list = c.model.ClosingChecklist();
    CHECK(list[0] == "0 codes unused of 3 given out.");
    CHECK(list[1].find("1 paper ballot entered at the desks (check it") == 0); // one, as English counts

    // Publishing before closing is refused by the server, said in words; then close, publish.
    c.Do("tab-timeline");
    c.Do("next-phase");
    CHECK(c.model.PendingPhaseText().find("Close voting: no more ballot") == 0);
    c.Do("confirm-phase");
    REQUIRE_FALSE(c.model.Error());
    CHECK(c.model.CurrentPhase() == Phase::Closed);
    c.Do("next-phase");
    c.Do("confirm-phase");
    CHECK(c.model.CurrentPhase() == Phase::Published);
    CHECK(Call(town.server, "GET", kVille + "bp/results").status == 200);
}

TEST_CASE("budget: in Spanish from the Spanish catalog — the notices, the tabs, the phase question, the turnout and checklist") {
    Town town;
    town.Codes(2);
    Console c(town, "es");
    c.Do("new-id", "bp2027");
    c.Do("new-title", "Presupuesto 2027");
    c.Do("new-budget", "200000");
    c.Do("create");
    REQUIRE_FALSE(c.model.Error());
    CHECK(c.model.Notice() == "Presupuesto «Presupuesto 2027» creado: empieza con el envío de propuestas.");
    auto spoken = Spoken(c.model.AccessibilityTree());
    for (const char* words : {"Calendario", "Ajustes", "Censo electoral", "Participación y cierre",
                              "Pasar a la etapa siguiente: ", "Abrir Presupuesto 2027"})
        CHECK_MESSAGE(spoken.find(words) != std::string::npos, words);
    CHECK(spoken.find("Calendrier") == std::string::npos); // no French left beside it
    CHECK(spoken.find("Ouvrir") == std::string::npos);
    c.Do("next-phase");
    CHECK(c.model.PendingPhaseText().rfind("Cerrar el envío de propuestas y pasar al estudio de viabilidad", 0) == 0);
    c.Do("cancel-phase");
    // The town's own process is voting: its turnout and the checklist before closing.
    c.Do("process-bp");
    c.Do("tab-turnout");
    REQUIRE(c.model.TurnoutNow().issued == 2);
    const auto list = c.model.ClosingChecklist();
    CHECK(list[0] == "2 códigos sin usar de 2 repartidos.");
    CHECK(list[1].rfind("0 papeletas en papel registradas en los mostradores", 0) == 0);
    spoken = Spoken(c.model.AccessibilityTree());
    CHECK(spoken.find("Papeletas: 0, en papel: 0") != std::string::npos);
    // The same lines in French count 0 as one, as French does.
    Console fr(town);
    fr.Do("process-bp");
    fr.Do("tab-turnout");
    CHECK(fr.model.ClosingChecklist()[0] == "2 codes non utilisés sur 2 distribués.");
    CHECK(fr.model.ClosingChecklist()[1].rfind("0 bulletin papier saisi aux guichets", 0) == 0);
}

TEST_CASE("budget: a move the server refuses is said in the staff's words") {
    Town town;
    Console c(town);
    json p = Town::Process("saut");
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/processes", p, town.admin).status == 201);
    // Another admin moved it to review behind the console's back; the console still shows submission.
    c.Do("process-saut");
    REQUIRE(Call(town.server, "POST", kVille + "saut/phase", {{"phase", "voting"}}, town.admin).status == 200);
    REQUIRE(Call(town.server, "POST", kVille + "saut/phase", {{"phase", "closed"}}, town.admin).status == 200);
    c.Do("next-phase"); // the console asks to go to review: back from closed
    c.Do("confirm-phase");
    REQUIRE(c.model.Error());
    CHECK(c.model.Error()->code == "invalid_phase_change");
    CHECK(c.model.Error()->Message("fr") == "Une fois le vote ouvert, une consultation ne revient pas en arrière.");
}

TEST_CASE("budget view: drawn at 1280x800 and at tablet width, tabs and the phase question by click") {
    Town town;
    Console c(town);
    c.Do("process-bp");
    for (const float width : {1280.0f, 800.0f}) {
        HeadlessUi ui = BudgetsOnScreen(c, width, 800);
        ui.Frame();
        ui.Frame();
        auto controls = ui.Controls();
        CHECK(controls.contains("process-bp"));
        CHECK(controls.contains("next-phase"));
        CHECK(controls.contains("tab-turnout"));
        ui.Click("next-phase");
        CHECK(c.model.PendingPhase());
        ui.Frame();
        ui.Click("cancel-phase");
        CHECK_FALSE(c.model.PendingPhase());
        ui.Click("tab-settings");
        CHECK(c.model.CurrentTab() == BudgetModel::Tab::Settings);
        ui.Frame();
        CHECK(ui.Controls().contains("save-settings"));
        ui.Click("tab-turnout");
        ui.Frame();
        CHECK(ui.Controls().contains("refresh-turnout"));
        ui.Click("tab-timeline");
    }
}

TEST_CASE("budget view: in Spanish (longer words), every tab's controls stay inside the console at 1280 and at tablet width") {
    Town town;
    Console c(town, "es");
    c.Do("process-bp");
    for (const float width : {1280.0f, 800.0f}) {
        HeadlessUi ui = BudgetsOnScreen(c, width, 800);
        for (const char* tab : {"tab-timeline", "tab-settings", "tab-review", "tab-roll", "tab-turnout"}) {
            ui.Frame();
            ui.Click(tab);
            ui.Frame();
            ui.Frame();
            const auto controls = ui.Controls();
            REQUIRE(controls.contains(tab));
            for (const auto& [id, box] : controls.items())
                CHECK_MESSAGE(box["x"].get<float>() + box["w"].get<float>() <= width + 0.5f,
                              std::string(tab) << " at " << width << ": " << id << " ends at " << box["x"].get<float>() + box["w"].get<float>());
        }
    }
}

TEST_CASE("budget view: the review queue by keyboard — j / k move, f says feasible and moves on") {
    Town town;
    const auto a = town.Propose(43.61, 1.43), b = town.Propose(43.59, 1.43);
    Console c(town);
    c.Do("process-bp");
    json p = Town::Process("bp2027");
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/processes", p, town.admin).status == 201);
    c.model.Load();
    c.Do("process-bp2027");
    c.Do("tab-review");
    REQUIRE(c.model.Proposals().size() == 2);
    HeadlessUi ui = BudgetsOnScreen(c, 1280, 800);
    ui.Frame();
    CHECK(c.model.ReviewCursor() == 0);
    ui.Type('j');
    CHECK(c.model.ReviewCursor() == 1);
    ui.Type('k');
    ui.Type('f'); // the first, at its estimated cost; the cursor moves on
    CHECK(c.model.ReviewCursor() == 1);
    ui.Type('f');
    ui.Frame();
    for (const auto id : {a, b}) {
        const auto r = Call(town.server, "GET", "/api/v1/tenants/ville/proposals/" + std::to_string(id)).body;
        CHECK(r["review"]["feasible"] == true);
        CHECK(r["review"]["estimated_cost"] == 12000);
        CHECK(r["review"]["process"] == "bp2027");
    }
    CHECK(c.model.FeasibleWaiting() == 2);
}

TEST_CASE("budget: funded projects are followed once published — progress and dated updates") {
    Town town;
    const auto codes = town.Codes(2);
    for (size_t i = 0; i < codes.size(); ++i)
        REQUIRE(Call(town.server, "POST", kVille + "bp/ballots", {{"request_id", "v" + std::to_string(i)}, {"ballot", {{"projects", {"3"}}}}},
                     town.Token(codes[i])).status == 201);
    Console c(town);
    c.Do("process-bp");
    c.Do("tab-follow-up");
    CHECK(c.model.FundedProjects().empty()); // voting: no results yet
    for (int i = 0; i < 2; ++i) {
        c.Do("tab-timeline");
        c.Do("next-phase");
        c.Do("confirm-phase");
    }
    REQUIRE(c.model.CurrentPhase() == Phase::Published);
    c.Do("tab-follow-up");
    REQUIRE_FALSE(c.model.FundedProjects().empty());
    const std::string id = c.model.FundedProjects()[0].id;
    c.Do("status-" + id, "works");
    c.Do("percent-" + id, "40");
    c.Do("save-progress-" + id);
    REQUIRE_FALSE(c.model.Error());
    CHECK(c.model.FundedProjects()[0].percent == 40);
    c.Do("update-date-" + id, "2027-05-02");
    c.Do("update-text-" + id, "Les travaux ont commencé.");
    c.Do("update-spent-" + id, "12000");
    c.Do("add-update-" + id);
    REQUIRE_FALSE(c.model.Error());
    REQUIRE(c.model.FundedProjects()[0].updates.size() == 1);
    CHECK(c.model.FundedProjects()[0].updates[0] == "2027-05-02 — Les travaux ont commencé. (12\u202f000\u00a0€)");
    const auto p = Call(town.server, "GET", kVille + "bp").body;
    for (const auto& pr : p["projects"])
        if (pr["id"] == id) CHECK(pr["follow_up"]["status"] == "works");
    // A bad date is refused by the server, named.
    c.Do("update-date-" + id, "2 mai");
    c.Do("update-text-" + id, "Suite des travaux.");
    c.Do("add-update-" + id);
    REQUIRE(c.model.Error());
    CHECK(c.model.Error()->field == "date");
}

TEST_CASE("budget: a long census goes in parts, 'n of N' shown as it goes, its letters one page to print") {
    Town town;
    Console c(town);
    c.Do("process-bp");
    c.Do("tab-roll");
    std::string csv = "reference;nom;adresse\n";
    for (int i = 1; i <= 7; ++i) csv += "R-" + std::to_string(i) + ";Personne " + std::to_string(i) + ";\"" + std::to_string(i) + ", rue Neuve\"\n";
    SetNextPickedFile("recensement.csv", csv);
    c.Do("pick-census");
    REQUIRE(c.model.Census());
    CHECK(c.model.Census()->voters == 7);
    c.model.census_part = 3; // 3 + 3 + 1
    TakeSavedFiles();
    c.model.Command("send-census");
    // While the first part is on its way: 0 of 7, said and in the mirror with its bar.
    CHECK(c.model.Working().what == "census");
    CHECK(c.model.Working().total == 7);
    CHECK(c.model.WorkText() == "Envoi du recensement : 0 électeur sur 7 a son code…" /* French counts 0 as one */);
    const json work = FindNode(c.model.AccessibilityTree(), "work");
    REQUIRE_FALSE(work.is_null());
    CHECK(work["progress"]["max"] == 7);
    CHECK(c.model.StateJson()["work"]["total"] == 7);
    // Natively the parts' answers arrive within one pump: the three parts end as one page.
    for (int i = 0; i < 10 && !c.model.Working().what.empty(); ++i) PumpPlatformEvents();
    CHECK(c.model.Working().what.empty());
    REQUIRE_FALSE(c.model.Error());
    const auto saved = TakeSavedFiles();
    REQUIRE(saved.size() == 1); // one page, every letter
    CHECK(saved[0].bytes.find("7, rue Neuve") != std::string::npos);
    CHECK(saved[0].bytes.find("1, rue Neuve") != std::string::npos);
    size_t letters = 0;
    for (size_t at = 0; (at = saved[0].bytes.find("<section class=\"letter\"", at)) != std::string::npos; ++at) ++letters;
    CHECK(letters == 7);
    CHECK(saved[0].bytes.find("</body>") == saved[0].bytes.rfind("</body>"));
    CHECK(c.model.TurnoutNow().issued == 7);
}

TEST_CASE("census records: a quoted field keeps its line break, blank lines go") {
    CHECK(CsvRecords("a;b\r\n1;\"x\ny\"\n\n2;z") == std::vector<std::string>{"a;b", "1;\"x\ny\"", "2;z"});
    CHECK(MergeLetterPages("", "<html><body>A</body>") == "<html><body>A</body>");
    CHECK(MergeLetterPages("<body><section class=\"letter\">1</section></body>", "<body><svg/><section class=\"letter\">2</section></body>") ==
          "<body><section class=\"letter\">1</section><section class=\"letter\">2</section></body>");
}

TEST_CASE("budget: the ballot's preview opens as residents will see it; the closing checklist moves on from where it is read") {
    Town town;
    Console c(town);
    c.Do("process-bp");
    c.Do("tab-settings");
    TakeOpenedUrls();
    CHECK(c.Do("preview-ballot"));
    CHECK(TakeOpenedUrls() == std::vector<std::string>{"/console/ville/apercu/bp"});
    CHECK(c.model.AccessibilityTree().dump().find("\"href\":\"/console/ville/apercu/bp\"") != std::string::npos);
    // Ville has two quartiers: both listed for a budget each.
    CHECK(c.model.StateJson()["districts_listed"].size() == 2);

    // The bp of the town is voting: closing is offered beside the checklist.
    c.Do("tab-turnout");
    CHECK_FALSE(FindNode(c.model.AccessibilityTree(), "next-phase").is_null());
    c.Do("next-phase");
    CHECK_FALSE(FindNode(c.model.AccessibilityTree(), "confirm-phase").is_null());
    c.Do("confirm-phase");
    CHECK(c.model.CurrentPhase() == Phase::Closed);
}

TEST_CASE("budget: the counting rules tried on a real ballot file, what each would fund said in words") {
    Town town;
    Console c(town);
    c.Do("process-bp");
    c.Do("tab-settings");
    std::ifstream in(std::string(QUARTIER_SOURCE_DIR) + "/tests/data/pabulib/Netherlands_Assen_2024.pb", std::ios::binary);
    const std::string pb((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    REQUIRE_FALSE(pb.empty());
    SetNextPickedFile("Netherlands_Assen_2024.pb", pb);
    CHECK(c.Do("sample-ballots"));
    // Counted rule by rule, how far it got said between (bar and accessible copy).
    CHECK_FALSE(c.model.RulesPreview());
    CHECK(c.model.WorkText() == "Essai des règles sur Netherlands_Assen_2024.pb (84 votants) : 0 règle sur 3 comptée…");
    CHECK(c.model.AdvanceWork());
    CHECK(c.model.StateJson()["work"] == json{{"what", "rules"}, {"done", 1}, {"total", 3}});
    CHECK(Spoken(c.model.AccessibilityTree()).find("1 règle sur 3 comptée…") != std::string::npos);
    CHECK(c.model.AdvanceWork());
    CHECK_FALSE(c.model.AdvanceWork());
    CHECK(c.model.Working().what.empty());
    const auto& tried = c.model.RulesPreview();
    REQUIRE(tried);
    CHECK(tried->voters == 84);
    CHECK(tried->projects == 14);
    REQUIRE(tried->outcomes.size() == 3);
    for (const auto& o : tried->outcomes) CHECK_MESSAGE(!o.funded.empty(), o.rule);
    CHECK(tried->outcomes[0].funded.front() == "PopUp Podium"); // the most supported, first under majority
    CHECK(c.model.RulePreviewText("greedy").rfind("Vote majoritaire financerait ", 0) == 0);
    CHECK(c.model.RulePreviewText("mes").rfind("Parts égales financerait ", 0) == 0);
    const std::string spoken = Spoken(c.model.AccessibilityTree());
    CHECK(spoken.find("Sur Netherlands_Assen_2024.pb (84 votants, budget 100") != std::string::npos);
    CHECK(c.model.StateJson()["rules_tried"]["phragmen"].size() == tried->outcomes[2].funded.size());

    SetNextPickedFile("casse.pb", "META\nkey;value\nbudget;abc\n");
    c.Do("sample-ballots");
    REQUIRE(c.model.Error());
    CHECK(c.model.Error()->Message("fr").rfind("Ce n’est pas un fichier de bulletins Pabulib (.pb) lisible", 0) == 0);
    CHECK_FALSE(c.model.RulesPreview());
}

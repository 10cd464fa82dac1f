// The ballot widget's behaviour, natively, against a small stand-in for the server that
// speaks the API contract (docs/api.yaml): process, ballot tokens, ballots, receipts.
#include "widgets/app/api_client.h"
#include "widgets/app/platform.h"
#include "widgets/ballot/ballot_model.h"
#include "widget_test_support.h"

#include <doctest/doctest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <set>
#include <thread>

using namespace quartier;
using nlohmann::json;

namespace {

// Serves one process with the given ballot rules; codes "ABCD-1234" and "WXYZ-9876".
class FakeServer : public testing::StandIn {
public:
    explicit FakeServer(json ballot, std::string phase = "voting") : m_ballot(std::move(ballot)), m_phase(phase) {
        Http().Get("/api/v1/tenants/toulouse/processes/1", [this](const httplib::Request&, httplib::Response& res) {
            json process{{"id", "1"},
                         {"title", "Budget participatif 2026"},
                         {"phase", m_phase},
                         {"ballot", m_ballot},
                         {"projects",
                          {{{"id", "1"}, {"name", "Jardin partagé"}, {"cost", "40000"}, {"category", "Nature"}, {"district", "Empalot"}},
                           {{"id", "2"}, {"name", "Pistes cyclables"}, {"cost", "60000.50"}, {"category", "Mobilités"}, {"district", "Centre"}},
                           {{"id", "3"}, {"name", "Bancs à l’ombre"}, {"cost", "15000"}, {"category", "Nature"}, {"district", "Centre"}},
                           {{"id", "11"}, {"name", "Boîte à livres"}, {"cost", "2000"}, {"category", "Culture"}, {"district", "Bagatelle"}}}}};
            process["easy_read"] = {{"vote", {{"fr", "Vous cochez les projets que vous aimez.\nVous avez besoin de votre code."},
                                              {"en", "You tick the projects you like.\nYou need your code."}}},
                                    {"count", {{"fr", "On compte les votes."}, {"en", "The votes are counted."}}}};
            // What the server's calendar says of a process whose vote is ahead.
            if (m_phase == "review")
                process["calendar_text"] = {{"fr", "Le vote ouvre dans 5 jours, jusqu’au 17 mars"},
                                            {"en", "Voting opens in 5 days, until 17 March"}};
            res.set_content(process.dump(), "application/json");
        });
        Http().Post("/api/v1/tenants/toulouse/processes/1/ballot-tokens",
                    [this](const httplib::Request& req, httplib::Response& res) {
                        const auto code = json::parse(req.body).value("code", "");
                        if (code != "ABCD-1234" && code != "WXYZ-9876") {
                            res.status = 404;
                            res.set_content(R"({"error":{"code":"unknown_code","field":"code","message":"x","messages":{"fr":"Ce code de vote n’existe pas.","en":"This voter code does not exist."}}})", "application/json");
                            return;
                        }
                        if (m_used.count(code)) {
                            res.status = 409;
                            res.set_content(R"({"error":{"code":"code_used","field":"code","message":"x","messages":{"fr":"Ce code a déjà servi.","en":"This code has already been used."}}})", "application/json");
                            return;
                        }
                        m_used.insert(code);
                        res.status = 201;
                        res.set_content(json{{"token", "tok-" + code}}.dump(), "application/json");
                    });
        Http().Post("/api/v1/tenants/toulouse/processes/1/ballots", [this](const httplib::Request& req, httplib::Response& res) {
            const auto body = json::parse(req.body);
            ++ballot_requests;
            request_ids.push_back(body.value("request_id", ""));
            if (fail_next_ballot) {
                fail_next_ballot = false;
                res.status = 503;
                return;
            }
            const std::string token = req.get_header_value("Authorization");
            const std::string rid = body.value("request_id", "");
            if (m_by_token.count(token) && m_by_token[token] != rid) {
                res.status = 409;
                res.set_content(R"({"error":{"code":"already_voted","field":null,"message":"x","messages":{"fr":"Vous avez déjà voté.","en":"You have already voted."}}})", "application/json");
                return;
            }
            m_by_token[token] = rid;
            last_ballot = body["ballot"];
            res.status = 201;
            res.set_content(json{{"receipt", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}}.dump(), "application/json");
        });
        Start();
    }

    json last_ballot;
    int ballot_requests = 0;
    bool fail_next_ballot = false;
    std::vector<std::string> request_ids;

private:
    json m_ballot;
    std::string m_phase;
    std::set<std::string> m_used;
    std::map<std::string, std::string> m_by_token;
};

struct Fixture {
    explicit Fixture(json ballot, std::string lang = "fr", std::string phase = "voting")
        : server(std::move(ballot), phase), api(server.Url(), lang), model(api, lang, "toulouse", "1") {
        model.Refresh();
        PumpPlatformEvents();
        REQUIRE(model.LoadState() == BallotModel::Load::Ready);
    }
    FakeServer server;
    ApiClient api;
    BallotModel model;
};

} // namespace

TEST_CASE("the process's projects and rules are loaded") {
    Fixture f(json{{"kind", "knapsack"}, {"budget", "100000"}});
    CHECK(f.model.Title() == "Budget participatif 2026");
    CHECK(f.model.Projects().size() == 4);
    CHECK(f.model.Projects()[1].cost.ToString() == "60000.5");
    CHECK(f.model.Config().kind == "knapsack");
    CHECK(f.model.StateJson()["remaining"] == "100000");
}

TEST_CASE("knapsack: the budget bar follows choices and blocks overspending") {
    Fixture f(json{{"kind", "knapsack"}, {"budget", "100000"}});
    CHECK(f.model.Toggle("1"));
    CHECK(f.model.Remaining().ToString() == "60000");
    CHECK_FALSE(f.model.CanAdd("2")); // 60 000,50 € > 60 000 €
    CHECK_FALSE(f.model.Toggle("2"));
    CHECK(f.model.Notice() == "Ce projet (60\u202f000,50\u00a0€) dépasse le budget restant de 60\u202f000\u00a0€.");
    CHECK_FALSE(f.model.IsChosen("2"));
    CHECK(f.model.Toggle("3"));
    CHECK(f.model.Spent().ToString() == "55000");
    CHECK(f.model.Toggle("1")); // removing always works
    CHECK(f.model.Toggle("2"));
    CHECK(f.model.Remaining().ToString() == "24999.5");
}

TEST_CASE("approval with min and max: too many refused, too few caught at review") {
    Fixture f(json{{"kind", "approval"}, {"min_projects", 2}, {"max_projects", 3}}, "en");
    CHECK(f.model.Toggle("1"));
    CHECK_FALSE(f.model.Review());
    REQUIRE(f.model.Error());
    CHECK(f.model.Error()->code == "too_few_projects");
    CHECK(f.model.Error()->Message("en") == "Choose at least 2 projects.");
    CHECK(f.model.CurrentScreen() == BallotModel::Screen::Choose);
    CHECK(f.model.Toggle("2"));
    CHECK(f.model.Toggle("3"));
    CHECK_FALSE(f.model.Toggle("11"));
    CHECK(f.model.Notice().find("at most") == std::string::npos); // the widget's own words
    CHECK(f.model.Notice().find("3 projects") != std::string::npos);
    CHECK(f.model.Review());
    CHECK(f.model.CurrentScreen() == BallotModel::Screen::Review);
}

TEST_CASE("cumulative: points are spread within the total and per-project caps") {
    Fixture f(json{{"kind", "cumulative"}, {"max_points", 5}, {"max_points_per_project", 3}});
    CHECK(f.model.AddPoints("1", 3));
    CHECK_FALSE(f.model.AddPoints("1", 1));
    CHECK(f.model.Notice() == "Ce projet a déjà le maximum de points.");
    CHECK(f.model.AddPoints("2", 2));
    CHECK(f.model.PointsLeft() == 0);
    CHECK_FALSE(f.model.AddPoints("3", 1));
    CHECK(f.model.Notice() == "Vous avez distribué tous vos points.");
    CHECK(f.model.AddPoints("1", -1));
    CHECK(f.model.BallotJson() == json::parse(R"({"projects":["1","2"],"points":[2,2]})"));
    CHECK(f.model.AddPoints("2", -2));
    CHECK(f.model.BallotJson() == json::parse(R"({"projects":["1"],"points":[2]})"));
}

TEST_CASE("ranked: the order can be changed with up and down") {
    Fixture f(json{{"kind", "ranked"}, {"max_projects", 3}});
    CHECK(f.model.ProgressText() == "0 projet choisi sur 3"); // French: 0 is singular
    f.model.Toggle("3");
    f.model.Toggle("1");
    f.model.Toggle("11");
    f.model.MoveRank("11", -2);
    CHECK(f.model.Chosen() == std::vector<std::string>{"11", "3", "1"});
    CHECK(f.model.RankOf("1") == 3);
    f.model.MoveRank("11", -1); // already first
    CHECK(f.model.RankOf("11") == 1);
}

TEST_CASE("search and category filters narrow the list") {
    Fixture f(json{{"kind", "approval"}});
    f.model.SetSearch("BANCS");
    REQUIRE(f.model.VisibleProjects().size() == 1);
    CHECK(f.model.Projects()[f.model.VisibleProjects()[0]].id == "3");
    f.model.SetSearch("");
    f.model.SetCategoryFilter("Nature");
    CHECK(f.model.VisibleProjects().size() == 2);
    CHECK(f.model.Categories() == std::vector<std::string>{"Culture", "Mobilités", "Nature"});
}

TEST_CASE("a ballot is cast with a voter code and a receipt comes back") {
    Fixture f(json{{"kind", "knapsack"}, {"budget", "100000"}});
    f.model.Toggle("1");
    f.model.Toggle("11");
    REQUIRE(f.model.Review());
    CHECK_FALSE(f.model.Submit()); // no code typed
    CHECK(f.model.Error()->field == "code");
    f.model.EditCode() = " ABCD-1234 ";
    REQUIRE(f.model.Submit());
    CHECK(f.model.Sending());
    PumpPlatformEvents(); // token
    PumpPlatformEvents(); // ballot
    CHECK(f.model.CurrentScreen() == BallotModel::Screen::Receipt);
    CHECK(f.model.Receipt().size() == 64);
    CHECK(f.server.last_ballot == json::parse(R"({"projects":["1","11"]})"));
    const auto events = TakeEvents();
    REQUIRE(events.size() == 1);
    CHECK(events[0].first == "ballot-cast");
    const auto detail = json::parse(events[0].second);
    CHECK(detail["receipt"] == f.model.Receipt());
    CHECK_FALSE(detail.contains("projects")); // the host page never learns the choices
    CHECK(f.model.Code().empty()); // nothing personal lingers on screen
}

TEST_CASE("refusals are shown in the resident's words and the ballot is kept") {
    Fixture f(json{{"kind", "approval"}});
    f.model.Toggle("2");
    REQUIRE(f.model.Review());
    f.model.EditCode() = "NOPE-0000";
    REQUIRE(f.model.Submit());
    PumpPlatformEvents();
    REQUIRE(f.model.Error());
    CHECK(f.model.Error()->code == "unknown_code");
    CHECK(f.model.StateJson()["error"]["message"] == "Ce code de vote n’existe pas.");
    CHECK(f.model.CurrentScreen() == BallotModel::Screen::Review);
    CHECK(f.model.IsChosen("2"));
    CHECK_FALSE(f.model.Sending());
}

TEST_CASE("a retry after a failure sends the same request id: never two ballots") {
    Fixture f(json{{"kind", "approval"}});
    f.model.Toggle("2");
    REQUIRE(f.model.Review());
    f.model.EditCode() = "ABCD-1234";
    f.server.fail_next_ballot = true;
    REQUIRE(f.model.Submit());
    PumpPlatformEvents();
    PumpPlatformEvents();
    REQUIRE(f.model.Error()); // the server was unavailable
    CHECK(f.model.CurrentScreen() == BallotModel::Screen::Review);
    REQUIRE(f.model.Submit()); // the resident presses "Voter" again; the token is kept
    PumpPlatformEvents();
    REQUIRE(f.model.CurrentScreen() == BallotModel::Screen::Receipt);
    REQUIRE(f.server.request_ids.size() == 2);
    CHECK(f.server.request_ids[0] == f.server.request_ids[1]);
    CHECK(f.server.request_ids[0].size() == 32);
}

TEST_CASE("when voting is not open, nothing can be chosen") {
    Fixture f(json{{"kind", "approval"}}, "fr", "closed");
    CHECK_FALSE(f.model.Toggle("1"));
    CHECK(f.model.Notice() == "Le vote n’est pas ouvert.");
}

TEST_CASE("before voting, the ballot says when it opens rather than only that it is closed") {
    Fixture f(json{{"kind", "approval"}}, "fr", "review");
    CHECK_FALSE(f.model.Toggle("1"));
    CHECK(f.model.Notice() == "Le vote ouvre dans 5 jours, jusqu’au 17 mars.");
    CHECK(testing::Spoken(f.model.AccessibilityTree()).find("Le vote ouvre dans 5 jours") != std::string::npos);
    Fixture en(json{{"kind", "approval"}}, "en", "review");
    CHECK(en.model.ClosedText() == "Voting opens in 5 days, until 17 March.");
}

namespace {
std::string Spoken(const BallotModel& m) { return testing::Spoken(m.AccessibilityTree()); }
} // namespace

TEST_CASE("the accessible tree says the projects, their costs and the budget left") {
    Fixture f(json{{"kind", "knapsack"}, {"budget", "100000"}});
    std::string spoken = Spoken(f.model);
    CHECK(spoken.find("Budget restant : 100\u202f000\u00a0€ sur 100\u202f000\u00a0€") != std::string::npos);
    CHECK(spoken.find("Jardin partagé. 40\u202f000\u00a0€, Nature, Empalot.") != std::string::npos);
    CHECK(spoken.find("Choisir Jardin partagé") != std::string::npos);
    REQUIRE(f.model.Command("toggle-1"));
    spoken = Spoken(f.model);
    CHECK(spoken.find("Budget restant : 60\u202f000\u00a0€") != std::string::npos);
    CHECK(spoken.find("Retirer Jardin partagé") != std::string::npos);
    // A refusal is an alert the screen reader announces at once.
    CHECK_FALSE(f.model.Command("toggle-2"));
    CHECK(spoken.find("dépasse le budget") == std::string::npos);
    CHECK(Spoken(f.model).find("dépasse le budget restant") != std::string::npos);
}

TEST_CASE("commands drive the whole vote, as the mirror's buttons and fields do") {
    Fixture f(json{{"kind", "approval"}, {"max_projects", 2}});
    CHECK(f.model.Command("search", "bancs"));
    CHECK(f.model.VisibleProjects().size() == 1);
    CHECK(f.model.Command("search", ""));
    CHECK(f.model.Command("toggle-3"));
    CHECK(f.model.Command("review"));
    CHECK(f.model.CurrentScreen() == BallotModel::Screen::Review);
    CHECK(Spoken(f.model).find("Votre code de vote") != std::string::npos);
    CHECK(f.model.Command("code", "ABCD-1234"));
    CHECK(f.model.Command("submit"));
    PumpPlatformEvents();
    PumpPlatformEvents();
    CHECK(f.model.CurrentScreen() == BallotModel::Screen::Receipt);
    CHECK(Spoken(f.model).find("Votre reçu : 9f86d081") != std::string::npos);
    CHECK_FALSE(f.model.Command("no-such-command"));
}

// What the canvas shows above the list is in the mirror too: the category chips (the chosen
// one pressed) and the count of projects left, as a live status; a refused code marks its
// field, with the message, and Enter in it votes.
TEST_CASE("the mirror has the category chips, the count of projects shown, and the code's error") {
    Fixture f(json{{"kind", "approval"}});
    const auto count = [&] { return testing::FindNode(f.model.AccessibilityTree(), "count"); };
    const size_t all = f.model.Projects().size();
    REQUIRE(count()["role"] == "status");
    CHECK(count()["text"] == std::to_string(all) + " projets sur " + std::to_string(all));
    CHECK(testing::FindNode(f.model.AccessibilityTree(), "filter-all")["pressed"] == true);
    const json nature = testing::FindNode(f.model.AccessibilityTree(), "filter-2");
    CHECK(nature["label"] == "Catégorie Nature");
    CHECK(nature["pressed"] == false);
    REQUIRE(f.model.Command("filter-2"));
    CHECK(testing::FindNode(f.model.AccessibilityTree(), "filter-2")["pressed"] == true);
    CHECK(count()["text"] == "2 projets sur " + std::to_string(all));
    REQUIRE(f.model.Command("filter-all"));
    REQUIRE(f.model.Command("search", "BANCS"));
    CHECK(count()["text"] == "1 projet sur " + std::to_string(all));

    f.model.Toggle("2");
    REQUIRE(f.model.Command("review"));
    json code = testing::FindNode(f.model.AccessibilityTree(), "code");
    CHECK(code["submit"] == "submit");
    CHECK_FALSE(code.contains("error"));
    REQUIRE(f.model.Command("code", "NOPE-0000"));
    REQUIRE(f.model.Command(code["submit"].get<std::string>()));
    PumpPlatformEvents();
    code = testing::FindNode(f.model.AccessibilityTree(), "code");
    CHECK(code["error"] == "Ce code de vote n’existe pas.");
}

namespace {
std::vector<std::string> ShownOrder(const BallotModel& m) {
    std::vector<std::string> ids;
    for (size_t i : m.VisibleProjects()) ids.push_back(m.Projects()[i].id);
    return ids;
}
} // namespace

TEST_CASE("shuffled ballots: each voter session has its own order, says so, and sends project ids") {
    const json rules{{"kind", "approval"}, {"max_projects", 2}, {"shuffle_projects", true}};
    const std::vector<std::string> listed{"1", "2", "3", "11"};
    FakeServer server(rules);
    ApiClient api(server.Url(), "fr");
    std::set<std::vector<std::string>> orders;
    for (const char* seed : {"voter-a", "voter-b", "voter-c", "voter-d", "voter-e", "voter-f"}) {
        BallotModel m(api, "fr", "toulouse", "1");
        m.SetOrderSeed(seed);
        m.Refresh();
        PumpPlatformEvents();
        REQUIRE(m.LoadState() == BallotModel::Load::Ready);
        const auto shown = ShownOrder(m);
        CHECK(std::set<std::string>(shown.begin(), shown.end()) == std::set<std::string>(listed.begin(), listed.end()));
        // A reload in the same session keeps the order the voter has been reading.
        m.Refresh();
        PumpPlatformEvents();
        CHECK(ShownOrder(m) == shown);
        orders.insert(shown);
    }
    CHECK(orders.size() > 2); // not one order for everyone, nor the list's

    BallotModel m(api, "fr", "toulouse", "1");
    m.SetOrderSeed("voter-a");
    m.Refresh();
    PumpPlatformEvents();
    CHECK(m.RulesText().find("ordre aléatoire") != std::string::npos);
    CHECK(m.AccessibilityTree().dump().find("ordre aléatoire") != std::string::npos);
    // What is sent names the projects, whatever the order on screen.
    REQUIRE(m.Toggle("3"));
    REQUIRE(m.Toggle("1"));
    REQUIRE(m.Review());
    m.EditCode() = "ABCD-1234";
    REQUIRE(m.Submit());
    PumpPlatformEvents(); // token
    PumpPlatformEvents(); // ballot
    CHECK(server.last_ballot == json::parse(R"({"projects":["3","1"]})"));

    // Without the rule, the commune's order, and no such note.
    Fixture plain(json{{"kind", "approval"}, {"max_projects", 2}});
    CHECK(ShownOrder(plain.model) == listed);
    CHECK(plain.model.RulesText().find("aléatoire") == std::string::npos);
}

TEST_CASE("easy to read: folded under its button, a sentence a line once opened, in the resident's language") {
    Fixture f(json{{"kind", "approval"}});
    CHECK(f.model.EasyVote() == std::vector<std::string>{"Vous cochez les projets que vous aimez.", "Vous avez besoin de votre code."});
    CHECK(f.model.EasyCount() == std::vector<std::string>{"On compte les votes."});
    std::string spoken = Spoken(f.model);
    CHECK(spoken.find("Facile à lire : comment voter, comment on compte") != std::string::npos);
    CHECK(spoken.find("Vous avez besoin de votre code.") == std::string::npos); // folded
    REQUIRE(f.model.Command("easy-read"));
    spoken = Spoken(f.model);
    CHECK(spoken.find("Comment voter") != std::string::npos);
    CHECK(spoken.find("Vous avez besoin de votre code.") != std::string::npos);
    CHECK(spoken.find("On compte les votes.") != std::string::npos);
    CHECK(f.model.StateJson()["easy_read"]["open"] == true);
    REQUIRE(f.model.Command("easy-read"));
    CHECK(Spoken(f.model).find("Vous avez besoin de votre code.") == std::string::npos);
}

TEST_CASE("the staff's preview: the ballot as residents will see it, tried before voting opens, never sent") {
    Fixture f(json{{"kind", "knapsack"}, {"budget", "100000"}}, "fr", "review");
    f.model.SetPreview(true);
    CHECK(f.model.Toggle("1")); // before voting opens, yet the budget counts as for a resident
    CHECK(f.model.Remaining().ToString() == "60000");
    CHECK(f.model.Review());
    f.model.EditCode() = "ABCD-1234";
    CHECK_FALSE(f.model.Submit());
    REQUIRE(f.model.Error());
    CHECK(f.model.Error()->code == "preview");
    CHECK(f.model.Error()->Message("fr") == "Ceci est un aperçu : on n’y vote pas. Les habitants votent sur le site de la commune avec leur code.");
    CHECK(f.server.request_ids.empty()); // nothing went to the server
    CHECK(testing::Spoken(f.model.AccessibilityTree()).find("On ne vote pas depuis l’aperçu.") != std::string::npos);
    CHECK(f.model.StateJson()["preview"] == true);
}

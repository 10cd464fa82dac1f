// The results widget recounts the published Toulouse 2022 ballots in its own engine and
// says whether it finds the announced winners; then draws headless.
#include "shared/text.h"
#include "widgets/app/api_client.h"
#include "widgets/app/platform.h"
#include "widgets/app/theme.h"
#include "widgets/app/ui.h"
#include "widgets/results/results_model.h"
#include "widgets/results/results_view.h"
#include "widget_test_support.h"

#include <doctest/doctest.h>

#include <set>
#include <httplib.h>
#include <imgui.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

using namespace quartier;
using nlohmann::json;

namespace {

std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

json Reference() {
    std::ifstream in(std::string(QUARTIER_TEST_DATA) + "/pabulib/reference.json");
    return json::parse(in)["France_Toulouse_2022.pb"];
}

// Publishes Toulouse 2022 as a server would, with the winners it is told to announce.
class PublishedResults : public testing::StandIn {
public:
    explicit PublishedResults(std::vector<std::string> announced) {
        const std::string pb = ReadFile(std::string(QUARTIER_TEST_DATA) + "/pabulib/France_Toulouse_2022.pb");
        Http().Get("/api/v1/tenants/toulouse/processes/7", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(json{{"title", "Toulouse 2022"}, {"rule", {{"name", "greedy"}, {"sat", "cost"}}}}.dump(),
                            "application/json");
        });
        Http().Get("/api/v1/tenants/toulouse/processes/7/results", [announced](const httplib::Request&, httplib::Response& res) {
            res.set_content(json{{"winners", announced}}.dump(), "application/json");
        });
        Http().Get("/api/v1/tenants/toulouse/processes/7/ballots.pb", [pb](const httplib::Request&, httplib::Response& res) {
            res.set_content(pb, "text/plain; charset=utf-8");
        });
        Start();
    }
};

} // namespace

TEST_CASE("the in-browser recount finds the announced Toulouse 2022 winners") {
    const auto winners = Reference()["rules_selection_order"]["greedy_cost_sat"].get<std::vector<std::string>>();
    PublishedResults server(winners);
    ApiClient api(server.Url(), "fr");
    ResultsModel model(api, "fr", "toulouse", "7");
    model.Refresh();
    PumpPlatformEvents();
    REQUIRE(model.LoadState() == ResultsModel::Load::Ready);
    CHECK(model.RecountState() == ResultsModel::Recount::Match);
    CHECK(model.Results().winners == winners);
    CHECK(model.Title() == "Toulouse 2022");
    const auto state = model.StateJson();
    CHECK(state["recount"] == "match");
    CHECK(state["voters"] == 4532);
    CHECK(state["rows"].size() == 199);
}

TEST_CASE("a recount that disagrees with the announcement is reported, not hidden") {
    auto winners = Reference()["rules_selection_order"]["greedy_cost_sat"].get<std::vector<std::string>>();
    std::swap(winners[0], winners[1]); // an announcement with the order tampered with
    PublishedResults server(winners);
    ApiClient api(server.Url(), "en");
    ResultsModel model(api, "en", "toulouse", "7");
    model.Refresh();
    PumpPlatformEvents();
    CHECK(model.RecountState() == ResultsModel::Recount::Mismatch);
    CHECK(model.StateJson()["recount"] == "mismatch");
}

// A server that publishes Toulouse 2022 as the real one does: the process with its projects,
// the results with the votes and the comparison (from the same engine), and the ballots file,
// or a failure for it when ballots_fail.
class AnnouncedResults : public testing::StandIn {
public:
    explicit AnnouncedResults(bool ballots_fail) {
        const std::string pb = ReadFile(std::string(QUARTIER_TEST_DATA) + "/pabulib/France_Toulouse_2022.pb");
        PbElection e;
        PbError err;
        REQUIRE(ReadPabulib(pb, e, err));
        RuleSpec spec;
        REQUIRE_FALSE(RuleSpecFromJson(json{{"name", "greedy"}, {"sat", "cost"}}, spec));
        REQUIRE_FALSE(ComputeResults(e, spec, truth));
        json projects = json::array(), votes = json::object();
        for (const auto& r : truth.rows) {
            projects.push_back({{"id", r.id}, {"name", r.name}, {"cost", r.cost.ToString()},
                                {"category", r.category}, {"district", r.district}});
            votes[r.id] = r.votes;
        }
        const json process{{"title", "Toulouse 2022"}, {"rule", {{"name", "greedy"}, {"sat", "cost"}}},
                           {"budget", truth.budget.ToString()}, {"projects", projects}};
        const json results{{"winners", truth.winners}, {"votes", votes}, {"total_cost", truth.spent.ToString()},
                           {"comparison", {{"greedy", {{"winners", truth.greedy_winners}}}, {"mes", {{"winners", truth.mes_winners}}}}},
                           {"turnout", {{"ballots", truth.voters}}}};
        Http().Get("/api/v1/tenants/toulouse/processes/7", [process](const httplib::Request&, httplib::Response& res) {
            res.set_content(process.dump(), "application/json");
        });
        Http().Get("/api/v1/tenants/toulouse/processes/7/results", [results](const httplib::Request&, httplib::Response& res) {
            res.set_content(results.dump(), "application/json");
        });
        Http().Get("/api/v1/tenants/toulouse/processes/7/ballots.pb", [pb, ballots_fail](const httplib::Request&, httplib::Response& res) {
            if (ballots_fail) {
                res.status = 503;
                res.set_content(R"({"error":{"code":"unavailable","message":"Try later.","messages":{"fr":"Réessayez plus tard.","en":"Try later."}}})",
                                "application/json");
            } else {
                res.set_content(pb, "text/plain; charset=utf-8");
            }
        });
        Start();
    }
    ElectionResults truth;
};

TEST_CASE("the announced results show without waiting for the recount, which then checks them") {
    // Without the ballots file: the town's results are on screen, the recount is said to have failed.
    AnnouncedResults broken(true);
    ApiClient api(broken.Url(), "fr");
    ResultsModel model(api, "fr", "toulouse", "7");
    model.Refresh();
    PumpPlatformEvents();
    REQUIRE(model.LoadState() == ResultsModel::Load::Ready);
    CHECK(model.RecountState() == ResultsModel::Recount::Failed);
    CHECK(model.RecountText().find("Résultats annoncés par la commune. Le recomptage n’a pas pu être fait") == 0);
    CHECK(model.Results().winners == broken.truth.winners);
    CHECK(model.Results().voters == 4532);
    REQUIRE(model.Results().rows.size() == 199);
    CHECK(model.StateJson()["load"] == "ready");
    CHECK(model.Explain(model.Results().rows[0].id).size() == 2); // the rule's own words: funded or not

    // With it: the recount finds the same rows, in the same order, as were announced.
    AnnouncedResults server(false);
    ApiClient api2(server.Url(), "fr");
    ResultsModel checked(api2, "fr", "toulouse", "7");
    checked.Refresh();
    PumpPlatformEvents();
    REQUIRE(checked.RecountState() == ResultsModel::Recount::Match);
    const auto& announced = model.Results().rows;
    const auto& recounted = checked.Results().rows;
    REQUIRE(recounted.size() == announced.size());
    for (size_t i = 0; i < announced.size(); ++i) {
        CHECK(announced[i].id == recounted[i].id);
        CHECK(announced[i].name == recounted[i].name);
        CHECK(announced[i].votes == recounted[i].votes);
        CHECK(announced[i].cost == recounted[i].cost);
        CHECK(announced[i].rule_order == recounted[i].rule_order);
        CHECK(announced[i].funded_greedy == recounted[i].funded_greedy);
        CHECK(announced[i].funded_mes == recounted[i].funded_mes);
    }
    CHECK(model.Results().greedy_winners == checked.Results().greedy_winners);
    CHECK(model.Results().mes_winners == checked.Results().mes_winners);
    CHECK(model.Results().spent == checked.Results().spent);
    CHECK(model.SummaryText() == checked.SummaryText());
}

TEST_CASE("greedy and Equal Shares are compared, and each result is explained in words") {
    ApiClient api("http://127.0.0.1:1", "fr");
    ResultsModel model(api, "fr", "toulouse", "7");
    const std::string pb = ReadFile(std::string(QUARTIER_TEST_DATA) + "/pabulib/France_Toulouse_2022.pb");
    model.Analyse(pb, json{{"name", "greedy"}}, {});
    REQUIRE(model.LoadState() == ResultsModel::Load::Ready);
    CHECK(model.RecountState() == ResultsModel::Recount::Mismatch); // nothing was announced
    CHECK_FALSE(model.OnlyEqualShares().empty()); // Toulouse: the rules do differ
    for (const auto& id : model.OnlyEqualShares()) {
        const ResultRow* r = model.Row(id);
        REQUIRE(r);
        CHECK(r->funded_mes);
        CHECK_FALSE(r->funded_greedy);
    }
    // The explanation follows the process's rule (greedy here): a project greedy funds is
    // never said to be unfunded because Equal Shares would not have funded it.
    for (const auto& id : model.OnlyGreedy()) {
        const auto why = model.Explain(id);
        REQUIRE(why.size() == 2);
        CHECK(why[0].find("est financé : ") != std::string::npos);
        CHECK(why[1] == "Avec la méthode des parts égales, il n’aurait pas été financé.");
    }
    const auto why = model.Explain(model.OnlyEqualShares().front());
    REQUIRE(why.size() == 2);
    CHECK(why[0].find("n’est pas financé") != std::string::npos);
    CHECK(why[1] == "Avec la méthode des parts égales, il aurait été financé.");
}

TEST_CASE("a corrupt ballots file is said plainly") {
    ApiClient api("http://127.0.0.1:1", "fr");
    ResultsModel model(api, "fr", "toulouse", "7");
    model.Analyse("META\nkey;value\nbudget;nope\n", json{{"name", "greedy"}}, {});
    CHECK(model.LoadState() == ResultsModel::Load::Failed);
    CHECK(model.RecountState() == ResultsModel::Recount::Failed);
    REQUIRE(model.LoadError());
    CHECK(model.LoadError()->Message("fr").find("Les bulletins publiés n’ont pas pu être lus") == 0);
}

TEST_CASE("the results view draws every tab; tapping a bar explains that project") {
    ApiClient api("http://127.0.0.1:1", "fr");
    ResultsModel model(api, "fr", "toulouse", "7");
    model.Analyse(ReadFile(std::string(QUARTIER_TEST_DATA) + "/pabulib/France_Toulouse_2022.pb"),
                  json{{"name", "greedy"}}, {});
    testing::HeadlessUi ui(1280, 800, 1.0f, [&] { DrawResults(model); });
    ui.Frame();
    ui.Frame();
    const std::string second = model.Results().rows[1].id;
    ui.Click("row-" + second);
    CHECK(model.Selected() == second);
    CHECK(model.CurrentTab() == ResultsModel::Tab::Explain);
    ui.Frame();
    CHECK(ui.Controls().contains("explanation"));
    ui.Click("tab-compare");
    CHECK(model.CurrentTab() == ResultsModel::Tab::Compare);
    ui.Frame();
    CHECK(ui.Controls().contains("compare"));
}

namespace {

// The server's figures for a pooled budget over three communes of the Haute-Garonne file
// (one written by its INSEE code, one in capitals) and a quarter that has no outline.
json PooledResults() {
    return json{{"winners", json::array()},
                {"by_district",
                 {{{"district", "Colomiers"}, {"ballots", 300}, {"projects", 2}, {"funded", 2}, {"spent", "185000"}},
                  {{"district", "31069"}, {"ballots", 120}, {"projects", 2}, {"funded", 1}, {"spent", "70000"}},
                  {{"district", "TOURNEFEUILLE"}, {"ballots", 90}, {"projects", 1}, {"funded", 0}, {"spent", "0"}},
                  {{"district", "6 - Saint-Cyprien"}, {"ballots", 40}, {"projects", 1}, {"funded", 0}, {"spent", "0"}}}},
                {"turnout",
                 {{"ballots", 550},
                  {"by_time",
                   {{"bucket", "day"},
                    {"timezone", "UTC"},
                    {"counts", {{{"start", "2025-03-01"}, {"ballots", 200}}, {{"start", "2025-03-02"}, {"ballots", 350}}}},
                    {"unknown", 0}}}}}};
}

json Communes() { return json::parse(ReadFile(std::string(QUARTIER_TEST_DATA) + "/geo/communes-31-haute-garonne.geojson")); }

// The pooled figures on the Haute-Garonne outlines, recounted from Toulouse 2022's ballots.
void LoadPooled(ResultsModel& model) {
    model.SetServerResults(PooledResults());
    model.SetDistrictOutlines(Communes());
    model.Analyse(ReadFile(std::string(QUARTIER_TEST_DATA) + "/pabulib/France_Toulouse_2022.pb"), json{{"name", "greedy"}}, {});
}

} // namespace

TEST_CASE("the district map matches the process's districts to the town's outlines, by code or by name") {
    ApiClient api("http://127.0.0.1:1", "fr");
    ResultsModel model(api, "fr", "toulouse", "7");
    model.SetServerResults(PooledResults());
    REQUIRE(model.SetDistrictOutlines(Communes()));
    const auto& ds = model.Districts();
    REQUIRE(ds.size() == 4);
    CHECK(ds[0].name == "Colomiers");
    CHECK(ds[1].name == "Blagnac"); // its code, 31069, found the outline and its name
    CHECK(ds[2].name == "Tournefeuille");
    CHECK(ds[3].shape == -1);
    CHECK(model.Unmatched() == std::vector<std::string>{"6 - Saint-Cyprien"});
    // Turnout: three districts on the map, three classes, darker for more ballots.
    const auto& legend = model.Legend();
    REQUIRE(legend.size() == 3);
    CHECK(legend[0].lo == 90);
    CHECK(legend[2].hi == 300);
    CHECK(legend[0].strength < legend[2].strength);
    CHECK(model.ShapeClasses()[static_cast<size_t>(ds[0].shape)] == 2);
    CHECK(model.ShapeClasses()[static_cast<size_t>(ds[2].shape)] == 0);
    const int without = std::count(model.ShapeClasses().begin(), model.ShapeClasses().end(), -1);
    CHECK(without == static_cast<int>(model.Shapes().size()) - 3); // every other commune: no data
    CHECK(model.LegendLabel(legend[0]) == "90 bulletins");
    // Money: Tournefeuille spent nothing and has a class of its own at zero.
    CHECK(model.Command("measure-spent"));
    CHECK(model.CurrentMeasure() == ResultsModel::Measure::Spent);
    REQUIRE(model.Legend().size() == 3);
    CHECK(model.Legend()[0].hi == 0);
    CHECK(model.LegendLabel(model.Legend()[0]) == FormatEuros(0, "fr"));
    CHECK(model.FormatValue(185000) == FormatEuros(185000, "fr"));
    // The view's map frames the districts with figures, not the whole department.
    CHECK(model.View().zoom > 10.5);
}

TEST_CASE("turnout over time reads the server's counts; days are written as residents say them") {
    ApiClient api("http://127.0.0.1:1", "en");
    ResultsModel model(api, "en", "toulouse", "7");
    model.SetServerResults(PooledResults());
    REQUIRE(model.OverTime().size() == 2);
    CHECK(model.OverTimeByDay());
    CHECK(model.BucketLabel(model.OverTime()[0], true) == "Mar 1");
    ResultsModel fr(api, "fr", "toulouse", "7");
    fr.SetServerResults(PooledResults());
    CHECK(fr.BucketLabel(fr.OverTime()[0], true) == "1er mars");
    CHECK(fr.BucketLabel(fr.OverTime()[1], true) == "2 mars");
    CHECK(fr.StateJson()["over_time"][1]["ballots"] == 350);
}

TEST_CASE("the accessibility mirror reads the results, the comparison, the explanation and the district table") {
    ApiClient api("http://127.0.0.1:1", "fr");
    ResultsModel model(api, "fr", "toulouse", "7");
    LoadPooled(model);
    const json tree = model.AccessibilityTree();
    const std::string text = tree.dump();
    CHECK(text.find("Budget utilisé") != std::string::npos);
    CHECK(text.find("Financés seulement par les parts égales") != std::string::npos);
    const bool explained = text.find("» est financé") != std::string::npos || text.find("» n’est pas financé") != std::string::npos;
    CHECK(explained); // the selected project's explanation
    const json* table = nullptr;
    for (const auto& c : tree["children"])
        if (c.value("id", "") == "district-table") table = &c;
    REQUIRE(table);
    REQUIRE((*table)["rows"].size() == 4);
    CHECK((*table)["rows"][1][0] == "Blagnac");
    CHECK((*table)["rows"][1][1] == "120");
    CHECK((*table)["rows"][3][4] == "non, pas de contour");
    // Every funded project is listed with its votes and cost, and can be explained.
    const auto& winners = model.Results().winners;
    REQUIRE_FALSE(winners.empty());
    CHECK(text.find(model.Row(winners.back())->name) != std::string::npos);
    CHECK(model.Command("explain-" + winners.back()));
    CHECK(model.Selected() == winners.back());
    CHECK(model.CurrentTab() == ResultsModel::Tab::Explain);
    CHECK_FALSE(model.Command("explain-nope"));
    CHECK(model.Command("tab-turnout"));
    CHECK(model.CurrentTab() == ResultsModel::Tab::Turnout);
}

TEST_CASE("the map and turnout tabs draw, and each chart saves as a PNG of its own size") {
    ApiClient api("http://127.0.0.1:1", "fr");
    ResultsModel model(api, "fr", "toulouse", "7");
    LoadPooled(model);
    for (const float scale : {1.0f, 2.0f}) {
        const float width = scale == 1.0f ? 1280.0f : 360.0f, height = scale == 1.0f ? 800.0f : 640.0f;
        testing::HeadlessUi ui(width, height, scale, [&] { DrawResults(model); });
        TakeSavedImages();
        ui.Frame();
        ui.Click("tab-map");
        CHECK(model.CurrentTab() == ResultsModel::Tab::Map);
        ui.Frame();
        auto controls = ui.Controls();
        REQUIRE(controls.contains("district-map"));
        REQUIRE(controls.contains("legend"));
        REQUIRE(controls.contains("district-table"));
        CHECK(controls["district-map"]["w"].get<float>() <= width);
        ui.Click("measure-spent");
        CHECK(model.CurrentMeasure() == ResultsModel::Measure::Spent);
        ui.Frame();
        controls = ui.Controls();
        ui.Click("save-map");
        ui.Frame(); // a chart partly out of view is scrolled in first
        ui.Frame();
        auto saved = TakeSavedImages();
        REQUIRE(saved.size() == 1);
        CHECK(saved[0].filename == "resultats-carte.png");
        CHECK(saved[0].y >= 0);
        CHECK(saved[0].y + saved[0].height <= height * scale + 1); // wholly on the canvas
        CHECK(saved[0].width == doctest::Approx(controls["district-map"]["w"].get<float>() * scale).epsilon(0.02));
        CHECK(saved[0].height == doctest::Approx(controls["district-map"]["h"].get<float>() * scale).epsilon(0.02));

        ui.Click("tab-turnout");
        ui.Frame();
        controls = ui.Controls();
        REQUIRE(controls.contains("turnout-chart"));
        ui.Click("save-turnout");
        ui.Frame(); // a chart partly out of view is scrolled in first
        ui.Frame();
        saved = TakeSavedImages();
        REQUIRE(saved.size() == 1);
        CHECK(saved[0].filename == "resultats-participation.png");
        CHECK(saved[0].width == doctest::Approx(controls["turnout-chart"]["w"].get<float>() * scale).epsilon(0.02));
        CHECK(saved[0].height >= 200 * scale);

        ui.Click("tab-projects");
        ui.Frame();
        ui.Click("save-bars");
        ui.Frame(); // a chart partly out of view is scrolled in first
        ui.Frame();
        saved = TakeSavedImages();
        REQUIRE(saved.size() == 1);
        CHECK(saved[0].filename == "resultats-projets.png");
        CHECK(saved[0].width > 300 * scale);
        // Nothing is saved unless asked.
        ui.Frame();
        CHECK(TakeSavedImages().empty());
    }
}

TEST_CASE("a server answer with wrongly typed fields is read as if they were missing, never thrown on") {
    // In the browser a throw cannot be caught: it would stop every widget on the page.
    ApiClient api("http://127.0.0.1:1", "fr");
    ResultsModel model(api, "fr", "toulouse", "7");
    const json odd = json::parse(R"({"title": 7, "winners": "all",
        "by_district": [{"district": "Toulouse", "ballots": "many", "spent": [], "projects": "3", "funded": null}],
        "turnout": {"by_time": {"bucket": 1, "unknown": "?", "counts": [{"start": "2026-01-01T00:00:00Z", "ballots": "3"}]}}})");
    const std::string pb = ReadFile(std::string(QUARTIER_TEST_DATA) + "/pabulib/France_Toulouse_2022.pb");
    model.Analyse(pb, json{{"name", "greedy"}}, {});
    REQUIRE(model.LoadState() == ResultsModel::Load::Ready);
    CHECK_NOTHROW(model.SetServerResults(odd));
    REQUIRE(model.Districts().size() == 1);
    CHECK(model.Districts()[0].ballots == 0);
    REQUIRE(model.OverTime().size() == 1);
    CHECK(model.OverTime()[0].ballots == 0);
    ResultsModel odd_rule(api, "fr", "toulouse", "7");
    CHECK_NOTHROW(odd_rule.Analyse(pb, json{{"name", 5}, {"sat", 3}}, {}));
    CHECK(odd_rule.LoadState() == ResultsModel::Load::Failed); // said, not thrown

    const auto refused = ParseApiAnswer(400, R"({"error":{"code":5,"field":4,"message":3,"messages":"oui"}})");
    REQUIRE(refused.error);
    CHECK(refused.error->code == "error");
    CHECK(refused.error->field.empty());
}

// The mirror lists what the chart shows: every project, not only the funded ones, each with
// its "Comprendre le résultat" button; the explanation it writes is marked to take focus.
TEST_CASE("the mirror lists all 199 Toulouse projects, funded or not, each one explainable") {
    ApiClient api("http://127.0.0.1:1", "fr");
    ResultsModel model(api, "fr", "toulouse", "7");
    LoadPooled(model);
    const json state = model.StateJson();
    REQUIRE(state["rows"].size() == 199);
    std::set<std::string> labels; // Toulouse has projects of one name: each button still says which
    const json full = model.AccessibilityTree();
    for (const auto& row : state["rows"]) {
        const std::string id = row["id"].get<std::string>();
        const json item = testing::FindNode(full, "row-" + id);
        REQUIRE_MESSAGE(!item.is_null(), "project " << id << " is missing from the mirror");
        CHECK(item["children"][0]["id"] == "explain-" + id);
        labels.insert(item["children"][0]["label"].get<std::string>());
    }
    CHECK(labels.size() == 199);
    std::string unfunded;
    for (const auto& row : state["rows"])
        if (!row["funded"].get<bool>()) unfunded = row["id"].get<std::string>();
    REQUIRE_FALSE(unfunded.empty());
    CHECK(model.Command("explain-" + unfunded));
    const json tree = model.AccessibilityTree();
    bool heading_takes_focus = false;
    for (const auto& c : tree["children"])
        if (c.value("take_focus", false)) heading_takes_focus = c["text"].get<std::string>().find(model.Row(unfunded)->name) != std::string::npos;
    CHECK(heading_takes_focus);
    CHECK(testing::Spoken(tree).find("n’est pas financé") != std::string::npos);
}

namespace {

// Angers (150,000 €) and Beaucouzé (20,000 €) deciding within their own budgets, with a
// city-wide envelope of 30,000 € for the shuttle; the skatepark, most wanted, costs more than
// Beaucouzé's budget.
const char* kSplitPb = "META\nkey;value\nbudget;200000\nvote_type;approval\n"
                       "PROJECTS\nproject_id;cost;name;district\n"
                       "b1;32000;Skatepark;Beaucouzé\nb2;15000;Jardin partagé;Beaucouzé\n"
                       "a1;120000;Piscine;Angers\na2;50000;Pistes cyclables;Angers\nc1;25000;Navette;\n"
                       "VOTES\nvoter_id;vote\n1;b1\n2;b1,b2\n3;b1,a1\n4;a1\n5;a2,b1\n6;b2\n7;c1,a1\n8;c1\n";

class SplitResults : public testing::StandIn {
public:
    SplitResults() {
        Http().Get("/api/v1/tenants/ville/processes/agglo", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(json{{"title", "Agglo"},
                                 {"rule", {{"name", "greedy"}, {"sat", "cost"}}},
                                 {"districts_budgets", {{"Angers", "150000"}, {"Beaucouzé", "20000"}}}}.dump(),
                            "application/json");
        });
        Http().Get("/api/v1/tenants/ville/processes/agglo/results", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(json{{"winners", {"c1", "a1", "b2"}}}.dump(), "application/json");
        });
        Http().Get("/api/v1/tenants/ville/processes/agglo/ballots.pb", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(kSplitPb, "text/plain; charset=utf-8");
        });
        Start();
    }
};

} // namespace

TEST_CASE("the recount decides each district within its own budget, as the server announced") {
    SplitResults server;
    ApiClient api(server.Url(), "fr");
    ResultsModel model(api, "fr", "ville", "agglo");
    model.Refresh();
    PumpPlatformEvents();
    REQUIRE(model.LoadState() == ResultsModel::Load::Ready);
    CHECK(model.RecountState() == ResultsModel::Recount::Match);
    const auto& parts = model.Results().districts;
    REQUIRE(parts.size() == 3);
    CHECK(parts[0].winners == std::vector<std::string>{"c1"});
    CHECK(parts[1].district == "Angers");
    CHECK(parts[1].winners == std::vector<std::string>{"a1"});
    CHECK(parts[2].district == "Beaucouzé");
    CHECK(parts[2].winners == std::vector<std::string>{"b2"});
    CHECK_FALSE(model.Row("b1")->rule_order > 0);
    // The skatepark's explanation speaks of Beaucouzé's voters and money, not the whole town's.
    const auto why = model.Explain("b1");
    REQUIRE(why.size() == 3);
    CHECK(why[0].rfind("Quartier Beaucouzé : 20", 0) == 0);
    CHECK(why[1].find("« Skatepark » n’est pas financé : quand son tour est venu, par ordre de votes, il ne restait que 20") == 0);
    CHECK(why[1].find("moins que son coût de 32") != std::string::npos);

    // Recounted against the whole budget, the skatepark would be funded: not what was announced.
    model.Analyse(kSplitPb, json{{"name", "greedy"}, {"sat", "cost"}}, {"c1", "a1", "b2"});
    CHECK(model.RecountState() == ResultsModel::Recount::Mismatch);
}

// The results widget recounts the published Toulouse 2022 ballots in its own engine and
// says whether it finds the announced winners; then draws headless.
#include "widgets/app/api_client.h"
#include "widgets/app/platform.h"
#include "widgets/app/theme.h"
#include "widgets/app/ui.h"
#include "widgets/results/results_model.h"
#include "widgets/results/results_view.h"
#include "widget_test_support.h"

#include <doctest/doctest.h>
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
    const auto& rounds = model.Results().explanation.rounds;
    REQUIRE_FALSE(rounds.empty());
    const auto funded = model.Explain(rounds[0].project);
    REQUIRE(funded.size() == 3);
    CHECK(funded[1].find("est financé au tour 1") != std::string::npos);
    const auto& unfunded = model.Results().explanation.unfunded;
    REQUIRE_FALSE(unfunded.empty());
    const auto why = model.Explain(unfunded[0].project);
    REQUIRE(why.size() == 2);
    CHECK(why[1].find("n’est pas financé") != std::string::npos);
}

TEST_CASE("a corrupt ballots file is said plainly") {
    ApiClient api("http://127.0.0.1:1", "fr");
    ResultsModel model(api, "fr", "toulouse", "7");
    model.Analyse("META\nkey;value\nbudget;nope\n", json{{"name", "greedy"}}, {});
    CHECK(model.LoadState() == ResultsModel::Load::Failed);
    CHECK(model.RecountState() == ResultsModel::Recount::Failed);
    REQUIRE(model.LoadError());
    CHECK(model.LoadError()->message_fr.find("Les bulletins publiés n’ont pas pu être lus") == 0);
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

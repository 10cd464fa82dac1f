// Headless smoke test of the ballot view: real font atlas and theme, no GPU; every ballot
// kind draws, buttons act through the model, the phone layout keeps touch targets.
#include "widgets/app/api_client.h"
#include "widgets/app/platform.h"
#include "widgets/app/theme.h"
#include "widgets/app/ui.h"
#include "widgets/ballot/ballot_model.h"
#include "widgets/ballot/ballot_view.h"
#include "widget_test_support.h"

#include <doctest/doctest.h>
#include <httplib.h>
#include <imgui.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <thread>

using namespace quartier;
using nlohmann::json;

namespace {

// Serves one process with the given ballot rules (the view test needs only the GET).
struct ProcessServer : testing::StandIn {
    explicit ProcessServer(json ballot) {
        Http().Get("/api/v1/tenants/t/processes/p", [ballot](const httplib::Request&, httplib::Response& res) {
            json projects = json::array();
            for (int i = 1; i <= 12; ++i)
                projects.push_back({{"id", std::to_string(i)},
                                    {"name", "Projet n° " + std::to_string(i) + " : rénovation de l’école"},
                                    {"cost", std::to_string(i * 10000)},
                                    {"category", i % 2 ? "Éducation" : "Nature"},
                                    {"district", "Saint-Cyprien"}});
            res.set_content(json{{"title", "Budget participatif"}, {"phase", "voting"}, {"ballot", ballot},
                                 {"projects", projects}}
                                .dump(),
                            "application/json");
        });
        Start();
    }
};

// A ballot model loaded from a stand-in, drawn headless.
struct Drawn {
    Drawn(json ballot, float w, float h, float scale)
        : server(std::move(ballot)), api(server.Url(), "fr"), model(api, "fr", "t", "p"),
          ui(w, h, scale, [this] { DrawBallot(model); }) {
        model.Refresh();
        PumpPlatformEvents();
        for (int i = 0; i < 3; ++i) ui.Frame();
    }
    ProcessServer server;
    ApiClient api;
    BallotModel model;
    testing::HeadlessUi ui;
};

} // namespace

TEST_CASE("every ballot kind draws, and its buttons act on the model") {
    for (const json& ballot : {json{{"kind", "knapsack"}, {"budget", "100000"}},
                               json{{"kind", "approval"}, {"max_projects", 3}},
                               json{{"kind", "cumulative"}, {"max_points", 5}},
                               json{{"kind", "ranked"}, {"max_projects", 3}}}) {
        CAPTURE(ballot.dump());
        Drawn d(ballot, 1280, 800, 1.0f);
        auto& model = d.model;
        auto& ui = d.ui;
        const auto controls = ui.Controls();
        CHECK(controls.contains("search"));
        CHECK(controls.contains("review"));
        CHECK(controls.contains("progress"));
        if (ballot["kind"] == "cumulative") {
            ui.Click("plus-1");
            CHECK(model.PointsOf("1") == 1);
        } else {
            ui.Click("toggle-1");
            CHECK(model.IsChosen("1"));
        }
        ui.Click("review");
        CHECK(model.CurrentScreen() == BallotModel::Screen::Review);
        ui.Frame();
        CHECK(ui.Controls().contains("code"));
        CHECK(ui.Controls().contains("submit"));
        ui.Click("back");
        CHECK(model.CurrentScreen() == BallotModel::Screen::Choose);
    }
}

TEST_CASE("knapsack: a project over the remaining budget cannot be chosen from the view") {
    Drawn d(json{{"kind", "knapsack"}, {"budget", "45000"}}, 1280, 800, 1.0f);
    auto& model = d.model;
    auto& ui = d.ui;
    REQUIRE(ui.Controls()["toggle-3"]["visible"] == true);
    ui.Click("toggle-3"); // 30 000 €
    REQUIRE(model.IsChosen("3"));
    ui.Frame();
    REQUIRE(ui.Controls()["toggle-2"]["visible"] == true);
    ui.Click("toggle-2"); // 20 000 € > 15 000 € left: the button is disabled
    CHECK_FALSE(model.IsChosen("2"));
    CHECK(model.Remaining().ToString() == "15000");
}

TEST_CASE("on a 360 px phone at 3x, the ballot fits the width with 44 px touch targets") {
    Drawn d(json{{"kind", "cumulative"}, {"max_points", 5}}, 360, 640, 3.0f);
    const auto controls = d.ui.Controls();
    for (const auto& [id, r] : controls.items()) {
        CAPTURE(id);
        CHECK(r["x"].get<float>() + r["w"].get<float>() <= 360.5f);
    }
    for (const std::string id : {"plus-1", "minus-1", "review"}) {
        CAPTURE(id);
        CHECK(controls[id]["h"].get<float>() >= 44.0f);
        CHECK(controls[id]["w"].get<float>() >= 44.0f);
    }
}

TEST_CASE("on a phone the categories are one drop-down list and the first project shows on the first screen") {
    {
        Drawn d(json{{"kind", "approval"}, {"max_projects", 3}}, 360, 640, 3.0f);
        const auto controls = d.ui.Controls();
        CHECK(controls.contains("filter"));
        CHECK_FALSE(controls.contains("filter-0")); // no wall of chips
        REQUIRE(controls.contains("toggle-1"));
        CHECK(controls["toggle-1"]["visible"] == true);
        CHECK(controls["filter"]["h"].get<float>() >= 44.0f);
    }
    // On a wide screen, the chips.
    Drawn wide(json{{"kind", "approval"}, {"max_projects", 3}}, 1280, 800, 1.0f);
    const auto controls = wide.ui.Controls();
    CHECK(controls.contains("filter-0"));
    CHECK_FALSE(controls.contains("filter"));
}

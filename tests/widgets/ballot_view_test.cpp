// Headless smoke test of the ballot view: real font atlas and theme, no GPU; every ballot
// kind draws, buttons act through the model, the phone layout keeps touch targets.
#include "widgets/app/api_client.h"
#include "widgets/app/platform.h"
#include "widgets/app/theme.h"
#include "widgets/app/ui.h"
#include "widgets/ballot/ballot_model.h"
#include "widgets/ballot/ballot_view.h"

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
class ProcessServer {
public:
    explicit ProcessServer(json ballot) {
        m_http.Get("/api/v1/tenants/t/processes/p", [ballot](const httplib::Request&, httplib::Response& res) {
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
        m_port = m_http.bind_to_any_port("127.0.0.1");
        m_thread = std::thread([this] { m_http.listen_after_bind(); });
        while (!m_http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ~ProcessServer() {
        m_http.stop();
        m_thread.join();
    }
    std::string Url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

private:
    httplib::Server m_http;
    int m_port = 0;
    std::thread m_thread;
};

struct Headless {
    Headless(float w, float h, float scale) : scale(scale) {
        ImGui::CreateContext();
        ThemeOptions theme;
        theme.scale = scale;
        ApplyTheme(theme);
        unsigned char* pixels = nullptr;
        int tw = 0, th = 0;
        ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &tw, &th);
        ImGui::GetIO().DisplaySize = ImVec2(w * scale, h * scale);
        ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
    }
    ~Headless() { ImGui::DestroyContext(); }
    void Frame(BallotModel& m) {
        ImGui::NewFrame();
        ClearControls();
        DrawBallot(m);
        ImGui::Render();
    }
    void Click(BallotModel& m, const std::string& id) {
        const auto c = ControlsJson(1.0f);
        REQUIRE_MESSAGE(c.contains(id), "no control " << id);
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = ImVec2(c[id]["x"].get<float>() + c[id]["w"].get<float>() / 2,
                             c[id]["y"].get<float>() + c[id]["h"].get<float>() / 2);
        Frame(m);
        io.MouseDown[0] = true;
        Frame(m);
        io.MouseDown[0] = false;
        Frame(m);
    }
    float scale;
};

} // namespace

TEST_CASE("every ballot kind draws, and its buttons act on the model") {
    for (const json& ballot : {json{{"kind", "knapsack"}, {"budget", "100000"}},
                               json{{"kind", "approval"}, {"max_projects", 3}},
                               json{{"kind", "cumulative"}, {"max_points", 5}},
                               json{{"kind", "ranked"}, {"max_projects", 3}}}) {
        CAPTURE(ballot.dump());
        ProcessServer server(ballot);
        ApiClient api(server.Url(), "fr");
        BallotModel model(api, "fr", "t", "p");
        model.Refresh();
        PumpPlatformEvents();
        Headless ui(1280, 800, 1.0f);
        for (int i = 0; i < 3; ++i) ui.Frame(model);
        const auto controls = ControlsJson(1.0f);
        CHECK(controls.contains("search"));
        CHECK(controls.contains("review"));
        CHECK(controls.contains("progress"));
        if (ballot["kind"] == "cumulative") {
            ui.Click(model, "plus-1");
            CHECK(model.PointsOf("1") == 1);
        } else {
            ui.Click(model, "toggle-1");
            CHECK(model.IsChosen("1"));
        }
        ui.Click(model, "review");
        CHECK(model.CurrentScreen() == BallotModel::Screen::Review);
        ui.Frame(model);
        CHECK(ControlsJson(1.0f).contains("code"));
        CHECK(ControlsJson(1.0f).contains("submit"));
        ui.Click(model, "back");
        CHECK(model.CurrentScreen() == BallotModel::Screen::Choose);
    }
}

TEST_CASE("knapsack: a project over the remaining budget cannot be chosen from the view") {
    ProcessServer server(json{{"kind", "knapsack"}, {"budget", "45000"}});
    ApiClient api(server.Url(), "fr");
    BallotModel model(api, "fr", "t", "p");
    model.Refresh();
    PumpPlatformEvents();
    Headless ui(1280, 800, 1.0f);
    ui.Frame(model);
    REQUIRE(ControlsJson(1.0f)["toggle-3"]["visible"] == true);
    ui.Click(model, "toggle-3"); // 30 000 €
    REQUIRE(model.IsChosen("3"));
    ui.Frame(model);
    REQUIRE(ControlsJson(1.0f)["toggle-2"]["visible"] == true);
    ui.Click(model, "toggle-2"); // 20 000 € > 15 000 € left: the button is disabled
    CHECK_FALSE(model.IsChosen("2"));
    CHECK(model.Remaining().ToString() == "15000");
}

TEST_CASE("on a 360 px phone at 3x, the ballot fits the width with 44 px touch targets") {
    ProcessServer server(json{{"kind", "cumulative"}, {"max_points", 5}});
    ApiClient api(server.Url(), "fr");
    BallotModel model(api, "fr", "t", "p");
    model.Refresh();
    PumpPlatformEvents();
    Headless ui(360, 640, 3.0f);
    for (int i = 0; i < 3; ++i) ui.Frame(model);
    const auto controls = ControlsJson(3.0f);
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

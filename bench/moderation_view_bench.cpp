// CPU time of one moderation-console frame (building ImGui's draw lists; no GPU) with a
// queue of 10,000 proposals, at desktop and phone sizes, idle and while j moves down the
// queue; then the pieces the page asks for now and then (state, accessibility tree). Numbers
// printed, not asserted; the target is ≤ 8 ms a frame in headless Chromium, where the same
// code runs as wasm (bench/web_bench.mjs moderation measures that).
#include "widgets/app/api_client.h"
#include "widgets/app/platform.h"
#include "widgets/app/theme.h"
#include "widgets/app/ui.h"
#include "widgets/moderation/moderation_model.h"
#include "widgets/moderation/moderation_view.h"

#include <httplib.h>
#include <imgui.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <thread>
#include <vector>

using namespace quartier;
using nlohmann::json;

namespace {

double Millis(const std::function<void()>& f) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

void Report(const char* what, std::vector<double> ms) {
    std::sort(ms.begin(), ms.end());
    double sum = 0;
    for (double v : ms) sum += v;
    std::printf("  %-34s mean %.3f ms, median %.3f ms, p99 %.3f ms\n", what, sum / static_cast<double>(ms.size()),
                ms[ms.size() / 2], ms[ms.size() * 99 / 100]);
}

} // namespace

int main(int argc, char** argv) {
    const int n = argc > 1 ? std::atoi(argv[1]) : 10000;
    // The queue as the server would send it, n proposals in 12 districts and 6 categories,
    // one in seven reported.
    json items = json::array();
    const char* categories[] = {"Cadre de vie", "Mobilité", "Propreté", "Culture", "Sport", "Solidarité"};
    for (int i = 1; i <= n; ++i) {
        const bool flagged = i % 7 == 0;
        items.push_back({{"id", i},
                         {"title", "Proposition " + std::to_string(i) + " : un banc près de l’école"},
                         {"description", "Une idée pour le quartier."},
                         {"category", categories[i % 6]},
                         {"latitude", 43.55 + (i % 100) * 0.001},
                         {"longitude", 1.40 + (i / 100 % 100) * 0.001},
                         {"status", "submitted"},
                         {"flags", flagged ? 2 : 0},
                         {"reasons", flagged ? json{"Hors sujet"} : json::array()},
                         {"district", "Quartier " + std::to_string(i % 12 + 1)},
                         {"created_at", "2026-03-01T10:00:00Z"},
                         {"author", "a" + std::to_string(i % 997)},
                         {"duplicates", json::array()}});
    }
    const std::string queue = json{{"items", items},
                                   {"counts", {{"submitted", n}, {"published", 0}, {"hidden", 0}, {"rejected", 0}}},
                                   {"flagged", n / 7}}
                                  .dump();
    httplib::Server http;
    http.Post("/api/v1/auth/login", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(R"({"token":"tok","role":"moderator"})", "application/json");
    });
    http.Get("/api/v1/tenants/t/moderation/queue", [&](const httplib::Request&, httplib::Response& res) {
        res.set_content(queue, "application/json");
    });
    http.Get("/api/v1/tenants/t/districts", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(R"({"type":"FeatureCollection","features":[]})", "application/json");
    });
    const int port = http.bind_to_any_port("127.0.0.1");
    std::thread server([&] { http.listen_after_bind(); });
    while (!http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(2));

    ApiClient api("http://127.0.0.1:" + std::to_string(port), "fr");
    ModerationModel model(api, "fr", "t");
    model.EditEmail() = "moderation@quartier.demo";
    model.EditPassword() = "x";
    model.SignIn();
    for (int i = 0; i < 4 && model.LoadState() != ModerationModel::Load::Ready; ++i) PumpPlatformEvents();
    if (model.LoadState() != ModerationModel::Load::Ready) {
        std::fprintf(stderr, "moderation_view_bench: the queue did not load\n");
        return 1;
    }
    std::printf("moderation console, a queue of %zu proposals\n", model.Visible().size());

    const struct {
        const char* name;
        float w, h, scale;
    } sizes[] = {{"desktop 1280x700 @1x", 1280, 700, 1}, {"phone 360x640 @3x", 360, 640, 3}};
    for (const auto& s : sizes) {
        CreateHeadlessContext(s.w, s.h, s.scale);
        auto frame = [&] {
            ImGui::NewFrame();
            ClearControls();
            DrawModeration(model);
            ImGui::Render();
        };
        for (int i = 0; i < 5; ++i) frame(); // layout settles
        std::vector<double> idle, moving;
        for (int i = 0; i < 200; ++i) idle.push_back(Millis(frame));
        for (int i = 0; i < 200; ++i) {
            if (i % 2 == 0) model.Next();
            moving.push_back(Millis(frame));
        }
        std::printf("%s\n", s.name);
        Report("frame, idle", idle);
        Report("frame, j down the queue", moving);
        ImGui::DestroyContext();
    }
    std::vector<double> state, tree;
    for (int i = 0; i < 20; ++i) {
        state.push_back(Millis([&] { (void)model.StateJson().dump(); }));
        tree.push_back(Millis([&] { (void)model.AccessibilityTree().dump(); }));
    }
    std::printf("asked by the page now and then (not every frame)\n");
    Report("state() as JSON text", state);
    Report("accessibility tree as JSON text", tree);
    http.stop();
    server.join();
    return 0;
}

// Proposal map frame cost, natively: the view-model's cluster query plus the ImGui draw-list
// building of the whole widget (communes filled and outlined, markers, groups), with 1 000,
// 10 000 and 100 000 proposals around Toulouse on the 587 communes of Haute-Garonne. The map
// pans a little every frame so that no query is a repeat. Numbers printed, never asserted.
// (The browser adds WebGL submission on top; wasm runs these loops about 1.5–2× slower.)
#include "widgets/app/api_client.h"
#include "widgets/app/text_field.h"
#include "widgets/app/theme.h"
#include "widgets/app/ui.h"
#include "widgets/map/map_model.h"
#include "widgets/map/map_view.h"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

using namespace quartier;
using Clock = std::chrono::steady_clock;

namespace {

double Ms(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

std::vector<MapProposal> Synthetic(int n) {
    std::vector<MapProposal> out;
    out.reserve(n);
    std::uint64_t x = 12345;
    for (int i = 0; i < n; ++i) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        MapProposal p;
        p.proposal.id = i + 1;
        p.proposal.title = "Proposition " + std::to_string(i + 1);
        p.proposal.category = "Cadre de vie";
        p.proposal.latitude = 43.52 + static_cast<double>((x >> 33) % 100000) * 1.6e-6;   // Toulouse and around
        p.proposal.longitude = 1.33 + static_cast<double>((x >> 13) % 100000) * 2.2e-6;
        p.proposal.status = ProposalStatus::Published;
        p.category = static_cast<int>(i % 9);
        out.push_back(std::move(p));
    }
    return out;
}

struct Stats {
    double mean = 0, p50 = 0, p95 = 0, max = 0;
};

Stats Summarise(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    Stats s;
    for (double d : v) s.mean += d;
    s.mean /= static_cast<double>(v.size());
    s.p50 = v[v.size() / 2];
    s.p95 = v[v.size() * 95 / 100];
    s.max = v.back();
    return s;
}

} // namespace

int main() {
    std::ifstream in(std::string(QUARTIER_SOURCE_DIR) + "/tests/data/geo/communes-31-haute-garonne.geojson");
    std::stringstream ss;
    ss << in.rdbuf();
    const auto districts = nlohmann::json::parse(ss.str());

    CreateHeadlessContext(1280, 800);

    ApiClient api("http://127.0.0.1:1", "fr");
    std::printf("map frame, 1280x800, model query + draw lists (ms): mean / p50 / p95 / max over 300 frames\n");
    std::printf("%-9s %-22s %8s %8s %8s %8s %9s %8s\n", "n", "view", "mean", "p50", "p95", "max", "vertices", "build");
    for (const int n : {1000, 10000, 100000}) {
        MapModel model(api, "bench", "fr", 43.6045, 1.444);
        const auto t0 = Clock::now();
        model.SetDistricts(districts);
        const auto t1 = Clock::now();
        auto proposals = Synthetic(n);
        const auto t1b = Clock::now();
        model.SetProposals(std::move(proposals));
        const auto t2 = Clock::now();
        (void)t1b;
        struct View {
            const char* name;
            double zoom;
        };
        for (const View v : {View{"department (zoom 9)", 9}, View{"city (zoom 12)", 12}, View{"district (zoom 14)", 14},
                             View{"street (zoom 17)", 17}}) {
            model.View().center = ToMercator({1.44, 43.60});
            model.View().zoom = v.zoom;
            std::vector<double> times;
            std::size_t vertices = 0;
            for (int f = 0; f < 320; ++f) {
                const auto a = Clock::now();
                ImGui::NewFrame();
                ClearControls();
                DrawMapWidget(model);
                EndTextFieldsFrame();
                ImGui::Render();
                const auto b = Clock::now();
                if (f >= 20) times.push_back(Ms(a, b)); // after the font and window warm-up
                model.View().PanBy(1.5, 0.7);
                if (f == 319) {
                    const ImDrawData* d = ImGui::GetDrawData();
                    for (int i = 0; i < d->CmdListsCount; ++i) vertices += d->CmdLists[i]->VtxBuffer.Size;
                }
            }
            const Stats s = Summarise(times);
            std::printf("%-9d %-22s %8.3f %8.3f %8.3f %8.3f %9zu %8s\n", n, v.name, s.mean, s.p50, s.p95, s.max, vertices,
                        "");
        }
        std::printf("%-9d %-22s %8s %8s %8s %8s %9s %7.1f  (districts %.1f ms: parse, project, triangulate)\n", n,
                    "index build (filters)", "", "", "", "", "", Ms(t1b, t2), Ms(t0, t1));
    }
    ImGui::DestroyContext();
    return 0;
}

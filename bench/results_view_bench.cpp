// CPU time of one results-widget frame (building ImGui's draw lists; no GPU) with Łódź
// 2022's 160 projects, at desktop and phone sizes. Numbers printed, not asserted; the
// target is ≤ 8 ms a frame in headless Chromium, where the same code runs as wasm.
#include "widgets/app/api_client.h"
#include "widgets/app/theme.h"
#include "widgets/app/ui.h"
#include "widgets/results/results_model.h"
#include "widgets/results/results_view.h"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

using namespace quartier;

int main(int argc, char** argv) {
    const std::string file = argc > 1 ? argv[1] : std::string(QUARTIER_SOURCE_DIR) + "/tests/data/pabulib/Poland_Lodz_2022.pb";
    std::ifstream in(file, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    ApiClient api("http://127.0.0.1:1", "fr");
    ResultsModel model(api, "fr", "bench", "1");
    model.Analyse(ss.str(), nlohmann::json{{"name", "greedy"}}, {});
    if (model.LoadState() != ResultsModel::Load::Ready) {
        std::fprintf(stderr, "results_view_bench: cannot recount %s\n", file.c_str());
        return 1;
    }
    std::printf("%s: %zu projects\n", file.c_str(), model.Results().rows.size());
    const struct {
        const char* name;
        float w, h, scale;
    } sizes[] = {{"desktop 1280x800 @1x", 1280, 800, 1}, {"phone 360x640 @3x", 360, 640, 3}};
    for (const auto& s : sizes) {
        for (auto tab : {ResultsModel::Tab::Projects, ResultsModel::Tab::Compare, ResultsModel::Tab::Explain}) {
            CreateHeadlessContext(s.w, s.h, s.scale);
            model.SetTab(tab);
            std::vector<double> ms;
            for (int i = 0; i < 300; ++i) {
                const auto t0 = std::chrono::steady_clock::now();
                ImGui::NewFrame();
                ClearControls();
                DrawResults(model);
                ImGui::Render();
                ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
            }
            std::sort(ms.begin(), ms.end());
            static const char* kTabs[] = {"projects", "compare", "explain"};
            std::printf("  %-22s tab %-8s frame CPU: median %.3f ms, p99 %.3f ms (target <= 8 ms)\n", s.name,
                        kTabs[static_cast<int>(tab)], ms[ms.size() / 2], ms[ms.size() * 99 / 100]);
            ImGui::DestroyContext();
        }
    }
    return 0;
}

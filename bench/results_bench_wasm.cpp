// The results widget's recount, compiled to WebAssembly and run under Node: read the
// published .pb and compute what the widget shows (the rule's winners, greedy and Equal
// Shares with add1 then greedy, the explanation, votes per project). Default: Łódź 2022
// (160 projects, 90,494 voters); target < 2 s in the browser. Numbers printed only.
//   node --no-experimental-fetch results_bench_wasm.js [FILE.pb] [RULE]
#include "shared/tally/results.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

using namespace quartier;

namespace {
double Now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
std::string DefaultFile() {
    std::string here = __FILE__; // .../bench/results_bench_wasm.cpp, readable through NODERAWFS
    here = here.substr(0, here.rfind('/'));
    here = here.substr(0, here.rfind('/'));
    return here + "/tests/data/pabulib/Poland_Lodz_2022.pb";
}
} // namespace

int main(int argc, char** argv) {
    const std::string file = argc > 1 ? argv[1] : DefaultFile();
    const std::string rule = argc > 2 ? argv[2] : "greedy";
    std::ifstream in(file, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    if (text.empty()) {
        std::fprintf(stderr, "results_bench_wasm: cannot read %s\n", file.c_str());
        return 1;
    }
    for (int run = 0; run < 3; ++run) {
        const double t0 = Now();
        PbElection e;
        PbError err;
        if (!ReadPabulib(text, e, err)) {
            std::fprintf(stderr, "results_bench_wasm: %s\n", err.What().c_str());
            return 1;
        }
        const double parsed = Now();
        RuleSpec spec;
        RuleSpecFromJson(nlohmann::json{{"name", rule}}, spec);
        ElectionResults r;
        if (auto e2 = ComputeResults(e, spec, r)) {
            std::fprintf(stderr, "results_bench_wasm: %s\n", e2->Message("en").c_str());
            return 1;
        }
        const double done = Now();
        std::printf("run %d: %s (wasm): parse %.0f ms, results (%s + greedy + Equal Shares add1+greedy) %.0f ms, "
                    "recount total %.0f ms (target < 2000 ms); %zu projects, %lld voters, %zu funded\n",
                    run + 1, file.substr(file.rfind('/') + 1).c_str(), (parsed - t0) * 1e3, rule.c_str(),
                    (done - parsed) * 1e3, (done - t0) * 1e3, r.rows.size(), static_cast<long long>(r.voters),
                    r.winners.size());
    }
    return 0;
}

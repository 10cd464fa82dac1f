// The tally engine compiled to WebAssembly, run under Node on Toulouse 2022 (199 projects,
// 4,532 voters): the same code the widgets ship. Times printed, target < 1 s.
//   node --no-experimental-fetch tally_bench_wasm.js [FILE.pb]
#include "shared/pabulib/pabulib.h"
#include "shared/tally/tally.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

using namespace quartier;

namespace {

double Now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string DefaultFile() {
    std::string here = __FILE__; // .../bench/tally_bench_wasm.cpp, readable through NODERAWFS
    here = here.substr(0, here.rfind('/'));
    here = here.substr(0, here.rfind('/'));
    return here + "/tests/data/pabulib/France_Toulouse_2022.pb";
}

} // namespace

int main(int argc, char** argv) {
    const std::string file = argc > 1 ? argv[1] : DefaultFile();
    const double t0 = Now();
    std::ifstream in(file, std::ios::binary);
    PbElection e;
    PbError err;
    if (!in || !ReadPabulib(in, e, err)) {
        std::fprintf(stderr, "tally_bench_wasm: %s: %s\n", file.c_str(), err.What().c_str());
        return 1;
    }
    Profile p;
    MakeProfile(e, p);
    const double parsed = Now();
    std::printf("%s (wasm)\n%zu projects, %lld voters\n", file.c_str(), p.projects.size(),
                static_cast<long long>(p.num_voters));
    std::printf("%-34s %9.1f ms\n", "read + parse + group", (parsed - t0) * 1e3);
    struct Case {
        const char* label;
        const char* rule;
        Satisfaction sat;
        Completion completion;
    };
    const Case cases[] = {
        {"greedy, cost", "greedy", Satisfaction::Cost, Completion::None},
        {"mes, cost", "mes", Satisfaction::Cost, Completion::None},
        {"mes, cost, then greedy", "mes", Satisfaction::Cost, Completion::Greedy},
        {"phragmen", "phragmen", Satisfaction::Cost, Completion::None},
        {"mes, cost, budget increase 1 %", "mes", Satisfaction::Cost, Completion::Increase},
        {"mes, cost, add1 (1,619 MES runs)", "mes", Satisfaction::Cost, Completion::Add1},
    };
    double main_rules = 0;
    for (const auto& c : cases) {
        TallyOptions o;
        o.sat = c.sat;
        o.completion = c.completion;
        TallyOutcome out;
        const double t = Now();
        Tally(p, c.rule, o, out);
        const double dt = Now() - t;
        if (c.completion == Completion::None || c.completion == Completion::Greedy) main_rules += dt;
        std::printf("%-34s %9.1f ms  (%zu funded)\n", c.label, dt * 1e3, out.selected.size());
    }
    std::printf("\nparse + greedy + mes + mes/greedy + phragmen: %.1f ms (target < 1000 ms)\n",
                (parsed - t0 + main_rules) * 1e3);
    return 0;
}

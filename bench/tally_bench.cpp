// Speed of the tally engine on the largest Pabulib instance, Łódź 2022 (160 projects,
// 90,494 voters): parse time, every rule's time, peak memory. Printed, never asserted.
// Targets (issue 3): parse < 300 ms, greedy and MES < 50 ms, Phragmén < 200 ms,
// MES add1 < 1 s, peak RSS < 200 MB. pabutools' own times are in reference.json.
//   tally_bench [FILE.pb] [REPEATS]
#include "shared/pabulib/pabulib.h"
#include "shared/tally/tally.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace quartier;

namespace {

double Now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

template <class F>
double Median(int repeats, F&& f) {
    std::vector<double> t;
    for (int i = 0; i < repeats; ++i) {
        const double t0 = Now();
        f();
        t.push_back(Now() - t0);
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
    const std::string file =
        argc > 1 ? argv[1] : std::string(QUARTIER_SOURCE_DIR) + "/tests/data/pabulib/Poland_Lodz_2022.pb";
    const int repeats = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "tally_bench: cannot open %s\n", file.c_str());
        return 1;
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    const std::string text = buf.str();

    PbElection e;
    PbError err;
    const double parse = Median(repeats, [&] {
        if (!ReadPabulib(text, e, err)) std::fprintf(stderr, "%s\n", err.What().c_str());
    });
    Profile p;
    const double profile = Median(repeats, [&] { MakeProfile(e, p); });
    std::printf("%s\n%zu projects, %lld voters, %zu distinct ballots, budget %s\n\n", file.c_str(),
                p.projects.size(), static_cast<long long>(p.num_voters), p.groups.size(),
                FormatUnits(p.budget, p.money_scale).c_str());
    std::printf("%-40s %10.1f ms  (target < 300 ms)\n", "parse .pb (from memory)", parse * 1e3);
    std::printf("%-40s %10.1f ms\n", "group ballots (profile)", profile * 1e3);

    struct Case {
        const char* label;
        const char* rule;
        Satisfaction sat;
        Completion completion;
        const char* target;
    };
    const Case cases[] = {
        {"greedy, cost", "greedy", Satisfaction::Cost, Completion::None, "< 50 ms"},
        {"greedy, cardinality", "greedy", Satisfaction::Cardinality, Completion::None, "< 50 ms"},
        {"mes, cost", "mes", Satisfaction::Cost, Completion::None, "< 50 ms"},
        {"mes, cardinality", "mes", Satisfaction::Cardinality, Completion::None, "< 50 ms"},
        {"mes, cost, then greedy", "mes", Satisfaction::Cost, Completion::Greedy, ""},
        {"mes, cost, add1", "mes", Satisfaction::Cost, Completion::Add1, "< 1 s"},
        {"mes, cost, add1 then greedy", "mes", Satisfaction::Cost, Completion::Add1Greedy, "< 1 s"},
        {"mes, cardinality, add1", "mes", Satisfaction::Cardinality, Completion::Add1, "< 1 s"},
        {"mes, cost, budget increase 1 %", "mes", Satisfaction::Cost, Completion::Increase, ""},
        {"phragmen", "phragmen", Satisfaction::Cost, Completion::None, "< 200 ms"},
    };
    for (const auto& c : cases) {
        TallyOptions o;
        o.sat = c.sat;
        o.completion = c.completion;
        TallyOutcome out;
        const double t = Median(repeats, [&] { Tally(p, c.rule, o, out); });
        std::printf("%-40s %10.1f ms  (%d runs, %d exact; %zu funded)%s%s\n", c.label, t * 1e3, out.inner_runs,
                    out.exact_runs, out.selected.size(), *c.target ? "  target " : "", c.target);
    }
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    std::printf("\npeak RSS %.1f MB (target < 200 MB; includes the file text kept in memory)\n",
                static_cast<double>(ru.ru_maxrss) / 1024.0);
    return 0;
}

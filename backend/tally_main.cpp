// quartier-tally: tallies a Pabulib .pb file with one rule and prints the winners, as a
// table or as JSON. Tools and checks depend on the exact interface:
//   quartier-tally FILE.pb --rule greedy|mes|phragmen [--sat cost|cardinality|points|borda]
//       [--completion none|greedy|add1|add1+greedy|increase] [--step-percent P] [--json]
//       [--explain]
#include "shared/pabulib/pabulib.h"
#include "shared/tally/tally.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

using namespace quartier;

namespace {

const char* const kUsage =
    "usage: quartier-tally FILE.pb --rule greedy|mes|phragmen [--sat cost|cardinality|points|borda]\n"
    "                      [--completion none|greedy|add1|add1+greedy|increase] [--step-percent P]\n"
    "                      [--json] [--explain]\n";

int Fail(const std::string& message) {
    std::cerr << "quartier-tally: " << message << "\n";
    return 2;
}

double Seconds(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

} // namespace

int main(int argc, char** argv) {
    std::string file, rule;
    TallyOptions options;
    bool json = false, sat_given = false, completion_given = false, step_given = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&](const char* flag) -> const char* {
            if (i + 1 >= argc) return nullptr;
            (void)flag;
            return argv[++i];
        };
        if (arg == "--rule") {
            const char* v = value("--rule");
            if (!v) return Fail("--rule needs a value\n" + std::string(kUsage));
            rule = v;
        } else if (arg == "--sat") {
            const char* v = value("--sat");
            if (!v || !ParseSatisfaction(v, options.sat))
                return Fail("--sat must be cost, cardinality, points or borda");
            sat_given = true;
        } else if (arg == "--completion") {
            const char* v = value("--completion");
            if (!v || !ParseCompletion(v, options.completion))
                return Fail("--completion must be none, greedy, add1, add1+greedy or increase");
            completion_given = true;
        } else if (arg == "--step-percent") {
            const char* v = value("--step-percent");
            if (!v || !Decimal::Parse(v, options.step_percent) || options.step_percent.units <= 0)
                return Fail("--step-percent must be a positive number");
            step_given = true;
        } else if (arg == "--json") {
            json = true;
        } else if (arg == "--explain") {
            options.explain = true;
        } else if (arg == "--help" || arg == "-h") {
            std::cout << kUsage;
            return 0;
        } else if (!arg.empty() && arg[0] == '-') {
            return Fail("unknown option " + arg + "\n" + kUsage);
        } else if (file.empty()) {
            file = arg;
        } else {
            return Fail("more than one file given\n" + std::string(kUsage));
        }
    }
    if (file.empty()) return Fail("no .pb file given\n" + std::string(kUsage));
    if (rule.empty()) return Fail("no --rule given\n" + std::string(kUsage));
    const TallyRule* r = FindTallyRule(rule);
    if (!r) return Fail("unknown rule \"" + rule + "\" (greedy, mes or phragmen)");
    if (!r->UsesSatisfaction() && sat_given) return Fail("--sat does not apply to " + rule);
    if (!r->UsesCompletion() && (completion_given || step_given))
        return Fail("--completion and --step-percent only apply to mes");
    if (step_given && options.completion != Completion::Increase)
        return Fail("--step-percent only applies with --completion increase");

    std::ifstream in(file, std::ios::binary);
    if (!in) return Fail("cannot open " + file);
    in.seekg(0, std::ios::end);
    const auto size = static_cast<long long>(in.tellg());
    in.seekg(0, std::ios::beg);
    const bool big = size > (1 << 20);
    if (big) std::cerr << "quartier-tally: reading " << file << " (" << (size >> 10) << " KiB)...\n";
    const auto t0 = std::chrono::steady_clock::now();
    PbElection election;
    PbError err;
    if (!ReadPabulib(in, election, err)) return Fail(file + ": " + err.What());
    Profile profile;
    const std::string perr = MakeProfile(election, profile);
    if (!perr.empty()) return Fail(file + ": " + perr);
    const double parse_seconds = Seconds(t0);
    if (big)
        std::cerr << "quartier-tally: " << election.voters.size() << " voters (" << profile.groups.size()
                  << " distinct ballots), " << profile.projects.size() << " projects; tallying with " << rule
                  << "...\n";

    const auto t1 = std::chrono::steady_clock::now();
    TallyOutcome outcome;
    if (auto e = Tally(profile, rule, options, outcome)) return Fail(e->Message("en"));
    const double seconds = Seconds(t1);

    const std::string total = FormatUnits(outcome.total_cost, profile.money_scale);
    const std::string budget = FormatUnits(profile.budget, profile.money_scale);
    if (json) {
        nlohmann::json j;
        j["file"] = file;
        j["rule"] = rule;
        if (r->UsesSatisfaction()) j["sat"] = ToString(options.sat);
        if (r->UsesCompletion()) j["completion"] = ToString(options.completion);
        if (options.completion == Completion::Increase) j["step_percent"] = options.step_percent.ToString();
        nlohmann::json winners = nlohmann::json::array();
        for (auto i : outcome.selected) winners.push_back(profile.projects[static_cast<size_t>(i)].id);
        j["winners"] = winners;
        if (profile.money_scale == 1) j["total_cost"] = outcome.total_cost;
        else j["total_cost"] = static_cast<double>(outcome.total_cost) / static_cast<double>(profile.money_scale);
        j["total_cost_exact"] = total;
        j["budget"] = budget;
        j["voters"] = profile.num_voters;
        j["projects"] = profile.projects.size();
        j["seconds"] = seconds;
        j["parse_seconds"] = parse_seconds;
        j["inner_runs"] = outcome.inner_runs;
        j["exact_runs"] = outcome.exact_runs;
        if (outcome.explanation) j["explanation"] = ToJson(*outcome.explanation);
        std::cout << j.dump() << "\n";
        return 0;
    }
    std::cout << file << "\n" << rule;
    if (r->UsesSatisfaction()) std::cout << ", satisfaction " << ToString(options.sat);
    if (r->UsesCompletion()) std::cout << ", completion " << ToString(options.completion);
    std::cout << ": " << outcome.selected.size() << " of " << profile.projects.size()
              << " projects funded, total cost " << total << " of " << budget << "\n\n";
    const int name_col = election.ProjectColumn("name");
    std::printf("%4s  %-12s %14s  %s\n", "#", "project", "cost", "name");
    for (size_t k = 0; k < outcome.selected.size(); ++k) {
        const auto i = static_cast<size_t>(outcome.selected[k]);
        std::string name = name_col >= 0 ? election.projects[i].cells[static_cast<size_t>(name_col)] : "";
        if (name.size() > 70) { // cut on a UTF-8 character boundary
            size_t cut = 67;
            while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
            name = name.substr(0, cut) + "...";
        }
        std::printf("%4zu  %-12s %14s  %s\n", k + 1, profile.projects[i].id.c_str(),
                    FormatUnits(profile.projects[i].cost, profile.money_scale).c_str(), name.c_str());
    }
    if (outcome.explanation) std::cout << "\n" << ToJson(*outcome.explanation).dump(2) << "\n";
    std::printf("\nparsed in %.3f s, tallied in %.3f s\n", parse_seconds, seconds);
    return 0;
}

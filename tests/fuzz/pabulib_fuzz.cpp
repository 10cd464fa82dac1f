// Fuzzes the .pb reader: any bytes must give a file or an error, never a crash; what reads
// must write and read back the same; and every tally rule must run on it.
#include "shared/pabulib/pabulib.h"
#include "shared/tally/tally.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace quartier;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    PbElection e;
    PbError err;
    if (!ReadPabulib(text, e, err)) {
        if (err.message.empty()) std::abort(); // an error must say what is wrong
        return 0;
    }
    PbElection back;
    if (!ReadPabulib(WritePabulib(e), back, err)) std::abort();
    if (back.projects.size() != e.projects.size() || back.voters.size() != e.voters.size() ||
        back.budget != e.budget || back.vote_type != e.vote_type)
        std::abort();
    for (size_t i = 0; i < e.voters.size(); ++i)
        if (back.voters[i].ballot != e.voters[i].ballot || back.voters[i].points != e.voters[i].points) std::abort();
    Profile p;
    if (!MakeProfile(e, p).empty()) return 0;
    for (const auto* rule : TallyRules()) {
        for (auto sat : {Satisfaction::Cost, Satisfaction::Cardinality, Satisfaction::Points, Satisfaction::Borda}) {
            TallyOptions o;
            o.sat = sat;
            o.explain = true;
            TallyOutcome out;
            if (Tally(p, rule->Name(), o, out)) continue;
            if (out.total_cost > p.budget) std::abort();
        }
    }
    return 0;
}

// Fuzzes ballot validation with arbitrary JSON against every ballot kind: never a crash,
// always a verdict, and an error always names a field and reads in both languages.
#include "shared/ballot/ballot.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>

using namespace quartier;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    if (size < 2) return 0;
    // The first two bytes shape the vote's limits, the rest is the ballot.
    BallotConfig c;
    c.projects = {{"1", Decimal::FromInt(500)}, {"2", Decimal::FromInt(700)}, {"3", Decimal{12050, 2}},
                  {"éco", Decimal::FromInt(0)}};
    c.min_projects = data[0] & 3;
    c.max_projects = (data[0] >> 2) & 7;
    c.budget = Decimal{static_cast<std::int64_t>(data[1]) * 1000, data[1] & 1};
    c.max_points = data[1] & 15;
    c.max_points_per_project = (data[0] >> 5) & 7;
    const auto ballot = nlohmann::json::parse(data + 2, data + size, nullptr, false);
    if (ballot.is_discarded()) return 0;
    for (const auto* kind : BallotKinds()) {
        c.kind = kind->Name();
        const auto v = ValidateBallot(ballot, c);
        if (v && (v->code.empty() || v->field.empty() || v->Message("en").empty() || v->Message("fr").empty()))
            std::abort();
    }
    return 0;
}

// The list of tally rules (one line each) and the names of satisfactions and completions.
#include "shared/tally/tally_internal.h"

namespace quartier {

const std::vector<const TallyRule*>& TallyRules() {
    static const std::vector<const TallyRule*> rules = {
        &GreedyRule(),
        &EqualSharesRule(),
        &PhragmenRule(),
    };
    return rules;
}

const TallyRule* FindTallyRule(std::string_view name) {
    for (const auto* r : TallyRules())
        if (name == r->Name()) return r;
    return nullptr;
}

Validation Tally(const Profile& p, std::string_view rule, const TallyOptions& o, TallyOutcome& out) {
    const TallyRule* r = FindTallyRule(rule);
    if (!r)
        return FieldError{"unknown_rule", "rule", Msg("Règle de dépouillement inconnue « {} ».", rule)};
    if (auto e = r->Check(p, o)) return e;
    out = r->Run(p, o);
    return std::nullopt;
}

namespace {
const char* const kSatNames[] = {"cost", "cardinality", "points", "borda"};
const char* const kCompletionNames[] = {"none", "greedy", "add1", "add1+greedy", "increase"};
} // namespace

const char* ToString(Satisfaction s) { return kSatNames[static_cast<int>(s)]; }
const char* ToString(Completion c) { return kCompletionNames[static_cast<int>(c)]; }

bool ParseSatisfaction(std::string_view text, Satisfaction& out) {
    for (int i = 0; i < 4; ++i)
        if (text == kSatNames[i]) {
            out = static_cast<Satisfaction>(i);
            return true;
        }
    return false;
}

bool ParseCompletion(std::string_view text, Completion& out) {
    for (int i = 0; i < 5; ++i)
        if (text == kCompletionNames[i]) {
            out = static_cast<Completion>(i);
            return true;
        }
    return false;
}

} // namespace quartier

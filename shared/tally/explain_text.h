// Why each project came out as it did, in sentences residents read. One text for the results
// widget (on its in-browser recount) and the plain pages (on the server's count), so that
// a keyboard, a screen reader or a browser without JavaScript are told the same thing.
#pragma once

#include "shared/tally/results.h"

#include <string>
#include <vector>

namespace quartier {

// The explanation of project id's outcome under the process's rule, first line first (the
// first line alone says funded or not, and why, for lists): Equal Shares gives the share
// each voter holds, the round it was funded in or why its supporters could not pay; greedy
// gives the money left when its turn came, then what Equal Shares would have done. Empty
// when id is not in r.rows. lang: "fr…" for French, anything else English.
std::vector<std::string> ExplainOutcome(const ElectionResults& r, const std::string& id, const std::string& lang);

// What a tally rule does, in two or three plain sentences for the staff who choose it and the
// residents who read it ("greedy", "mes", "phragmen"; empty for another name).
std::string RuleInPlainWords(const std::string& rule, const std::string& lang);

} // namespace quartier

// "Facile à lire et à comprendre" (FALC, easy-to-read): how to vote and how the count works,
// in short sentences, one idea a line, everyday words, numbers in digits — for residents far
// from written French or English, beside the ballot and on the plain pages. The commune may
// write its own (a process's easy_read); these are the texts it starts from, made from the
// ballot's settings and the tally rule so that they always say what this vote really asks.
#pragma once

#include "shared/ballot/ballot.h"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace quartier {

struct EasyRead {
    std::string vote;  // how to vote: lines separated by '\n'
    std::string count; // how the votes are counted
};

// The default texts for a ballot (its kind, limits, budget), a tally rule ("greedy", "mes",
// "phragmen"), whether each district has its own budget, and whether voters need a code.
// lang: the reader's language; the sentences come from the catalogs of po/.
EasyRead DefaultEasyRead(const BallotConfig& ballot, const std::string& rule, bool district_budgets,
                         const std::string& lang);

// The most characters a commune's own easy-read text may have (each text, each language).
constexpr std::size_t kMaxEasyReadChars = 4000;

} // namespace quartier

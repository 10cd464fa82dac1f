// Likely duplicates among proposals: two residents often propose the same thing at the same
// place in different words. The server (moderation queue) and the console share this rule so
// that what the server suggests is what the console would find.
#pragma once

#include "shared/geo/geo.h"

#include <set>
#include <string>

namespace quartier {

// The words that carry a title's meaning: lower case, French accents folded, words shorter
// than three letters and common ones ("les", "pour", "rue"…) dropped.
std::set<std::string> TitleWords(const std::string& title);
// Word overlap (Jaccard, 0..1) of two titles or of their TitleWords: "Jardin partagé rue des
// Lilas" and "un jardin partage rue des lilas" score 1.
double TitleSimilarity(const std::string& a, const std::string& b);
double TitleSimilarity(const std::set<std::string>& a, const std::set<std::string>& b);

struct DuplicateRule {
    double max_metres = 300.0;     // "the same place": within a few hundred metres
    double min_similarity = 0.3;   // and at least this much word overlap in the titles
};

// True when two proposals are likely the same: similar titles AND nearby places. metres
// (optional) receives their distance.
bool LikelyDuplicate(const std::set<std::string>& words_a, LonLat a, const std::set<std::string>& words_b,
                     LonLat b, double* metres = nullptr, const DuplicateRule& rule = DuplicateRule());

} // namespace quartier

// Likely duplicates: title words and distance (see duplicates.h).
#include "shared/duplicates.h"

#include <cctype>
#include <cstring>

namespace quartier {

std::set<std::string> TitleWords(const std::string& text) {
    static const std::pair<const char*, const char*> kFold[] = {
        {"à", "a"}, {"â", "a"}, {"ä", "a"}, {"ç", "c"}, {"é", "e"}, {"è", "e"}, {"ê", "e"}, {"ë", "e"},
        {"î", "i"}, {"ï", "i"}, {"ô", "o"}, {"ö", "o"}, {"ù", "u"}, {"û", "u"}, {"ü", "u"}, {"ÿ", "y"},
        {"œ", "oe"}, {"À", "a"}, {"Â", "a"}, {"Ç", "c"}, {"É", "e"}, {"È", "e"}, {"Ê", "e"}, {"Î", "i"},
        {"Ô", "o"}, {"Ù", "u"}, {"Û", "u"}, {"Œ", "oe"}};
    static const std::set<std::string> kStop = {"les", "des", "une", "pour", "aux", "dans", "sur", "avec",
                                                "the", "and", "for", "par", "rue", "de", "du", "la", "le"};
    std::string folded;
    for (size_t i = 0; i < text.size();) {
        bool done = false;
        for (const auto& [from, to] : kFold) {
            const size_t n = std::strlen(from);
            if (text.compare(i, n, from) == 0) {
                folded += to;
                i += n;
                done = true;
                break;
            }
        }
        if (done) continue;
        const auto c = static_cast<unsigned char>(text[i++]);
        folded += std::isalnum(c) ? static_cast<char>(std::tolower(c)) : ' ';
    }
    std::set<std::string> words;
    size_t start = 0;
    while (start < folded.size()) {
        const size_t end = folded.find(' ', start);
        const std::string w = folded.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (w.size() >= 3 && !kStop.count(w)) words.insert(w);
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return words;
}

double TitleSimilarity(const std::set<std::string>& wa, const std::set<std::string>& wb) {
    if (wa.empty() || wb.empty()) return 0.0;
    size_t common = 0;
    for (const auto& w : wa) common += wb.count(w);
    return static_cast<double>(common) / static_cast<double>(wa.size() + wb.size() - common);
}

double TitleSimilarity(const std::string& a, const std::string& b) { return TitleSimilarity(TitleWords(a), TitleWords(b)); }

bool LikelyDuplicate(const std::set<std::string>& words_a, LonLat a, const std::set<std::string>& words_b, LonLat b,
                     double* metres, const DuplicateRule& rule) {
    const double d = DistanceMetres(a, b);
    if (metres) *metres = d;
    return d <= rule.max_metres && TitleSimilarity(words_a, words_b) >= rule.min_similarity;
}

} // namespace quartier

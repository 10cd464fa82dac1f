// Interface words in French and English: the widget picks by its language code. Texts live
// beside the view that shows them, as Tr(lang, "français", "English") pairs.
#pragma once

#include <string>

namespace quartier {

inline bool IsFrench(const std::string& lang) { return lang.rfind("fr", 0) == 0; }

inline const char* Tr(const std::string& lang, const char* fr, const char* en) {
    return IsFrench(lang) ? fr : en;
}

} // namespace quartier

// Interface words: Tr(lang, "français") and its kin from shared/i18n.h, the catalogs of po/.
// Texts that still pick between French and English inline (IsFrench(lang) ? … : …) read
// English in a third language until they move to the catalogs.
#pragma once

#include "shared/i18n.h"

#include <nlohmann/json.hpp>

#include <string>

namespace quartier {

inline bool IsFrench(const std::string& lang) { return lang.rfind("fr", 0) == 0; }

// A text the server gives by language ({"fr": "…", "en": "…"}: a calendar's sentence, a
// commune's easy-to-read text) in lang, else as the catalogs fall back: English, then French.
inline std::string InLanguage(const nlohmann::json& texts, const std::string& lang) {
    if (!texts.is_object()) return "";
    const std::string base = lang.substr(0, lang.find_first_of("-_")); // "es-ES" -> "es"
    for (const std::string& l : {base, std::string("en"), std::string("fr")}) {
        const auto it = texts.find(l);
        if (it != texts.end() && it->is_string() && !it->get<std::string>().empty()) return it->get<std::string>();
    }
    return "";
}

} // namespace quartier

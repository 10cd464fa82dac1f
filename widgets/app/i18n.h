// Interface words: Tr(lang, "français") and its kin from shared/i18n.h, the catalogs of po/.
// Texts that still pick between French and English inline (IsFrench(lang) ? … : …) read
// English in a third language until they move to the catalogs.
#pragma once

#include "shared/i18n.h"

#include <string>

namespace quartier {

inline bool IsFrench(const std::string& lang) { return lang.rfind("fr", 0) == 0; }

} // namespace quartier

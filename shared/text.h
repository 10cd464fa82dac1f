// Small text helpers the model needs for validation and display: lengths in characters
// (not bytes) for UTF-8 input, trimming, and euro amounts written the French way.
#pragma once

#include "shared/decimal.h"

#include "shared/message.h"

#include <cstdint>

#include <string>
#include <string_view>

namespace quartier {

// Number of Unicode code points in valid UTF-8; -1 when the bytes are not valid UTF-8.
long Utf8Length(std::string_view s);

// s without leading and trailing ASCII white space.
std::string Trim(std::string_view s);

// A place name reduced for matching: lower case, accents and ligatures folded, every run of
// punctuation or space one space, "St"/"Ste" spelt out: "Saint-Orens-de-Gameville",
// "ST ORENS DE GAMEVILLE" and "saint orens de gameville" all give "saint orens de gameville".
std::string FoldName(std::string_view s);
// True when key names this district: its code exactly, or its name once folded.
bool SameDistrict(std::string_view key, std::string_view code, std::string_view name);

// "de" and a place's name as French writes it: "de Toulouse", "d’Angers", "d’Écully",
// "d’Hérouville" (a mute h), "du Havre", "des Ulis". Wherever a text says "de " + a commune.
std::string FrenchOf(std::string_view place);
// The same put into a message (shared/message.h): "de Toulouse" in French, the bare name in the
// other languages, whose sentence carries its own "of" ("outside {}", "fuera de {}").
ByLanguage OfPlace(std::string place);

// 12345 -> "12 345" (French, narrow no-break space) or "12,345" (English).
std::string FormatCount(std::int64_t n, const std::string& lang);
// A count and its noun, singular or plural as the language wants it (the catalog's plural
// rule): French takes the singular for 0 and 1 ("0 vote", "1 vote", "2 votes"), English for
// 1 only ("0 votes"). The nouns are French, translated by the catalogs.
std::string CountOf(std::int64_t n, const std::string& lang, const char* one, const char* many);

// 12345 -> "12 345 €" (French, narrow no-break space) or "€12,345" (English).
std::string FormatEuros(std::int64_t euros, const std::string& lang);
// Exact amounts: cents shown only when there are some ("1 200,50 €", "€1,200.50").
std::string FormatEuros(const Decimal& amount, const std::string& lang);

} // namespace quartier

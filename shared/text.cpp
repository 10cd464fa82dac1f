// UTF-8 length, trimming and euro formatting, shared by validation and the widgets.
#include "shared/text.h"

#include "shared/i18n.h"

#include <cctype>

namespace quartier {

long Utf8Length(std::string_view s) {
    long count = 0;
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || i + len > s.size()) return -1;
        if (len == 2 && c < 0xC2) return -1; // overlong
        for (size_t k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return -1;
        if (len == 3) {
            const auto c1 = static_cast<unsigned char>(s[i + 1]);
            if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) return -1; // overlong, surrogate
        }
        if (len == 4) {
            const auto c1 = static_cast<unsigned char>(s[i + 1]);
            if ((c == 0xF0 && c1 < 0x90) || c > 0xF4 || (c == 0xF4 && c1 >= 0x90)) return -1;
        }
        i += len;
        ++count;
    }
    return count;
}

std::string Trim(std::string_view s) {
    const char* ws = " \t\r\n\f\v";
    const auto b = s.find_first_not_of(ws);
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(ws);
    return std::string(s.substr(b, e - b + 1));
}

std::string FrenchOf(std::string_view place) {
    const std::string name = Trim(place);
    auto starts = [&](std::string_view p) { return name.compare(0, p.size(), p) == 0; };
    // The article joins "de": le → du, les → des (la and l’ stay: "de La Rochelle").
    if (starts("Le ")) return "du " + name.substr(3);
    if (starts("Les ")) return "des " + name.substr(4);
    if (name.empty()) return "de ";
    const auto c = static_cast<unsigned char>(name[0]);
    const char lower = static_cast<char>(std::tolower(c));
    bool elide = false;
    if (c < 0x80) {
        const char next = name.size() > 1 ? static_cast<char>(std::tolower(static_cast<unsigned char>(name[1]))) : 0;
        const bool next_vowel = next && std::string_view("aeiouy").find(next) != std::string_view::npos;
        if (std::string_view("aeiou").find(lower) != std::string_view::npos) elide = true;
        // Y before a consonant is a vowel (Yvetot, Yssingeaux); before a vowel it is not (Yonne).
        else if (lower == 'y') elide = next && !next_vowel;
        // A mute h: before an accented vowel or y (Hérouville, Hyères); Haguenau keeps "de".
        else if (lower == 'h') elide = next == 'y' || (name.size() > 2 && static_cast<unsigned char>(name[1]) == 0xC3);
    } else if (c == 0xC3 && name.size() > 1) {
        // Latin-1 letters U+00C0..U+00DD and their lower case: À Â Ä É È Ê Ë Î Ï Ô Ö Ù Û Ü …
        const unsigned k = static_cast<unsigned char>(name[1]) & 0xDF; // upper case (U+00C0 + k - 0x80)
        elide = (k >= 0x80 && k <= 0x86) || (k >= 0x88 && k <= 0x8F) || (k >= 0x92 && k <= 0x96) ||
                (k >= 0x98 && k <= 0x9D);
    } else if (c == 0xC5 && name.size() > 1 && (name[1] == '\x92' || name[1] == '\x93')) {
        elide = true; // Œ
    }
    return elide ? "d’" + name : "de " + name;
}

std::string FoldName(std::string_view s) {
    // Latin-1 Supplement letters U+00C0..U+00FF, folded (× and ÷ become spaces).
    static const char* kFold = "aaaaaaaceeeeiiiidnooooo ouuuuyts"
                               "aaaaaaaceeeeiiiidnooooo ouuuuyty";
    std::string folded;
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            folded += std::isalnum(c) ? static_cast<char>(std::tolower(c)) : ' ';
            ++i;
        } else if (c == 0xC3 && i + 1 < s.size()) {
            const int k = static_cast<unsigned char>(s[i + 1]) - 0x80; // U+00C0 + k
            if (k == 0x06 || k == 0x26) folded += "ae";
            else if (k == 0x1F) folded += "ss";
            else if (k >= 0 && k < 64) folded += kFold[k];
            i += 2;
        } else if (c == 0xC5 && i + 1 < s.size() && (s[i + 1] == '\x92' || s[i + 1] == '\x93')) {
            folded += "oe"; // Œ œ
            i += 2;
        } else {
            folded += ' '; // any other character (’, «, dashes): a separator
            ++i;
            while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
        }
    }
    std::string out, word;
    auto flush = [&] {
        if (word.empty()) return;
        if (word == "st") word = "saint";
        if (word == "ste") word = "sainte";
        if (!out.empty()) out += ' ';
        out += word;
        word.clear();
    };
    for (char ch : folded) {
        if (ch == ' ') flush();
        else word += ch;
    }
    flush();
    return out;
}

bool SameDistrict(std::string_view key, std::string_view code, std::string_view name) {
    const std::string k = Trim(key);
    if (k.empty()) return false;
    if (!code.empty() && k == code) return true;
    return !name.empty() && FoldName(k) == FoldName(name);
}

ByLanguage OfPlace(std::string place) {
    return ByLanguage{[place = std::move(place)](const std::string& lang) {
        return IsSourceLanguage(lang) ? FrenchOf(place) : place;
    }};
}

std::string FormatCount(std::int64_t n, const std::string& lang) {
    std::string digits = std::to_string(n < 0 ? -n : n);
    // TRANSLATORS: what groups a number's digits by three; French: a narrow no-break space.
    const std::string sep = TrC(lang, "thousands separator", "\u202f");
    std::string grouped;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) grouped += sep;
        grouped += digits[i];
    }
    return n < 0 ? "-" + grouped : grouped;
}

std::string CountOf(std::int64_t n, const std::string& lang, const char* one, const char* many) {
    return FormatCount(n, lang) + " " + TrN(lang, n < 0 ? -n : n, one, many);
}

namespace {
std::string Euros(const std::string& number, const std::string& lang) {
    // TRANSLATORS: an amount in euros, {} being the number; French: the number, a no-break space, €.
    return Fill(TrC(lang, "money", "{}\u00a0€"), number);
}
} // namespace

std::string FormatEuros(std::int64_t euros, const std::string& lang) {
    return Euros(FormatCount(euros, lang), lang);
}

std::string FormatEuros(const Decimal& amount, const std::string& lang) {
    if (amount.scale == 0) return FormatEuros(amount.units, lang);
    std::int64_t cents = 0;
    if (!amount.ToUnits(2, cents)) return Euros(amount.ToString(), lang);
    const bool negative = cents < 0;
    if (negative) cents = -cents;
    const std::string c = (cents % 100 < 10 ? "0" : "") + std::to_string(cents % 100);
    // "1 200,50 €", "€1,200.50"
    // TRANSLATORS: what separates whole units from the decimals; French: a comma.
    const std::string number = FormatCount(cents / 100, lang) + TrC(lang, "decimal separator", ",") + c;
    const std::string out = Euros(number, lang);
    return negative ? "-" + out : out;
}

} // namespace quartier

// UTF-8 length, trimming and euro formatting, shared by validation and the widgets.
#include "shared/text.h"

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

std::string FormatCount(std::int64_t n, const std::string& lang) {
    const bool fr = lang.rfind("fr", 0) == 0;
    std::string digits = std::to_string(n < 0 ? -n : n);
    const std::string sep = fr ? "\u202f" : ",";
    std::string grouped;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) grouped += sep;
        grouped += digits[i];
    }
    return n < 0 ? "-" + grouped : grouped;
}

std::string FormatEuros(std::int64_t euros, const std::string& lang) {
    const bool fr = lang.rfind("fr", 0) == 0;
    const std::string grouped = FormatCount(euros, lang);
    return fr ? grouped + "\u00a0€" : "€" + grouped;
}

std::string FormatEuros(const Decimal& amount, const std::string& lang) {
    if (amount.scale == 0) return FormatEuros(amount.units, lang);
    const bool fr = lang.rfind("fr", 0) == 0;
    std::int64_t cents = 0;
    if (!amount.ToUnits(2, cents)) return amount.ToString() + (fr ? "\u00a0€" : " EUR");
    const bool negative = cents < 0;
    if (negative) cents = -cents;
    std::string whole = FormatEuros(cents / 100, lang);
    const std::string c = (cents % 100 < 10 ? "0" : "") + std::to_string(cents % 100);
    // "1 200 €" -> "1 200,50 €"; "€1,200" -> "€1,200.50"
    std::string out = fr ? whole.insert(whole.rfind("\u00a0€"), "," + c) : whole + "." + c;
    return negative ? "-" + out : out;
}

} // namespace quartier

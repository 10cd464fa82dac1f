// Exact decimal amounts as people and Pabulib files write them ("4000.0", "322239.55", "1e9",
// "12,5"): an integer count of 10^-scale units, so that money never passes through binary
// floating point on its way to a decision.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace quartier {

// 128-bit integers for exact sums and cross-products of amounts (GCC and clang, wasm32 too).
__extension__ typedef __int128 Int128;

struct Decimal {
    std::int64_t units = 0; // the value is units / 10^scale
    int scale = 0;          // 0..kMaxScale; always the smallest that represents the value

    static constexpr int kMaxScale = 12;

    // Reads an optional sign, digits with at most one '.' or ',' and an optional exponent
    // ("1e9", "2.5E-1"). Surrounding ASCII spaces are ignored. False (out untouched) on
    // anything else, or when the value needs more than 18 significant digits or a scale
    // beyond kMaxScale.
    static bool Parse(std::string_view text, Decimal& out);

    static Decimal FromInt(std::int64_t v) { return Decimal{v, 0}; }

    // Canonical text: no exponent, no trailing zeros ("4000", "322239.55", "-0.5").
    std::string ToString() const;
    double ToDouble() const;
    bool IsInteger() const { return scale == 0; }

    // The value as an integer count of 10^-new_scale units; false on overflow or when
    // new_scale < scale (precision would be lost).
    bool ToUnits(int new_scale, std::int64_t& out) const;
};

bool operator==(const Decimal& a, const Decimal& b);
inline bool operator!=(const Decimal& a, const Decimal& b) { return !(a == b); }
bool operator<(const Decimal& a, const Decimal& b);

// Exact sum and difference (canonical result); false when the result does not fit.
bool Add(const Decimal& a, const Decimal& b, Decimal& out);
bool Subtract(const Decimal& a, const Decimal& b, Decimal& out);

} // namespace quartier

// Decimal parsing and printing. Kept apart from the Pabulib reader because ballots and
// budgets typed in the widgets use the same rules.
#include "shared/decimal.h"

#include <cstdint>

#include <cmath>

namespace quartier {

namespace {

constexpr std::int64_t kPow10[19] = {1,
                                     10,
                                     100,
                                     1000,
                                     10000,
                                     100000,
                                     1000000,
                                     10000000,
                                     100000000,
                                     1000000000,
                                     10000000000,
                                     100000000000,
                                     1000000000000,
                                     10000000000000,
                                     100000000000000,
                                     1000000000000000,
                                     10000000000000000,
                                     100000000000000000,
                                     1000000000000000000};

bool MulOverflows(std::int64_t a, std::int64_t b, std::int64_t& out) {
    return __builtin_mul_overflow(a, b, &out);
}

} // namespace

bool Decimal::Parse(std::string_view text, Decimal& out) {
    size_t i = 0, n = text.size();
    while (i < n && (text[i] == ' ' || text[i] == '\t')) ++i;
    while (n > i && (text[n - 1] == ' ' || text[n - 1] == '\t')) --n;
    if (i == n) return false;
    bool negative = false;
    if (text[i] == '+' || text[i] == '-') negative = text[i++] == '-';
    std::int64_t mantissa = 0;
    int digits = 0, frac_digits = 0;
    bool seen_point = false, any_digit = false;
    for (; i < n; ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') {
            any_digit = true;
            if (mantissa == 0 && c == '0') { // leading zeros carry no significance
                if (seen_point) ++frac_digits;
                continue;
            }
            if (++digits > 18) return false;
            mantissa = mantissa * 10 + (c - '0');
            if (seen_point) ++frac_digits;
        } else if ((c == '.' || c == ',') && !seen_point) {
            seen_point = true;
        } else {
            break;
        }
    }
    if (!any_digit) return false;
    long exponent = 0;
    if (i < n) {
        if (text[i] != 'e' && text[i] != 'E') return false;
        ++i;
        bool exp_negative = false;
        if (i < n && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
        if (i == n) return false;
        for (; i < n; ++i) {
            if (text[i] < '0' || text[i] > '9') return false;
            exponent = exponent * 10 + (text[i] - '0');
            if (exponent > 1000) return false;
        }
        if (exp_negative) exponent = -exponent;
    }
    long scale = frac_digits - exponent;
    // Drop trailing zeros so that the representation is canonical.
    while (scale > 0 && mantissa % 10 == 0 && mantissa != 0) {
        mantissa /= 10;
        --scale;
    }
    if (mantissa == 0) scale = 0;
    if (scale > kMaxScale) return false;
    if (scale < 0) {
        if (-scale > 18 || MulOverflows(mantissa, kPow10[-scale], mantissa)) return false;
        scale = 0;
    }
    out.units = negative ? -mantissa : mantissa;
    out.scale = static_cast<int>(scale);
    return true;
}

std::string Decimal::ToString() const {
    const bool negative = units < 0;
    // units can't be INT64_MIN: Parse never produces it and ToUnits checks overflow.
    std::string digits = std::to_string(negative ? -units : units);
    if (scale > 0) {
        if (digits.size() <= static_cast<size_t>(scale))
            digits.insert(0, static_cast<size_t>(scale) + 1 - digits.size(), '0');
        digits.insert(digits.size() - static_cast<size_t>(scale), ".");
    }
    return negative ? "-" + digits : digits;
}

double Decimal::ToDouble() const { return static_cast<double>(units) / static_cast<double>(kPow10[scale]); }

bool Decimal::ToUnits(int new_scale, std::int64_t& out) const {
    if (new_scale < scale || new_scale > 18) return false;
    return !MulOverflows(units, kPow10[new_scale - scale], out);
}

bool operator==(const Decimal& a, const Decimal& b) { return a.units == b.units && a.scale == b.scale; }

bool operator<(const Decimal& a, const Decimal& b) {
    const int s = a.scale > b.scale ? a.scale : b.scale;
    // Compare in 128 bits so that no rescaling can overflow.
    const Int128 x = static_cast<Int128>(a.units) * kPow10[s - a.scale];
    const Int128 y = static_cast<Int128>(b.units) * kPow10[s - b.scale];
    return x < y;
}

bool Add(const Decimal& a, const Decimal& b, Decimal& out) {
    int s = a.scale > b.scale ? a.scale : b.scale;
    Int128 sum = static_cast<Int128>(a.units) * kPow10[s - a.scale] +
                 static_cast<Int128>(b.units) * kPow10[s - b.scale];
    while (s > 0 && sum % 10 == 0 && sum != 0) {
        sum /= 10;
        --s;
    }
    if (sum == 0) s = 0;
    if (sum > INT64_MAX || sum < -INT64_MAX) return false;
    out = Decimal{static_cast<std::int64_t>(sum), s};
    return true;
}

bool Subtract(const Decimal& a, const Decimal& b, Decimal& out) {
    return Add(a, Decimal{-b.units, b.scale}, out);
}

} // namespace quartier

// Exact money arithmetic: what a budget bar adds up must be what the tally counts.
#include "shared/decimal.h"

#include <doctest/doctest.h>

using namespace quartier;

namespace {
Decimal D(const char* s) {
    Decimal d;
    REQUIRE(Decimal::Parse(s, d));
    return d;
}
} // namespace

TEST_CASE("sums and differences are exact and canonical") {
    Decimal out;
    REQUIRE(Add(D("0.1"), D("0.2"), out));
    CHECK(out == D("0.3"));
    REQUIRE(Add(D("4000.5"), D("999.5"), out));
    CHECK(out.ToString() == "5000");
    CHECK(out.scale == 0);
    REQUIRE(Subtract(D("8000000"), D("8000000.25"), out));
    CHECK(out.ToString() == "-0.25");
    REQUIRE(Subtract(D("10"), D("10"), out));
    CHECK(out == Decimal{});
    CHECK_FALSE(Add(Decimal{INT64_MAX, 0}, D("1"), out));
}

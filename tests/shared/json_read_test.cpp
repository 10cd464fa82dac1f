// Reading JSON from the other side: the depth scan that runs before nlohmann builds a tree
// (a 100,000-deep body once overflowed the server's stack).
#include "shared/json_read.h"

#include <doctest/doctest.h>

using namespace quartier;

TEST_CASE("the nesting scan counts brackets, not the ones inside strings") {
    CHECK(JsonNestingWithin(R"({"a":[1,{"b":[]}]})", 4));
    CHECK_FALSE(JsonNestingWithin(R"({"a":[1,{"b":[]}]})", 3));
    // Brackets in strings, and escaped quotes that do not end them, are text.
    CHECK(JsonNestingWithin(R"({"a":"[[[[\"[[[[{{{{"})", 1));
    CHECK(JsonNestingWithin(R"(["\\"])", 1));
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    CHECK_FALSE(JsonNestingWithin(deep));
    CHECK(JsonNestingWithin(std::string(kMaxJsonDepth, '[')));
    CHECK_FALSE(JsonNestingWithin(std::string(kMaxJsonDepth + 1, '{')));
}

// The comment model's checks, as the widget and the server both run them: the text's length
// in characters (not bytes), its stance and status names.
#include "shared/comment.h"

#include <doctest/doctest.h>

#include <string>

using namespace quartier;

TEST_CASE("a comment's text is 2 to 2,000 characters, counted as characters") {
    CHECK_FALSE(ValidateCommentBody("Oui"));
    CHECK_FALSE(ValidateCommentBody("ok"));
    std::string accents;
    for (int i = 0; i < CommentLimits::kBodyMax; ++i) accents += "é"; // 2 bytes each
    CHECK_FALSE(ValidateCommentBody(accents));
    const auto long_one = ValidateCommentBody(accents + "é");
    REQUIRE(long_one);
    CHECK(long_one->code == "too_long");
    CHECK(long_one->field == "body");
    CHECK(long_one->Message("fr") == "Le commentaire ne doit pas dépasser 2000 caractères.");
    CHECK(long_one->Message("en") == "The comment must be at most 2000 characters.");
    CHECK(ValidateCommentBody("")->code == "required");
    CHECK(ValidateCommentBody("é")->code == "too_short");
    CHECK(ValidateCommentBody("\xff\xfe")->code == "invalid_text");
}

TEST_CASE("stances and statuses are named as the API writes them") {
    for (const char* s : {"for", "against", "neutral"}) CHECK(IsCommentStance(s));
    CHECK_FALSE(IsCommentStance("pour"));
    CHECK_FALSE(IsCommentStance(""));
    for (const char* s : {"published", "pending", "hidden", "deleted"}) CHECK(IsCommentStatus(s));
    CHECK_FALSE(IsCommentStatus("rejected"));
}

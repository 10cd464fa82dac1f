// Likely duplicates: the rule the server's moderation queue and the console share.
#include "shared/duplicates.h"

#include <doctest/doctest.h>

using namespace quartier;

TEST_CASE("title words: accents and case folded, short and common words dropped") {
    CHECK(TitleWords("Jardin partagé rue des Lilas") == std::set<std::string>{"jardin", "partage", "lilas"});
    CHECK(TitleWords("Un JARDIN partagé, à l’école !") == std::set<std::string>{"jardin", "partage", "ecole"});
    CHECK(TitleWords("Cœur de ville") == std::set<std::string>{"coeur", "ville"});
    CHECK(TitleWords("").empty());
}

TEST_CASE("title similarity is the share of words in common") {
    CHECK(TitleSimilarity("Jardin partagé rue des Lilas", "Un jardin partage rue des lilas") == doctest::Approx(1.0));
    CHECK(TitleSimilarity("Jardin partagé square Héraclès", "Un jardin partagé au square Héraclès") == doctest::Approx(1.0));
    CHECK(TitleSimilarity("Jardin partagé", "Jardin des plantes") == doctest::Approx(1.0 / 3.0));
    CHECK(TitleSimilarity("Jardin partagé", "Bancs place du marché") == 0.0);
    CHECK(TitleSimilarity("", "Jardin") == 0.0);
}

TEST_CASE("a likely duplicate has a similar title AND stands within 300 m") {
    const auto a = TitleWords("Jardin partagé square Héraclès");
    const auto b = TitleWords("Un jardin partagé au square Héraclès");
    const auto other = TitleWords("Piste cyclable avenue Foch");
    const LonLat here{1.4425, 43.6035};
    double metres = 0;
    CHECK(LikelyDuplicate(a, here, b, {1.4430, 43.6040}, &metres)); // about 69 m
    CHECK(metres == doctest::Approx(68.6).epsilon(0.01));
    CHECK(LikelyDuplicate(a, here, b, {1.4425, 43.6061})); // 289 m north, just inside
    CHECK_FALSE(LikelyDuplicate(a, here, b, {1.4425, 43.6065})); // 333 m: another place
    CHECK_FALSE(LikelyDuplicate(a, here, other, here)); // the same place, another idea
    DuplicateRule strict;
    strict.max_metres = 50;
    CHECK_FALSE(LikelyDuplicate(a, here, b, {1.4430, 43.6040}, nullptr, strict));
}

#include "shared/i18n.h"
#include "shared/text.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>

using namespace quartier;

namespace {

std::string BuiltIn(const std::string& lang) {
    std::size_t size = 0;
    const unsigned char* bytes = BuiltInCatalogBytes(lang, &size);
    REQUIRE(bytes != nullptr);
    return std::string(reinterpret_cast<const char*>(bytes), size);
}

} // namespace

TEST_CASE("plural rules from catalogs' headers are evaluated as gettext does") {
    CHECK(EvaluatePluralRule("n != 1", 0) == 1);
    CHECK(EvaluatePluralRule("n != 1", 1) == 0);
    CHECK(EvaluatePluralRule("(n > 1)", 0) == 0);
    CHECK(EvaluatePluralRule("(n > 1)", 2) == 1);
    // Polish: 1 projekt, 2 projekty, 5 projektów, 22 projekty, 25 projektów, 112 projektów
    const char* polish = "(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)";
    CHECK(EvaluatePluralRule(polish, 1) == 0);
    CHECK(EvaluatePluralRule(polish, 2) == 1);
    CHECK(EvaluatePluralRule(polish, 5) == 2);
    CHECK(EvaluatePluralRule(polish, 22) == 1);
    CHECK(EvaluatePluralRule(polish, 25) == 2);
    CHECK(EvaluatePluralRule(polish, 112) == 2);
    // Occitan and French count 0 as singular; Arabic has six forms.
    const char* arabic = "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5)";
    CHECK(EvaluatePluralRule(arabic, 0) == 0);
    CHECK(EvaluatePluralRule(arabic, 104) == 3);
    CHECK(EvaluatePluralRule(arabic, 111) == 4);
    CHECK(EvaluatePluralRule(arabic, 100) == 5);
    CHECK(EvaluatePluralRule("!(n == 1)", 3) == 1);
    // Unreadable expressions are refused, not guessed.
    CHECK(EvaluatePluralRule("n >", 1) == -1);
    CHECK(EvaluatePluralRule("(n == 1", 1) == -1);
    CHECK(EvaluatePluralRule("m == 1", 1) == -1);
}

TEST_CASE("the built-in English catalog gives the interface's words and counts as English does") {
    std::string error;
    auto en = Catalog::FromMo(BuiltIn("en"), &error);
    REQUIRE_MESSAGE(en, error);
    CHECK(en->Language() == "en");
    CHECK(en->Size() > 500);
    CHECK(std::string(en->Find("Voter")) == "Vote");
    CHECK(std::string(en->Find("phase", "Vote")) == "Voting");
    CHECK(en->Find("Un texte que le code n’écrit nulle part") == nullptr);
    CHECK(std::string(en->FindPlural("vote", 1)) == "vote");
    CHECK(std::string(en->FindPlural("vote", 0)) == "votes");

    // Through the program's catalogs (the test main adds them as the server does).
    CHECK(std::string(Tr("en", "Voter")) == "Vote");
    CHECK(std::string(Tr("en-GB", "Voter")) == "Vote");
    CHECK(std::string(Tr("fr", "Voter")) == "Voter");
    CHECK(std::string(Tr("fr-BE", "Voter")) == "Voter");
    CHECK(std::string(TrC("en", "phase", "Vote")) == "Voting");
    // CountOf in French, English and Spanish: tests/shared/proposal_test.cpp.
}

Decimal D(const char* text) {
    Decimal d;
    REQUIRE(Decimal::Parse(text, d));
    return d;
}

TEST_CASE("numbers and money follow the catalog's conventions") {
    CHECK(FormatEuros(1200, "fr") == "1\u202f200\u00a0€");
    CHECK(FormatEuros(1200, "en") == "€1,200");
    CHECK(FormatEuros(D("1200.5"), "fr") == "1\u202f200,50\u00a0€");
    CHECK(FormatEuros(D("1200.5"), "en") == "€1,200.50");
    CHECK(FormatEuros(D("-3.25"), "en") == "-€3.25");
}

TEST_CASE("languages: French is the code's own, others read their catalog or English") {
    CHECK(SpokenLanguage("fr-CA") == "fr");
    CHECK(SpokenLanguage("en-US") == "en");
    CHECK(SpokenLanguage("de") == "en"); // no German catalog: English
    CHECK(IsSourceLanguage("fr"));
    CHECK_FALSE(IsSourceLanguage("en"));
    CHECK(CatalogFor("fr") == nullptr);
    CHECK(CatalogFor("de") == CatalogFor("en"));
    const auto langs = Languages();
    REQUIRE(langs.size() >= 2);
    CHECK(langs.front() == "fr");
    for (const auto& l : langs) {
        if (l == "fr") continue;
        // Each shipped catalog names its language in itself, and translates the interface.
        CHECK(std::string(TrC(l, "language name", "Français")) != "Français");
        CHECK(std::string(Tr(l, "Voter")) != "Voter");
        CHECK(SpokenLanguage(l) == l);
    }
}

TEST_CASE("a damaged catalog is refused with a reason, never read out of bounds") {
    std::string error;
    CHECK_FALSE(Catalog::FromMo("", &error));
    CHECK(error.find("short") != std::string::npos);
    CHECK_FALSE(Catalog::FromMo(std::string(64, 'x'), &error));
    CHECK(error.find("magic") != std::string::npos);
    std::string mo = BuiltIn("en");
    // Cut in the middle of its strings: an offset now lies outside the file.
    CHECK_FALSE(Catalog::FromMo(mo.substr(0, mo.size() / 2), &error));
    CHECK(error.find("outside") != std::string::npos);
    // A string count far beyond the file.
    std::string huge = mo;
    huge[8] = huge[9] = huge[10] = '\x7f';
    CHECK_FALSE(Catalog::FromMo(huge, &error));
}

TEST_CASE("Fill puts values in the placeholders, in order, and leaves extra braces") {
    CHECK(Fill("{} sur {}", std::string("3"), "10") == "3 sur 10");
    CHECK(Fill("€{}", std::string("12")) == "€12");
    CHECK(Fill("{} et {}", std::string("a")) == "a et {}");
    CHECK(Fill("sans valeur", std::string("x")) == "sans valeur");
    CHECK(Fill("{1} {0}", std::string("5"), "January") == "January 5");
    CHECK(Fill("{0}:{0}", std::string("7")) == "7:7");
    CHECK(Fill("{3}", std::string("a")) == "{3}");
}

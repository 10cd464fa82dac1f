// The easy-to-read texts (FALC) made from a ballot: they say what this ballot asks, and keep
// FALC's rules — one short sentence a line, numbers in digits — in French and English.
#include "shared/ballot/easy_read.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

using namespace quartier;

namespace {

std::vector<std::string> Lines(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

bool Has(const std::string& text, const std::string& line) {
    for (const auto& l : Lines(text))
        if (l == line) return true;
    return false;
}

} // namespace

TEST_CASE("the easy-to-read texts say what each ballot and rule asks") {
    BallotConfig approval;
    approval.kind = "approval";
    approval.max_projects = 3;
    auto fr = DefaultEasyRead(approval, "greedy", false, "fr");
    CHECK(Has(fr.vote, "Vous cochez les projets que vous aimez."));
    CHECK(Has(fr.vote, "Vous choisissez au plus 3 projets."));
    CHECK_FALSE(Has(fr.vote, "Vous choisissez au moins 1 projet."));
    CHECK(Has(fr.count, "Le projet qui a le plus de votes est choisi en premier."));
    CHECK_FALSE(Has(fr.count, "Chaque quartier a son propre budget."));

    BallotConfig knapsack;
    knapsack.kind = "knapsack";
    REQUIRE(Decimal::Parse("8000000", knapsack.budget));
    knapsack.min_projects = knapsack.max_projects = 1;
    fr = DefaultEasyRead(knapsack, "mes", true, "fr");
    CHECK(Has(fr.vote, "Vous avez un budget de 8\u202f000\u202f000\u00a0€."));
    CHECK(Has(fr.vote, "Vous choisissez exactement 1 projet."));
    CHECK(Has(fr.count, "Chaque quartier a son propre budget."));
    CHECK(Has(fr.count, "Toutes les parts sont égales."));
    const auto en = DefaultEasyRead(knapsack, "mes", true, "en");
    CHECK(Has(en.vote, "You have a budget of €8,000,000."));
    CHECK(Has(en.count, "All the shares are the same."));

    BallotConfig cumulative;
    cumulative.kind = "cumulative";
    cumulative.max_points = 10;
    cumulative.max_points_per_project = 4;
    CHECK(Has(DefaultEasyRead(cumulative, "phragmen", false, "fr").vote, "Un projet peut recevoir 4 points au plus."));
    BallotConfig ranked;
    ranked.kind = "ranked";
    CHECK(Has(DefaultEasyRead(ranked, "greedy", false, "en").vote, "Number 1 is the project you like best."));
}

TEST_CASE("easy to read: one short sentence a line, every ballot and rule, both languages") {
    for (const char* kind : {"approval", "knapsack", "cumulative", "ranked"})
        for (const char* rule : {"greedy", "mes", "phragmen"})
            for (const char* lang : {"fr", "en"})
                for (const bool districts : {false, true}) {
                    BallotConfig b;
                    b.kind = kind;
                    b.min_projects = 1;
                    b.max_projects = 5;
                    b.max_points = 10;
                    REQUIRE(Decimal::Parse("500000", b.budget));
                    const auto t = DefaultEasyRead(b, rule, districts, lang);
                    for (const auto* text : {&t.vote, &t.count}) {
                        REQUIRE(Lines(*text).size() >= 4);
                        for (const auto& line : Lines(*text)) {
                            INFO(kind << " " << rule << " " << lang << ": " << line);
                            int words = 1;
                            for (char c : line) words += c == ' ';
                            CHECK(words <= 14);                                   // short
                            CHECK((line.back() == '.' || line.back() == ':')); // a whole sentence
                            CHECK(std::count(line.begin(), line.end(), '.') == 1); // one sentence a line
                        }
                    }
                }
}

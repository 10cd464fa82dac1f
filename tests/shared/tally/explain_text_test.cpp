// The sentences that say why a project was funded or not, on the real Toulouse 2022 election:
// they must agree with the count of the process's own rule, never with another one.
#include "shared/tally/explain_text.h"

#include "shared/text.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

using namespace quartier;
using nlohmann::json;

namespace {
ElectionResults Count(const json& rule) {
    std::ifstream in(std::string(QUARTIER_TEST_DATA) + "/pabulib/France_Toulouse_2022.pb");
    PbElection e;
    PbError err;
    REQUIRE(ReadPabulib(in, e, err));
    RuleSpec spec;
    REQUIRE_FALSE(RuleSpecFromJson(rule, spec));
    ElectionResults r;
    REQUIRE_FALSE(ComputeResults(e, spec, r));
    return r;
}
bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
} // namespace

TEST_CASE("under greedy, each project's first sentence says what greedy decided, and Equal Shares comes second") {
    const ElectionResults r = Count(json{{"name", "greedy"}, {"sat", "cost"}});
    size_t funded = 0, short_of_money = 0;
    for (const auto& row : r.rows) {
        const auto lines = ExplainOutcome(r, row.id, "fr");
        REQUIRE(lines.size() == 2);
        const std::string name = "« " + row.name + " »";
        if (row.rule_order > 0) {
            ++funded;
            CHECK_MESSAGE(lines[0].rfind(name + " est financé : ", 0) == 0, lines[0]);
        } else {
            CHECK_MESSAGE(lines[0].rfind(name + " n’est pas financé : ", 0) == 0, lines[0]);
            if (Has(lines[0], "il ne restait que")) ++short_of_money;
        }
        CHECK(Has(lines[1], row.funded_mes ? "il aurait" : "il n’aurait pas"));
    }
    CHECK(funded == r.winners.size());
    CHECK(short_of_money > 50); // most of Toulouse's 118 unfunded projects: the money left is named

    // The first one chosen had the whole budget before it; the second, the budget minus the first.
    const auto first = ExplainOutcome(r, r.winners[0], "fr");
    CHECK(Has(first[0], "1er projet retenu par ordre de votes, il restait " + FormatEuros(r.budget, "fr")));
    const auto english = ExplainOutcome(r, r.winners[1], "en");
    CHECK(Has(english[0], "is funded: the 2nd project chosen in order of votes"));
    const auto spanish = ExplainOutcome(r, r.winners[1], "es");
    std::string second;
    for (const auto& row : r.rows)
        if (row.id == r.winners[1]) second = row.name;
    CHECK_MESSAGE(spanish[0].rfind("«" + second + "» se financia: es el proyecto n.º 2 elegido por orden de votos", 0) == 0,
                  spanish[0]);
    CHECK(Has(spanish[1], "Con el método de las partes iguales"));

    // A project only Equal Shares funds: greedy did not, Equal Shares would have.
    for (const auto& row : r.rows)
        if (row.funded_mes && row.rule_order == 0) {
            const auto lines = ExplainOutcome(r, row.id, "en");
            CHECK(Has(lines[0], "is not funded"));
            CHECK(lines[1] == "Under the Method of Equal Shares, it would have been funded.");
            break;
        }
    CHECK(ExplainOutcome(r, "no-such-project", "fr").empty());
}

TEST_CASE("under Equal Shares, each project is told by its round or by what its supporters had left") {
    const ElectionResults r = Count(json{{"name", "mes"}, {"sat", "cost"}, {"completion", "add1+greedy"}});
    REQUIRE(r.rule_explanation);
    size_t rounds = 0;
    for (const auto& row : r.rows) {
        const auto lines = ExplainOutcome(r, row.id, "fr");
        REQUIRE(lines.size() >= 2);
        const bool funded = row.rule_order > 0;
        const bool told = Has(lines[0], funded ? "est financé au tour" : "n’est pas financé") ||
                          (funded && Has(lines[0], "l’argent restant l’a financé"));
        CHECK_MESSAGE(told, lines[0]);
        if (Has(lines[0], "est financé au tour")) ++rounds;
        CHECK(lines.back().rfind("Avec la méthode des parts égales, chacun des 4\u202f532 votants", 0) == 0); // a count, written as French writes numbers
    }
    // The same account in Spanish, the count of voters written as Spanish writes numbers.
    const auto spanish = ExplainOutcome(r, r.rows[0].id, "es");
    CHECK_MESSAGE(spanish.back() == "Con el método de las partes iguales, cada uno de los 4.532 votantes recibe la misma parte del "
                                    "presupuesto: " + FormatEuros(static_cast<std::int64_t>(std::llround(r.rule_explanation->budget_per_voter)), "es") + ".",
                  spanish.back());
    CHECK(rounds == r.rule_explanation->rounds.size());
}

TEST_CASE("every registered rule is explained in plain words, in French and English") {
    for (const TallyRule* rule : TallyRules()) {
        CHECK_MESSAGE(!RuleInPlainWords(rule->Name(), "fr").empty(), rule->Name());
        CHECK_MESSAGE(!RuleInPlainWords(rule->Name(), "en").empty(), rule->Name());
        CHECK(RuleInPlainWords(rule->Name(), "fr") != RuleInPlainWords(rule->Name(), "en"));
    }
    CHECK(RuleInPlainWords("mes", "fr").find("même part du budget") != std::string::npos);
    CHECK(RuleInPlainWords("mes", "es").rfind("Método de las partes iguales: cada votante recibe la misma parte", 0) == 0);
    CHECK(RuleInPlainWords("inconnue", "fr").empty());
}

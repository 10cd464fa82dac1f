// A census file previewed in the browser as the server will read it (backend ReadCsv's cases),
// with the problems the staff should see before sending it.
#include "shared/census.h"

#include <doctest/doctest.h>

using namespace quartier;

TEST_CASE("census preview reads as the server does: separators, quotes, blank lines, an unclosed quote") {
    auto p = ReadCensusPreview("\xEF\xBB\xBFref,adresse\r\nA-1,\"12, rue des Lilas\nBât. B\"\r\n\r\nA-2, Martin \r\n");
    CHECK(p.readable);
    CHECK(p.separator == ',');
    CHECK(p.voters == 2);
    REQUIRE(p.first_rows.size() == 2);
    CHECK(p.first_rows[0][1] == "12, rue des Lilas\nBât. B");
    CHECK(p.first_rows[1][1] == "Martin");
    p = ReadCensusPreview("ref\tnom\tville\nA-1\tDupont, Jeanne\tAngers\nA-2\t\tTrélazé\n");
    CHECK(p.separator == '\t');
    CHECK(p.first_rows[1][1] == "");
    CHECK_FALSE(ReadCensusPreview("ref;nom\nA-1;\"Dupont\n").readable);
}

TEST_CASE("census preview: lines without a reference and references given twice are said, with their lines") {
    const auto p = ReadCensusPreview("ref;nom\nA-1;Dupont\n;Sans\nA-2;Martin\nA-1;Dupont bis\n", 1);
    CHECK(p.voters == 2);
    CHECK(p.first_rows.size() == 1); // as many as asked
    REQUIRE(p.problems.size() == 2);
    CHECK(CensusProblemText(p.problems[0], "fr") == "Ligne 3 : pas de référence dans la première colonne, ligne ignorée (aucun code).");
    CHECK(CensusProblemText(p.problems[1], "en") == "Line 5: reference A-1 is already on line 2, it will get one code only.");
    CHECK(CensusProblemText(p.problems[1], "es") == "Línea 5: la referencia A-1 ya figura en la línea 2, solo recibirá un código.");
    CHECK(ReadCensusPreview("ref;nom\n").voters == 0);
}

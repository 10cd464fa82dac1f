// CSV exports opened in a spreadsheet: a cell that begins like a formula (= + - @, or a tab
// or carriage return) comes out as text, in the commune's proposals, a process's projects and
// the census answer, so that a resident's title cannot run on the town hall's computer.
#include "backend/api_fixture.h"
#include "backend/text_util.h"

using namespace quartier;
using namespace quartier::testing;

namespace {

// Whether csv holds value as a cell that starts a field (after a separator or a line break)
// unneutralised.
bool RunsAsFormula(const std::string& csv, const std::string& value) {
    for (const char* before : {",", ";", "\n", "\",\"", "\""})
        if (csv.find(before + value) != std::string::npos) return true;
    return csv.rfind(value, 0) == 0;
}

const char* const kFormulas[] = {"=HYPERLINK(\"\"http://evil.test\"\";\"\"Voir\"\")", "+33 6 12 34 56 78",
                                 "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"};

} // namespace

TEST_CASE("the proposals CSV neutralises cells that a spreadsheet would run as formulas") {
    Town town;
    const auto tenant = town.server.Get().App().FindTenant("ville")->id;
    // Straight into the store: the API trims a title's leading tab, an import might not.
    town.server.Get().GetStore().Write([&](Db& db) {
        for (const std::string title : {"=HYPERLINK(\"http://evil.test\";\"Voir\")", "+33 6 12 34 56 78", "-2+3",
                                        "@SUM(A1:A9)", "\t=1+1", "\r=1+1"})
            db.Prepare("INSERT INTO proposals (tenant_id, title, description, category, latitude, longitude, status)"
                       " VALUES (?, ?, '=1+1', 'Cadre de vie', 43.61, 1.43, 'published')")
                .Bind(1, tenant)
                .Bind(2, title)
                .Run();
    });
    const auto csv = Call(town.server, "GET", "/api/v1/tenants/ville/proposals.csv");
    REQUIRE(csv.status == 200);
    for (const std::string f : kFormulas) {
        CAPTURE(f);
        CHECK_FALSE(RunsAsFormula(csv.text, f));
        CHECK(csv.text.find("\"'" + f + "\"") != std::string::npos); // kept whole, as text
    }
    CHECK_FALSE(RunsAsFormula(csv.text, "=1+1"));
    // Ordinary text is untouched.
    town.Propose();
    CHECK(Call(town.server, "GET", "/api/v1/tenants/ville/proposals.csv").text.find(",Des bancs à l’ombre,") !=
          std::string::npos);
}

TEST_CASE("a process's projects CSV neutralises formulas in names") {
    Town town;
    json process = Town::Process("csv");
    process["projects"][0]["name"] = "=HYPERLINK(\"http://evil.test\";\"Voir\")";
    process["projects"][1]["name"] = "@SUM(A1:A9)";
    process["projects"][2]["name"] = "-2+3";
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/processes", process, town.admin).status == 201);
    const auto csv = Call(town.server, "GET", "/api/v1/tenants/ville/processes/csv/proposals.csv");
    REQUIRE(csv.status == 200);
    for (const std::string f : {std::string(kFormulas[0]), std::string("@SUM(A1:A9)"), std::string("-2+3")}) {
        CAPTURE(f);
        CHECK_FALSE(RunsAsFormula(csv.text, f));
        CHECK(csv.text.find("\"'" + f + "\"") != std::string::npos);
    }
}

TEST_CASE("the census answer neutralises references that look like formulas") {
    Town town;
    const std::string csv = "reference;nom\n=1+1;Dupont\n@SUM(A1);Martin\n+33;Durand\nA-004;Petit\n";
    const auto r = Call(town.server, "POST", "/api/v1/tenants/ville/processes/bp/census", nullptr, town.admin, csv,
                        "text/csv");
    REQUIRE(r.status == 201);
    CHECK(r.Header("X-Quartier-Added") == "4");
    for (const std::string f : {"=1+1", "@SUM(A1)", "+33"}) {
        CAPTURE(f);
        CHECK_FALSE(RunsAsFormula(r.text, f));
        CHECK(r.text.find("\n\"'" + f + "\";") != std::string::npos);
    }
    CHECK(r.text.find("\nA-004;") != std::string::npos);
}

TEST_CASE("a census file is read as spreadsheets write CSV, with the separator its first line uses") {
    using Rows = std::vector<std::vector<std::string>>;
    Rows rows;
    REQUIRE(ReadCsv("\xEF\xBB\xBFref;nom\r\nA-1;\"Dupont; \"\"Jeanne\"\"\"\r\n\r\n ;\r\nA-2; Martin \r\n", rows));
    CHECK(rows == Rows{{"ref", "nom"}, {"A-1", "Dupont; \"Jeanne\""}, {"A-2", "Martin"}});
    REQUIRE(ReadCsv("ref,adresse\nA-1,\"12, rue des Lilas\nBât. B\"", rows));
    CHECK(rows == Rows{{"ref", "adresse"}, {"A-1", "12, rue des Lilas\nBât. B"}});
    REQUIRE(ReadCsv("ref\tnom\tville\nA-1\tDupont, Jeanne\tAngers\nA-2\t\tTrélazé\n", rows));
    CHECK(rows == Rows{{"ref", "nom", "ville"}, {"A-1", "Dupont, Jeanne", "Angers"}, {"A-2", "", "Trélazé"}});
    CHECK_FALSE(ReadCsv("ref;nom\nA-1;\"Dupont\n", rows));
}

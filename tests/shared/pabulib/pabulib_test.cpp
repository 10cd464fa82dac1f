// The .pb reader and writer on the real files and on the awkward corners of the format:
// BOM, CRLF, quoted cells, empty optional columns, every vote type, extra columns,
// write -> read round trips, and errors that name the line.
#include "shared/pabulib/pabulib.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

using namespace quartier;

namespace {

std::string ReadFile(const std::string& name) {
    std::ifstream in(std::string(QUARTIER_TEST_DATA) + "/pabulib/" + name, std::ios::binary);
    REQUIRE(in.good());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

const char* const kFiles[] = {"France_Toulouse_2022.pb",
                              "Netherlands_Assen_2024.pb",
                              "Poland_Czestochowa_2024_Gnaszyn_-_Kawodrza.pb",
                              "Poland_Katowice_2020.pb",
                              "Poland_Katowice_2020_Bogucice.pb",
                              "Poland_Krakow_2019_Bienczyce.pb",
                              "Poland_Lodz_2022.pb",
                              "Poland_Swiecie_2023.pb",
                              "Poland_Warszawa_2019_Kamionek.pb",
                              "Poland_Wieliczka_2023_Green_Budget.pb",
                              "Poland_Wroclaw_2018_Rejon_nr_7_250.pb",
                              "US_Stanford_Dataset_PB_Vallejo_2017_vote_approvals.pb",
                              "pabutools-tests__poland_czestochowa_2020_grabowka.pb"};

PbError ErrorOf(const std::string& text) {
    PbElection e;
    PbError err;
    CHECK_FALSE(ReadPabulib(text, e, err));
    return err;
}

void CheckSame(const PbElection& a, const PbElection& b) {
    CHECK(a.meta == b.meta);
    CHECK(a.vote_type == b.vote_type);
    CHECK(a.budget == b.budget);
    CHECK(a.project_columns == b.project_columns);
    REQUIRE(a.projects.size() == b.projects.size());
    for (size_t i = 0; i < a.projects.size(); ++i) {
        CHECK(a.projects[i].id == b.projects[i].id);
        CHECK(a.projects[i].cost == b.projects[i].cost);
        CHECK(a.projects[i].cells == b.projects[i].cells);
    }
    CHECK(a.vote_columns == b.vote_columns);
    CHECK(a.extra_vote_columns == b.extra_vote_columns);
    REQUIRE(a.voters.size() == b.voters.size());
    for (size_t i = 0; i < a.voters.size(); ++i) {
        CHECK(a.voters[i].id == b.voters[i].id);
        CHECK(a.voters[i].ballot == b.voters[i].ballot);
        CHECK(a.voters[i].points == b.voters[i].points);
        CHECK(a.voters[i].extra == b.voters[i].extra);
    }
}

} // namespace

TEST_CASE("every real file reads, and write -> read gives it back") {
    for (const char* name : kFiles) {
        CAPTURE(name);
        PbElection e;
        PbError err;
        REQUIRE_MESSAGE(ReadPabulib(ReadFile(name), e, err), err.What());
        CHECK(std::to_string(e.projects.size()) == e.Meta("num_projects"));
        CHECK(std::to_string(e.voters.size()) == e.Meta("num_votes"));
        PbElection back;
        REQUIRE_MESSAGE(ReadPabulib(WritePabulib(e), back, err), err.What());
        CheckSame(e, back);
    }
}

TEST_CASE("French names, quoted cells with quotes and ';', decimal costs (Toulouse)") {
    PbElection e;
    PbError err;
    REQUIRE(ReadPabulib(ReadFile("France_Toulouse_2022.pb"), e, err));
    const int p = e.FindProject("135");
    REQUIRE(p >= 0);
    CHECK(e.ProjectCell(static_cast<size_t>(p), "name") == "Restructuration \"verte\" de la place Roger Arnaud");
    CHECK(e.projects[static_cast<size_t>(p)].cost == Decimal::FromInt(200000)); // written "200000.0"
    CHECK(e.ProjectCell(static_cast<size_t>(e.FindProject("116")), "district") ==
          "10 - Jolimont / Soupetard / Roseraie / Gloire / Gramont / Amouroux");
    CHECK(e.Meta("max_length") == "3");
    CHECK(e.vote_type == VoteType::Approval);
}

TEST_CASE("BOM, CRLF, ';' inside quotes, a line break inside quotes, empty optional cells") {
    const std::string text = "\xEF\xBB\xBFMETA\r\nkey;value\r\nbudget;322239.55\r\nvote_type;cumulative\r\n"
                             "description;\"a; b\"\r\nPROJECTS\r\nproject_id;cost;name;category\r\n"
                             "1;100;\"Parc \"\"vert\"\"; phase 2\";\r\n2;50,5;\"deux\nlignes\";sport\r\n"
                             "VOTES\r\nvoter_id;vote;points;age\r\nv1;1,2;3,2;\r\nv2;;;41\r\n";
    PbElection e;
    PbError err;
    REQUIRE_MESSAGE(ReadPabulib(text, e, err), err.What());
    CHECK(e.budget.ToString() == "322239.55");
    CHECK(e.Meta("description") == "a; b");
    REQUIRE(e.projects.size() == 2);
    CHECK(e.ProjectCell(0, "name") == "Parc \"vert\"; phase 2");
    CHECK(e.ProjectCell(0, "category").empty());
    CHECK(e.ProjectCell(1, "name") == "deux\nlignes");
    CHECK(e.projects[1].cost.ToString() == "50.5");
    REQUIRE(e.voters.size() == 2);
    CHECK(e.voters[0].ballot == std::vector<std::int32_t>{0, 1});
    CHECK(e.voters[0].points[0] == Decimal::FromInt(3));
    CHECK(e.voters[1].ballot.empty()); // an empty ballot still counts as a voter
    CHECK(e.extra_vote_columns == std::vector<std::string>{"age"});
    CHECK(e.voters[1].extra == std::vector<std::string>{"41"});
    PbElection back;
    REQUIRE(ReadPabulib(WritePabulib(e), back, err));
    CheckSame(e, back);
}

TEST_CASE("every vote type reads") {
    for (const char* type : {"approval", "choose-1", "cumulative", "scoring", "ordinal"}) {
        CAPTURE(type);
        const bool points = std::string(type) == "cumulative" || std::string(type) == "scoring";
        const std::string text = std::string("META\nkey;value\nbudget;10\nvote_type;") + type +
                                 "\nPROJECTS\nproject_id;cost\na;5\nb;5\nVOTES\nvoter_id;vote" +
                                 (points ? ";points\n1;b,a;2,1\n" : "\n1;b,a\n");
        PbElection e;
        PbError err;
        REQUIRE_MESSAGE(ReadPabulib(text, e, err), err.What());
        VoteType parsed;
        REQUIRE(ParseVoteType(type, parsed));
        CHECK(e.vote_type == parsed);
        CHECK(e.voters[0].ballot == std::vector<std::int32_t>{1, 0}); // order as written
        CHECK(e.voters[0].points.size() == (points ? 2u : 0u));
    }
}

TEST_CASE("malformed files: an error naming the line and the problem") {
    const std::string head = "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n";
    auto err = ErrorOf(head + "a;10\nb;ten\nVOTES\nvoter_id;vote\n");
    CHECK(err.line == 8);
    CHECK(err.message.find("ten") != std::string::npos);

    err = ErrorOf(head + "a;10\nVOTES\nvoter_id;vote\n1;a\n2;a,zz\n");
    CHECK(err.line == 11);
    CHECK(err.message.find("unknown project \"zz\"") != std::string::npos);

    err = ErrorOf(head + "a;10\na;20\nVOTES\nvoter_id;vote\n");
    CHECK(err.line == 8);
    CHECK(err.message.find("twice") != std::string::npos);

    err = ErrorOf(head + "a;10;extra\nVOTES\nvoter_id;vote\n");
    CHECK(err.line == 7);

    err = ErrorOf(head + "a;\"never closed\nVOTES\nvoter_id;vote\n");
    CHECK(err.line == 7);
    CHECK(err.message.find("quoted") != std::string::npos);

    err = ErrorOf("META\nkey;value\nbudget;lots\nvote_type;approval\nPROJECTS\nproject_id;cost\nVOTES\nvoter_id;vote\n");
    CHECK(err.line == 3);

    err = ErrorOf("META\nkey;value\nbudget;10\nvote_type;stars\nPROJECTS\nproject_id;cost\nVOTES\nvoter_id;vote\n");
    CHECK(err.line == 4);
    CHECK(err.message.find("stars") != std::string::npos);

    err = ErrorOf("META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\na;1\n"
                  "VOTES\nvoter_id;vote;points\n1;a;1,2\n");
    CHECK(err.line == 10);
    CHECK(err.message.find("more points") != std::string::npos);

    err = ErrorOf("hello;world\n");
    CHECK(err.line == 1);
    err = ErrorOf("META\nkey;value\nbudget;10\nvote_type;approval\n");
    CHECK(err.message.find("PROJECTS") != std::string::npos);
    err = ErrorOf("");
    CHECK(err.message.find("META") != std::string::npos);
    err = ErrorOf(head + "a;-5\nVOTES\nvoter_id;vote\n");
    CHECK(err.message.find("negative") != std::string::npos);
    CHECK(err.What().rfind("line 7: ", 0) == 0);
}

TEST_CASE("decimals: forms people write, and what is refused") {
    Decimal d;
    REQUIRE(Decimal::Parse("4000.0", d));
    CHECK(d == Decimal::FromInt(4000));
    REQUIRE(Decimal::Parse("1e9", d));
    CHECK(d.units == 1000000000);
    REQUIRE(Decimal::Parse("12,50", d));
    CHECK(d.ToString() == "12.5");
    REQUIRE(Decimal::Parse(" -0.05 ", d));
    CHECK(d.ToString() == "-0.05");
    CHECK(Decimal{5, 2} < Decimal{1, 1});
    for (const char* bad : {"", "abc", "1.2.3", "1e", "--1", "12a", "1e99", "1234567890123456789012"}) {
        CAPTURE(bad);
        CHECK_FALSE(Decimal::Parse(bad, d));
    }
}

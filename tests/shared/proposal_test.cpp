// Proposal validation and JSON: what a resident typing into the form would run into.
#include "shared/proposal.h"
#include "shared/text.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace quartier;
using nlohmann::json;

namespace {
json Valid() {
    return {{"title", "Création d’abris pour la faune"},
            {"description", "Nichoirs et hôtels à insectes."},
            {"category", "Environnement"},
            {"latitude", 43.6},
            {"longitude", 1.44},
            {"estimated_cost", 15000}};
}
} // namespace

TEST_CASE("a complete submission is accepted, trimmed, accents intact") {
    json j = Valid();
    j["title"] = "  Création d’abris pour la faune  ";
    Proposal p;
    REQUIRE_FALSE(ProposalFromSubmission(j, p));
    CHECK(p.title == "Création d’abris pour la faune");
    CHECK(p.estimated_cost == 15000);
    CHECK(p.status == ProposalStatus::Submitted);
}

TEST_CASE("each missing or wrong field is named, with French and English words") {
    struct Case {
        const char* field;
        json value;
        const char* code;
    } cases[] = {
        {"title", nullptr, "required"},
        {"title", "ab", "too_short"},
        {"title", std::string(121, 'x'), "too_long"},
        {"title", 42, "invalid_type"},
        {"description", std::string(4001, 'x'), "too_long"},
        {"category", "", "required"},
        {"latitude", 91.0, "out_of_range"},
        {"longitude", -180.5, "out_of_range"},
        {"latitude", "43.6", "invalid_type"},
        {"longitude", nullptr, "required"},
        {"estimated_cost", -1, "negative"},
        {"estimated_cost", 12.5, "invalid_type"},
        {"estimated_cost", 20'000'000'000LL, "out_of_range"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.field);
        CAPTURE(c.value.dump());
        json j = Valid();
        if (c.value.is_null()) j.erase(c.field);
        else j[c.field] = c.value;
        Proposal p;
        p.title = "untouched";
        const auto e = ProposalFromSubmission(j, p);
        REQUIRE(e);
        CHECK(e->field == c.field);
        CHECK(e->code == c.code);
        CHECK_FALSE(e->Message("fr").empty());
        CHECK_FALSE(e->Message("en").empty());
        CHECK(e->Message("fr") != e->Message("en"));
        CHECK(p.title == "untouched"); // nothing half-read on failure
    }
}

TEST_CASE("length limits count characters, not bytes") {
    json j = Valid();
    j["title"] = std::string(); // 120 'é' = 240 bytes but 120 characters: allowed
    for (int i = 0; i < 120; ++i) j["title"] = j["title"].get<std::string>() + "é";
    Proposal p;
    CHECK_FALSE(ProposalFromSubmission(j, p));
    j["title"] = j["title"].get<std::string>() + "é";
    CHECK(ProposalFromSubmission(j, p)->code == "too_long");
}

TEST_CASE("invalid UTF-8 is refused") {
    json j = Valid();
    Proposal p;
    p.title = "Abc\xC3";
    p.category = "Culture";
    CHECK(Validate(p)->code == "invalid_text");
    CHECK(Utf8Length("\xED\xA0\x80") == -1); // surrogate
    CHECK(Utf8Length("\xC0\xAF") == -1);     // overlong
    CHECK(Utf8Length("œuvre « ici »") == 13);
}

TEST_CASE("a body that is not an object is refused without throwing") {
    Proposal p;
    CHECK(ProposalFromSubmission(json::array(), p)->code == "invalid_body");
    CHECK(ProposalFromSubmission(json("text"), p)->code == "invalid_body");
}

TEST_CASE("JSON round trip keeps every field") {
    Proposal p;
    p.id = 7;
    p.title = "Fontaines à boire";
    p.description = "Cinq fontaines « l’été »";
    p.category = "Santé";
    p.latitude = 43.6045;
    p.longitude = 1.444;
    p.estimated_cost = 45000;
    p.status = ProposalStatus::Published;
    Proposal back;
    REQUIRE(FromJson(json::parse(ToJson(p).dump()), back));
    CHECK(back.id == 7);
    CHECK(back.title == p.title);
    CHECK(back.description == p.description);
    CHECK(back.status == ProposalStatus::Published);
    CHECK(back.latitude == doctest::Approx(43.6045));
    CHECK_FALSE(FromJson(json{{"id", "x"}}, back));
    // A malformed item is refused without throwing (the widgets' wasm build cannot catch).
    json bad = ToJson(p);
    bad["title"] = 12;
    CHECK_FALSE(FromJson(bad, back));
    bad = ToJson(p);
    bad["estimated_cost"] = "cher";
    CHECK_FALSE(FromJson(bad, back));
    bad = ToJson(p);
    bad.erase("description");
    bad.erase("status");
    REQUIRE(FromJson(bad, back));
    CHECK(back.description.empty());
    CHECK(back.status == ProposalStatus::Submitted);
    CHECK_FALSE(FromJson(json::array(), back));
}

TEST_CASE("euros are written as residents read them") {
    CHECK(FormatEuros(1234567, "fr") == "1\u202f234\u202f567\u00a0€");
    CHECK(FormatEuros(1234567, "en") == "€1,234,567");
    CHECK(FormatEuros(0, "fr") == "0\u00a0€");
    CHECK(FormatEuros(999, "en") == "€999");
}

TEST_CASE("exact amounts show cents only when there are some") {
    Decimal d;
    REQUIRE(Decimal::Parse("1200.5", d));
    CHECK(FormatEuros(d, "fr") == "1\u202f200,50\u00a0€");
    CHECK(FormatEuros(d, "en") == "€1,200.50");
    REQUIRE(Decimal::Parse("4000.0", d));
    CHECK(FormatEuros(d, "fr") == "4\u202f000\u00a0€");
}

TEST_CASE("counts are grouped by thousands as residents read them") {
    CHECK(FormatCount(4532, "fr") == "4\u202f532");
    CHECK(FormatCount(90494, "en") == "90,494");
    // Singular and plural as each language has them.
    CHECK(CountOf(1, "fr", "vote", "votes") == "1 vote");
    CHECK(CountOf(0, "fr", "vote", "votes") == "0 vote");
    CHECK(CountOf(2, "fr", "vote", "votes") == "2 votes");
    CHECK(CountOf(0, "en", "vote", "votes") == "0 votes");
    CHECK(CountOf(1, "en", "vote", "votes") == "1 vote");
    CHECK(CountOf(1200, "fr", "vote", "votes") == "1\u202f200 votes");
    CHECK(CountOf(1200, "es", "vote", "votes") == "1.200 votos");
    CHECK(CountOf(1, "es", "vote", "votes") == "1 voto");
    CHECK(FormatCount(12, "fr") == "12");
}

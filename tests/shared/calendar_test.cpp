// A process's calendar: dates checked as admins write them, the phase they say at a local
// time, and the sentences residents read in French and English.
#include "shared/calendar.h"

#include <doctest/doctest.h>

using namespace quartier;
using nlohmann::json;

namespace {
LocalTime At(const char* text) {
    LocalTime t;
    REQUIRE(ParseLocalTime(text, false, t));
    return t;
}

Calendar Dates(const json& j) {
    Calendar c;
    const auto e = CalendarFromJson(j, c);
    REQUIRE_MESSAGE(!e, (e ? e->field + ": " + e->Message("en") : std::string()));
    return c;
}

std::string RefusedField(const json& j) {
    Calendar c;
    const auto e = CalendarFromJson(j, c);
    return e ? e->field : std::string();
}

const json kMarch = {{"submission", {{"start", "2027-01-10"}, {"end", "2027-02-12"}}},
                     {"review", {{"start", "2027-02-13"}, {"end", "2027-03-02"}}},
                     {"voting", {{"start", "2027-03-03T09:00"}, {"end", "2027-03-17T20:00"}}},
                     {"published", {{"start", "2027-03-24"}}}};
} // namespace

TEST_CASE("a date range reads as people write it, folded when the month or year is shared") {
    CHECK(DateRangeText("2027-03-03", "2027-03-17", "fr") == "du 3 au 17 mars 2027");
    CHECK(DateRangeText("2027-03-03", "2027-03-17", "en") == "from 3 to 17 March 2027");
    CHECK(DateRangeText("2027-02-28", "2027-03-17", "fr") == "du 28 février au 17 mars 2027");
    CHECK(DateRangeText("2027-02-28", "2027-03-17", "en") == "from 28 February to 17 March 2027");
    CHECK(DateRangeText("2026-12-28", "2027-01-03", "fr") == "du 28 décembre 2026 au 3 janvier 2027");
    CHECK(DateRangeText("2026-12-28", "2027-01-03", "en") == "from 28 December 2026 to 3 January 2027");
    CHECK(DateRangeText("2027-03-01T09:00", "2027-03-17T20:00", "fr") == "du 1er au 17 mars 2027");
    CHECK(DateRangeText("2027-03-05", "2027-03-05", "fr") == "le 5 mars 2027");
    CHECK(DateRangeText("", "2027-03-17", "fr") == "jusqu’au 17 mars 2027");
    CHECK(DateRangeText("2027-03-03", "", "en") == "from 3 March 2027");
    CHECK(DateRangeText("hier", "", "fr").empty());
}

TEST_CASE("residents read where the process stands and what comes next") {
    const Calendar c = Dates(kMarch);
    SUBCASE("proposals being sent") {
        CHECK(CalendarText(c, Phase::Submission, At("2027-02-01T10:00"), "fr") ==
              "Dépôt des propositions jusqu’au 12 février. Le vote ouvre dans 30 jours, jusqu’au 17 mars");
        CHECK(CalendarText(c, Phase::Submission, At("2027-01-15T10:00"), "en") ==
              "Proposals can be sent until 12 February. Voting from 3 to 17 March");
    }
    SUBCASE("voting ahead, counted in days of the commune's calendar") {
        CHECK(CalendarText(c, Phase::Review, At("2027-02-26T23:30"), "fr") == "Le vote ouvre dans 5 jours, jusqu’au 17 mars");
        CHECK(CalendarText(c, Phase::Review, At("2027-02-26T23:30"), "en") == "Voting opens in 5 days, until 17 March");
        CHECK(CalendarText(c, Phase::Review, At("2027-03-02T08:00"), "fr") == "Le vote ouvre demain à 9 h, jusqu’au 17 mars");
        CHECK(CalendarText(c, Phase::Review, At("2027-03-03T08:00"), "en") == "Voting opens today at 9 am, until 17 March");
    }
    SUBCASE("voting open") {
        CHECK(CalendarText(c, Phase::Voting, At("2027-03-05T12:00"), "fr") == "Vote du 3 au 17 mars");
        CHECK(CalendarText(c, Phase::Voting, At("2027-03-05T12:00"), "en") == "Voting from 3 to 17 March");
        CHECK(CalendarText(c, Phase::Voting, At("2027-03-16T12:00"), "fr") == "Le vote se termine demain à 20 h");
        CHECK(CalendarText(c, Phase::Voting, At("2027-03-17T12:00"), "fr") == "Le vote se termine ce soir à 20 h");
        CHECK(CalendarText(c, Phase::Voting, At("2027-03-17T12:00"), "en") == "Voting ends tonight at 8 pm");
    }
    SUBCASE("after the vote") {
        CHECK(CalendarText(c, Phase::Closed, At("2027-03-18T12:00"), "fr") == "Vote clos le 17 mars. Résultats le 24 mars");
        CHECK(CalendarText(c, Phase::Published, At("2027-03-25T12:00"), "en") == "Results published on 24 March");
    }
    SUBCASE("another year is named") {
        CHECK(CalendarText(c, Phase::Review, At("2026-12-20T12:00"), "fr") == "Vote du 3 au 17 mars 2027");
    }
    SUBCASE("in Spanish, from its catalog: its own dates and hours") {
        CHECK(CalendarText(c, Phase::Submission, At("2027-02-01T10:00"), "es") ==
              "Envío de propuestas hasta el 12 de febrero. La votación se abre dentro de 30 días, hasta el 17 de marzo");
        CHECK(CalendarText(c, Phase::Review, At("2027-03-02T08:00"), "es") ==
              "La votación se abre mañana a las 09:00, hasta el 17 de marzo");
        CHECK(CalendarText(c, Phase::Voting, At("2027-03-05T12:00"), "es") == "Votación del 3 al 17 de marzo");
        CHECK(CalendarText(c, Phase::Voting, At("2027-03-17T12:00"), "es") == "La votación termina esta noche a las 20:00");
        CHECK(CalendarText(c, Phase::Closed, At("2027-03-18T12:00"), "es") == "Votación cerrada el 17 de marzo. Resultados el 24 de marzo");
        CHECK(DateRangeText("2026-12-28", "2027-01-03", "es") == "del 28 de diciembre de 2026 al 3 de enero de 2027");
        CHECK(DateRangeText("2027-03-01", "2027-03-17", "en") == "from 1 to 17 March 2027");
    }
    SUBCASE("no dates, nothing to say") {
        CHECK(CalendarText(Calendar{}, Phase::Voting, At("2027-03-05T12:00"), "fr").empty());
    }
}

TEST_CASE("dates are refused with the field that is wrong") {
    CHECK(RefusedField({{"vote", {{"start", "2027-03-03"}}}}) == "dates.vote");
    CHECK(RefusedField({{"voting", {{"end", "17/03/2027"}}}}) == "dates.voting.end");
    CHECK(RefusedField({{"voting", {{"end", "2027-02-30"}}}}) == "dates.voting.end");
    CHECK(RefusedField({{"voting", {{"start", "2027-03-03T25:00"}}}}) == "dates.voting.start");
    CHECK(RefusedField({{"voting", {{"begin", "2027-03-03"}}}}) == "dates.voting.begin");
    CHECK(RefusedField({{"voting", {{"start", "2027-03-17"}, {"end", "2027-03-03"}}}}) == "dates.voting.end");
    CHECK(RefusedField({{"submission", {{"end", "2027-03-10"}}}, {"voting", {{"start", "2027-03-03"}}}}) ==
          "dates.voting.start");
    CHECK(RefusedField(json::array()) == "dates");
    CHECK(RefusedField(kMarch).empty());
    // A bare end date runs to the end of its day; the next phase may start the day after.
    CHECK(RefusedField({{"submission", {{"end", "2027-02-12"}}}, {"review", {{"start", "2027-02-13"}}}}).empty());
}

TEST_CASE("the dates move a process forward only, and never past a vote not held") {
    const Calendar c = Dates(kMarch);
    CHECK(CalendarPhase(c, Phase::Submission, At("2027-02-01T10:00")) == Phase::Submission);
    CHECK(CalendarPhase(c, Phase::Submission, At("2027-02-13T00:00")) == Phase::Review);
    CHECK(CalendarPhase(c, Phase::Review, At("2027-03-03T08:59")) == Phase::Review);
    CHECK(CalendarPhase(c, Phase::Review, At("2027-03-03T09:00")) == Phase::Voting);
    CHECK(CalendarPhase(c, Phase::Voting, At("2027-03-17T20:00")) == Phase::Voting);
    CHECK(CalendarPhase(c, Phase::Voting, At("2027-03-17T20:01")) == Phase::Closed);
    CHECK(CalendarPhase(c, Phase::Voting, At("2027-03-24T00:00")) == Phase::Published);
    // Published by hand early: the dates do not take it back.
    CHECK(CalendarPhase(c, Phase::Published, At("2027-03-05T12:00")) == Phase::Published);
    // A vote whose dates went by while the process was still collecting proposals is not skipped.
    CHECK(CalendarPhase(c, Phase::Submission, At("2027-03-20T12:00")) == Phase::Review);
}

TEST_CASE("moving by hand against the dates is told apart from moving with them") {
    const Calendar c = Dates(kMarch);
    CHECK(ContradictsCalendar(c, Phase::Review, Phase::Voting, At("2027-02-20T12:00")));      // too early
    CHECK_FALSE(ContradictsCalendar(c, Phase::Review, Phase::Voting, At("2027-03-03T10:00")));
    CHECK(ContradictsCalendar(c, Phase::Voting, Phase::Closed, At("2027-03-10T12:00")));      // closes early
    CHECK_FALSE(ContradictsCalendar(c, Phase::Closed, Phase::Published, At("2027-03-24T12:00")));
    CHECK_FALSE(ContradictsCalendar(Calendar{}, Phase::Voting, Phase::Closed, At("2027-03-10T12:00")));
}

// A process's calendar: reading and checking its dates, the phase they say at a local time,
// and the sentences residents read, in the reader's language (the catalogs of po/).
//
// Index of this file:
// [SECTION] Phases and local times
// [SECTION] Reading the dates
// [SECTION] The phase by the dates
// [SECTION] Words
#include "shared/calendar.h"

#include "shared/i18n.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace quartier {

//-----------------------------------------------------------------------------
// [SECTION] Phases and local times
//-----------------------------------------------------------------------------

namespace {
const char* const kPhaseNames[kPhaseCount] = {"submission", "review", "voting", "closed", "published", "follow_up"};

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
long long DaysFromCivil(int y, int m, int d) {
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * static_cast<unsigned>(m + (m > 2 ? -3 : 9)) + 2) / 5 + static_cast<unsigned>(d) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}

int DaysInMonth(int y, int m) {
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : kDays[m - 1];
}

bool Digits(const std::string& s, size_t from, size_t n, int& out) {
    out = 0;
    for (size_t i = from; i < from + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

} // namespace

const char* ToString(Phase p) { return kPhaseNames[static_cast<int>(p)]; }

bool ParsePhase(const std::string& text, Phase& out) {
    for (int i = 0; i < kPhaseCount; ++i)
        if (text == kPhaseNames[i]) {
            out = static_cast<Phase>(i);
            return true;
        }
    return false;
}

long long LocalTime::Days() const { return DaysFromCivil(year, month, day); }
long long LocalTime::Minutes() const { return Days() * 1440 + hour * 60 + minute; }

bool ParseLocalTime(const std::string& text, bool is_end, LocalTime& out) {
    if (text.size() != 10 && text.size() != 16) return false;
    LocalTime t;
    if (text[4] != '-' || text[7] != '-' || !Digits(text, 0, 4, t.year) || !Digits(text, 5, 2, t.month) ||
        !Digits(text, 8, 2, t.day))
        return false;
    if (t.year < 1900 || t.month < 1 || t.month > 12 || t.day < 1 || t.day > DaysInMonth(t.year, t.month)) return false;
    if (text.size() == 16) {
        if (text[10] != 'T' || text[13] != ':' || !Digits(text, 11, 2, t.hour) || !Digits(text, 14, 2, t.minute) ||
            t.hour > 23 || t.minute > 59)
            return false;
        t.has_time = true;
    } else if (is_end) {
        t.hour = 23;
        t.minute = 59;
    }
    out = t;
    return true;
}

std::string FormatLocalTime(const LocalTime& t) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d", t.year, t.month, t.day, t.hour, t.minute);
    return buf;
}

bool Calendar::Empty() const {
    for (const auto& w : phases)
        if (w.start || w.end) return false;
    return true;
}

//-----------------------------------------------------------------------------
// [SECTION] Reading the dates
//-----------------------------------------------------------------------------

namespace {
FieldError DatesError(const std::string& code, const std::string& field, Msg message) {
    return FieldError{code, field, std::move(message)};
}
} // namespace

Validation CalendarFromJson(const nlohmann::json& dates, Calendar& out) {
    out = Calendar{};
    if (!dates.is_object())
        return DatesError("invalid_type", "dates", Msg("Les dates sont un objet par phase (submission, review, voting, closed, published, follow_up), chacune avec un début (start) et une fin (end)."));
    for (const auto& [key, window] : dates.items()) {
        Phase p;
        if (!ParsePhase(key, p))
            return DatesError("unknown_phase", "dates." + key, Msg("Phase « {} » inconnue : les phases sont submission, review, voting, closed, published et follow_up.", key));
        if (!window.is_object())
            return DatesError("invalid_type", "dates." + key, Msg("Les dates d’une phase sont un objet {\"start\", \"end\"}."));
        PhaseWindow& w = out.phases[static_cast<int>(p)];
        for (const auto& [bound, value] : window.items()) {
            const std::string field = "dates." + key + "." + bound;
            if (bound != "start" && bound != "end")
                return DatesError("unknown_field", field, Msg("Une phase n’a qu’un début (start) et une fin (end)."));
            LocalTime t;
            if (!value.is_string() || !ParseLocalTime(value.get<std::string>(), bound == "end", t))
                return DatesError("invalid_date", field, Msg("Une date s’écrit AAAA-MM-JJ ou AAAA-MM-JJTHH:MM, à l’heure locale de la commune (ex. 2027-03-17 ou 2027-03-17T20:00)."));
            (bound == "start" ? w.start : w.end) = t;
        }
        if (w.start && w.end && *w.end < *w.start)
            return DatesError("end_before_start", "dates." + key + ".end", Msg("Cette phase se termine avant d’avoir commencé."));
    }
    // Each bound no earlier than every bound of the phases before it.
    const LocalTime* last = nullptr;
    int last_phase = 0;
    for (int i = 0; i < kPhaseCount; ++i) {
        for (const auto* t : {&out.phases[i].start, &out.phases[i].end}) {
            if (!*t) continue;
            if (last && **t < *last && last_phase != i) {
                const std::string field = std::string("dates.") + kPhaseNames[i] + (t == &out.phases[i].start ? ".start" : ".end");
                return DatesError("dates_out_of_order", field, Msg("Les phases se suivent : {} ne peut pas commencer ni finir avant {}.", kPhaseNames[i], kPhaseNames[last_phase]));
            }
            last = &**t;
            last_phase = i;
        }
    }
    return std::nullopt;
}

Calendar CalendarFromStored(const nlohmann::json& dates) {
    Calendar c;
    if (!dates.is_object()) return c;
    for (const auto& [key, window] : dates.items()) {
        Phase p;
        if (!ParsePhase(key, p) || !window.is_object()) continue;
        for (const char* bound : {"start", "end"}) {
            LocalTime t;
            const auto it = window.find(bound);
            if (it != window.end() && it->is_string() && ParseLocalTime(it->get<std::string>(), bound[0] == 'e', t))
                (bound[0] == 's' ? c.phases[static_cast<int>(p)].start : c.phases[static_cast<int>(p)].end) = t;
        }
    }
    return c;
}

//-----------------------------------------------------------------------------
// [SECTION] The phase by the dates
//-----------------------------------------------------------------------------

Phase CalendarPhase(const Calendar& c, Phase current, const LocalTime& now) {
    int target = static_cast<int>(current);
    for (int i = 0; i < kPhaseCount; ++i) {
        const PhaseWindow& w = c.phases[i];
        if (w.start && *w.start <= now) target = std::max(target, i);
        // Past a phase's end comes the next phase, unless that one has its own start still
        // ahead (a gap between two phases); voting always stops at its end.
        if (w.end && *w.end < now && i + 1 < kPhaseCount &&
            (!c.phases[i + 1].start || i == static_cast<int>(Phase::Voting)))
            target = std::max(target, i + 1);
    }
    const int voting = static_cast<int>(Phase::Voting);
    if (static_cast<int>(current) < voting && target > voting)
        target = std::max(static_cast<int>(current), voting - 1); // never past a vote not held
    return static_cast<Phase>(target);
}

bool ContradictsCalendar(const Calendar& c, Phase current, Phase next, const LocalTime& now) {
    const PhaseWindow& w = c.Of(next);
    if ((w.start && now < *w.start) || (w.end && *w.end < now)) return true;
    if (next > current && c.Of(current).end && now < *c.Of(current).end) return true;
    for (int j = static_cast<int>(next) + 1; j < kPhaseCount; ++j)
        if (c.phases[j].start && *c.phases[j].start <= now) return true;
    return false;
}

//-----------------------------------------------------------------------------
// [SECTION] Words
//-----------------------------------------------------------------------------

namespace {
const char* const kMonths[] = {NC_("month", "janvier"), NC_("month", "février"),   NC_("month", "mars"),
                               NC_("month", "avril"),   NC_("month", "mai"),       NC_("month", "juin"),
                               NC_("month", "juillet"), NC_("month", "août"),      NC_("month", "septembre"),
                               NC_("month", "octobre"), NC_("month", "novembre"),  NC_("month", "décembre")};

// TRANSLATORS: the first day of a month as a date writes it ("1er mars"); other days are
// their number.
std::string Day(const LocalTime& t, const std::string& lang) {
    return t.day == 1 ? TrC(lang, "first day of a month", "1er") : std::to_string(t.day);
}

// "3 mars", "3 mars 2027"
std::string DateText(const LocalTime& t, const std::string& lang, bool year) {
    const std::string month = TrC(lang, "month", kMonths[t.month - 1]);
    // TRANSLATORS: a date: {0} the day, {1} the month's name, {2} the year.
    return year ? Fill(TrC(lang, "date with a year", "{0} {1} {2}"), Day(t, lang), month, std::to_string(t.year))
                // TRANSLATORS: a date in the current year: {0} the day, {1} the month's name.
                : Fill(TrC(lang, "date", "{0} {1}"), Day(t, lang), month);
}

// "20 h", "20 h 30" / "8 pm", "8:30 pm", "noon", "midnight"
std::string TimeText(const LocalTime& t, const std::string& lang) {
    char hh[8], mm[8];
    std::snprintf(hh, sizeof hh, "%02d", t.hour);
    std::snprintf(mm, sizeof mm, "%02d", t.minute);
    const std::string h = std::to_string(t.hour), h12 = std::to_string(t.hour % 12 == 0 ? 12 : t.hour % 12);
    const char* half = t.hour < 12 ? "am" : "pm";
    // TRANSLATORS: a time of day. {0} the hour (0–23), {1} the same on two digits, {2} the
    // minutes on two digits, {3} the hour on 1–12, {4} "am" or "pm".
    if (t.minute) return Fill(TrC(lang, "time of day", "{0} h {2}"), h, hh, mm, h12, half);
    if (t.hour == 12) return Fill(TrC(lang, "time of day, noon", "{0} h"), h, hh, mm, h12, half);
    if (t.hour == 0) return Fill(TrC(lang, "time of day, midnight", "{0} h"), h, hh, mm, h12, half);
    return Fill(TrC(lang, "time of day, on the hour", "{0} h"), h, hh, mm, h12, half);
}

// "du 3 au 17 mars" and the other foldings; the year only when `year` (or the two differ).
std::string RangeText(const std::optional<LocalTime>& s, const std::optional<LocalTime>& e, const std::string& lang, bool year) {
    if (s && e) {
        const bool same_year = s->year == e->year, same_month = same_year && s->month == e->month;
        // TRANSLATORS: a day, "le 5 mars".
        if (same_month && s->day == e->day) return Fill(Tr(lang, "le {}"), DateText(*s, lang, year));
        // TRANSLATORS: two dates, the first folded when the month or year is the same:
        // "du 3 au 17 mars", "du 28 février au 17 mars 2027".
        const char* range = Tr(lang, "du {0} au {1}");
        if (same_month) return Fill(range, Day(*s, lang), DateText(*e, lang, year));
        if (same_year) return Fill(range, DateText(*s, lang, false), DateText(*e, lang, year));
        return Fill(range, DateText(*s, lang, true), DateText(*e, lang, true));
    }
    if (s) return Fill(Tr(lang, "à partir du {}"), DateText(*s, lang, year));
    if (e) return Fill(Tr(lang, "jusqu’au {}"), DateText(*e, lang, year));
    return "";
}

bool OtherYear(const std::optional<LocalTime>& a, const std::optional<LocalTime>& b, const LocalTime& now) {
    return (a && a->year != now.year) || (b && b->year != now.year);
}

std::string VotingRange(const PhaseWindow& v, const LocalTime& now, const std::string& lang) {
    // TRANSLATORS: the voting period and its dates: "Vote du 3 au 17 mars".
    return Fill(Tr(lang, "Vote {}"), RangeText(v.start, v.end, lang, OtherYear(v.start, v.end, now)));
}

// What comes next before voting: "Le vote ouvre dans 5 jours, jusqu’au 17 mars".
std::string VotingAhead(const PhaseWindow& v, const LocalTime& now, const std::string& lang) {
    if (!v.start) return v.end ? VotingRange(v, now, lang) : "";
    if (*v.start <= now) return VotingRange(v, now, lang);
    const long long days = v.start->Days() - now.Days();
    // TRANSLATORS: added to "Le vote ouvre…" when voting has an end: ", jusqu’au 17 mars".
    const std::string until = v.end ? Fill(Tr(lang, ", jusqu’au {}"), DateText(*v.end, lang, v.end->year != now.year)) : "";
    // TRANSLATORS: added to "Le vote ouvre…" when voting opens at a time: " à 9 h".
    const std::string at = v.start->has_time ? Fill(Tr(lang, " à {}"), TimeText(*v.start, lang)) : "";
    // TRANSLATORS: {0} is " à 9 h" or nothing, {1} ", jusqu’au 17 mars" or nothing.
    if (days == 0) return Fill(Tr(lang, "Le vote ouvre aujourd’hui{0}{1}"), at, until);
    if (days == 1) return Fill(Tr(lang, "Le vote ouvre demain{0}{1}"), at, until);
    // TRANSLATORS: {0} the number of days, {1} ", jusqu’au 17 mars" or nothing.
    if (days <= 30)
        return Fill(TrN(lang, days, "Le vote ouvre dans {0} jour{1}", "Le vote ouvre dans {0} jours{1}"), std::to_string(days), until);
    return VotingRange(v, now, lang);
}

std::string Join(const std::string& a, const std::string& b) {
    if (a.empty()) return b;
    if (b.empty()) return a;
    return a + ". " + b;
}
} // namespace

std::string DateRangeText(const std::string& start, const std::string& end, const std::string& lang) {
    std::optional<LocalTime> s, e;
    LocalTime t;
    if (!start.empty() && ParseLocalTime(start, false, t)) s = t;
    if (!end.empty() && ParseLocalTime(end, true, t)) e = t;
    return RangeText(s, e, lang, true);
}

std::string CalendarText(const Calendar& c, Phase current, const LocalTime& now, const std::string& lang) {
    const PhaseWindow& v = c.Of(Phase::Voting);
    auto date = [&](const LocalTime& t) { return DateText(t, lang, t.year != now.year); };
    switch (current) {
    case Phase::Submission: {
        const PhaseWindow& s = c.Of(Phase::Submission);
        std::string first;
        if (s.end && now <= *s.end) first = Fill(Tr(lang, "Dépôt des propositions jusqu’au {}"), date(*s.end));
        return Join(first, VotingAhead(v, now, lang));
    }
    case Phase::Review: {
        const PhaseWindow& r = c.Of(Phase::Review);
        std::string first;
        if (!v.start && r.end && now <= *r.end) first = Fill(Tr(lang, "Étude des projets jusqu’au {}"), date(*r.end));
        return Join(first, VotingAhead(v, now, lang));
    }
    case Phase::Voting: {
        if (v.end && v.end->Days() == now.Days()) {
            if (!v.end->has_time) return Tr(lang, "Le vote se termine ce soir à minuit");
            const bool evening = v.end->hour >= 17;
            return Fill(evening ? Tr(lang, "Le vote se termine ce soir à {}") : Tr(lang, "Le vote se termine aujourd’hui à {}"),
                        TimeText(*v.end, lang));
        }
        if (v.end && v.end->Days() == now.Days() + 1)
            return v.end->has_time ? Fill(Tr(lang, "Le vote se termine demain à {}"), TimeText(*v.end, lang))
                                   : std::string(Tr(lang, "Le vote se termine demain"));
        return v.end ? VotingRange(v, now, lang) : "";
    }
    case Phase::Closed: {
        const PhaseWindow& p = c.Of(Phase::Published);
        std::string first, second;
        if (v.end) first = Fill(Tr(lang, "Vote clos le {}"), date(*v.end));
        if (p.start && now < *p.start) second = Fill(Tr(lang, "Résultats le {}"), date(*p.start));
        else if (!first.empty()) second = Tr(lang, "Dépouillement en cours");
        return Join(first, second);
    }
    case Phase::Published: {
        const PhaseWindow& p = c.Of(Phase::Published);
        if (p.start) return Fill(Tr(lang, "Résultats publiés le {}"), date(*p.start));
        // TRANSLATORS: {} is a range of dates: "du 3 au 17 mars".
        if (v.start || v.end) return Fill(Tr(lang, "Résultats du vote {}"), RangeText(v.start, v.end, lang, OtherYear(v.start, v.end, now)));
        return "";
    }
    case Phase::FollowUp: {
        const PhaseWindow& f = c.Of(Phase::FollowUp);
        if (f.start) return Fill(Tr(lang, "Réalisation des projets lauréats depuis le {}"), date(*f.start));
        return "";
    }
    }
    return "";
}

} // namespace quartier

// A process's calendar: reading and checking its dates, the phase they say at a local time,
// and the sentences residents read, in French and English.
//
// Index of this file:
// [SECTION] Phases and local times
// [SECTION] Reading the dates
// [SECTION] The phase by the dates
// [SECTION] Words
#include "shared/calendar.h"

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

bool French(const std::string& lang) { return lang.rfind("fr", 0) == 0; }
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
const char* const kMonthsFr[] = {"janvier", "février", "mars",      "avril",   "mai",      "juin",
                                 "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
const char* const kMonthsEn[] = {"January", "February", "March",     "April",   "May",      "June",
                                 "July",    "August",   "September", "October", "November", "December"};

std::string Day(const LocalTime& t, bool fr) { return fr && t.day == 1 ? "1er" : std::to_string(t.day); }
std::string Month(const LocalTime& t, bool fr) { return (fr ? kMonthsFr : kMonthsEn)[t.month - 1]; }

// "3 mars", "3 mars 2027"
std::string DateText(const LocalTime& t, bool fr, bool year) {
    return Day(t, fr) + " " + Month(t, fr) + (year ? " " + std::to_string(t.year) : "");
}

// "20 h", "20 h 30" / "8 pm", "8:30 pm", "noon", "midnight"
std::string TimeText(const LocalTime& t, bool fr) {
    char mm[8];
    std::snprintf(mm, sizeof mm, "%02d", t.minute);
    if (fr) return std::to_string(t.hour) + " h" + (t.minute ? std::string(" ") + mm : "");
    if (t.hour == 12 && t.minute == 0) return "noon";
    if (t.hour == 0 && t.minute == 0) return "midnight";
    const int h12 = t.hour % 12 == 0 ? 12 : t.hour % 12;
    return std::to_string(h12) + (t.minute ? std::string(":") + mm : "") + (t.hour < 12 ? " am" : " pm");
}

// "du 3 au 17 mars" and the other foldings; the year only when `year` (or the two differ).
std::string RangeText(const std::optional<LocalTime>& s, const std::optional<LocalTime>& e, bool fr, bool year) {
    if (s && e) {
        const bool same_year = s->year == e->year, same_month = same_year && s->month == e->month;
        if (same_month && s->day == e->day) return (fr ? "le " : "on ") + DateText(*s, fr, year);
        const std::string y = year ? " " + std::to_string(e->year) : "";
        if (same_month)
            return fr ? "du " + Day(*s, true) + " au " + Day(*e, true) + " " + Month(*e, true) + y
                      : "from " + Day(*s, false) + " to " + Day(*e, false) + " " + Month(*e, false) + y;
        if (same_year)
            return fr ? "du " + DateText(*s, true, false) + " au " + DateText(*e, true, false) + y
                      : "from " + DateText(*s, false, false) + " to " + DateText(*e, false, false) + y;
        return fr ? "du " + DateText(*s, true, true) + " au " + DateText(*e, true, true)
                  : "from " + DateText(*s, false, true) + " to " + DateText(*e, false, true);
    }
    if (s) return (fr ? "à partir du " : "from ") + DateText(*s, fr, year);
    if (e) return (fr ? "jusqu’au " : "until ") + DateText(*e, fr, year);
    return "";
}

bool OtherYear(const std::optional<LocalTime>& a, const std::optional<LocalTime>& b, const LocalTime& now) {
    return (a && a->year != now.year) || (b && b->year != now.year);
}

std::string Capitalised(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

std::string VotingRange(const PhaseWindow& v, const LocalTime& now, bool fr) {
    return (fr ? "Vote " : "Voting ") + RangeText(v.start, v.end, fr, OtherYear(v.start, v.end, now));
}

// What comes next before voting: "Le vote ouvre dans 5 jours, jusqu’au 17 mars".
std::string VotingAhead(const PhaseWindow& v, const LocalTime& now, bool fr) {
    if (!v.start) return v.end ? VotingRange(v, now, fr) : "";
    if (*v.start <= now) return VotingRange(v, now, fr);
    const long long days = v.start->Days() - now.Days();
    const std::string until =
        v.end ? (fr ? ", jusqu’au " : ", until ") + DateText(*v.end, fr, v.end->year != now.year) : "";
    const std::string at = v.start->has_time ? (fr ? " à " : " at ") + TimeText(*v.start, fr) : "";
    if (days == 0) return (fr ? "Le vote ouvre aujourd’hui" : "Voting opens today") + at + until;
    if (days == 1) return (fr ? "Le vote ouvre demain" : "Voting opens tomorrow") + at + until;
    if (days <= 30)
        return (fr ? "Le vote ouvre dans " + std::to_string(days) + " jours"
                   : "Voting opens in " + std::to_string(days) + " days") + until;
    return VotingRange(v, now, fr);
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
    return RangeText(s, e, French(lang), true);
}

std::string CalendarText(const Calendar& c, Phase current, const LocalTime& now, const std::string& lang) {
    const bool fr = French(lang);
    const PhaseWindow& v = c.Of(Phase::Voting);
    switch (current) {
    case Phase::Submission: {
        const PhaseWindow& s = c.Of(Phase::Submission);
        std::string first;
        if (s.end && now <= *s.end)
            first = (fr ? "Dépôt des propositions jusqu’au " : "Proposals can be sent until ") +
                    DateText(*s.end, fr, s.end->year != now.year);
        return Join(first, VotingAhead(v, now, fr));
    }
    case Phase::Review: {
        const PhaseWindow& r = c.Of(Phase::Review);
        std::string first;
        if (!v.start && r.end && now <= *r.end)
            first = (fr ? "Étude des projets jusqu’au " : "Projects under review until ") +
                    DateText(*r.end, fr, r.end->year != now.year);
        return Join(first, VotingAhead(v, now, fr));
    }
    case Phase::Voting: {
        if (v.end && v.end->Days() == now.Days()) {
            if (!v.end->has_time) return fr ? "Le vote se termine ce soir à minuit" : "Voting ends tonight at midnight";
            const bool evening = v.end->hour >= 17;
            return (fr ? (evening ? "Le vote se termine ce soir à " : "Le vote se termine aujourd’hui à ")
                       : (evening ? "Voting ends tonight at " : "Voting ends today at ")) +
                   TimeText(*v.end, fr);
        }
        if (v.end && v.end->Days() == now.Days() + 1)
            return (fr ? "Le vote se termine demain" : "Voting ends tomorrow") +
                   (v.end->has_time ? (fr ? " à " : " at ") + TimeText(*v.end, fr) : std::string());
        return v.end ? VotingRange(v, now, fr) : "";
    }
    case Phase::Closed: {
        const PhaseWindow& p = c.Of(Phase::Published);
        std::string first, second;
        if (v.end) first = (fr ? "Vote clos le " : "Voting closed on ") + DateText(*v.end, fr, v.end->year != now.year);
        if (p.start && now < *p.start)
            second = (fr ? "Résultats le " : "Results on ") + DateText(*p.start, fr, p.start->year != now.year);
        else if (!first.empty())
            second = fr ? "Dépouillement en cours" : "Counting under way";
        return Join(first, second);
    }
    case Phase::Published: {
        const PhaseWindow& p = c.Of(Phase::Published);
        if (p.start)
            return (fr ? "Résultats publiés le " : "Results published on ") +
                   DateText(*p.start, fr, p.start->year != now.year);
        if (v.start || v.end)
            return Capitalised((fr ? "résultats du vote " : "results of the vote ") +
                               RangeText(v.start, v.end, fr, OtherYear(v.start, v.end, now)));
        return "";
    }
    case Phase::FollowUp: {
        const PhaseWindow& f = c.Of(Phase::FollowUp);
        if (f.start)
            return (fr ? "Réalisation des projets lauréats depuis le " : "Winning projects being built since ") +
                   DateText(*f.start, fr, f.start->year != now.year);
        return "";
    }
    }
    return "";
}

} // namespace quartier

// A process's calendar: its phases in order, each with a start and an end in the commune's
// local time, which phase the dates say it is at a given local time, and the sentences
// residents read ("Vote du 3 au 17 mars", "Le vote ouvre dans 5 jours"). Pure: no clock and
// no time-zone library; callers pass "now" already turned into local time (the server does).
#pragma once

#include "shared/error.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace quartier {

// A process's phases, in the only order they go (numbered as stored and compared).
enum class Phase { Submission, Review, Voting, Closed, Published, FollowUp };
constexpr int kPhaseCount = 6;
const char* ToString(Phase p); // "submission" … "follow_up"
bool ParsePhase(const std::string& text, Phase& out);

// A wall-clock time in the commune (no zone): comparable, minute precision.
struct LocalTime {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0;
    bool has_time = false; // written with a time ("…T20:00"), not a bare date

    long long Minutes() const; // since 1970-01-01 00:00 (proleptic Gregorian)
    long long Days() const;    // the day since 1970-01-01
    bool operator<(const LocalTime& o) const { return Minutes() < o.Minutes(); }
    bool operator<=(const LocalTime& o) const { return Minutes() <= o.Minutes(); }
};
// "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" (a real day, hour < 24). A bare date as an end means the
// end of that day (23:59); as a start, 00:00.
bool ParseLocalTime(const std::string& text, bool is_end, LocalTime& out);
std::string FormatLocalTime(const LocalTime& t); // "YYYY-MM-DDTHH:MM"

struct PhaseWindow {
    std::optional<LocalTime> start, end;
};

struct Calendar {
    PhaseWindow phases[kPhaseCount];

    const PhaseWindow& Of(Phase p) const { return phases[static_cast<int>(p)]; }
    bool Empty() const;
};

// Reads and checks a process's "dates": an object keyed by phase name, each {"start","end"}
// (either may be absent). Refuses unknown keys, bad formats, an end before its start and
// phases out of order, naming the field ("dates.voting.end").
Validation CalendarFromJson(const nlohmann::json& dates, Calendar& out);
// The same, for rows read back: whatever does not parse is left out.
Calendar CalendarFromStored(const nlohmann::json& dates);

// The phase the dates say a process is in at local time now, never before `current` (the
// calendar only moves forward) and never past voting when voting has not been held: a
// voting window that went by before voting opened leaves the process before voting, for an
// admin to sort out. `current` when the dates say nothing more.
Phase CalendarPhase(const Calendar& c, Phase current, const LocalTime& now);
// Whether moving by hand to `next` at local time now contradicts the dates: now is before
// next's start or after its end, or before the end of the phase being left.
bool ContradictsCalendar(const Calendar& c, Phase current, Phase next, const LocalTime& now);

// "du 3 au 17 mars 2027" / "from 3 to 17 March 2027" / "del 3 al 17 de marzo de 2027" (same
// month/year folded as French usage does)
std::string DateRangeText(const std::string& start, const std::string& end, const std::string& lang);

// What residents read about where a process stands and what comes next, in lang (its words,
// dates and hours from the catalogs of po/): "Vote du 3 au 17 mars", "Le vote ouvre dans 5 jours", "Le vote se termine ce soir à
// 20 h", "Dépôt des propositions jusqu’au 12 février". Empty when the dates say nothing
// useful (callers then name the phase).
std::string CalendarText(const Calendar& c, Phase current, const LocalTime& now, const std::string& lang);

} // namespace quartier

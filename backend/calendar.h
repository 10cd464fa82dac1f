// The commune's local time: the server's clock (UTC) turned into the wall-clock time of a
// commune's IANA time zone (Europe/Paris by default), for its processes' calendars and its
// turnout days. The calendar's logic itself is pure and shared (shared/calendar.h).
#pragma once

#include "shared/calendar.h"

#include <chrono>
#include <cstdint>
#include <string>

namespace quartier {

constexpr const char* kDefaultTimeZone = "Europe/Paris";

// Whether the system's time-zone database knows this IANA name ("Europe/Paris").
bool KnownTimeZone(const std::string& zone);
// The wall-clock time in zone at the instant utc (an unknown zone reads as Europe/Paris).
LocalTime LocalTimeAt(std::chrono::system_clock::time_point utc, const std::string& zone);
// Seconds to add to a UTC instant (Unix seconds) to get the zone's wall-clock time then.
std::int64_t UtcOffsetSeconds(std::int64_t unix_seconds, const std::string& zone);

} // namespace quartier

// UTC instants into a commune's wall-clock time, through the system's time-zone database
// (howardhinnant date-tz over /usr/share/zoneinfo).
#include "backend/calendar.h"

#include <date/tz.h>

namespace quartier {

namespace {
const date::time_zone* Zone(const std::string& zone) {
    try {
        return date::locate_zone(zone);
    } catch (const std::exception&) {
        return date::locate_zone(kDefaultTimeZone);
    }
}
} // namespace

bool KnownTimeZone(const std::string& zone) {
    if (zone.empty() || zone.size() > 64) return false;
    try {
        date::locate_zone(zone);
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

std::int64_t UtcOffsetSeconds(std::int64_t unix_seconds, const std::string& zone) {
    const date::sys_seconds at{std::chrono::seconds(unix_seconds)};
    return Zone(zone)->get_info(at).offset.count();
}

LocalTime LocalTimeAt(std::chrono::system_clock::time_point utc, const std::string& zone) {
    const auto seconds = std::chrono::time_point_cast<std::chrono::seconds>(utc);
    const auto local = seconds + std::chrono::seconds(UtcOffsetSeconds(seconds.time_since_epoch().count(), zone));
    const auto day = date::floor<date::days>(local);
    const date::year_month_day ymd{day};
    const date::hh_mm_ss<std::chrono::seconds> hms{local - day};
    LocalTime t;
    t.year = static_cast<int>(ymd.year());
    t.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
    t.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
    t.hour = static_cast<int>(hms.hours().count());
    t.minute = static_cast<int>(hms.minutes().count());
    t.has_time = true;
    return t;
}

} // namespace quartier

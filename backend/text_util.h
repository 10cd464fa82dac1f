// Small checks the handlers share: slugs, e-mail addresses, text fields read from JSON, and
// the escaping of text written into HTML or CSV.
#pragma once

#include "backend/http/http_types.h"
#include "shared/text.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace quartier {

// Lower-case letters, digits and dashes, 1..63 characters, not starting with a dash.
bool IsSlug(const std::string& s);

// body[field] as trimmed text of min..max characters, or ApiError 400 naming the field by its
// label, a word the catalogs translate: RequireText(body, "title", 3, 200, Word("Le titre")).
// A text of the catalogs in every language they speak, {"fr": …, "en": …, "es": …}: for
// labels the widgets show in their own language (msgid marked with N_ where it is written).
nlohmann::json InEveryLanguage(const char* msgid);

std::string RequireText(const nlohmann::json& body, const char* field, long min, long max, const Word& label);

// A cell for CSV (RFC 4180): quoted when it holds ; , " or a line break; text a spreadsheet
// would run as a formula (leading = + - @ tab CR) gets a leading apostrophe.
std::string CsvCell(const std::string& s, char separator = ',');

// The rows of a CSV file as spreadsheets export it (read by libcsv: quoted fields, doubled
// quotes, separators and line breaks inside quotes, CRLF, a UTF-8 byte-order mark). The
// separator is the one of ';', ',' or tab the first line holds most. Fields are trimmed;
// blank rows are skipped. False when the file is not CSV (an unterminated quote).
bool ReadCsv(const std::string& text, std::vector<std::vector<std::string>>& rows);

// Text made safe inside HTML elements and quoted attributes (& < > " ').
std::string HtmlEscape(const std::string& s);

// A moment as the database stores it: ISO 8601 in UTC to the second ("2026-12-07T21:00:00Z"),
// which sorts as time. IsoIn: that many seconds from now.
std::string IsoUtc(std::chrono::system_clock::time_point t);
std::string IsoIn(long seconds);

} // namespace quartier

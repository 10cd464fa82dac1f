// Slugs, required text fields, CSV cells, HTML escaping.
#include "backend/text_util.h"

#include "shared/i18n.h"

#include <ctime>

#include <csv.h>

#include <algorithm>

namespace quartier {

bool IsSlug(const std::string& s) {
    if (s.empty() || s.size() > 63 || s[0] == '-') return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

std::string RequireText(const nlohmann::json& body, const char* field, long min, long max, const Word& label) {
    const auto it = body.find(field);
    if (it == body.end() || it->is_null() || (it->is_string() && Trim(it->get<std::string>()).empty() && min > 0))
        Fail(400, "required", Msg("{} est obligatoire.", label), field);
    if (!it->is_string()) Fail(400, "invalid_type", Msg("{} doit être du texte.", label), field);
    std::string v = Trim(it->get<std::string>());
    const long len = Utf8Length(v);
    if (len < 0) Fail(400, "invalid_text", Msg("{} contient des caractères invalides.", label), field);
    if (len < min) Fail(400, "too_short", Msg("{} doit compter au moins {} caractères.", label, min), field);
    if (len > max) Fail(400, "too_long", Msg("{} ne doit pas dépasser {} caractères.", label, max), field);
    return v;
}

std::string CsvCell(const std::string& s, char separator) {
    // A spreadsheet runs a cell that begins with = + - @ (or a tab or CR before one) as a
    // formula: a proposal titled =HYPERLINK(...) would run on the town's computer. A leading
    // apostrophe makes it text again (OWASP's advice), and the cell is quoted.
    const bool formula = !s.empty() && std::string("=+-@\t\r").find(s[0]) != std::string::npos;
    if (!formula && s.find_first_of(std::string("\"\r\n") + separator) == std::string::npos) return s;
    std::string out = formula ? "\"'" : "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

bool ReadCsv(const std::string& text, std::vector<std::vector<std::string>>& rows) {
    std::string_view in(text);
    if (in.substr(0, 3) == "\xEF\xBB\xBF") in.remove_prefix(3);
    const std::string_view first = in.substr(0, in.find('\n'));
    unsigned char separator = ',';
    std::size_t most = 0;
    for (unsigned char c : {';', ',', '\t'}) {
        const auto n = static_cast<std::size_t>(std::count(first.begin(), first.end(), c));
        if (n > most) most = n, separator = c;
    }
    struct State {
        std::vector<std::vector<std::string>>& rows;
        std::vector<std::string> row;
    } state{rows, {}};
    csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0) return false;
    csv_set_delim(&parser, separator);
    // Only spaces are blanks around fields: libcsv's default also takes tabs, which would
    // swallow the empty fields of a tab-separated file.
    csv_set_space_func(&parser, [](unsigned char c) { return c == ' ' ? 1 : 0; });
    auto on_field = [](void* data, size_t size, void* st) {
        static_cast<State*>(st)->row.push_back(Trim(std::string_view(static_cast<const char*>(data), size)));
    };
    auto on_row = [](int, void* st) {
        auto& s = *static_cast<State*>(st);
        bool blank = true;
        for (const auto& f : s.row) blank = blank && f.empty();
        if (!blank) s.rows.push_back(std::move(s.row));
        s.row.clear();
    };
    rows.clear();
    const bool ok = csv_parse(&parser, in.data(), in.size(), on_field, on_row, &state) == in.size() &&
                    csv_fini(&parser, on_field, on_row, &state) == 0;
    csv_free(&parser);
    return ok;
}

std::string HtmlEscape(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}



std::string IsoUtc(std::chrono::system_clock::time_point t) {
    const std::time_t s = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&s, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string IsoIn(long seconds) { return IsoUtc(std::chrono::system_clock::now() + std::chrono::seconds(seconds)); }

nlohmann::json InEveryLanguage(const char* msgid) {
    nlohmann::json j = nlohmann::json::object();
    for (const std::string& lang : Languages()) j[lang] = Tr(lang, msgid);
    return j;
}

} // namespace quartier

// ReadCensusPreview: a small RFC 4180 reader with the server's separator guess and trimming.
#include "shared/census.h"

#include "shared/i18n.h"
#include "shared/text.h"

#include <algorithm>
#include <map>

namespace quartier {

CensusPreview ReadCensusPreview(const std::string& text, std::size_t max_rows) {
    CensusPreview out;
    std::string_view in(text);
    if (in.substr(0, 3) == "\xEF\xBB\xBF") in.remove_prefix(3);
    const std::string_view first = in.substr(0, in.find('\n'));
    std::size_t most = 0;
    for (char c : {';', ',', '\t'}) {
        const auto n = static_cast<std::size_t>(std::count(first.begin(), first.end(), c));
        if (n > most) most = n, out.separator = c;
    }
    std::map<std::string, std::size_t> seen; // reference -> its line
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, in_quotes = false, header_done = false;
    std::size_t line = 1, row_line = 1;
    auto end_field = [&] {
        row.push_back(quoted ? field : Trim(field));
        field.clear();
        quoted = false;
    };
    auto end_row = [&] {
        end_field();
        bool blank = true;
        for (const auto& f : row) blank = blank && f.empty();
        if (!blank) {
            if (!header_done) {
                out.header = row;
                header_done = true;
            } else if (row[0].empty()) {
                out.problems.push_back({row_line, "no_reference", "", 0});
            } else if (const auto it = seen.find(row[0]); it != seen.end()) {
                out.problems.push_back({row_line, "duplicate_reference", row[0], it->second});
            } else {
                seen.emplace(row[0], row_line);
                ++out.voters;
                if (out.first_rows.size() < max_rows) out.first_rows.push_back(row);
            }
        }
        row.clear();
    };
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (in_quotes) {
            if (c == '"' && i + 1 < in.size() && in[i + 1] == '"') field += '"', ++i;
            else if (c == '"') in_quotes = false;
            else {
                if (c == '\n') ++line;
                field += c;
            }
        } else if (c == '"' && Trim(field).empty()) {
            field.clear();
            in_quotes = quoted = true;
        } else if (c == out.separator) {
            end_field();
        } else if (c == '\n') {
            if (!field.empty() && field.back() == '\r') field.pop_back();
            end_row();
            row_line = ++line;
        } else if (!(quoted && (c == ' ' || c == '\r'))) {
            field += c;
        }
    }
    if (in_quotes) {
        out.readable = false;
        return out;
    }
    if (!field.empty() || !row.empty()) end_row();
    return out;
}

Msg CensusProblemMessage(const CensusProblem& p) {
    if (p.code == "no_reference")
        return Msg("Ligne {} : pas de référence dans la première colonne, ligne ignorée (aucun code).", p.line);
    return Msg("Ligne {} : la référence {} figure déjà ligne {}, un seul code lui sera donné.", p.line, p.reference,
               p.first_line);
}

std::string CensusProblemText(const CensusProblem& p, const std::string& lang) {
    return CensusProblemMessage(p).In(lang);
}

} // namespace quartier

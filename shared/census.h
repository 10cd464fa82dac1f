// A census file as the staff console previews it before sending it: its separator guessed as
// the server guesses it (the first line's most frequent of ; , and tab), its rows, and the
// problems the server would pass over in silence (a line without a reference, a reference
// given twice) or refuse (a quote never closed). The server reads the file with its own CSV
// library (backend/text_util.h, ReadCsv); this reader exists because the browser has none,
// and follows the same rules: quoted fields with "" for a quote, blank lines skipped, fields
// trimmed of spaces.
#pragma once

#include "shared/message.h"

#include <cstddef>
#include <string>
#include <vector>

namespace quartier {

struct CensusProblem {
    std::size_t line = 0;  // 1-based line of the file (the header is line 1)
    std::string code;      // "no_reference", "duplicate_reference"
    std::string reference; // the reference concerned, "" for no_reference
    std::size_t first_line = 0; // duplicate_reference: where it first appeared
};

struct CensusPreview {
    bool readable = true;             // false: a quote is not closed (the server refuses it)
    char separator = ',';
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> first_rows; // up to max_rows voters, as read
    std::size_t voters = 0;           // rows with a new reference: the codes the file would get
    std::vector<CensusProblem> problems; // in the file's order
};

CensusPreview ReadCensusPreview(const std::string& text, std::size_t max_rows = 5);

// One problem in the staff's words: "Ligne 7 : pas de référence, ligne ignorée." lang: "fr…"
// for French, anything else English.
Msg CensusProblemMessage(const CensusProblem& p);
std::string CensusProblemText(const CensusProblem& p, const std::string& lang);

} // namespace quartier

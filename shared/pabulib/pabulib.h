// Pabulib .pb files (pabulib.org): the exchange format of participatory-budgeting elections.
// Reading keeps every column, known or not, so that writing a file back loses nothing; the
// tally engine and the import/export tools build on this. Streams in, streams out: no files.
#pragma once

#include "shared/decimal.h"

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace quartier {

// How voters expressed themselves ("vote_type" in META).
enum class VoteType { Approval, Choose1, Cumulative, Scoring, Ordinal };

const char* ToString(VoteType t);
bool ParseVoteType(std::string_view text, VoteType& out);
// Cumulative and scoring ballots carry points next to the projects.
inline bool HasPoints(VoteType t) { return t == VoteType::Cumulative || t == VoteType::Scoring; }

struct PbProject {
    std::string id;                 // project_id, unique in the file
    Decimal cost;                   // exact
    std::vector<std::string> cells; // every PROJECTS column, in header order, as written
};

struct PbVoter {
    std::string id;                   // voter_id
    std::vector<std::int32_t> ballot; // project indices as written (rank order for ordinal)
    std::vector<Decimal> points;      // parallel to ballot for cumulative/scoring, else empty
    std::vector<std::string> extra;   // the other VOTES columns, in PbElection::extra_vote_columns order
};

struct PbElection {
    std::vector<std::pair<std::string, std::string>> meta; // META rows in file order
    VoteType vote_type = VoteType::Approval;
    Decimal budget;

    std::vector<std::string> project_columns; // PROJECTS header; "project_id" and "cost" among them
    std::vector<PbProject> projects;

    std::vector<std::string> vote_columns;       // VOTES header; "voter_id" and "vote" among them
    std::vector<std::string> extra_vote_columns; // vote_columns minus voter_id, vote, points
    std::vector<PbVoter> voters;

    // The META value for key, or "" when absent.
    std::string Meta(std::string_view key) const;
    // Index of the project column named name, or -1.
    int ProjectColumn(std::string_view name) const;
    // The cell of project p in column name, or "" when the file has no such column.
    std::string ProjectCell(size_t p, std::string_view name) const;
    // Index of the project with this id, or -1 (linear; build a map for repeated lookups).
    int FindProject(std::string_view id) const;
};

struct PbError {
    long line = 0;       // 1-based line of the problem in the input; 0 when not about one line
    std::string message; // English, names the problem ("unknown project \"L999\" in vote")
    std::string What() const; // "line 12: ..."
};

// Reads a whole .pb document. UTF-8 with or without BOM, LF or CRLF, quoted cells ("" for a
// quote, ; and line breaks allowed inside). False with err filled on the first problem;
// out is then unspecified.
bool ReadPabulib(std::string_view text, PbElection& out, PbError& err);
bool ReadPabulib(std::istream& in, PbElection& out, PbError& err);

// Writes e as a .pb document (LF line ends, cells quoted only when they need it). Cells are
// written as read, except project_id, cost, budget, vote and points, which come from the
// typed fields. ReadPabulib(WritePabulib(e)) gives back e.
void WritePabulib(std::ostream& out, const PbElection& e);
std::string WritePabulib(const PbElection& e);

} // namespace quartier

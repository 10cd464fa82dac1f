// Pabulib reader and writer. The reader is a small CSV lexer (Python's csv dialect with ';',
// which is what pabutools and the files' producers use) plus the section logic; it is
// written for speed because the largest files hold ~100k ballots.
//
// Index
// [SECTION] Vote types
// [SECTION] Lexer
// [SECTION] Reader
// [SECTION] Writer
#include "shared/pabulib/pabulib.h"

#include <algorithm>
#include <istream>
#include <ostream>
#include <sstream>
#include <unordered_map>

namespace quartier {

//-------------------------------------------------------------------------------------------
// [SECTION] Vote types
//-------------------------------------------------------------------------------------------

namespace {
const char* const kVoteTypeNames[] = {"approval", "choose-1", "cumulative", "scoring", "ordinal"};
}

const char* ToString(VoteType t) { return kVoteTypeNames[static_cast<int>(t)]; }

bool ParseVoteType(std::string_view text, VoteType& out) {
    for (int i = 0; i < 5; ++i)
        if (text == kVoteTypeNames[i]) {
            out = static_cast<VoteType>(i);
            return true;
        }
    return false;
}

std::string PbError::What() const {
    return line > 0 ? "line " + std::to_string(line) + ": " + message : message;
}

std::string PbElection::Meta(std::string_view key) const {
    for (const auto& kv : meta)
        if (kv.first == key) return kv.second;
    return {};
}

int PbElection::ProjectColumn(std::string_view name) const {
    for (size_t i = 0; i < project_columns.size(); ++i)
        if (project_columns[i] == name) return static_cast<int>(i);
    return -1;
}

std::string PbElection::ProjectCell(size_t p, std::string_view name) const {
    const int c = ProjectColumn(name);
    if (c < 0 || p >= projects.size() || static_cast<size_t>(c) >= projects[p].cells.size()) return {};
    return projects[p].cells[static_cast<size_t>(c)];
}

int PbElection::FindProject(std::string_view id) const {
    for (size_t i = 0; i < projects.size(); ++i)
        if (projects[i].id == id) return static_cast<int>(i);
    return -1;
}

//-------------------------------------------------------------------------------------------
// [SECTION] Lexer
//-------------------------------------------------------------------------------------------

namespace {

std::string_view TrimView(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) --e;
    return s.substr(b, e - b);
}

std::string Lower(std::string_view s) {
    std::string r(s);
    for (auto& c : r)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return r;
}

// Splits the document into rows of cells. Cells are reused between rows (no allocation in
// the steady state): only the first `size` entries of `cells` belong to the current row.
class Lexer {
public:
    explicit Lexer(std::string_view text) : m_text(text) {
        if (m_text.size() >= 3 && m_text.compare(0, 3, "\xEF\xBB\xBF") == 0) m_pos = 3;
    }

    // False at the end of the input; err set (and false returned) on a lexical problem.
    bool Next(bool& ok, PbError& err) {
        ok = true;
        if (m_pos >= m_text.size()) return false;
        m_row_line = m_line;
        size = 0;
        for (;;) {
            std::string& cell = NextCell();
            const size_t n = m_text.size();
            if (m_pos < n && m_text[m_pos] == '"') {
                ++m_pos;
                for (;;) {
                    if (m_pos >= n) {
                        ok = false;
                        err = {m_row_line, "a quoted cell is never closed (missing \")"};
                        return true;
                    }
                    const char c = m_text[m_pos];
                    if (c == '"') {
                        if (m_pos + 1 < n && m_text[m_pos + 1] == '"') {
                            cell += '"';
                            m_pos += 2;
                            continue;
                        }
                        ++m_pos;
                        break;
                    }
                    if (c == '\n') ++m_line;
                    cell += c;
                    ++m_pos;
                }
            }
            // Unquoted part (or what follows a closing quote, kept as Python's csv does).
            const size_t start = m_pos;
            while (m_pos < n && m_text[m_pos] != ';' && m_text[m_pos] != '\n' && m_text[m_pos] != '\r')
                ++m_pos;
            cell.append(m_text.data() + start, m_pos - start);
            if (m_pos >= n) return true;
            const char c = m_text[m_pos++];
            if (c == ';') continue;
            if (c == '\r' && m_pos < n && m_text[m_pos] == '\n') ++m_pos;
            ++m_line;
            return true;
        }
    }

    long RowLine() const { return m_row_line; }
    bool Blank() const {
        for (size_t i = 0; i < size; ++i)
            if (!TrimView(cells[i]).empty()) return false;
        return true;
    }

    std::vector<std::string> cells;
    size_t size = 0;

private:
    std::string& NextCell() {
        if (size == cells.size()) cells.emplace_back();
        std::string& c = cells[size++];
        c.clear();
        return c;
    }

    std::string_view m_text;
    size_t m_pos = 0;
    long m_line = 1;
    long m_row_line = 1;
};

//-------------------------------------------------------------------------------------------
// [SECTION] Reader
//-------------------------------------------------------------------------------------------

enum class Section { None, Meta, Projects, Votes };

class Reader {
public:
    Reader(std::string_view text, PbElection& out, PbError& err) : m_lex(text), m_out(out), m_err(err) {}

    bool Run() {
        m_out = PbElection{};
        bool ok = true;
        while (m_lex.Next(ok, m_err)) {
            if (!ok) return false;
            if (m_lex.Blank()) continue;
            const std::string first = Lower(TrimView(m_lex.cells[0]));
            bool rest_blank = true;
            for (size_t i = 1; i < m_lex.size; ++i)
                if (!TrimView(m_lex.cells[i]).empty()) rest_blank = false;
            if (rest_blank && (first == "meta" || first == "projects" || first == "votes")) {
                if (!StartSection(first)) return false;
                continue;
            }
            bool row_ok = false;
            switch (m_section) {
            case Section::None:
                return Fail(m_lex.RowLine(), "expected a META, PROJECTS or VOTES section, found \"" +
                                                 std::string(TrimView(m_lex.cells[0])) + "\"");
            case Section::Meta: row_ok = MetaRow(); break;
            case Section::Projects: row_ok = ProjectRow(); break;
            case Section::Votes: row_ok = VoteRow(); break;
            }
            if (!row_ok) return false;
        }
        if (!m_seen_meta) return Fail(0, "the file has no META section");
        if (!m_seen_projects) return Fail(0, "the file has no PROJECTS section");
        if (!m_seen_votes) return Fail(0, "the file has no VOTES section");
        if (m_section == Section::Meta && !FinishMeta()) return false;
        return true;
    }

private:
    bool Fail(long line, std::string message) {
        m_err = {line, std::move(message)};
        return false;
    }

    bool ReadHeader(std::vector<std::string>& header, const char* section) {
        const long section_line = m_lex.RowLine();
        bool ok = true;
        for (;;) {
            if (!m_lex.Next(ok, m_err))
                return Fail(section_line, std::string(section) + " section has no header row");
            if (!ok) return false;
            if (!m_lex.Blank()) break;
        }
        header.clear();
        for (size_t i = 0; i < m_lex.size; ++i) header.emplace_back(TrimView(m_lex.cells[i]));
        while (!header.empty() && header.back().empty()) header.pop_back();
        m_header_line = m_lex.RowLine();
        for (size_t i = 0; i < header.size(); ++i)
            for (size_t j = 0; j < i; ++j)
                if (header[i] == header[j])
                    return Fail(m_header_line, "column \"" + header[i] + "\" appears twice in the " +
                                                   section + " header");
        return true;
    }

    static int Column(const std::vector<std::string>& header, std::string_view name) {
        for (size_t i = 0; i < header.size(); ++i)
            if (header[i] == name) return static_cast<int>(i);
        return -1;
    }

    bool StartSection(const std::string& name) {
        const long line = m_lex.RowLine();
        if (m_section == Section::Meta && !FinishMeta()) return false;
        if (name == "meta") {
            if (m_seen_meta) return Fail(line, "a second META section");
            m_seen_meta = true;
            m_section = Section::Meta;
            std::vector<std::string> header;
            return ReadHeader(header, "META");
        }
        if (name == "projects") {
            if (m_seen_projects) return Fail(line, "a second PROJECTS section");
            m_seen_projects = true;
            m_section = Section::Projects;
            if (!ReadHeader(m_out.project_columns, "PROJECTS")) return false;
            m_id_col = Column(m_out.project_columns, "project_id");
            m_cost_col = Column(m_out.project_columns, "cost");
            if (m_id_col < 0) return Fail(m_header_line, "the PROJECTS header has no project_id column");
            if (m_cost_col < 0) return Fail(m_header_line, "the PROJECTS header has no cost column");
            return true;
        }
        if (m_seen_votes) return Fail(line, "a second VOTES section");
        if (!m_seen_meta) return Fail(line, "the VOTES section comes before META");
        if (!m_seen_projects) return Fail(line, "the VOTES section comes before PROJECTS");
        m_seen_votes = true;
        m_section = Section::Votes;
        if (!ReadHeader(m_out.vote_columns, "VOTES")) return false;
        m_voter_col = Column(m_out.vote_columns, "voter_id");
        m_vote_col = Column(m_out.vote_columns, "vote");
        m_points_col = Column(m_out.vote_columns, "points");
        if (m_voter_col < 0) return Fail(m_header_line, "the VOTES header has no voter_id column");
        if (m_vote_col < 0) return Fail(m_header_line, "the VOTES header has no vote column");
        if (HasPoints(m_out.vote_type) && m_points_col < 0)
            return Fail(m_header_line, std::string("the VOTES header has no points column, which ") +
                                           ToString(m_out.vote_type) + " votes need");
        m_extra_cols.clear();
        for (size_t i = 0; i < m_out.vote_columns.size(); ++i)
            if (static_cast<int>(i) != m_voter_col && static_cast<int>(i) != m_vote_col &&
                static_cast<int>(i) != m_points_col) {
                m_extra_cols.push_back(i);
                m_out.extra_vote_columns.push_back(m_out.vote_columns[i]);
            }
        m_index.clear();
        m_index.reserve(m_out.projects.size() * 2);
        for (size_t i = 0; i < m_out.projects.size(); ++i)
            m_index.emplace(std::string_view(m_out.projects[i].id), static_cast<std::int32_t>(i));
        m_out.voters.reserve(1024);
        return true;
    }

    bool MetaRow() {
        const long line = m_lex.RowLine();
        if (m_lex.size < 2) return Fail(line, "a META row needs a key and a value");
        std::string key(TrimView(m_lex.cells[0]));
        std::string value(TrimView(m_lex.cells[1]));
        for (size_t i = 2; i < m_lex.size; ++i) { // an unquoted ';' inside a value
            if (TrimView(m_lex.cells[i]).empty() && i + 1 == m_lex.size) break;
            value += ';';
            value += m_lex.cells[i];
        }
        if (key.empty()) return Fail(line, "a META row has an empty key");
        for (const auto& kv : m_out.meta)
            if (kv.first == key) return Fail(line, "META key \"" + key + "\" appears twice");
        if (key == "budget") m_budget_line = line;
        if (key == "vote_type") m_vote_type_line = line;
        m_out.meta.emplace_back(std::move(key), std::move(value));
        return true;
    }

    bool FinishMeta() {
        m_section = Section::None;
        const std::string budget = m_out.Meta("budget");
        if (m_budget_line == 0) return Fail(m_header_line, "META has no budget");
        if (!Decimal::Parse(budget, m_out.budget))
            return Fail(m_budget_line, "the budget \"" + budget + "\" is not a number");
        if (m_out.budget.units < 0) return Fail(m_budget_line, "the budget is negative");
        const std::string type = m_out.Meta("vote_type");
        if (m_vote_type_line == 0) return Fail(m_header_line, "META has no vote_type");
        if (!ParseVoteType(type, m_out.vote_type))
            return Fail(m_vote_type_line, "unknown vote_type \"" + type +
                                              "\" (expected approval, choose-1, cumulative, scoring or ordinal)");
        return true;
    }

    bool CheckWidth(const std::vector<std::string>& header, const char* section) {
        if (m_lex.size > header.size()) {
            // Trailing empty cells (a stray ';' at the end of a line) are harmless.
            size_t used = m_lex.size;
            while (used > header.size() && TrimView(m_lex.cells[used - 1]).empty()) --used;
            if (used > header.size())
                return Fail(m_lex.RowLine(), std::string("this ") + section + " row has " +
                                                 std::to_string(used) + " cells but the header has " +
                                                 std::to_string(header.size()));
            m_lex.size = header.size();
        }
        while (m_lex.size < header.size()) { // missing optional cells read as empty
            if (m_lex.size == m_lex.cells.size()) m_lex.cells.emplace_back();
            m_lex.cells[m_lex.size++].clear();
        }
        return true;
    }

    bool ProjectRow() {
        if (!CheckWidth(m_out.project_columns, "PROJECTS")) return false;
        const long line = m_lex.RowLine();
        PbProject p;
        p.id = std::string(TrimView(m_lex.cells[static_cast<size_t>(m_id_col)]));
        if (p.id.empty()) return Fail(line, "a project has an empty project_id");
        const std::string_view cost = TrimView(m_lex.cells[static_cast<size_t>(m_cost_col)]);
        if (!Decimal::Parse(cost, p.cost))
            return Fail(line, "the cost \"" + std::string(cost) + "\" of project " + p.id + " is not a number");
        if (p.cost.units < 0) return Fail(line, "project " + p.id + " has a negative cost");
        if (p.id.find(',') != std::string::npos)
            return Fail(line, "project_id \"" + p.id + "\" contains a comma, which votes use as separator");
        for (const auto& q : m_out.projects)
            if (q.id == p.id) return Fail(line, "project_id \"" + p.id + "\" appears twice");
        p.cells.assign(m_lex.cells.begin(), m_lex.cells.begin() + static_cast<long>(m_lex.size));
        m_out.projects.push_back(std::move(p));
        return true;
    }

    bool VoteRow() {
        if (!CheckWidth(m_out.vote_columns, "VOTES")) return false;
        const long line = m_lex.RowLine();
        PbVoter v;
        v.id = std::string(TrimView(m_lex.cells[static_cast<size_t>(m_voter_col)]));
        const std::string_view vote = TrimView(m_lex.cells[static_cast<size_t>(m_vote_col)]);
        const bool with_points = HasPoints(m_out.vote_type);
        const std::string_view points =
            with_points ? TrimView(m_lex.cells[static_cast<size_t>(m_points_col)]) : std::string_view();
        size_t point_pos = 0;
        size_t pos = 0;
        size_t token_count = 0;
        while (pos <= vote.size() && !vote.empty()) {
            size_t end = vote.find(',', pos);
            if (end == std::string_view::npos) end = vote.size();
            const std::string_view token = TrimView(vote.substr(pos, end - pos));
            pos = end + 1;
            Decimal pts;
            if (with_points) {
                if (point_pos > points.size() || points.empty())
                    return Fail(line, "voter " + v.id + " has fewer points than projects");
                size_t pend = points.find(',', point_pos);
                if (pend == std::string_view::npos) pend = points.size();
                const std::string_view ptext = TrimView(points.substr(point_pos, pend - point_pos));
                point_pos = pend + 1;
                if (!Decimal::Parse(ptext, pts))
                    return Fail(line, "voter " + v.id + " gives \"" + std::string(ptext) +
                                          "\" points, which is not a number");
            }
            ++token_count;
            if (token.empty()) {
                if (with_points) return Fail(line, "voter " + v.id + " has an empty project in the vote");
                continue;
            }
            const auto it = m_index.find(token);
            if (it == m_index.end())
                return Fail(line, "voter " + v.id + " votes for unknown project \"" + std::string(token) + "\"");
            const auto found = std::find(v.ballot.begin(), v.ballot.end(), it->second);
            if (found != v.ballot.end()) { // a project twice: keep the first place
                if (with_points) v.points[static_cast<size_t>(found - v.ballot.begin())] = pts;
                continue;
            }
            v.ballot.push_back(it->second);
            if (with_points) v.points.push_back(pts);
        }
        if (with_points && point_pos <= points.size() && !points.empty())
            return Fail(line, "voter " + v.id + " has more points than projects");
        (void)token_count;
        v.extra.reserve(m_extra_cols.size());
        for (size_t c : m_extra_cols) v.extra.push_back(m_lex.cells[c]);
        m_out.voters.push_back(std::move(v));
        return true;
    }

    Lexer m_lex;
    PbElection& m_out;
    PbError& m_err;
    Section m_section = Section::None;
    bool m_seen_meta = false, m_seen_projects = false, m_seen_votes = false;
    long m_header_line = 0, m_budget_line = 0, m_vote_type_line = 0;
    int m_id_col = -1, m_cost_col = -1, m_voter_col = -1, m_vote_col = -1, m_points_col = -1;
    std::vector<size_t> m_extra_cols;
    std::unordered_map<std::string_view, std::int32_t> m_index;
};

} // namespace

bool ReadPabulib(std::string_view text, PbElection& out, PbError& err) {
    return Reader(text, out, err).Run();
}

bool ReadPabulib(std::istream& in, PbElection& out, PbError& err) {
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) {
        err = {0, "the input could not be read"};
        return false;
    }
    const std::string text = buffer.str();
    return ReadPabulib(std::string_view(text), out, err);
}

//-------------------------------------------------------------------------------------------
// [SECTION] Writer
//-------------------------------------------------------------------------------------------

namespace {

void Cell(std::ostream& out, std::string_view s) {
    if (s.find_first_of(";\"\r\n") == std::string_view::npos) {
        out << s;
        return;
    }
    out << '"';
    for (char c : s) {
        if (c == '"') out << '"';
        out << c;
    }
    out << '"';
}

void Row(std::ostream& out, const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) {
        if (i) out << ';';
        Cell(out, cells[i]);
    }
    out << '\n';
}

} // namespace

void WritePabulib(std::ostream& out, const PbElection& e) {
    out << "META\nkey;value\n";
    bool wrote_budget = false, wrote_type = false;
    for (const auto& kv : e.meta) {
        std::string value = kv.second;
        Decimal parsed;
        if (kv.first == "budget") {
            wrote_budget = true;
            if (!Decimal::Parse(value, parsed) || parsed != e.budget) value = e.budget.ToString();
        } else if (kv.first == "vote_type") {
            wrote_type = true;
            value = ToString(e.vote_type);
        }
        Row(out, {kv.first, value});
    }
    if (!wrote_budget) Row(out, {"budget", e.budget.ToString()});
    if (!wrote_type) Row(out, {"vote_type", ToString(e.vote_type)});

    out << "PROJECTS\n";
    std::vector<std::string> columns = e.project_columns;
    if (std::find(columns.begin(), columns.end(), "project_id") == columns.end())
        columns.insert(columns.begin(), "project_id");
    if (std::find(columns.begin(), columns.end(), "cost") == columns.end())
        columns.insert(columns.begin() + 1, "cost");
    Row(out, columns);
    std::vector<std::string> cells;
    for (const auto& p : e.projects) {
        cells.assign(columns.size(), std::string());
        for (size_t c = 0; c < columns.size(); ++c) {
            const int src = e.ProjectColumn(columns[c]);
            if (src >= 0 && static_cast<size_t>(src) < p.cells.size()) cells[c] = p.cells[static_cast<size_t>(src)];
            if (columns[c] == "project_id") cells[c] = p.id;
            if (columns[c] == "cost") {
                Decimal parsed;
                if (!Decimal::Parse(cells[c], parsed) || parsed != p.cost) cells[c] = p.cost.ToString();
            }
        }
        Row(out, cells);
    }

    out << "VOTES\n";
    columns = e.vote_columns;
    auto ensure = [&](const char* name, size_t at) {
        if (std::find(columns.begin(), columns.end(), name) == columns.end())
            columns.insert(columns.begin() + static_cast<long>(std::min(at, columns.size())), name);
    };
    ensure("voter_id", 0);
    ensure("vote", 1);
    if (HasPoints(e.vote_type)) ensure("points", 2);
    Row(out, columns);
    std::vector<int> extra_of(columns.size(), -1);
    for (size_t c = 0; c < columns.size(); ++c)
        for (size_t k = 0; k < e.extra_vote_columns.size(); ++k)
            if (columns[c] == e.extra_vote_columns[k]) extra_of[c] = static_cast<int>(k);
    std::string joined;
    for (const auto& v : e.voters) {
        for (size_t c = 0; c < columns.size(); ++c) {
            if (c) out << ';';
            if (columns[c] == "voter_id") {
                Cell(out, v.id);
            } else if (columns[c] == "vote") {
                joined.clear();
                for (size_t k = 0; k < v.ballot.size(); ++k) {
                    if (k) joined += ',';
                    joined += e.projects[static_cast<size_t>(v.ballot[k])].id;
                }
                Cell(out, joined);
            } else if (columns[c] == "points") {
                joined.clear();
                for (size_t k = 0; k < v.points.size(); ++k) {
                    if (k) joined += ',';
                    joined += v.points[k].ToString();
                }
                Cell(out, joined);
            } else if (extra_of[c] >= 0 && static_cast<size_t>(extra_of[c]) < v.extra.size()) {
                Cell(out, v.extra[static_cast<size_t>(extra_of[c])]);
            }
        }
        out << '\n';
    }
}

std::string WritePabulib(const PbElection& e) {
    std::ostringstream out;
    WritePabulib(out, e);
    return out.str();
}

} // namespace quartier

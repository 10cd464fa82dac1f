// SQLite store: schema migrations and the proposal queries.
#include "backend/store.h"

#include <sqlite3.h>

namespace quartier {

namespace {

// Each entry moves the schema one version up; never edit a released entry, append one.
const char* const kMigrations[] = {
    // 1: proposals
    R"sql(
    CREATE TABLE proposals (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        title TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        category TEXT NOT NULL,
        latitude REAL NOT NULL,
        longitude REAL NOT NULL,
        estimated_cost INTEGER NOT NULL DEFAULT 0 CHECK (estimated_cost >= 0),
        status TEXT NOT NULL DEFAULT 'submitted',
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    )sql",
};

// A prepared statement that finalises itself.
class Statement {
public:
    Statement(sqlite3* db, const char* sql) : m_db(db) {
        if (sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr) != SQLITE_OK)
            throw StoreError(std::string("SQL prepare failed: ") + sqlite3_errmsg(db));
    }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    void Bind(int i, const std::string& v) {
        sqlite3_bind_text(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    }
    void Bind(int i, double v) { sqlite3_bind_double(m_stmt, i, v); }
    void Bind(int i, std::int64_t v) { sqlite3_bind_int64(m_stmt, i, v); }

    // True while there is a row.
    bool Step() {
        const int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        throw StoreError(std::string("SQL step failed: ") + sqlite3_errmsg(m_db));
    }
    std::string Text(int col) {
        const auto* p = sqlite3_column_text(m_stmt, col);
        return p ? std::string(reinterpret_cast<const char*>(p),
                               static_cast<size_t>(sqlite3_column_bytes(m_stmt, col)))
                 : std::string();
    }
    double Double(int col) { return sqlite3_column_double(m_stmt, col); }
    std::int64_t Int(int col) { return sqlite3_column_int64(m_stmt, col); }

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

Proposal ReadProposal(Statement& s) {
    Proposal p;
    p.id = s.Int(0);
    p.title = s.Text(1);
    p.description = s.Text(2);
    p.category = s.Text(3);
    p.latitude = s.Double(4);
    p.longitude = s.Double(5);
    p.estimated_cost = s.Int(6);
    ParseProposalStatus(s.Text(7), p.status);
    return p;
}

constexpr const char* kProposalColumns =
    "id, title, description, category, latitude, longitude, estimated_cost, status";

} // namespace

Store::Store(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &m_db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK) {
        std::string msg = m_db ? sqlite3_errmsg(m_db) : "out of memory";
        sqlite3_close(m_db);
        throw StoreError("cannot open database " + path + ": " + msg);
    }
    sqlite3_busy_timeout(m_db, 5000);
    Exec("PRAGMA journal_mode = WAL");
    // NORMAL in WAL mode keeps every committed transaction across a process crash (kill -9);
    // only a power loss could roll back the last ones.
    Exec("PRAGMA synchronous = NORMAL");
    Exec("PRAGMA foreign_keys = ON");
    Migrate();
}

Store::~Store() { sqlite3_close(m_db); }

void Store::Exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "unknown error";
        sqlite3_free(err);
        throw StoreError("SQL failed: " + msg);
    }
}

int Store::SchemaVersion() {
    std::lock_guard<std::mutex> lock(m_mutex);
    Statement s(m_db, "PRAGMA user_version");
    s.Step();
    return static_cast<int>(s.Int(0));
}

void Store::Migrate() {
    int version = 0;
    {
        Statement s(m_db, "PRAGMA user_version");
        s.Step();
        version = static_cast<int>(s.Int(0));
    }
    const int latest = static_cast<int>(std::size(kMigrations));
    if (version > latest)
        throw StoreError("database schema v" + std::to_string(version) +
                         " is newer than this server (v" + std::to_string(latest) + ")");
    for (int v = version; v < latest; ++v) {
        Exec("BEGIN IMMEDIATE");
        try {
            Exec(kMigrations[v]);
            Exec(("PRAGMA user_version = " + std::to_string(v + 1)).c_str());
            Exec("COMMIT");
        } catch (...) {
            Exec("ROLLBACK");
            throw;
        }
    }
}

std::vector<Proposal> Store::ListProposals() {
    std::lock_guard<std::mutex> lock(m_mutex);
    Statement s(m_db, (std::string("SELECT ") + kProposalColumns +
                       " FROM proposals WHERE status IN ('submitted','published','selected')"
                       " ORDER BY id DESC").c_str());
    std::vector<Proposal> out;
    while (s.Step()) out.push_back(ReadProposal(s));
    return out;
}

Proposal Store::InsertProposal(const Proposal& p) {
    std::lock_guard<std::mutex> lock(m_mutex);
    Statement s(m_db,
                "INSERT INTO proposals (title, description, category, latitude, longitude,"
                " estimated_cost, status) VALUES (?, ?, ?, ?, ?, ?, ?)");
    s.Bind(1, p.title);
    s.Bind(2, p.description);
    s.Bind(3, p.category);
    s.Bind(4, p.latitude);
    s.Bind(5, p.longitude);
    s.Bind(6, p.estimated_cost);
    s.Bind(7, std::string(ToString(p.status)));
    s.Step();
    Proposal stored = p;
    stored.id = sqlite3_last_insert_rowid(m_db);
    return stored;
}

long Store::CountProposals() {
    std::lock_guard<std::mutex> lock(m_mutex);
    Statement s(m_db, "SELECT COUNT(*) FROM proposals");
    s.Step();
    return static_cast<long>(s.Int(0));
}

} // namespace quartier

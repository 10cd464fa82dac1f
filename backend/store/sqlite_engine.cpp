#include "backend/store/sqlite_engine.h"

#include "backend/crypto.h"

#include <sqlite3.h>

namespace quartier {

namespace {

bool IsConstraint(int rc) { return (rc & 0xff) == SQLITE_CONSTRAINT; }

class SqliteStatement final : public Statement {
public:
    SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : m_db(db), m_stmt(stmt) {}
    ~SqliteStatement() override { sqlite3_finalize(m_stmt); }

    void BindText(int i, std::string_view v) override {
        sqlite3_bind_text(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    }
    void BindBlob(int i, std::string_view bytes) override {
        sqlite3_bind_blob(m_stmt, i, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
    }
    void BindDouble(int i, double v) override { sqlite3_bind_double(m_stmt, i, v); }
    void BindInt(int i, std::int64_t v) override { sqlite3_bind_int64(m_stmt, i, v); }
    void BindNull(int i) override { sqlite3_bind_null(m_stmt, i); }

    bool Step() override {
        const int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        const std::string msg = sqlite3_errmsg(m_db);
        if (IsConstraint(rc)) throw ConstraintError("constraint: " + msg);
        throw StoreError("SQL step failed: " + msg);
    }
    int Changes() const override { return sqlite3_changes(m_db); }

    std::string Text(int col) const override {
        const auto* p = sqlite3_column_text(m_stmt, col);
        return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(m_stmt, col)))
                 : std::string();
    }
    std::string Blob(int col) const override {
        const auto* p = sqlite3_column_blob(m_stmt, col);
        return p ? std::string(static_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(m_stmt, col)))
                 : std::string();
    }
    double Double(int col) const override { return sqlite3_column_double(m_stmt, col); }
    std::int64_t Int(int col) const override { return sqlite3_column_int64(m_stmt, col); }
    bool IsNull(int col) const override { return sqlite3_column_type(m_stmt, col) == SQLITE_NULL; }

    void Reset() override {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
    }

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt;
};

void SqlMac(sqlite3_context* ctx, int, sqlite3_value** argv) {
    if (sqlite3_value_type(argv[1]) == SQLITE_NULL) return sqlite3_result_null(ctx);
    const auto* key = static_cast<const std::string*>(sqlite3_user_data(ctx));
    const auto* purpose = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    const auto* data = static_cast<const char*>(sqlite3_value_blob(argv[1]));
    const std::string mac = KeyedMac(*key, purpose ? purpose : "",
                                     std::string_view(data ? data : "", static_cast<size_t>(sqlite3_value_bytes(argv[1]))));
    sqlite3_result_blob(ctx, mac.data(), static_cast<int>(mac.size()), SQLITE_TRANSIENT);
}

class SqliteConnection final : public Connection {
public:
    explicit SqliteConnection(sqlite3* db) : m_db(db) {}
    ~SqliteConnection() override { sqlite3_close(m_db); }

    std::unique_ptr<Statement> Prepare(const std::string& sql) override {
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v3(m_db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
            sqlite3_finalize(stmt);
            throw StoreError(std::string("SQL prepare failed: ") + sqlite3_errmsg(m_db));
        }
        return std::make_unique<SqliteStatement>(m_db, stmt);
    }

    void Exec(const std::string& sql) override {
        char* err = nullptr;
        const int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &err);
        if (rc != SQLITE_OK) {
            std::string msg = err ? err : sqlite3_errmsg(m_db);
            sqlite3_free(err);
            if (IsConstraint(rc)) throw ConstraintError("constraint: " + msg);
            throw StoreError("SQL failed: " + msg);
        }
    }

    std::int64_t LastInsertId() override { return sqlite3_last_insert_rowid(m_db); }
    int Changes() const override { return sqlite3_changes(m_db); }

private:
    sqlite3* m_db;
};

} // namespace

std::unique_ptr<Connection> OpenSqlite(const std::string& path, const std::string* key) {
    sqlite3* raw = nullptr;
    if (sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
        std::string msg = raw ? sqlite3_errmsg(raw) : "out of memory";
        sqlite3_close(raw);
        throw StoreError("cannot open database " + path + ": " + msg);
    }
    auto connection = std::make_unique<SqliteConnection>(raw);
    sqlite3_busy_timeout(raw, 10000);
    if (key)
        sqlite3_create_function(raw, "quartier_mac", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                const_cast<std::string*>(key), SqlMac, nullptr, nullptr);
    return connection;
}

} // namespace quartier

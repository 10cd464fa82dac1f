#include "backend/store/pg_engine.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <map>
#include <optional>
#include <vector>

namespace quartier {

std::string PostgresParameters(const std::string& sql, int& count) {
    std::string out;
    out.reserve(sql.size() + 8);
    int sequential = 0, highest = 0;
    for (size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (c == '\'' || c == '"') { // a literal or a quoted name, its doubled quotes included
            const size_t end = sql.find(c, i + 1);
            const size_t stop = end == std::string::npos ? sql.size() : end + 1;
            out.append(sql, i, stop - i);
            i = stop - 1;
        } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            const size_t end = sql.find('\n', i);
            const size_t stop = end == std::string::npos ? sql.size() : end;
            out.append(sql, i, stop - i);
            i = stop - 1;
        } else if (c == '?') {
            size_t j = i + 1;
            while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') ++j;
            int n = 0;
            if (j > i + 1) {
                n = std::atoi(sql.substr(i + 1, j - i - 1).c_str());
            } else {
                n = ++sequential;
            }
            if (n > highest) highest = n;
            out += '$';
            out += std::to_string(n);
            i = j - 1;
        } else {
            out += c;
        }
    }
    count = highest;
    return out;
}

namespace {

constexpr Oid kByteaOid = 17;
constexpr Oid kBoolOid = 16;

[[noreturn]] void ThrowFor(PGconn* conn, const PGresult* result, const std::string& what) {
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    std::string msg = result ? PQresultErrorMessage(result) : "";
    if (msg.empty()) msg = PQerrorMessage(conn);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    const std::string code = state ? state : "";
    if (code.rfind("23", 0) == 0) throw ConstraintError("constraint: " + msg);
    if (code == "40001" || code == "40P01") throw RetryableError(what + ": " + msg);
    if (PQstatus(conn) != CONNECTION_OK) throw StoreError(what + ": the connection to PostgreSQL is lost: " + msg);
    throw StoreError(what + ": " + msg);
}

struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

class PgConnection;

class PgStatement final : public Statement {
public:
    PgStatement(PgConnection& connection, std::string sql, int parameters)
        : m_connection(connection), m_sql(std::move(sql)), m_values(static_cast<size_t>(parameters)),
          m_blob(static_cast<size_t>(parameters), false) {}

    void BindText(int i, std::string_view v) override { Set(i, std::string(v), false); }
    void BindBlob(int i, std::string_view bytes) override { Set(i, std::string(bytes), true); }
    void BindDouble(int i, double v) override {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", v);
        Set(i, buf, false);
    }
    void BindInt(int i, std::int64_t v) override { Set(i, std::to_string(v), false); }
    void BindNull(int i) override {
        Check(i);
        m_values[static_cast<size_t>(i - 1)].reset();
        m_blob[static_cast<size_t>(i - 1)] = false;
    }

    bool Step() override;
    int Changes() const override { return m_changes; }

    std::string Text(int col) const override {
        const char* v = Value(col);
        return v ? std::string(v, static_cast<size_t>(PQgetlength(m_result.get(), m_row, col))) : std::string();
    }
    std::string Blob(int col) const override {
        const char* v = Value(col);
        if (!v) return {};
        if (PQftype(m_result.get(), col) != kByteaOid) return Text(col);
        size_t n = 0;
        unsigned char* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(v), &n);
        if (!bytes) throw StoreError("cannot read a bytea value");
        std::string out(reinterpret_cast<const char*>(bytes), n);
        PQfreemem(bytes);
        return out;
    }
    double Double(int col) const override {
        const char* v = Value(col);
        return v ? std::strtod(v, nullptr) : 0.0;
    }
    std::int64_t Int(int col) const override {
        const char* v = Value(col);
        if (!v) return 0;
        if (PQftype(m_result.get(), col) == kBoolOid) return v[0] == 't' ? 1 : 0;
        return std::strtoll(v, nullptr, 10);
    }
    bool IsNull(int col) const override {
        return !m_result || m_row < 0 || PQgetisnull(m_result.get(), m_row, col);
    }

    void Reset() override {
        m_result.reset();
        m_row = -1;
        m_ran = false;
        for (auto& v : m_values) v.reset();
        std::fill(m_blob.begin(), m_blob.end(), false);
    }

private:
    void Check(int i) const {
        if (i < 1 || i > static_cast<int>(m_values.size()))
            throw StoreError("parameter " + std::to_string(i) + " out of range for: " + m_sql);
    }
    void Set(int i, std::string v, bool blob) {
        Check(i);
        m_values[static_cast<size_t>(i - 1)] = std::move(v);
        m_blob[static_cast<size_t>(i - 1)] = blob;
    }
    const char* Value(int col) const {
        if (!m_result || m_row < 0 || m_row >= PQntuples(m_result.get()) || col < 0 || col >= PQnfields(m_result.get()))
            throw StoreError("no such row or column");
        return PQgetisnull(m_result.get(), m_row, col) ? nullptr : PQgetvalue(m_result.get(), m_row, col);
    }

    PgConnection& m_connection;
    std::string m_sql;
    std::vector<std::optional<std::string>> m_values;
    std::vector<bool> m_blob;
    std::map<std::vector<bool>, std::string> m_prepared; // by which parameters are blobs
    Result m_result;
    int m_row = -1;
    bool m_ran = false;
    int m_changes = 0;
};

class PgConnection final : public Connection {
public:
    explicit PgConnection(PGconn* conn) : m_conn(conn) {}
    ~PgConnection() override { PQfinish(m_conn); }

    std::unique_ptr<Statement> Prepare(const std::string& sql) override {
        int count = 0;
        std::string translated = PostgresParameters(sql, count);
        return std::make_unique<PgStatement>(*this, std::move(translated), count);
    }

    void Exec(const std::string& sql) override {
        Result r(PQexec(m_conn, sql.c_str()));
        const auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) ThrowFor(m_conn, r.get(), "SQL failed");
        m_changes = std::atoi(PQcmdTuples(r.get()));
    }

    std::int64_t LastInsertId() override {
        Result r(PQexec(m_conn, "SELECT lastval()"));
        if (!r || PQresultStatus(r.get()) != PGRES_TUPLES_OK) ThrowFor(m_conn, r.get(), "no row was inserted");
        return std::strtoll(PQgetvalue(r.get(), 0, 0), nullptr, 10);
    }
    int Changes() const override { return m_changes; }

    PGconn* Raw() const { return m_conn; }
    std::string NextName() { return "q" + std::to_string(++m_named); }
    void SetChanges(int n) { m_changes = n; }

private:
    PGconn* m_conn;
    int m_named = 0;
    int m_changes = 0;
};

bool PgStatement::Step() {
    if (!m_ran) {
        PGconn* conn = m_connection.Raw();
        // Prepared once per connection for each pattern of blob parameters (bytea, binary);
        // the others are text of a type PostgreSQL infers from the statement.
        auto it = m_prepared.find(m_blob);
        if (it == m_prepared.end()) {
            std::vector<Oid> types(m_values.size(), 0);
            for (size_t i = 0; i < types.size(); ++i)
                if (m_blob[i]) types[i] = kByteaOid;
            const std::string name = m_connection.NextName();
            Result r(PQprepare(conn, name.c_str(), m_sql.c_str(), static_cast<int>(types.size()), types.data()));
            if (!r || PQresultStatus(r.get()) != PGRES_COMMAND_OK) ThrowFor(conn, r.get(), "SQL prepare failed");
            it = m_prepared.emplace(m_blob, name).first;
        }
        std::vector<const char*> values(m_values.size());
        std::vector<int> lengths(m_values.size()), formats(m_values.size());
        for (size_t i = 0; i < m_values.size(); ++i) {
            values[i] = m_values[i] ? m_values[i]->data() : nullptr;
            lengths[i] = m_values[i] ? static_cast<int>(m_values[i]->size()) : 0;
            formats[i] = m_blob[i] ? 1 : 0;
        }
        m_result.reset(PQexecPrepared(conn, it->second.c_str(), static_cast<int>(values.size()), values.data(),
                                      lengths.data(), formats.data(), 0));
        const auto status = m_result ? PQresultStatus(m_result.get()) : PGRES_FATAL_ERROR;
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            Result failed = std::move(m_result);
            m_ran = false;
            ThrowFor(conn, failed.get(), "SQL step failed");
        }
        m_changes = std::atoi(PQcmdTuples(m_result.get()));
        m_connection.SetChanges(m_changes);
        m_ran = true;
        m_row = -1;
    }
    ++m_row;
    return m_row < PQntuples(m_result.get());
}

} // namespace

std::unique_ptr<Connection> OpenPostgres(const std::string& url) {
    PGconn* conn = PQconnectdb(url.c_str());
    if (!conn) throw StoreError("cannot connect to PostgreSQL: out of memory");
    auto connection = std::make_unique<PgConnection>(conn);
    if (PQstatus(conn) != CONNECTION_OK) {
        std::string msg = PQerrorMessage(conn);
        while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
        throw StoreError("cannot connect to PostgreSQL: " + msg);
    }
    // Notices (a table that already exists, say) are not errors: they stay out of the logs.
    connection->Exec("SET client_min_messages = warning");
    return connection;
}

} // namespace quartier

// The server's storage: one embedded SQLite file in WAL mode (foreign keys on), its schema
// brought up to date by numbered migrations at open. Writes go through one writer thread
// that commits many of them in one transaction (group commit) and answers each caller only
// after COMMIT; reads run on a pool of separate connections, which WAL lets proceed while
// the writer writes.
#pragma once

#include "backend/store/engine.h"
#include "shared/proposal.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <vector>

namespace quartier {

// One prepared statement in use: bind, step, read columns; reset when it goes out of scope
// (statements are prepared once per connection and kept).
class Query {
public:
    Query(Statement* stmt, bool owned) : m_stmt(stmt), m_owned(owned) {}
    ~Query();
    Query(Query&& other) noexcept : m_stmt(other.m_stmt), m_owned(other.m_owned) { other.m_stmt = nullptr; }
    Query(const Query&) = delete;
    Query& operator=(const Query&) = delete;

    // 1-based, as in SQL.
    Query& Bind(int i, const std::string& v) { m_stmt->BindText(i, v); return *this; }
    Query& Bind(int i, const char* v) { m_stmt->BindText(i, v); return *this; }
    Query& Bind(int i, double v) { m_stmt->BindDouble(i, v); return *this; }
    Query& Bind(int i, std::int64_t v) { m_stmt->BindInt(i, v); return *this; }
    Query& Bind(int i, int v) { return Bind(i, static_cast<std::int64_t>(v)); }
    Query& BindBlob(int i, const std::string& bytes) { m_stmt->BindBlob(i, bytes); return *this; }
    Query& BindNull(int i) { m_stmt->BindNull(i); return *this; }
    template <class T> Query& Bind(int i, const std::optional<T>& v) {
        return v ? Bind(i, *v) : BindNull(i);
    }

    // True while there is a row; throws StoreError on failure (constraint violations too).
    bool Step() { return m_stmt->Step(); }
    // Step() to completion; the number of rows changed.
    int Run();
    std::string Text(int col) const { return m_stmt->Text(col); }
    std::string Blob(int col) const { return m_stmt->Blob(col); }
    double Double(int col) const { return m_stmt->Double(col); }
    std::int64_t Int(int col) const { return m_stmt->Int(col); }
    bool IsNull(int col) const { return m_stmt->IsNull(col); }

private:
    Statement* m_stmt;
    bool m_owned; // deleted on destruction (not in the connection's cache)
};

// A connection, whichever the engine. Handlers get one inside Store::Read or Store::Write,
// never hold it longer.
class Db {
public:
    explicit Db(std::unique_ptr<Connection> connection) : m_connection(std::move(connection)) {}
    ~Db();
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;

    Query Prepare(const std::string& sql);
    void Exec(const std::string& sql) { m_connection->Exec(sql); }
    // HMAC-SHA-256 of purpose and data under the store's secret key (kept in a file beside
    // the database, never in it): what a copy of the database alone cannot recompute.
    std::string Mac(std::string_view purpose, std::string_view data) const;
    void SetKey(const std::string* key) { m_key = key; }
    std::int64_t LastInsertId() const { return m_connection->LastInsertId(); }
    int Changes() const { return m_connection->Changes(); }

private:
    std::unique_ptr<Connection> m_connection;
    const std::string* m_key = nullptr; // the Store's
    std::map<std::string, std::unique_ptr<Statement>> m_cache;
};

struct StoreOptions {
    int read_connections = 4;
    bool synchronous_full = false; // fsync at every commit (survives power loss, slower)
    int max_batch = 1000;          // most writes committed in one transaction
    std::string key_path;          // secret key file; empty: "<db>.key" beside the database
};

class Store {
public:
    // Opens (creating if needed) and migrates the database at path; ":memory:" works too
    // (reads then go through the writer, since a memory database has one connection).
    // Its secret key is read from the key file, made there (mode 0600) on first start; a
    // memory database keeps a random key in memory. A keyed database without its key file,
    // or a key file others can read, is refused (StoreError).
    explicit Store(const std::string& path, StoreOptions options = {});
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    int SchemaVersion();

    // Runs f(Db&) on a read connection and returns its result.
    template <class F> auto Read(F&& f) -> std::invoke_result_t<F, Db&> {
        if (m_memory) return Write(std::forward<F>(f));
        Lease lease(*this);
        return f(*lease.db);
    }

    // Runs f(Db&) on the writer thread inside the next group transaction (in a savepoint of
    // its own, so that its failure rolls back only its own changes) and returns once that
    // transaction has committed. An exception from f is rethrown here; f must not call
    // Read or Write.
    template <class F> auto Write(F&& f) -> std::invoke_result_t<F, Db&> {
        using R = std::invoke_result_t<F, Db&>;
        if constexpr (std::is_void_v<R>) {
            Submit([&](Db& db) { f(db); });
        } else {
            std::optional<R> result;
            Submit([&](Db& db) { result.emplace(f(db)); });
            return std::move(*result);
        }
    }

    // Convenience for the proposals alias and tests: the default tenant's proposals.
    std::vector<Proposal> ListProposals();
    Proposal InsertProposal(const Proposal& p);
    long CountProposals();

    // Writes committed so far and transactions used for them (group-commit ratio, bench).
    std::int64_t CommittedWrites() const;
    std::int64_t Transactions() const;

private:
    struct Job {
        std::function<void(Db&)> fn;
        std::exception_ptr error;
        bool done = false;
    };
    struct Lease {
        explicit Lease(Store& s);
        ~Lease();
        Store& store;
        Db* db = nullptr;
    };

    void Submit(std::function<void(Db&)> fn);
    void WriterLoop();
    void CheckpointLoop();
    std::unique_ptr<Db> Open(bool for_reading);
    void Migrate();
    void LoadKey();

    std::string m_path;
    std::string m_key; // 32 raw bytes
    StoreOptions m_options;
    bool m_memory = false;

    std::unique_ptr<Db> m_writer;
    std::mutex m_queue_mutex;
    std::condition_variable m_queue_cv;
    std::condition_variable m_done_cv;
    std::deque<Job*> m_queue;
    bool m_stopping = false;
    std::int64_t m_writes = 0, m_transactions = 0;
    std::thread m_writer_thread;
    std::thread m_checkpoint_thread; // WAL checkpoints (and their fsyncs) off the write path

    std::mutex m_pool_mutex;
    std::condition_variable m_pool_cv;
    std::vector<std::unique_ptr<Db>> m_readers; // all opened
    std::vector<Db*> m_idle;
    int m_opening = 0;
};

} // namespace quartier

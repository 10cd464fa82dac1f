// What a storage engine provides under Query and Db: a connection that prepares statements,
// and statements that bind, step and read columns. SQLite (sqlite_engine.cpp) and
// PostgreSQL (pg_engine.cpp) implement it; handlers only ever see Query and Db (store.h), and
// write one SQL that both engines run:
//   - parameters as `?` or `?N`, values bound with their C++ type (BindBlob for bytes);
//   - `INSERT … ON CONFLICT (…) DO NOTHING / DO UPDATE`, never SQLite's `INSERT OR IGNORE`
//     or `INSERT OR REPLACE`;
//   - times computed in C++ and bound (ISO 8601 text, which sorts as time), never
//     `strftime('now')` or `now()` in a statement;
//   - `LIKE` only on text that is already lower case (SQLite's LIKE ignores ASCII case,
//     PostgreSQL's does not); booleans read as 0/1 with Int();
//   - no engine's own functions (json_extract, group_concat, string_agg): read rows, build in
//     C++. Schema steps are the one place each engine has its own text.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace quartier {

struct StoreError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A constraint violation (UNIQUE, FOREIGN KEY, CHECK) as a typed error, so that callers can
// turn it into 409 without parsing an engine's messages.
struct ConstraintError : StoreError {
    using StoreError::StoreError;
};

// A transaction that another one beat (PostgreSQL's serialization failure or deadlock): the
// whole transaction may be run again, and nothing of it was kept.
struct RetryableError : StoreError {
    using StoreError::StoreError;
};

// One prepared statement. Parameters are 1-based and columns 0-based, as in SQL. Reset()
// readies it for the next use (bindings cleared); statements are kept by their Db.
class Statement {
public:
    virtual ~Statement() = default;
    virtual void BindText(int i, std::string_view v) = 0;
    virtual void BindBlob(int i, std::string_view bytes) = 0;
    virtual void BindDouble(int i, double v) = 0;
    virtual void BindInt(int i, std::int64_t v) = 0;
    virtual void BindNull(int i) = 0;
    // True while there is a row; throws StoreError (ConstraintError, RetryableError) on failure.
    virtual bool Step() = 0;
    // Rows the statement changed (INSERT, UPDATE, DELETE), once it has run to completion.
    virtual int Changes() const = 0;
    virtual std::string Text(int col) const = 0;
    virtual std::string Blob(int col) const = 0;
    virtual double Double(int col) const = 0;
    virtual std::int64_t Int(int col) const = 0;
    virtual bool IsNull(int col) const = 0;
    virtual void Reset() = 0;
};

class Connection {
public:
    virtual ~Connection() = default;
    virtual std::unique_ptr<Statement> Prepare(const std::string& sql) = 0;
    // One or more statements without parameters or results (schema, transactions).
    virtual void Exec(const std::string& sql) = 0;
    // The id the last INSERT on this connection gave its row.
    virtual std::int64_t LastInsertId() = 0;
    // Rows changed by the last statement on this connection.
    virtual int Changes() const = 0;
};

} // namespace quartier

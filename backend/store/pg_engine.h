// The PostgreSQL engine under Query and Db, on libpq (PostgreSQL's own client library).
//
// The SQL that handlers write runs on both engines: parameters are SQLite's `?` and `?N`,
// turned here into PostgreSQL's `$N` (outside quotes and comments); everything else is SQL
// that both understand (the rules are in engine.h). Parameters are
// sent as text of unknown type, so that PostgreSQL types each from where it stands as
// SQLite would (a number compared with a TEXT column, say); blobs go in binary as bytea.
// Results come as text; booleans read as 1 and 0, as SQLite gives them.
#pragma once

#include "backend/store/engine.h"

#include <memory>
#include <string>

namespace quartier {

// Connects to url (a libpq connection URI or key=value string, e.g.
// postgresql://user@127.0.0.1:5432/quartier); StoreError with libpq's words when it cannot.
std::unique_ptr<Connection> OpenPostgres(const std::string& url);

// sql with `?` and `?N` parameters as `$N`; count gets the number of parameters.
std::string PostgresParameters(const std::string& sql, int& count);

} // namespace quartier

// The SQLite engine under Query and Db: one connection to a database file (or ":memory:").
#pragma once

#include "backend/store/engine.h"

#include <memory>
#include <string>

namespace quartier {

// Opens (creating if needed) the database at path, with a busy timeout. key, when given, is
// the store's secret: SQL may then call quartier_mac(purpose, data) (KeyedMac in SQL, so that
// a migration can key existing rows). It must outlive the connection.
std::unique_ptr<Connection> OpenSqlite(const std::string& path, const std::string* key);

} // namespace quartier

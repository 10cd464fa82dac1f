// The server's storage: one embedded SQLite file (WAL, foreign keys on), its schema
// brought up to date by numbered migrations at open. Speaks the model's types only.
#pragma once

#include "shared/proposal.h"

#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

struct sqlite3;

namespace quartier {

struct StoreError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Store {
public:
    // Opens (creating if needed) and migrates the database at path; ":memory:" works too.
    explicit Store(const std::string& path);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    int SchemaVersion();

    // Newest first.
    std::vector<Proposal> ListProposals();
    // Stores a validated proposal; returns it with its id.
    Proposal InsertProposal(const Proposal& p);
    long CountProposals();

private:
    void Exec(const char* sql);
    void Migrate();

    sqlite3* m_db = nullptr;
    std::mutex m_mutex; // one connection, serialised; good enough until issue 4's load targets
};

} // namespace quartier

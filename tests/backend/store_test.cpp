// The store's secret key: kept in a file beside the database (never in it), made on first
// start with mode 0600, so that a copy of the database alone cannot test voter codes; and
// a database from before keys existed keeps working once upgraded.
#include "backend/api_fixture.h"

#include "backend/crypto.h"
#include "backend/store/process_store.h"

#include <sqlite3.h>

#include <filesystem>
#include <fstream>

using namespace quartier;
using namespace quartier::testing;

namespace {
namespace fs = std::filesystem;

std::vector<std::string> Column(const std::string& db_path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(db_path.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
    std::vector<std::string> out;
    while (sqlite3_step(s) == SQLITE_ROW)
        out.emplace_back(static_cast<const char*>(sqlite3_column_blob(s, 0)), static_cast<size_t>(sqlite3_column_bytes(s, 0)));
    sqlite3_finalize(s);
    sqlite3_close(db);
    return out;
}

void Exec(const std::string& db_path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(db_path.c_str(), &db) == SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    INFO(sql << ": " << (err ? err : ""));
    sqlite3_free(err);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

std::int64_t ProcessId(Town& town, const std::string& slug = "bp") {
    return town.server.Get().App().FindProcess(*town.server.Get().App().FindTenant("ville"), slug)->id;
}
} // namespace

TEST_CASE("the key lives in a file beside the database, readable by its owner only") {
    Town town;
    const fs::path key = town.server.DbPath() + ".key";
    REQUIRE(fs::exists(key));
    CHECK((fs::status(key).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
    std::ifstream in(key);
    std::string hex;
    in >> hex;
    CHECK(hex.size() == 64);
    // Not in the database: no secret there is the key.
    for (const auto& v : Column(town.server.DbPath(), "SELECT value FROM server_secrets")) CHECK(ToHex(v) != hex);
}

TEST_CASE("a copy of the database without its key cannot test a voter code") {
    Town town;
    const auto codes = town.Codes(3);
    const std::int64_t pid = ProcessId(town);
    // The stored codes are not SHA-256 of the code, as they were: 31^8 guesses would find them.
    const auto stored = Column(town.server.DbPath(), "SELECT code_hash FROM voter_codes");
    REQUIRE(stored.size() == 3);
    for (const auto& c : codes)
        for (const auto& h : stored) CHECK(h != Sha256(std::to_string(pid) + ":" + NormalizeVoterCode(c)));

    // A copy (as in a backup) opened without the key file is refused rather than given a new key...
    const std::string copy = (town.server.Dir() / "copie.db").string();
    Exec(town.server.DbPath(), "VACUUM INTO '" + copy + "'");
    CHECK_THROWS_AS(Store{copy}, StoreError);
    // ...and with a key of the thief's own, the real codes are unknown to it.
    {
        std::ofstream out(copy + ".key");
        out << RandomHex(32) << "\n";
    }
    fs::permissions(copy + ".key", fs::perms::owner_read | fs::perms::owner_write);
    ServerOptions options;
    options.db_path = copy;
    TestServer thief(options);
    const auto r = Call(thief, "POST", "/api/v1/tenants/ville/processes/bp/ballot-tokens", {{"code", codes[0]}});
    CHECK(r.status == 404);
    CHECK(r.body["error"]["code"] == "unknown_code");
    // The real server, with its key, still takes it.
    CHECK(town.Token(codes[0]).size() == 32);
}

TEST_CASE("a key file that others may read is refused") {
    const fs::path dir = fs::temp_directory_path() / ("quartier-key-" + RandomHex(8));
    fs::create_directories(dir);
    const std::string db = (dir / "q.db").string();
    { Store first(db); }
    fs::permissions(db + ".key", fs::perms::group_read | fs::perms::others_read, fs::perm_options::add);
    CHECK_THROWS_AS(Store{db}, StoreError);
    fs::permissions(db + ".key", fs::perms::group_read | fs::perms::others_read, fs::perm_options::remove);
    CHECK_NOTHROW(Store{db});
    fs::remove_all(dir);
}

TEST_CASE("a database from before keys keeps its codes, census and audit log, and catches edits to old entries") {
    fs::path dir = fs::temp_directory_path() / ("quartier-upgrade-" + RandomHex(8));
    fs::create_directories(dir);
    const std::string db = (dir / "q.db").string();
    std::vector<std::string> codes;
    std::int64_t pid = 0, version = 0, ville = 0, proposal = 0;
    {
        ServerOptions options;
        options.db_path = db;
        Town town(options);
        codes = town.Codes(2);
        proposal = town.Propose();
        pid = ProcessId(town);
        ville = town.server.Get().App().FindTenant("ville")->id;
        version = town.server.Get().GetStore().SchemaVersion();
    }
    // Back to the schema before keys: plain SHA-256 codes and census references, a SHA-256
    // audit chain, no key file. The migrations after the keys' one (7: housekeeping, 8: review,
    // 9: calendars, 10: letters, 11: accent, 12: easy-read texts, 13: comments, 14: photos, 15: e-mail) are undone too, and replayed by the upgrade; the process's dates go back
    // to the old voting_start/voting_end.
    Exec(db, "DROP TABLE outbox; DROP TABLE tenant_mail; DROP TABLE email_confirmations;"
             "ALTER TABLE users DROP COLUMN language; ALTER TABLE users DROP COLUMN email_confirmed_at;"
             "ALTER TABLE users DROP COLUMN mail_decisions; ALTER TABLE users DROP COLUMN mail_replies;"
             "ALTER TABLE users DROP COLUMN mail_voting;"
             "DROP TABLE photo_variants; DROP TABLE photos;"
             "DROP TABLE comment_flags; DROP TABLE comments; ALTER TABLE proposals DROP COLUMN comments;"
             "ALTER TABLE tenants DROP COLUMN comment_stances;"
             "ALTER TABLE tenants DROP COLUMN time_zone; PRAGMA writable_schema = ON;"
             "UPDATE sqlite_master SET sql = replace(sql, ', ''follow_up'')', ')') WHERE type = 'table' AND name = 'processes';"
             "PRAGMA writable_schema = RESET;"
             "UPDATE processes SET dates = '{\"voting_start\":\"2026-01-05\",\"voting_end\":\"2090-03-17\",\"note\":1}';"
             "DROP TRIGGER tenants_id_high; DROP TABLE password_resets; ALTER TABLE tenants DROP COLUMN archived_at;"
             "ALTER TABLE tenants DROP COLUMN premoderation; ALTER TABLE processes DROP COLUMN archived_at;"
             "ALTER TABLE users DROP COLUMN disabled_at;"
             "DROP TABLE project_updates; DROP TABLE project_followups; DROP TABLE proposal_reviews;"
             "ALTER TABLE proposals DROP COLUMN credit_name;"
             "ALTER TABLE tenants DROP COLUMN vote_url; ALTER TABLE tenants DROP COLUMN help_line;"
             "ALTER TABLE tenants DROP COLUMN accent;"
             "DROP TRIGGER users_id_high; DROP TABLE id_high; DROP TABLE paper_entries; DROP TABLE audit_anchors;"
             "ALTER TABLE processes DROP COLUMN uncoded_paper; ALTER TABLE processes DROP COLUMN easy_read; DELETE FROM voter_codes;"
             "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; DELETE FROM audit_log;"
             "PRAGMA user_version = 5");
    CHECK(version == 15);
    fs::remove(db + ".key");
    {
        sqlite3* h = nullptr;
        REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(h, "INSERT INTO voter_codes (code_hash, process_id, census_ref_hash) VALUES (?, ?, ?)", -1, &s, nullptr);
        for (size_t i = 0; i < codes.size(); ++i) {
            const std::string hash = Sha256(std::to_string(pid) + ":" + NormalizeVoterCode(codes[i]));
            const std::string ref = Sha256(std::to_string(pid) + ":census:A-00" + std::to_string(i + 1));
            sqlite3_bind_blob(s, 1, hash.data(), static_cast<int>(hash.size()), SQLITE_TRANSIENT);
            sqlite3_bind_int64(s, 2, pid);
            if (i == 0) sqlite3_bind_blob(s, 3, ref.data(), static_cast<int>(ref.size()), SQLITE_TRANSIENT);
            else sqlite3_bind_null(s, 3);
            REQUIRE(sqlite3_step(s) == SQLITE_DONE);
            sqlite3_reset(s);
        }
        sqlite3_finalize(s);
        // Two entries chained as the old server did.
        std::string prev(64, '0');
        for (const char* action : {"codes.generate", "census.import"}) {
            const json entry{{"tenant", ville}, {"at", "2026-11-01T10:00:00Z"}, {"actor", "1"}, {"role", "admin"},
                             {"action", action}, {"target", "bp"}, {"detail", "{}"}};
            const std::string hash = Sha256Hex(prev + "\n" + entry.dump());
            const std::string sql = "INSERT INTO audit_log (tenant_id, at, actor_id, actor_role, action, target, detail,"
                                    " prev_hash, hash) VALUES (2, '2026-11-01T10:00:00Z', 1, 'admin', '" +
                                    std::string(action) + "', 'bp', '{}', '" + prev + "', '" + hash + "')";
            REQUIRE(sqlite3_exec(h, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
            prev = hash;
        }
        sqlite3_close(h);
    }

    {
        ServerOptions options;
        options.db_path = db;
        TestServer server(options);
        CHECK(fs::exists(db + ".key"));
        const auto login = Call(server, "POST", "/api/v1/auth/login", {{"email", "admin@ville.test"}, {"password", "mot-de-passe-solide"}});
        REQUIRE(login.status == 200);
        const std::string admin = login.body["token"];
        const std::string bp = "/api/v1/tenants/ville/processes/bp";
        // The codes issued before the upgrade still vote, and are now stored keyed.
        CHECK(Call(server, "POST", bp + "/ballot-tokens", {{"code", codes[0]}}).status == 201);
        CHECK(Call(server, "POST", bp + "/ballot-tokens", {{"code", codes[0]}}).body["error"]["code"] == "code_used");
        for (const auto& h : Column(db, "SELECT code_hash FROM voter_codes"))
            CHECK(h != Sha256(std::to_string(pid) + ":" + NormalizeVoterCode(codes[1])));
        // The census still knows who already has a code.
        const auto census =
            Call(server, "POST", bp + "/census", nullptr, admin, "reference;nom\nA-001;Dupont\nA-002;Martin\n", "text/csv");
        CHECK(census.Header("X-Quartier-Skipped") == "1");
        CHECK(census.Header("X-Quartier-Added") == "1");
        // Old dates read as the voting phase's window; the phases go on to follow-up.
        const auto process = Call(server, "GET", bp);
        CHECK(process.body["dates"] == json{{"voting", {{"start", "2026-01-05"}, {"end", "2090-03-17"}}}, {"note", 1}});
        CHECK(process.body["calendar_text"]["fr"] == "Vote du 5 janvier 2026 au 17 mars 2090");
        CHECK(Call(server, "GET", "/api/v1/tenants/ville").body["time_zone"] == "Europe/Paris");
        CHECK(Column(db, "SELECT sql FROM sqlite_master WHERE name = 'processes'")[0].find("'follow_up'") != std::string::npos);
        // A proposal from before reviews reads as it did, not yet reviewed.
        const auto old = Call(server, "GET", "/api/v1/tenants/ville/proposals/" + std::to_string(proposal));
        CHECK(old.body["stage"] == "submitted");
        CHECK(old.body.count("review") == 0);
        // The old entries verify, and the chain goes on under the key.
        auto verify = Call(server, "GET", "/api/v1/tenants/ville/moderation/audit/verify", nullptr, admin);
        CHECK(verify.body["ok"] == true);
        CHECK(verify.body["entries"] == 3);
        // An old entry edited is caught.
        Exec(db, "DROP TRIGGER IF EXISTS audit_no_update; UPDATE audit_log SET target = 'autre' WHERE action = 'codes.generate'");
        verify = Call(server, "GET", "/api/v1/tenants/ville/moderation/audit/verify", nullptr, admin);
        CHECK(verify.body["ok"] == false);
    }
    // Once upgraded, the database without its key is refused rather than handed a new key.
    fs::remove(db + ".key");
    CHECK_THROWS_AS(Store{db}, StoreError);
    CHECK_FALSE(fs::exists(db + ".key"));
    fs::remove_all(dir);
}

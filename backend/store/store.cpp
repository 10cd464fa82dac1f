// SQLite store: connections, numbered schema migrations, the writer thread with group
// commit, and the read-connection pool.
//
// Index of this file:
// [SECTION] Schema migrations
// [SECTION] Query and Db
// [SECTION] Store: open, migrate, writer thread, read pool
// [SECTION] Default-tenant conveniences
#include "backend/store/store.h"

#include "backend/crypto.h"
#include "backend/store/sqlite_engine.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

namespace quartier {

//-----------------------------------------------------------------------------
// [SECTION] Schema migrations
//-----------------------------------------------------------------------------

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
    // 2: tenants, accounts, supports and flags, moderation audit chain, processes, projects,
    // voter roll, ballot box. Existing proposals move to the tenant "default".
    R"sql(
    CREATE TABLE tenants (
        id INTEGER PRIMARY KEY,
        slug TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        languages TEXT NOT NULL DEFAULT '["fr","en"]',
        center_lat REAL NOT NULL DEFAULT 0,
        center_lon REAL NOT NULL DEFAULT 0,
        categories TEXT NOT NULL DEFAULT '[]',
        districts TEXT NOT NULL DEFAULT '{"type":"FeatureCollection","features":[]}',
        allowed_origins TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    INSERT INTO tenants (id, slug, name) VALUES (1, 'default', 'Quartier');

    CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'moderator', 'agent', 'resident')),
        tenant_id INTEGER REFERENCES tenants(id) ON DELETE CASCADE, -- NULL: every tenant
        display_name TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE TABLE sessions (
        token_hash BLOB PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        expires_at TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX sessions_user ON sessions(user_id);

    CREATE TABLE proposals_v2 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        category TEXT NOT NULL,
        latitude REAL NOT NULL,
        longitude REAL NOT NULL,
        estimated_cost INTEGER NOT NULL DEFAULT 0 CHECK (estimated_cost >= 0),
        status TEXT NOT NULL DEFAULT 'submitted'
            CHECK (status IN ('submitted', 'published', 'rejected', 'hidden', 'selected')),
        district_code TEXT,
        district_name TEXT,
        author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
        moderation_reason TEXT,
        merged_into INTEGER REFERENCES proposals_v2(id) ON DELETE SET NULL,
        supports INTEGER NOT NULL DEFAULT 0,
        flags INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    INSERT INTO proposals_v2 (id, tenant_id, title, description, category, latitude, longitude,
                              estimated_cost, status, created_at)
        SELECT id, 1, title, description, category, latitude, longitude, estimated_cost, status,
               created_at FROM proposals;
    DROP TABLE proposals;
    ALTER TABLE proposals_v2 RENAME TO proposals;
    CREATE INDEX proposals_tenant ON proposals(tenant_id, status, id);
    CREATE INDEX proposals_district ON proposals(tenant_id, district_code);
    CREATE INDEX proposals_author ON proposals(author_id);

    CREATE TABLE supports (
        proposal_id INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        PRIMARY KEY (proposal_id, user_id)
    ) WITHOUT ROWID;
    CREATE INDEX supports_user ON supports(user_id);
    CREATE TRIGGER supports_add AFTER INSERT ON supports BEGIN
        UPDATE proposals SET supports = supports + 1 WHERE id = NEW.proposal_id; END;
    CREATE TRIGGER supports_remove AFTER DELETE ON supports BEGIN
        UPDATE proposals SET supports = supports - 1 WHERE id = OLD.proposal_id; END;

    CREATE TABLE flags (
        id INTEGER PRIMARY KEY,
        proposal_id INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        reason TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        UNIQUE (proposal_id, user_id)
    );
    CREATE INDEX flags_user ON flags(user_id);
    CREATE TRIGGER flags_add AFTER INSERT ON flags BEGIN
        UPDATE proposals SET flags = flags + 1 WHERE id = NEW.proposal_id; END;
    CREATE TRIGGER flags_remove AFTER DELETE ON flags BEGIN
        UPDATE proposals SET flags = flags - 1 WHERE id = OLD.proposal_id; END;

    -- Append-only: each entry carries the hash of the previous one of its tenant.
    CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        tenant_id INTEGER NOT NULL,
        at TEXT NOT NULL,
        actor_id INTEGER,
        actor_role TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        detail TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    CREATE INDEX audit_tenant ON audit_log(tenant_id, id);
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log BEGIN
        SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log BEGIN
        SELECT RAISE(ABORT, 'the audit log is append-only'); END;

    CREATE TABLE processes (
        id INTEGER PRIMARY KEY,
        tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        slug TEXT NOT NULL,
        title TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        phase TEXT NOT NULL DEFAULT 'submission'
            CHECK (phase IN ('submission', 'review', 'voting', 'closed', 'published')),
        dates TEXT NOT NULL DEFAULT '{}',
        budget TEXT NOT NULL DEFAULT '0',
        currency TEXT NOT NULL DEFAULT 'EUR',
        ballot TEXT NOT NULL,
        rule TEXT NOT NULL,
        district_budgets TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        UNIQUE (tenant_id, slug)
    );
    CREATE TABLE projects (
        id INTEGER PRIMARY KEY,
        process_id INTEGER NOT NULL REFERENCES processes(id) ON DELETE CASCADE,
        project_id TEXT NOT NULL,
        name TEXT NOT NULL,
        cost TEXT NOT NULL,
        category TEXT NOT NULL DEFAULT '',
        district TEXT NOT NULL DEFAULT '',
        latitude REAL,
        longitude REAL,
        placed INTEGER NOT NULL DEFAULT 0, -- 1: coordinates computed, not given
        description TEXT NOT NULL DEFAULT '',
        UNIQUE (process_id, project_id)
    );

    -- The voter roll: single-use codes, stored hashed, with no link to the ballot box.
    CREATE TABLE voter_codes (
        code_hash BLOB PRIMARY KEY,
        process_id INTEGER NOT NULL REFERENCES processes(id) ON DELETE CASCADE,
        used INTEGER NOT NULL DEFAULT 0,
        census_ref_hash BLOB
    ) WITHOUT ROWID;
    CREATE UNIQUE INDEX voter_codes_census ON voter_codes(process_id, census_ref_hash)
        WHERE census_ref_hash IS NOT NULL;
    CREATE TABLE ballot_tokens (
        token_hash BLOB PRIMARY KEY,
        process_id INTEGER NOT NULL REFERENCES processes(id) ON DELETE CASCADE
    ) WITHOUT ROWID;
    -- The box: one row per voter key (the hash of a ballot token, or of an agent's request
    -- id for paper ballots); no time, no code, no account.
    CREATE TABLE ballots (
        id INTEGER PRIMARY KEY,
        process_id INTEGER NOT NULL REFERENCES processes(id) ON DELETE CASCADE,
        voter_key BLOB NOT NULL,
        request_id TEXT NOT NULL,
        ballot TEXT NOT NULL,
        receipt TEXT NOT NULL UNIQUE,
        voting_method TEXT NOT NULL DEFAULT 'online',
        UNIQUE (process_id, voter_key)
    );
    )sql",
    // 3: the server's own secrets, made once with libsodium by the server (e.g. the key that
    // turns authors into pseudonyms for moderators). Never exported, never sent.
    R"sql(
    CREATE TABLE server_secrets (
        name TEXT PRIMARY KEY,
        value BLOB NOT NULL
    ) WITHOUT ROWID;
    )sql",
    // 4: turnout over time, as counts per hour and nothing else: no row of the box says
    // when it was cast, and ballots get random ids so that their order says nothing either.
    R"sql(
    CREATE TABLE ballot_counts (
        process_id INTEGER NOT NULL REFERENCES processes(id) ON DELETE CASCADE,
        hour TEXT NOT NULL, -- '2026-11-30T14:00:00Z' (UTC)
        ballots INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (process_id, hour)
    ) WITHOUT ROWID;
    )sql",
    // 5: attempt counters (wrong voter codes, failed sign-ins, submissions) per kind and client
    // address, kept here so that a restart does not forget them; times in Unix seconds.
    R"sql(
    CREATE TABLE attempt_counters (
        key TEXT PRIMARY KEY,          -- 'login|login|203.0.113.7', 'code|3|2001:db8:1:2::/64'
        count INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,   -- end of the current window
        last_at INTEGER NOT NULL,      -- last attempt counted (the least recent go first)
        blocked INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;
    CREATE INDEX attempt_counters_expiry ON attempt_counters (expires_at);
    CREATE INDEX attempt_counters_eviction ON attempt_counters (blocked, last_at);
    )sql",
    // 6: secrets keyed outside the database (the key file, see Store::LoadKey). Voter codes
    // and census references become HMACs of their old SHA-256 digests, one rule for old and
    // new rows; each tenant's audit chain goes on under HMAC from an anchor that seals its
    // SHA-256 entries; processes say whether they take paper ballots without a code, and
    // agents' paper ballots are counted, to be logged at close; account ids never come back.
    R"sql(
    UPDATE voter_codes SET code_hash = quartier_mac('code', code_hash),
        census_ref_hash = quartier_mac('census', census_ref_hash);
    CREATE TABLE audit_anchors (
        tenant_id INTEGER PRIMARY KEY,
        last_id INTEGER NOT NULL, -- entries up to this one were chained with plain SHA-256
        mac BLOB NOT NULL         -- HMAC of the tenant, last_id and that entry's hash
    );
    INSERT INTO audit_anchors (tenant_id, last_id, mac)
        SELECT a.tenant_id, a.id, quartier_mac('audit-anchor', a.tenant_id || ':' || a.id || ':' || a.hash)
        FROM audit_log a WHERE a.id = (SELECT MAX(b.id) FROM audit_log b WHERE b.tenant_id = a.tenant_id);
    ALTER TABLE processes ADD COLUMN uncoded_paper INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE paper_entries (
        process_id INTEGER NOT NULL REFERENCES processes(id) ON DELETE CASCADE,
        agent_id INTEGER NOT NULL, -- no foreign key: the count outlives the account
        ballots INTEGER NOT NULL DEFAULT 0,
        uncoded INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (process_id, agent_id)
    ) WITHOUT ROWID;
    CREATE TABLE id_high (name TEXT PRIMARY KEY, last INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO id_high VALUES ('users', MAX(
        COALESCE((SELECT MAX(id) FROM users), 0),
        COALESCE((SELECT MAX(actor_id) FROM audit_log), 0),
        COALESCE((SELECT MAX(CAST(target AS INTEGER)) FROM audit_log WHERE action LIKE 'user.%'), 0)));
    CREATE TRIGGER users_id_high AFTER INSERT ON users BEGIN
        UPDATE id_high SET last = MAX(last, NEW.id) WHERE name = 'users'; END;
    )sql",
    // 7: housekeeping: communes and processes can be archived (hidden from the public,
    // restorable); accounts disabled; staff passwords reset with one-time tokens (stored
    // hashed); pre-moderation per commune, its new proposals waiting as 'pending'. The status
    // CHECK gains 'pending' in place (SQLite's documented writable_schema edit: a rebuilt
    // table would cascade-delete its supports and flags under foreign keys). Commune ids are
    // never given twice, so that a deleted commune's audit chain never continues in another.
    R"sql(
    ALTER TABLE tenants ADD COLUMN archived_at TEXT;
    ALTER TABLE tenants ADD COLUMN premoderation INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE processes ADD COLUMN archived_at TEXT;
    ALTER TABLE users ADD COLUMN disabled_at TEXT;
    CREATE TABLE password_resets (
        token_hash BLOB PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        expires_at TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX password_resets_user ON password_resets(user_id);
    PRAGMA writable_schema = ON;
    UPDATE sqlite_master SET sql = replace(sql, '''hidden'', ''selected'')', '''hidden'', ''selected'', ''pending'')')
        WHERE type = 'table' AND name = 'proposals';
    PRAGMA writable_schema = RESET;
    INSERT INTO id_high VALUES ('tenants', MAX(
        COALESCE((SELECT MAX(id) FROM tenants), 0),
        COALESCE((SELECT MAX(tenant_id) FROM audit_log), 0)));
    CREATE TRIGGER tenants_id_high AFTER INSERT ON tenants BEGIN
        UPDATE id_high SET last = MAX(last, NEW.id) WHERE name = 'tenants'; END;
    )sql",
    // 8: review: staff's review of each proposal (feasible or not with a public reason, cost,
    // target process and district) and, once promoted, the ballot project it became; the
    // name an author agreed to be credited under; funded projects' follow-up (status,
    // percent, dates) and dated updates with the amount spent. Keyed by the project's id in
    // its process, so that they survive a rewrite of the process's project rows. Old
    // proposals have no review (stage "submitted") and credit nobody.
    R"sql(
    ALTER TABLE proposals ADD COLUMN credit_name TEXT;
    CREATE TABLE proposal_reviews (
        proposal_id INTEGER PRIMARY KEY REFERENCES proposals(id) ON DELETE CASCADE,
        feasible INTEGER,              -- NULL: under review, not decided
        reason TEXT NOT NULL DEFAULT '', -- public, in French as written by staff
        cost INTEGER CHECK (cost IS NULL OR cost >= 0), -- whole euros, estimated by staff
        process_id INTEGER REFERENCES processes(id) ON DELETE SET NULL,
        district TEXT,                 -- the ballot project's district (code)
        project_id TEXT,               -- set by promotion: projects.project_id in process_id
        reviewed_at TEXT NOT NULL
    );
    CREATE INDEX proposal_reviews_process ON proposal_reviews(process_id, project_id);
    CREATE TABLE project_followups (
        process_id INTEGER NOT NULL REFERENCES processes(id) ON DELETE CASCADE,
        project_id TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'planned'
            CHECK (status IN ('planned', 'studies', 'works', 'done', 'abandoned')),
        percent INTEGER NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
        start_date TEXT,
        end_date TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (process_id, project_id)
    ) WITHOUT ROWID;
    CREATE TABLE project_updates (
        id INTEGER PRIMARY KEY,
        process_id INTEGER NOT NULL REFERENCES processes(id) ON DELETE CASCADE,
        project_id TEXT NOT NULL,
        date TEXT NOT NULL,            -- YYYY-MM-DD, as staff dated it
        text TEXT NOT NULL,
        spent TEXT,                    -- decimal: spent on the project up to that date
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE INDEX project_updates_project ON project_updates(process_id, project_id, date);
    )sql",
    // 9: calendars: a process's phases gain follow-up (the CHECK changed in place, as in 7:
    // review's tables hang on processes by cascading keys); its dates become one window per
    // phase ({"voting":{"start","end"}}, local time) from the old voting_start/voting_end;
    // each commune has a time zone for them.
    R"sql(
    ALTER TABLE tenants ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/Paris';
    PRAGMA writable_schema = ON;
    UPDATE sqlite_master SET sql = replace(sql, '''closed'', ''published'')', '''closed'', ''published'', ''follow_up'')')
        WHERE type = 'table' AND name = 'processes';
    PRAGMA writable_schema = RESET;
    UPDATE processes SET dates = json_patch(json_remove(dates, '$.voting_start', '$.voting_end'),
            json_object('voting', json_object('start', json_extract(dates, '$.voting_start'),
                                              'end', json_extract(dates, '$.voting_end'))))
        WHERE json_valid(dates) AND json_type(dates) = 'object'
          AND (json_extract(dates, '$.voting_start') IS NOT NULL OR json_extract(dates, '$.voting_end') IS NOT NULL);
    )sql",
    // 10: voter letters: where the commune's residents vote (its own page embedding the
    // ballot; empty: this server's plain ballot page) and who helps them, both printed.
    R"sql(
    ALTER TABLE tenants ADD COLUMN vote_url TEXT NOT NULL DEFAULT '';
    ALTER TABLE tenants ADD COLUMN help_line TEXT NOT NULL DEFAULT '';
    )sql",
    // 11: the commune's colour ("#b5123e", its logo's), for its console and embed codes;
    // empty: the widgets' default.
    R"sql(
    ALTER TABLE tenants ADD COLUMN accent TEXT NOT NULL DEFAULT '';
    )sql",
    // 12: a process's own easy-to-read texts (FALC), {"vote": {"fr": …}, "count": {…}};
    // what is missing is said with the texts made from the ballot and the rule.
    R"sql(
    ALTER TABLE processes ADD COLUMN easy_read TEXT NOT NULL DEFAULT '{}';
    )sql",
    // 13: residents' comments on proposals, one level of replies (a reply's parent has none,
    // checked by the API), each with an optional stance (for/against/neutral, taken only where
    // the commune turned stances on) and a status: published, pending (the commune
    // pre-moderates), hidden (by a moderator), deleted (by its author: text removed, the
    // thread kept). Reports on comments as on proposals. Each proposal counts its published
    // comments (triggers, as supports and flags), for lists and open data without a join.
    // Times are the server's clock (written by the API), so that the edit window follows it.
    R"sql(
    ALTER TABLE tenants ADD COLUMN comment_stances INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE proposals ADD COLUMN comments INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE comments (
        id INTEGER PRIMARY KEY,
        tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        proposal_id INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
        author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
        parent_id INTEGER REFERENCES comments(id) ON DELETE CASCADE,
        body TEXT NOT NULL,
        stance TEXT CHECK (stance IS NULL OR stance IN ('for', 'against', 'neutral')),
        status TEXT NOT NULL DEFAULT 'published'
            CHECK (status IN ('published', 'pending', 'hidden', 'deleted')),
        flags INTEGER NOT NULL DEFAULT 0,
        moderation_reason TEXT,
        created_at TEXT NOT NULL,
        edited_at TEXT
    );
    CREATE INDEX comments_proposal ON comments(proposal_id, parent_id, id);
    CREATE INDEX comments_parent ON comments(parent_id);
    CREATE INDEX comments_author ON comments(author_id);
    CREATE INDEX comments_queue ON comments(tenant_id, status, flags);
    CREATE TRIGGER comments_count_add AFTER INSERT ON comments WHEN NEW.status = 'published' BEGIN
        UPDATE proposals SET comments = comments + 1 WHERE id = NEW.proposal_id; END;
    CREATE TRIGGER comments_count_remove AFTER DELETE ON comments WHEN OLD.status = 'published' BEGIN
        UPDATE proposals SET comments = comments - 1 WHERE id = OLD.proposal_id; END;
    CREATE TRIGGER comments_count_status AFTER UPDATE OF status ON comments
        WHEN (OLD.status = 'published') <> (NEW.status = 'published') BEGIN
        UPDATE proposals SET comments = comments + (CASE WHEN NEW.status = 'published' THEN 1 ELSE -1 END)
            WHERE id = NEW.proposal_id; END;
    CREATE TABLE comment_flags (
        id INTEGER PRIMARY KEY,
        comment_id INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        reason TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        UNIQUE (comment_id, user_id)
    );
    CREATE INDEX comment_flags_user ON comment_flags(user_id);
    CREATE TRIGGER comment_flags_add AFTER INSERT ON comment_flags BEGIN
        UPDATE comments SET flags = flags + 1 WHERE id = NEW.comment_id; END;
    CREATE TRIGGER comment_flags_remove AFTER DELETE ON comment_flags BEGIN
        UPDATE comments SET flags = flags - 1 WHERE id = OLD.comment_id; END;
    )sql",
    // 14: photos on proposals (their author's or staff's) and on funded projects' follow-up
    // updates (staff's): each photo belongs to exactly one of them, in an order, with a
    // description for screen readers; its JPEG variants (re-encoded, without metadata, one per
    // size box) are stored here rather than in files, so that servers sharing the database
    // serve the same bytes. hash: SHA-256 of the largest variant, in the photo's URL.
    R"sql(
    CREATE TABLE photos (
        id INTEGER PRIMARY KEY,
        tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        proposal_id INTEGER REFERENCES proposals(id) ON DELETE CASCADE,
        update_id INTEGER REFERENCES project_updates(id) ON DELETE CASCADE,
        author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
        position INTEGER NOT NULL DEFAULT 0,
        alt TEXT NOT NULL DEFAULT '',
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        hash TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        CHECK ((proposal_id IS NULL) <> (update_id IS NULL))
    );
    CREATE INDEX photos_proposal ON photos(proposal_id, position);
    CREATE INDEX photos_update ON photos(update_id, position);
    CREATE INDEX photos_author ON photos(author_id);
    CREATE TABLE photo_variants (
        id INTEGER PRIMARY KEY,
        photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        box INTEGER NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        bytes BLOB NOT NULL,
        UNIQUE (photo_id, box)
    );
    )sql",
    // 15: e-mail. An account's language (the one it registered in), when its address
    // was confirmed (nothing but the confirmation goes to an unconfirmed address) and what it
    // wants to hear of: decisions on its proposals and replies to its comments (on), voting
    // opening and results (off until chosen). One-time confirmation links, stored hashed. A
    // commune's own SMTP relay, its password sealed under a key derived from the key file
    // (a dump of the database alone does not reveal it). The outbox: messages waiting for the
    // relay, retried with backoff by the server's mail thread; a sent message keeps no
    // address, subject or body (only its kind and times), and goes after a week.
    R"sql(
    ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'fr';
    ALTER TABLE users ADD COLUMN email_confirmed_at TEXT;
    ALTER TABLE users ADD COLUMN mail_decisions INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE users ADD COLUMN mail_replies INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE users ADD COLUMN mail_voting INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE email_confirmations (
        token_hash BLOB PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        expires_at TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX email_confirmations_user ON email_confirmations(user_id);
    CREATE TABLE tenant_mail (
        tenant_id INTEGER PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
        smtp_url TEXT NOT NULL,
        smtp_from TEXT NOT NULL,
        smtp_user TEXT NOT NULL DEFAULT '',
        smtp_password BLOB
    );
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        tenant_id INTEGER REFERENCES tenants(id) ON DELETE CASCADE,
        user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        recipient TEXT NOT NULL,
        language TEXT NOT NULL,
        subject TEXT NOT NULL,
        text TEXT NOT NULL,
        html TEXT NOT NULL,
        unsubscribe TEXT NOT NULL DEFAULT '',
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        sent_at TEXT,
        failed_at TEXT,
        last_error TEXT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
    CREATE INDEX outbox_user ON outbox(user_id);
    CREATE INDEX outbox_tenant ON outbox(tenant_id);
    )sql",
};

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Query and Db
//-----------------------------------------------------------------------------

Query::~Query() {
    if (!m_stmt) return;
    if (m_owned) delete m_stmt;
    else m_stmt->Reset();
}

int Query::Run() {
    while (Step()) {
    }
    return m_stmt->Changes();
}

Db::~Db() {
    m_cache.clear(); // statements before their connection
    m_connection.reset();
}

Query Db::Prepare(const std::string& sql) {
    auto it = m_cache.find(sql);
    if (it != m_cache.end()) return Query(it->second.get(), false);
    auto stmt = m_connection->Prepare(sql);
    // Filters build SQL dynamically: past a bound, statements are used once and deleted.
    if (m_cache.size() >= 512) return Query(stmt.release(), true);
    Statement* kept = stmt.get();
    m_cache.emplace(sql, std::move(stmt));
    return Query(kept, false);
}

std::string Db::Mac(std::string_view purpose, std::string_view data) const {
    if (!m_key) throw StoreError("the store's key is not loaded");
    return KeyedMac(*m_key, purpose, data);
}

//-----------------------------------------------------------------------------
// [SECTION] Store: open, migrate, writer thread, read pool
//-----------------------------------------------------------------------------

std::unique_ptr<Db> Store::Open(bool for_reading) {
    auto db = std::make_unique<Db>(OpenSqlite(m_path, &m_key)); // closed if a pragma throws
    if (!for_reading) {
        db->Exec("PRAGMA journal_mode = WAL");
        // NORMAL in WAL mode keeps every committed transaction across a process crash
        // (kill -9): the WAL is written before COMMIT returns; only a power loss could roll
        // back the last ones. --sync full adds an fsync per (grouped) commit.
        db->Exec(m_options.synchronous_full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
        // Checkpoints run in their own thread (CheckpointLoop), not after the writer's commits.
        if (!m_memory) db->Exec("PRAGMA wal_autocheckpoint = 0");
    } else {
        db->Exec("PRAGMA query_only = 1");
    }
    db->Exec("PRAGMA foreign_keys = ON");
    db->Exec("PRAGMA temp_store = MEMORY");
    db->SetKey(&m_key);
    return db;
}

// The key lives beside the database, not in it: a stolen or shared copy of the database
// cannot test voter codes, name census entries, or re-chain the audit log. The backup of a
// database is only whole with its key file (docs/operating.md).
void Store::LoadKey() {
    if (m_memory && m_options.key_path.empty()) {
        m_key = RandomBytes(32);
        return;
    }
    const std::string path = m_options.key_path.empty() ? m_path + ".key" : m_options.key_path;
    bool keyed = false; // rows already made under a key (migration 6 ran)
    {
        auto q = m_writer->Prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_anchors'");
        keyed = q.Step();
    }
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0 && errno == ENOENT) {
        if (keyed)
            throw StoreError("the key file " + path + " is missing: restore it from the backup made with " + m_path +
                             " (without it no voter code and no audit entry can be checked)");
        fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd < 0) throw StoreError("cannot create the key file " + path + ": " + std::strerror(errno));
        const std::string text = RandomHex(32) + "\n";
        const bool ok = ::fchmod(fd, 0600) == 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                        ::fsync(fd) == 0;
        ::close(fd);
        if (!ok) throw StoreError("cannot write the key file " + path + ": " + std::strerror(errno));
        fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    }
    if (fd < 0) throw StoreError("cannot open the key file " + path + ": " + std::strerror(errno));
    struct stat st {};
    char buf[130] = {};
    const bool stat_ok = ::fstat(fd, &st) == 0;
    const ssize_t n = ::read(fd, buf, sizeof buf - 1);
    ::close(fd);
    if (!stat_ok || (st.st_mode & 077) != 0)
        throw StoreError("the key file " + path + " may be read by others: chmod 600 " + path);
    std::string text(buf, n > 0 ? static_cast<size_t>(n) : 0);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    if (!FromHex(text, m_key) || m_key.size() != 32)
        throw StoreError("the key file " + path + " is not a key (64 hexadecimal digits)");
}

Store::Store(const std::string& path, StoreOptions options) : m_path(path), m_options(options) {
    m_memory = path == ":memory:" || path.empty();
    m_writer = Open(false);
    LoadKey();
    Migrate();
    m_writer_thread = std::thread([this] { WriterLoop(); });
    if (!m_memory) m_checkpoint_thread = std::thread([this] { CheckpointLoop(); });
}

Store::~Store() {
    {
        std::lock_guard<std::mutex> lock(m_queue_mutex);
        m_stopping = true;
    }
    m_queue_cv.notify_all();
    m_done_cv.notify_all();
    if (m_checkpoint_thread.joinable()) m_checkpoint_thread.join();
    if (m_writer_thread.joinable()) m_writer_thread.join();
}

void Store::CheckpointLoop() {
    std::unique_ptr<Db> db;
    std::int64_t seen = -1;
    std::unique_lock<std::mutex> lock(m_queue_mutex);
    while (!m_stopping) {
        m_done_cv.wait_for(lock, std::chrono::milliseconds(100));
        if (m_stopping || m_transactions == seen) continue;
        seen = m_transactions;
        lock.unlock();
        try {
            if (!db) db = Open(false);
            // PASSIVE: copies what it can without waiting for (or blocking) the writer.
            db->Exec("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (const StoreError&) {
            // Busy or failed: the next round tries again; the WAL keeps every commit meanwhile.
        }
        lock.lock();
    }
}

void Store::Migrate() {
    Db& db = *m_writer;
    int version = 0;
    {
        auto q = db.Prepare("PRAGMA user_version");
        q.Step();
        version = static_cast<int>(q.Int(0));
    }
    const int latest = static_cast<int>(std::size(kMigrations));
    if (version > latest)
        throw StoreError("database schema v" + std::to_string(version) +
                         " is newer than this server (v" + std::to_string(latest) + ")");
    for (int v = version; v < latest; ++v) {
        db.Exec("BEGIN IMMEDIATE");
        try {
            db.Exec(kMigrations[v]);
            db.Exec("PRAGMA user_version = " + std::to_string(v + 1));
            db.Exec("COMMIT");
        } catch (...) {
            db.Exec("ROLLBACK");
            throw;
        }
    }
}

int Store::SchemaVersion() {
    return Read([](Db& db) {
        auto q = db.Prepare("PRAGMA user_version");
        q.Step();
        return static_cast<int>(q.Int(0));
    });
}

void Store::Submit(std::function<void(Db&)> fn) {
    Job job;
    job.fn = std::move(fn);
    {
        std::unique_lock<std::mutex> lock(m_queue_mutex);
        if (m_stopping) throw StoreError("the store is closing");
        m_queue.push_back(&job);
        m_queue_cv.notify_one();
        m_done_cv.wait(lock, [&] { return job.done; });
    }
    if (job.error) std::rethrow_exception(job.error);
}

void Store::WriterLoop() {
    Db& db = *m_writer;
    std::vector<Job*> batch;
    for (;;) {
        {
            std::unique_lock<std::mutex> lock(m_queue_mutex);
            m_queue_cv.wait(lock, [&] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty() && m_stopping) return;
            while (!m_queue.empty() && static_cast<int>(batch.size()) < m_options.max_batch) {
                batch.push_back(m_queue.front());
                m_queue.pop_front();
            }
        }
        std::exception_ptr commit_error;
        try {
            db.Exec("BEGIN IMMEDIATE");
            for (Job* job : batch) {
                db.Exec("SAVEPOINT job");
                try {
                    job->fn(db);
                    db.Exec("RELEASE job");
                } catch (...) {
                    job->error = std::current_exception();
                    db.Exec("ROLLBACK TO job");
                    db.Exec("RELEASE job");
                }
            }
            db.Exec("COMMIT");
        } catch (...) {
            commit_error = std::current_exception();
            try {
                db.Exec("ROLLBACK");
            } catch (const StoreError&) {
                // Nothing to roll back (the failure was BEGIN's or COMMIT's own).
            }
        }
        {
            std::lock_guard<std::mutex> lock(m_queue_mutex);
            for (Job* job : batch) {
                if (commit_error) job->error = commit_error;
                job->done = true;
            }
            if (!commit_error) {
                m_writes += static_cast<std::int64_t>(batch.size());
                ++m_transactions;
            }
        }
        m_done_cv.notify_all();
        batch.clear();
    }
}

std::int64_t Store::CommittedWrites() const {
    std::lock_guard<std::mutex> lock(const_cast<std::mutex&>(m_queue_mutex));
    return m_writes;
}
std::int64_t Store::Transactions() const {
    std::lock_guard<std::mutex> lock(const_cast<std::mutex&>(m_queue_mutex));
    return m_transactions;
}

Store::Lease::Lease(Store& s) : store(s) {
    std::unique_lock<std::mutex> lock(s.m_pool_mutex);
    for (;;) {
        if (!s.m_idle.empty()) {
            db = s.m_idle.back();
            s.m_idle.pop_back();
            return;
        }
        if (s.m_opening + static_cast<int>(s.m_readers.size()) < std::max(1, s.m_options.read_connections)) {
            ++s.m_opening;
            lock.unlock();
            std::unique_ptr<Db> opened;
            try {
                opened = s.Open(true);
            } catch (...) {
                lock.lock();
                --s.m_opening;
                throw;
            }
            lock.lock();
            --s.m_opening;
            db = opened.get();
            s.m_readers.push_back(std::move(opened));
            return;
        }
        s.m_pool_cv.wait(lock);
    }
}

Store::Lease::~Lease() {
    {
        std::lock_guard<std::mutex> lock(store.m_pool_mutex);
        store.m_idle.push_back(db);
    }
    store.m_pool_cv.notify_one();
}

//-----------------------------------------------------------------------------
// [SECTION] Default-tenant conveniences
//-----------------------------------------------------------------------------

namespace {

constexpr const char* kProposalColumns =
    "id, title, description, category, latitude, longitude, estimated_cost, status";

Proposal ReadProposal(const Query& s) {
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

} // namespace

std::vector<Proposal> Store::ListProposals() {
    return Read([](Db& db) {
        auto q = db.Prepare(std::string("SELECT ") + kProposalColumns +
                            " FROM proposals WHERE tenant_id = 1 AND status IN ('submitted','published','selected')"
                            " ORDER BY id DESC");
        std::vector<Proposal> out;
        while (q.Step()) out.push_back(ReadProposal(q));
        return out;
    });
}

Proposal Store::InsertProposal(const Proposal& p) {
    return Write([&](Db& db) {
        db.Prepare("INSERT INTO proposals (tenant_id, title, description, category, latitude, longitude,"
                   " estimated_cost, status) VALUES (1, ?, ?, ?, ?, ?, ?, ?)")
            .Bind(1, p.title)
            .Bind(2, p.description)
            .Bind(3, p.category)
            .Bind(4, p.latitude)
            .Bind(5, p.longitude)
            .Bind(6, p.estimated_cost)
            .Bind(7, std::string(ToString(p.status)))
            .Run();
        Proposal stored = p;
        stored.id = db.LastInsertId();
        return stored;
    });
}

long Store::CountProposals() {
    return Read([](Db& db) {
        auto q = db.Prepare("SELECT COUNT(*) FROM proposals");
        q.Step();
        return static_cast<long>(q.Int(0));
    });
}

} // namespace quartier

// What handlers share while the server runs: the store, the tenants and processes read from
// it (cached, invalidated on change), who is calling (Bearer tokens), rate limits, and the
// cache of hot proposal lists. Handlers reach all of it through AppContext.
#pragma once

#include "backend/http/http_types.h"
#include "backend/store/store.h"
#include "backend/store/tile_sets.h"
#include "shared/ballot/ballot.h"
#include "shared/calendar.h"
#include "shared/geo/geo.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace quartier {

// A commune or intercommunality: everything under /api/v1/tenants/{slug}/ belongs to one.
struct Tenant {
    std::int64_t id = 0;
    std::string slug;
    std::string name;
    nlohmann::json languages = nlohmann::json::array(); // ["fr","en"]
    double center_lat = 0, center_lon = 0;
    nlohmann::json categories = nlohmann::json::array(); // [{"id","fr","en"}]
    std::vector<Region> districts;                       // parsed once
    std::string districts_geojson;                       // as served
    std::vector<std::string> allowed_origins;            // CORS, e.g. "https://www.toulouse.fr"
    bool archived = false;      // hidden from the public (410), still its admins'; restorable
    bool premoderation = false; // new proposals and comments wait, unseen, until a moderator approves them
    bool comment_stances = false; // comments may say for / against / neutral
    std::string time_zone = "Europe/Paris"; // IANA name: the calendar's and turnout days' local time
    std::string vote_url;       // where residents vote (printed on voter letters); "" : this server
    std::string help_line;      // who helps residents ("Mairie, 02 41 05 40 00, 9 h – 17 h")
    std::string accent;         // the commune's colour, "#rrggbb" ("" : the widgets' default)

    nlohmann::json ToJson() const;
};

// Phase (submission … follow_up), its names and the calendar: shared/calendar.h.

struct ProcessProject {
    std::string id; // as in the ballot ("12")
    std::string name, category, district, description;
    Decimal cost;
    std::optional<double> latitude, longitude;
    bool placed = false; // coordinates computed inside its district, not given
    // review: the proposals it came from (promoted, and those merged into them), the names
    // of their authors who agreed to be credited, and once funded its follow-up
    // ({"status","percent","start_date","end_date","spent","updates":[...]}, null before).
    std::vector<std::int64_t> proposals;
    std::vector<std::string> credits;
    nlohmann::json follow_up;
};

// A participatory budget: settings (locked once voting opens), phase, projects.
struct Process {
    std::int64_t id = 0;
    std::int64_t tenant_id = 0;
    std::string slug, title, description, currency = "EUR";
    Phase phase = Phase::Submission;
    nlohmann::json dates = nlohmann::json::object(); // {"voting": {"start","end"}, …} local time
    Calendar calendar;                               // dates, parsed
    Decimal budget;
    BallotConfig ballot;        // with its projects
    nlohmann::json rule;        // {"name","sat","completion"}
    nlohmann::json district_budgets = nlohmann::json::object(); // {"district": "amount"}
    bool uncoded_paper = false; // agents may enter paper ballots without a voter code
    nlohmann::json easy_read = nlohmann::json::object(); // the commune's own FALC texts, {"vote"|"count": {lang: text}}
    bool archived = false;      // hidden from the public (410), still its admins'; restorable
    std::vector<ProcessProject> projects;

    nlohmann::json ToJson() const;
    // The easy-to-read text ("vote" or "count") in lang: the commune's own, else the one made
    // from the ballot and the rule (shared/ballot/easy_read.h).
    std::string EasyReadText(const std::string& which, const std::string& lang) const;
};

enum class Role { Anonymous, Resident, Agent, Moderator, Admin };
const char* ToString(Role r);
bool ParseRole(const std::string& text, Role& out);

// Who is calling.
struct Principal {
    std::int64_t user_id = 0;
    Role role = Role::Anonymous;
    std::optional<std::int64_t> tenant_id; // staff bound to one tenant; nullopt: every tenant
    std::string email;

    bool Anonymous() const { return role == Role::Anonymous; }
    // Staff role r (or admin) with a right on tenant t.
    bool Can(Role r, const Tenant& t) const;
};

// Attempt counters (wrong voter codes, failed sign-ins, submissions) kept in the database, so
// that a restart forgets none of them: a fixed window per key. Past max_rows keys the table
// drops expired windows first, then the least recently counted keys that are not blocked,
// so that a flood of fresh keys cannot free a blocked one.
class AttemptLimiter {
public:
    // rows: the table's row count, shared by the limiters of one store (-1: not known yet).
    AttemptLimiter(Store& store, std::string kind, int limit, std::chrono::seconds window,
                   std::int64_t max_rows, std::int64_t& rows);
    bool Blocked(const std::string& key);  // reads only: creates no counter
    bool Allow(const std::string& key);    // counts this attempt, false (uncounted) once at the limit
    void Count(const std::string& key);
    void Refund(const std::string& key);   // an allowed attempt that turned out right
    // The same inside a Store::Write job: check and count in one transaction with other work.
    bool BlockedIn(Db& db, const std::string& key);
    void CountIn(Db& db, const std::string& key);

private:
    Store& m_store;
    std::string m_kind; // prefix of this limiter's keys in the shared table
    int m_limit;
    std::chrono::seconds m_window;
    std::int64_t m_max_rows;
    std::int64_t& m_rows; // changed on the store's writer thread only
};

// An SMTP relay: smtp://host:port (STARTTLS when offered) or smtps://host:port, the sender's
// address, and an account on it when it asks for one.
struct SmtpRelay {
    std::string url, from, user, password;
    bool Configured() const { return !url.empty() && !from.empty(); }
};

struct AppOptions {
    bool password_cost_minimum = false; // tests: fast argon2id parameters
    int code_attempts_per_window = 10;  // failed voter-code attempts per client per 15 min
    int submissions_per_window = 30;    // proposals per client per hour
    int comments_per_window = 60;       // comments and replies per client per hour
    int photos_per_window = 30;         // photos sent per client per hour (each is decoded: costly)
    int logins_per_window = 20;         // failed logins per client per 15 min
    std::int64_t attempt_rows_max = 100000; // attempt counters kept (database rows)
    int password_slots = 2;             // argon2id computations at once (64 MiB each)
    int password_wait_ms = 5000;        // longer in the queue for one: 503 with Retry-After
    std::string default_tenant = "default"; // served by the /api/v1/proposals aliases
    std::size_t response_cache_bytes = 64u << 20; // the response cache's bound (keys + bodies)
    std::string tiles_dir; // folder of NAME.mbtiles base maps served at /tiles/NAME/ ("" : none)
    SmtpRelay smtp;        // the platform's relay (--smtp-url); a commune may set its own
    std::string public_url; // links in e-mails ("https://participer.example.fr"); "": http://HOST:PORT
    std::vector<int> mail_retry_seconds = {60, 300, 1800, 7200}; // then the message is given up
};

class AppContext {
public:
    AppContext(Store& store, AppOptions options = {});

    Store& store;
    AppOptions options;

    // [tenants] nullptr when unknown. Cached until InvalidateTenants().
    std::shared_ptr<const Tenant> FindTenant(const std::string& slug);
    std::vector<std::shared_ptr<const Tenant>> AllTenants();
    // The tenant named by the request's first path parameter, or 404; 410 when it is archived
    // and the caller is not one of its admins.
    std::shared_ptr<const Tenant> TenantOf(const Request& req);
    // Whether req's caller sees tenant t's archived things (its admins do).
    bool SeesArchived(const Request& req, const Tenant& t);
    void InvalidateTenants();

    // [processes] nullptr when unknown. Cached until InvalidateProcess().
    std::shared_ptr<const Process> FindProcess(const Tenant& t, const std::string& slug);
    // Both move a process along its calendar first when its dates say so (see AdvanceByCalendar).
    std::shared_ptr<const Process> ProcessOf(const Tenant& t, const Request& req); // 2nd param, or 404 (410 as TenantOf)
    void InvalidateProcesses();

    // [clock] The server's time (UTC), fixed by tests with SetNow (nullopt: the system clock
    // again), and that time on tenant t's wall clock (its time_zone).
    std::chrono::system_clock::time_point Now() const;
    void SetNow(std::optional<std::chrono::system_clock::time_point> now);
    LocalTime LocalNow(const Tenant& t) const;

    // [auth] Who sends this request: anonymous without a token; 401 on an unknown or
    // expired token.
    Principal Authenticate(const Request& req);
    // The same on public routes: an expired or unknown token reads as anonymous, so that a
    // widget holding a stale session still shows public things.
    Principal Identify(const Request& req);
    // 401 when anonymous.
    Principal RequireUser(const Request& req);
    // 401 when anonymous, 403 unless one of roles (admin always passes) on tenant t.
    Principal RequireStaff(const Request& req, const Tenant* t, std::initializer_list<Role> roles);
    bool FastPasswords() const { return options.password_cost_minimum; }

    // [passwords] argon2id, at most options.password_slots at a time (each takes 64 MiB); a
    // caller that waits longer than options.password_wait_ms gets 503. VerifyNoAccount does
    // the same work against a dummy hash, so that an unknown e-mail answers as slowly as a
    // known one.
    std::string HashPassword(const std::string& password);
    bool VerifyPassword(const std::string& hash, const std::string& password);
    void VerifyNoAccount(const std::string& password);
    int PasswordPeak() const { return m_password_peak; }         // most at once so far (tests)
    std::int64_t PasswordRuns() const { return m_password_runs; } // argon2id runs so far (tests)

    // [pseudonyms] What moderators see instead of an author: a keyed hash (HMAC-SHA-256 under
    // a server secret) of the tenant, the account and its creation time, 32 hex digits. The
    // same author reads the same in one tenant, differently in another; an account made later
    // with a reused id reads differently; nobody without the secret can link it to an account.
    std::string AuthorKey(std::int64_t tenant_id, std::int64_t user_id, const std::string& user_created_at) const;

    // [response cache] Response bodies by key, each valid for one generation: proposal lists
    // (keyed by tenant and query, the tenant's generation, bumped when its proposals change)
    // and a published process's results and ballots file (generation 0: a published box
    // never changes). Least recently used first out once keys and bodies pass
    // options.response_cache_bytes, so that hostile reads cannot grow it; a body larger than
    // the bound is served but not kept.
    std::optional<std::string> CachedResponse(const std::string& key, std::uint64_t generation);
    void StoreResponse(const std::string& key, std::uint64_t generation, std::string body);
    std::uint64_t Generation(std::int64_t tenant_id);
    void Bump(std::int64_t tenant_id);
    std::size_t CacheBytes();   // what the cache holds now, as counted against the bound
    std::size_t CacheEntries();

    // [mail] The outbox's thread sleeps until woken (something was queued) or a second passes.
    void WakeMailer();
    // Waits up to max for a wake-up; true when woken.
    bool WaitForMail(std::chrono::milliseconds max);

    AttemptLimiter code_attempts;
    AttemptLimiter submissions;
    AttemptLimiter comments;
    AttemptLimiter photos;
    AttemptLimiter logins;
    TileSets tiles; // the operator's base maps (--tiles)

private:
    template <class F> auto WithPasswordSlot(F&& f) -> decltype(f());
    std::mutex m_mail_mutex;
    std::condition_variable m_mail_cv;
    bool m_mail_woken = false;
    std::mutex m_password_mutex;
    std::condition_variable m_password_cv;
    int m_password_busy = 0;
    std::atomic<int> m_password_peak{0};
    std::atomic<std::int64_t> m_password_runs{0};
    std::int64_t m_attempt_rows = -1;
    std::once_flag m_dummy_once;
    std::string m_dummy_hash;
    std::string m_author_secret; // 32 raw bytes, made once and kept in server_secrets
    std::atomic<std::int64_t> m_fixed_now_ms{INT64_MIN}; // INT64_MIN: the system clock
    std::shared_ptr<const Process> AdvanceByCalendar(const Tenant& t, std::shared_ptr<const Process> p);
    std::mutex m_mutex;
    std::unordered_map<std::string, std::shared_ptr<const Tenant>> m_tenants;
    std::unordered_map<std::string, std::shared_ptr<const Process>> m_processes; // "tenant/slug"
    std::unordered_map<std::int64_t, std::uint64_t> m_generations;
    struct Cached {
        std::string key;
        std::uint64_t generation;
        std::string body;
    };
    std::mutex m_cache_mutex;
    std::list<Cached> m_lru; // most recently used first
    std::unordered_map<std::string, std::list<Cached>::iterator> m_cache_index;
    std::size_t m_cache_bytes = 0;
};

// Appends an entry to tenant's audit chain (inside a Store::Write job).
void AppendAudit(Db& db, std::int64_t tenant_id, const Principal& actor, const std::string& action,
                 const std::string& target, const nlohmann::json& detail);
// The same for the server's own doings, under a role name that is no account's ("calendar").
void AppendAuditAs(Db& db, std::int64_t tenant_id, const std::string& role, const std::string& action,
                   const std::string& target, const nlohmann::json& detail);

// [phases] The rules for moving process p (as stored) from phase `from` to `to`, the same for
// admins and the calendar, inside a Write job; each refusal a 409 naming "phase":
// invalid_phase_change (back, once voting opened), would_skip_voting (past a vote never held,
// unless p is an imported archive; said with the voter codes, tokens and ballots it would
// strand), voting_still_open (results straight from voting: close first).
void CheckPhaseChange(Db& db, const Process& p, Phase from, Phase to);
// Writes the move and its audit entry (by actor, or by role_name when actor is null), and
// logs the paper ballots' counts when voting closes.
void WritePhaseChange(Db& db, std::int64_t tenant_id, const Process& p, Phase from, Phase to,
                      const Principal* actor, const std::string& role_name);
// Walks tenant's chain; the id of the first entry whose hash does not match, or 0 when all do.
// Hashes are HMACs under the store's key; entries from before keys existed verify as plain
// SHA-256 up to the tenant's anchor (an HMAC over the last of them), never after it.
std::int64_t VerifyAudit(Db& db, std::int64_t tenant_id, std::int64_t& entries);
// The chain's head, published so that a rewrite is visible even to someone holding the key:
// a head noted earlier must still be in a chain that verifies.
struct AuditHead {
    std::int64_t entries = 0, id = 0;
    std::string hash, at; // the genesis (64 zeros) and "" for an empty chain
};
AuditHead ReadAuditHead(Db& db, std::int64_t tenant_id);
bool AuditChainHas(Db& db, std::int64_t tenant_id, const std::string& hash);

// Reads a tenant or a process row (no cache).
std::shared_ptr<const Tenant> LoadTenant(Db& db, const std::string& slug);
std::shared_ptr<const Process> LoadProcess(Db& db, std::int64_t tenant_id, const std::string& slug);

} // namespace quartier

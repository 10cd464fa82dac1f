// Tenants and processes read from the store and cached, callers identified from their
// Bearer token, rate limits, the response cache (LRU, bounded in bytes) and the audit chain.
//
// Index of this file:
// [SECTION] Names (phases, roles)
// [SECTION] Tenants and processes
// [SECTION] Authentication
// [SECTION] Rate limits and the response cache
// [SECTION] Audit chain
// [SECTION] Phase changes
#include "backend/app_context.h"

#include "backend/mail/outbox.h"

#include "shared/i18n.h"
#include "shared/ballot/easy_read.h"

#include "backend/calendar.h"
#include "backend/crypto.h"
#include "backend/routes.h"
#include "backend/store/review_store.h"
#include "shared/ballot/ballot_config_json.h"

#include <algorithm>
#include <ctime>

namespace quartier {

//-----------------------------------------------------------------------------
// [SECTION] Names (phases, roles)
//-----------------------------------------------------------------------------

namespace {
const char* const kRoles[] = {"anonymous", "resident", "agent", "moderator", "admin"};

// 410: archived things are gone for the public, and say so rather than "not found".
[[noreturn]] void FailArchived(Msg message) {
    Fail(410, "archived", std::move(message));
}

std::string NowIso() {
    char buf[32];
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}
} // namespace

const char* ToString(Role r) { return kRoles[static_cast<int>(r)]; }
bool ParseRole(const std::string& text, Role& out) {
    for (int i = 1; i < 5; ++i)
        if (text == kRoles[i]) {
            out = static_cast<Role>(i);
            return true;
        }
    return false;
}

bool Principal::Can(Role r, const Tenant& t) const {
    if (role != r && role != Role::Admin) return false;
    return !tenant_id || *tenant_id == t.id;
}

//-----------------------------------------------------------------------------
// [SECTION] Tenants and processes
//-----------------------------------------------------------------------------

nlohmann::json Tenant::ToJson() const {
    return {{"slug", slug},
            {"name", name},
            {"languages", languages},
            {"center", {center_lat, center_lon}},
            {"categories", categories},
            {"districts_count", districts.size()},
            {"premoderation", premoderation},
            {"comment_stances", comment_stances},
            {"time_zone", time_zone},
            {"vote_url", vote_url},
            {"help_line", help_line},
            {"accent", accent},
            {"archived", archived}};
}

nlohmann::json Process::ToJson() const {
    nlohmann::json projects_json = nlohmann::json::array();
    for (const auto& p : projects) {
        nlohmann::json j{{"id", p.id},           {"name", p.name},
                         {"cost", p.cost.ToString()}, {"category", p.category},
                         {"district", p.district}, {"description", p.description},
                         {"latitude", p.latitude ? nlohmann::json(*p.latitude) : nlohmann::json()},
                         {"longitude", p.longitude ? nlohmann::json(*p.longitude) : nlohmann::json()},
                         {"placed", p.placed}};
        if (!p.proposals.empty()) j["proposals"] = p.proposals;
        if (!p.credits.empty()) j["credited"] = p.credits;
        if (!p.follow_up.is_null()) j["follow_up"] = p.follow_up;
        projects_json.push_back(std::move(j));
    }
    return {{"id", slug},
            {"title", title},
            {"description", description},
            {"phase", ToString(phase)},
            {"dates", dates},
            {"budget", budget.ToString()},
            {"currency", currency},
            {"ballot", BallotConfigToJson(ballot)},
            {"rule", rule},
            {"projects", std::move(projects_json)},
            {"districts_budgets", district_budgets},
            {"uncoded_paper_ballots", uncoded_paper},
            // Easy to read (FALC): both texts in every language the catalogs speak, the commune's
            // own where it wrote one ("own" lists which), else made from the ballot and the rule.
            {"easy_read", [this] {
                 nlohmann::json j{{"own", nlohmann::json::object()}};
                 for (const char* which : {"vote", "count"}) {
                     j[which] = nlohmann::json::object();
                     for (const std::string& lang : Languages()) j[which][lang] = EasyReadText(which, lang);
                     j["own"][which] = easy_read.contains(which) ? easy_read[which] : nlohmann::json::object();
                 }
                 return j;
             }()},
            {"archived", archived}};
}

std::string Process::EasyReadText(const std::string& which, const std::string& lang) const {
    if (const auto it = easy_read.find(which); it != easy_read.end() && it->is_object())
        if (const auto t = it->find(lang); t != it->end() && t->is_string() && !t->get<std::string>().empty())
            return t->get<std::string>();
    const EasyRead made = DefaultEasyRead(ballot, rule.is_object() ? rule.value("name", "greedy") : "greedy",
                                          district_budgets.is_object() && !district_budgets.empty(), lang);
    return which == "count" ? made.count : made.vote;
}

std::shared_ptr<const Tenant> LoadTenant(Db& db, const std::string& slug) {
    auto q = db.Prepare("SELECT id, slug, name, languages, center_lat, center_lon, categories, districts,"
                        " allowed_origins, archived_at IS NOT NULL, premoderation, time_zone, vote_url, help_line,"
                        " accent, comment_stances FROM tenants WHERE slug = ?");
    q.Bind(1, slug);
    if (!q.Step()) return nullptr;
    auto t = std::make_shared<Tenant>();
    t->id = q.Int(0);
    t->slug = q.Text(1);
    t->name = q.Text(2);
    t->languages = nlohmann::json::parse(q.Text(3), nullptr, false);
    t->center_lat = q.Double(4);
    t->center_lon = q.Double(5);
    t->categories = nlohmann::json::parse(q.Text(6), nullptr, false);
    t->districts_geojson = q.Text(7);
    const auto geo = nlohmann::json::parse(t->districts_geojson, nullptr, false);
    if (!geo.is_discarded()) ParseRegions(geo, t->districts);
    const auto origins = nlohmann::json::parse(q.Text(8), nullptr, false);
    if (origins.is_array())
        for (const auto& o : origins)
            if (o.is_string()) t->allowed_origins.push_back(o.get<std::string>());
    t->archived = q.Int(9) != 0;
    t->premoderation = q.Int(10) != 0;
    t->time_zone = q.Text(11);
    t->vote_url = q.Text(12);
    t->help_line = q.Text(13);
    t->accent = q.Text(14);
    t->comment_stances = q.Int(15) != 0;
    return t;
}

std::shared_ptr<const Process> LoadProcess(Db& db, std::int64_t tenant_id, const std::string& slug) {
    auto q = db.Prepare("SELECT id, slug, title, description, phase, dates, budget, currency, ballot, rule,"
                        " district_budgets, uncoded_paper, archived_at IS NOT NULL, easy_read FROM processes"
                        " WHERE tenant_id = ? AND slug = ?");
    q.Bind(1, tenant_id).Bind(2, slug);
    if (!q.Step()) return nullptr;
    auto p = std::make_shared<Process>();
    p->id = q.Int(0);
    p->tenant_id = tenant_id;
    p->slug = q.Text(1);
    p->title = q.Text(2);
    p->description = q.Text(3);
    ParsePhase(q.Text(4), p->phase);
    p->dates = nlohmann::json::parse(q.Text(5), nullptr, false);
    if (!p->dates.is_object()) p->dates = nlohmann::json::object();
    p->calendar = CalendarFromStored(p->dates);
    Decimal::Parse(q.Text(6), p->budget);
    p->currency = q.Text(7);
    BallotConfigFromJson(nlohmann::json::parse(q.Text(8), nullptr, false), nlohmann::json::array(), p->ballot);
    p->rule = nlohmann::json::parse(q.Text(9), nullptr, false);
    p->district_budgets = nlohmann::json::parse(q.Text(10), nullptr, false);
    p->uncoded_paper = q.Int(11) != 0;
    p->archived = q.Int(12) != 0;
    p->easy_read = nlohmann::json::parse(q.Text(13), nullptr, false);
    if (!p->easy_read.is_object()) p->easy_read = nlohmann::json::object();
    auto pq = db.Prepare("SELECT project_id, name, cost, category, district, latitude, longitude, placed,"
                         " description FROM projects WHERE process_id = ? ORDER BY id");
    pq.Bind(1, p->id);
    while (pq.Step()) {
        ProcessProject pr;
        pr.id = pq.Text(0);
        pr.name = pq.Text(1);
        Decimal::Parse(pq.Text(2), pr.cost);
        pr.category = pq.Text(3);
        pr.district = pq.Text(4);
        if (!pq.IsNull(5)) pr.latitude = pq.Double(5);
        if (!pq.IsNull(6)) pr.longitude = pq.Double(6);
        pr.placed = pq.Int(7) != 0;
        pr.description = pq.Text(8);
        p->ballot.projects.push_back({pr.id, pr.cost, pr.district});
        p->projects.push_back(std::move(pr));
    }
    LoadProjectLifecycle(db, *p);
    return p;
}

AppContext::AppContext(Store& s, AppOptions o)
    : store(s),
      options(std::move(o)),
      code_attempts(s, "code", options.code_attempts_per_window, std::chrono::minutes(15),
                    options.attempt_rows_max, m_attempt_rows),
      submissions(s, "submission", options.submissions_per_window, std::chrono::hours(1),
                  options.attempt_rows_max, m_attempt_rows),
      comments(s, "comment", options.comments_per_window, std::chrono::hours(1), options.attempt_rows_max,
               m_attempt_rows),
      photos(s, "photo", options.photos_per_window, std::chrono::hours(1), options.attempt_rows_max,
             m_attempt_rows),
      logins(s, "login", options.logins_per_window, std::chrono::minutes(15), options.attempt_rows_max,
             m_attempt_rows),
      tiles(options.tiles_dir) {
    m_author_secret = store.Write([](Db& db) {
        db.Prepare("INSERT OR IGNORE INTO server_secrets (name, value) VALUES ('author_key', ?)").BindBlob(1, RandomBytes(32)).Run();
        auto q = db.Prepare("SELECT value FROM server_secrets WHERE name = 'author_key'");
        q.Step();
        return q.Blob(0);
    });
}

void AppContext::WakeMailer() {
    {
        std::lock_guard<std::mutex> lock(m_mail_mutex);
        m_mail_woken = true;
    }
    m_mail_cv.notify_all();
}

bool AppContext::WaitForMail(std::chrono::milliseconds max) {
    std::unique_lock<std::mutex> lock(m_mail_mutex);
    const bool woken = m_mail_cv.wait_for(lock, max, [&] { return m_mail_woken; });
    m_mail_woken = false;
    return woken;
}

std::string AppContext::AuthorKey(std::int64_t tenant_id, std::int64_t user_id, const std::string& user_created_at) const {
    const std::string mac = HmacSha256(m_author_secret, "author\n" + std::to_string(tenant_id) + "\n" +
                                                            std::to_string(user_id) + "\n" + user_created_at);
    return ToHex(std::string_view(mac).substr(0, 16));
}

std::shared_ptr<const Tenant> AppContext::FindTenant(const std::string& slug) {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (auto it = m_tenants.find(slug); it != m_tenants.end()) return it->second;
    }
    auto t = store.Read([&](Db& db) { return LoadTenant(db, slug); });
    if (t) {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_tenants[slug] = t;
    }
    return t;
}

std::vector<std::shared_ptr<const Tenant>> AppContext::AllTenants() {
    const auto slugs = store.Read([](Db& db) {
        std::vector<std::string> out;
        auto q = db.Prepare("SELECT slug FROM tenants ORDER BY id");
        while (q.Step()) out.push_back(q.Text(0));
        return out;
    });
    std::vector<std::shared_ptr<const Tenant>> out;
    for (const auto& s : slugs)
        if (auto t = FindTenant(s)) out.push_back(t);
    return out;
}

std::shared_ptr<const Tenant> AppContext::TenantOf(const Request& req) {
    if (req.path_params.empty()) FailNotFound(Msg("La commune est introuvable."));
    auto t = FindTenant(req.path_params[0]);
    if (!t) FailNotFound(Msg("La commune {} est introuvable.", req.path_params[0]));
    if (t->archived && !SeesArchived(req, *t)) FailArchived(Msg("Cette commune a été archivée et n’est plus en ligne."));
    return t;
}

bool AppContext::SeesArchived(const Request& req, const Tenant& t) { return Identify(req).Can(Role::Admin, t); }

void AppContext::InvalidateTenants() {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_tenants.clear();
}

std::shared_ptr<const Process> AppContext::FindProcess(const Tenant& t, const std::string& slug) {
    const std::string key = std::to_string(t.id) + "/" + slug;
    std::shared_ptr<const Process> p;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (auto it = m_processes.find(key); it != m_processes.end()) p = it->second;
    }
    if (!p) {
        p = store.Read([&](Db& db) { return LoadProcess(db, t.id, slug); });
        if (!p) return p;
        std::lock_guard<std::mutex> lock(m_mutex);
        m_processes[key] = p;
    }
    return AdvanceByCalendar(t, std::move(p));
}

// The calendar moves a process when read (lazily: nothing runs in the background), before any
// handler looks at its phase. Reads cost a comparison; the store is written only when the
// phase really changes, one audited step at a time ("calendar"), through the rules admins
// follow: the dates never make a process skip a vote (CalendarPhase stops before it).
std::shared_ptr<const Process> AppContext::AdvanceByCalendar(const Tenant& t, std::shared_ptr<const Process> p) {
    if (p->calendar.Empty() || CalendarPhase(p->calendar, p->phase, LocalNow(t)) == p->phase) return p;
    const bool moved = store.Write([&](Db& db) {
        auto q = db.Prepare("SELECT phase FROM processes WHERE id = ?");
        q.Bind(1, p->id);
        Phase from;
        if (!q.Step() || !ParsePhase(q.Text(0), from)) return false;
        const Phase to = CalendarPhase(p->calendar, from, LocalNow(t));
        try {
            for (int step = static_cast<int>(from) + 1; step <= static_cast<int>(to); ++step) {
                const Phase a = static_cast<Phase>(step - 1), b = static_cast<Phase>(step);
                CheckPhaseChange(db, *p, a, b);
                WritePhaseChange(db, t.id, *p, a, b, nullptr, "calendar");
                QueueVotingNews(*this, db, t, *p, b); // opt-in reminders: voting opens, results out
            }
        } catch (const ApiError&) {
            return false; // rolled back: the process stays where it was
        }
        return to != from;
    });
    if (!moved) return p;
    InvalidateProcesses();
    Bump(t.id); // proposals' stages follow their process's phase
    auto fresh = store.Read([&](Db& db) { return LoadProcess(db, t.id, p->slug); });
    return fresh ? fresh : p;
}

std::chrono::system_clock::time_point AppContext::Now() const {
    const std::int64_t fixed = m_fixed_now_ms.load();
    if (fixed == INT64_MIN) return std::chrono::system_clock::now();
    return std::chrono::system_clock::time_point(std::chrono::milliseconds(fixed));
}

void AppContext::SetNow(std::optional<std::chrono::system_clock::time_point> now) {
    m_fixed_now_ms = now ? std::chrono::duration_cast<std::chrono::milliseconds>(now->time_since_epoch()).count()
                         : INT64_MIN;
}

LocalTime AppContext::LocalNow(const Tenant& t) const { return LocalTimeAt(Now(), t.time_zone); }

std::shared_ptr<const Process> AppContext::ProcessOf(const Tenant& t, const Request& req) {
    if (req.path_params.size() < 2) FailNotFound(Msg("La consultation est introuvable."));
    auto p = FindProcess(t, req.path_params[1]);
    if (!p) FailNotFound(Msg("La consultation {} est introuvable.", req.path_params[1]));
    if (p->archived && !SeesArchived(req, t)) FailArchived(Msg("Cette consultation a été archivée et n’est plus en ligne."));
    return p;
}

void AppContext::InvalidateProcesses() {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_processes.clear();
}

//-----------------------------------------------------------------------------
// [SECTION] Authentication
//-----------------------------------------------------------------------------

Principal AppContext::Authenticate(const Request& req) {
    const std::string token = req.BearerToken();
    if (token.empty()) return {};
    auto found = store.Read([&](Db& db) -> std::optional<Principal> {
        auto q = db.Prepare("SELECT u.id, u.role, u.tenant_id, u.email FROM sessions s JOIN users u ON u.id = s.user_id"
                            " WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled_at IS NULL");
        q.BindBlob(1, Sha256(token)).Bind(2, NowIso());
        if (!q.Step()) return std::nullopt;
        Principal p;
        p.user_id = q.Int(0);
        ParseRole(q.Text(1), p.role);
        if (!q.IsNull(2)) p.tenant_id = q.Int(2);
        p.email = q.Text(3);
        return p;
    });
    if (!found)
        Fail(401, "invalid_token", Msg("Votre session a expiré ou n’est pas valide. Reconnectez-vous."));
    return *found;
}

Principal AppContext::Identify(const Request& req) {
    try {
        return Authenticate(req);
    } catch (const ApiError&) {
        return {};
    }
}

Principal AppContext::RequireUser(const Request& req) {
    Principal p = Authenticate(req);
    if (p.Anonymous())
        Fail(401, "unauthenticated", Msg("Connectez-vous d’abord."));
    return p;
}

Principal AppContext::RequireStaff(const Request& req, const Tenant* t, std::initializer_list<Role> roles) {
    Principal p = RequireUser(req);
    bool ok = false;
    for (Role r : roles) ok |= t ? p.Can(r, *t) : (p.role == r || p.role == Role::Admin) && !p.tenant_id;
    if (!ok)
        Fail(403, "forbidden", Msg("Vous n’avez pas le droit de faire ceci."));
    return p;
}

// Each argon2id run at interactive cost takes 64 MiB for a third of a second: run freely, sixty
// wrong passwords at once took the server from 41 MiB to 2.6 GiB. A counting semaphore keeps
// a few running; the rest wait their turn, or get 503 past password_wait_ms.
template <class F> auto AppContext::WithPasswordSlot(F&& f) -> decltype(f()) {
    {
        std::unique_lock<std::mutex> lock(m_password_mutex);
        const int slots = std::max(1, options.password_slots);
        if (!m_password_cv.wait_for(lock, std::chrono::milliseconds(options.password_wait_ms),
                                    [&] { return m_password_busy < slots; }))
            Fail(503, "busy", Msg("Le serveur est occupé à vérifier des mots de passe ; réessayez dans quelques secondes."));
        ++m_password_busy;
        if (m_password_busy > m_password_peak) m_password_peak = m_password_busy;
        ++m_password_runs;
    }
    struct Release {
        AppContext& app;
        ~Release() {
            {
                std::lock_guard<std::mutex> lock(app.m_password_mutex);
                --app.m_password_busy;
            }
            app.m_password_cv.notify_one();
        }
    } release{*this};
    return f();
}

std::string AppContext::HashPassword(const std::string& password) {
    const PasswordCost cost = FastPasswords() ? PasswordCost::Minimum : PasswordCost::Interactive;
    return WithPasswordSlot([&] { return quartier::HashPassword(password, cost); });
}

bool AppContext::VerifyPassword(const std::string& hash, const std::string& password) {
    return WithPasswordSlot([&] { return quartier::VerifyPassword(hash, password); });
}

void AppContext::VerifyNoAccount(const std::string& password) {
    // Made on first need rather than at start: at interactive cost it takes as long as a sign-in.
    std::call_once(m_dummy_once, [&] { m_dummy_hash = HashPassword(RandomHex(16)); });
    VerifyPassword(m_dummy_hash, password);
}

//-----------------------------------------------------------------------------
// [SECTION] Rate limits and the response cache
//-----------------------------------------------------------------------------

namespace {
std::int64_t UnixNow() { return static_cast<std::int64_t>(std::time(nullptr)); }
} // namespace

AttemptLimiter::AttemptLimiter(Store& store, std::string kind, int limit, std::chrono::seconds window,
                               std::int64_t max_rows, std::int64_t& rows)
    : m_store(store), m_kind(std::move(kind) + "|"), m_limit(limit), m_window(window), m_max_rows(max_rows),
      m_rows(rows) {}

bool AttemptLimiter::BlockedIn(Db& db, const std::string& key) {
    auto q = db.Prepare("SELECT 1 FROM attempt_counters WHERE key = ? AND expires_at > ? AND count >= ?");
    q.Bind(1, m_kind + key).Bind(2, UnixNow()).Bind(3, m_limit);
    return q.Step();
}

void AttemptLimiter::CountIn(Db& db, const std::string& key) {
    const std::int64_t now = UnixNow();
    const std::int64_t expires = now + m_window.count();
    // A window that has run out starts again at 1.
    db.Prepare("UPDATE attempt_counters SET"
               " count = CASE WHEN expires_at <= ?1 THEN 1 ELSE count + 1 END,"
               " expires_at = CASE WHEN expires_at <= ?1 THEN ?2 ELSE expires_at END,"
               " blocked = (CASE WHEN expires_at <= ?1 THEN 1 ELSE count + 1 END) >= ?3,"
               " last_at = ?1 WHERE key = ?4")
        .Bind(1, now).Bind(2, expires).Bind(3, m_limit).Bind(4, m_kind + key).Run();
    if (db.Changes() > 0) return;
    db.Prepare("INSERT INTO attempt_counters (key, count, expires_at, last_at, blocked) VALUES (?, 1, ?, ?, ?)")
        .Bind(1, m_kind + key).Bind(2, expires).Bind(3, now).Bind(4, m_limit <= 1 ? 1 : 0).Run();
    // Counted, not queried, on each insert; counted again when over the cap, since a job
    // rolled back after its insert leaves the tally one too high.
    if (m_rows >= 0) ++m_rows;
    if (m_rows >= 0 && m_rows <= m_max_rows) return;
    auto q = db.Prepare("SELECT COUNT(*) FROM attempt_counters");
    q.Step();
    m_rows = q.Int(0);
    if (m_rows <= m_max_rows) return;
    // Over the cap: expired windows go, then (a hundredth at a time, to amortise) the least
    // recent keys that are not blocked, and the least recent blocked ones last of all.
    db.Prepare("DELETE FROM attempt_counters WHERE expires_at <= ?").Bind(1, now).Run();
    m_rows -= db.Changes();
    if (m_rows <= m_max_rows) return;
    const std::int64_t excess = m_rows - m_max_rows + m_max_rows / 100;
    db.Prepare("DELETE FROM attempt_counters WHERE key IN"
               " (SELECT key FROM attempt_counters ORDER BY blocked, last_at LIMIT ?)")
        .Bind(1, excess).Run();
    m_rows -= db.Changes();
}

bool AttemptLimiter::Blocked(const std::string& key) {
    return m_store.Read([&](Db& db) { return BlockedIn(db, key); });
}

bool AttemptLimiter::Allow(const std::string& key) {
    return m_store.Write([&](Db& db) {
        if (BlockedIn(db, key)) return false;
        CountIn(db, key);
        return true;
    });
}

void AttemptLimiter::Count(const std::string& key) {
    m_store.Write([&](Db& db) { CountIn(db, key); });
}

void AttemptLimiter::Refund(const std::string& key) {
    m_store.Write([&](Db& db) {
        db.Prepare("UPDATE attempt_counters SET count = MAX(count - 1, 0), blocked = count - 1 >= ?"
                   " WHERE key = ? AND expires_at > ?")
            .Bind(1, m_limit).Bind(2, m_kind + key).Bind(3, UnixNow()).Run();
    });
}

namespace {
// What an entry costs: its key twice (the list and the index), its body, and the nodes around
// them, so that many tiny entries count too.
std::size_t EntryBytes(const std::string& key, const std::string& body) { return 2 * key.size() + body.size() + 160; }
} // namespace

std::optional<std::string> AppContext::CachedResponse(const std::string& key, std::uint64_t generation) {
    std::lock_guard<std::mutex> lock(m_cache_mutex);
    const auto it = m_cache_index.find(key);
    if (it == m_cache_index.end() || it->second->generation != generation) return std::nullopt;
    m_lru.splice(m_lru.begin(), m_lru, it->second);
    return it->second->body;
}

void AppContext::StoreResponse(const std::string& key, std::uint64_t generation, std::string body) {
    const std::size_t bytes = EntryBytes(key, body);
    std::lock_guard<std::mutex> lock(m_cache_mutex);
    if (const auto it = m_cache_index.find(key); it != m_cache_index.end()) {
        m_cache_bytes -= EntryBytes(key, it->second->body);
        m_lru.erase(it->second);
        m_cache_index.erase(it);
    }
    if (bytes > options.response_cache_bytes) return;
    while (!m_lru.empty() && m_cache_bytes + bytes > options.response_cache_bytes) {
        m_cache_bytes -= EntryBytes(m_lru.back().key, m_lru.back().body);
        m_cache_index.erase(m_lru.back().key);
        m_lru.pop_back();
    }
    m_lru.push_front(Cached{key, generation, std::move(body)});
    m_cache_index.emplace(key, m_lru.begin());
    m_cache_bytes += bytes;
}

std::size_t AppContext::CacheBytes() {
    std::lock_guard<std::mutex> lock(m_cache_mutex);
    return m_cache_bytes;
}

std::size_t AppContext::CacheEntries() {
    std::lock_guard<std::mutex> lock(m_cache_mutex);
    return m_lru.size();
}

std::uint64_t AppContext::Generation(std::int64_t tenant_id) {
    std::lock_guard<std::mutex> lock(m_cache_mutex);
    return m_generations[tenant_id];
}

void AppContext::Bump(std::int64_t tenant_id) {
    std::lock_guard<std::mutex> lock(m_cache_mutex);
    ++m_generations[tenant_id];
}

//-----------------------------------------------------------------------------
// [SECTION] Audit chain
//-----------------------------------------------------------------------------

namespace {
const std::string kGenesis(64, '0');

// An entry's hash: an HMAC under the store's key (outside the database), so that whoever
// holds only the database cannot edit an entry and re-chain the rest. Entries written before
// keys existed (legacy) were chained with plain SHA-256; each tenant's anchor seals them.
std::string AuditHash(Db& db, bool legacy, const std::string& prev, std::int64_t tenant_id, const std::string& at,
                      const std::string& actor_id, const std::string& role, const std::string& action,
                      const std::string& target, const std::string& detail) {
    const nlohmann::json entry{{"tenant", tenant_id}, {"at", at},         {"actor", actor_id},
                               {"role", role},        {"action", action}, {"target", target},
                               {"detail", detail}};
    const std::string message = prev + "\n" + entry.dump();
    return legacy ? Sha256Hex(message) : ToHex(db.Mac("audit", message));
}

std::string AnchorMac(Db& db, std::int64_t tenant_id, std::int64_t id, const std::string& hash) {
    return db.Mac("audit-anchor", std::to_string(tenant_id) + ":" + std::to_string(id) + ":" + hash);
}
} // namespace

namespace {
void AppendAuditEntry(Db& db, std::int64_t tenant_id, std::int64_t actor_user, const std::string& role,
                      const std::string& action, const std::string& target, const nlohmann::json& detail) {
    std::string prev = kGenesis;
    {
        auto q = db.Prepare("SELECT hash FROM audit_log WHERE tenant_id = ? ORDER BY id DESC LIMIT 1");
        q.Bind(1, tenant_id);
        if (q.Step()) prev = q.Text(0);
    }
    const std::string at = NowIso();
    const std::string actor_id = actor_user ? std::to_string(actor_user) : "";
    const std::string detail_text = detail.dump();
    const std::string hash = AuditHash(db, false, prev, tenant_id, at, actor_id, role, action, target, detail_text);
    db.Prepare("INSERT INTO audit_log (tenant_id, at, actor_id, actor_role, action, target, detail, prev_hash, hash)"
               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .Bind(1, tenant_id)
        .Bind(2, at)
        .Bind(3, actor_user ? std::optional<std::int64_t>(actor_user) : std::nullopt)
        .Bind(4, role)
        .Bind(5, action)
        .Bind(6, target)
        .Bind(7, detail_text)
        .Bind(8, prev)
        .Bind(9, hash)
        .Run();
}
} // namespace

void AppendAudit(Db& db, std::int64_t tenant_id, const Principal& actor, const std::string& action,
                 const std::string& target, const nlohmann::json& detail) {
    AppendAuditEntry(db, tenant_id, actor.user_id, ToString(actor.role), action, target, detail);
}

void AppendAuditAs(Db& db, std::int64_t tenant_id, const std::string& role, const std::string& action,
                   const std::string& target, const nlohmann::json& detail) {
    AppendAuditEntry(db, tenant_id, 0, role, action, target, detail);
}

//-----------------------------------------------------------------------------
// [SECTION] Phase changes
//-----------------------------------------------------------------------------

void CheckPhaseChange(Db& db, const Process& p, Phase from, Phase to) {
    if (to == from) return;
    // Ballots cast under some settings must be counted under the same.
    if (from >= Phase::Voting && to < from)
        Fail(409, "invalid_phase_change", Msg("Une fois le vote ouvert, une consultation ne peut pas revenir en arrière."), "phase");
    if (from < Phase::Voting && to > Phase::Voting) {
        auto count = [&](const char* sql) {
            auto q = db.Prepare(sql);
            q.Bind(1, p.id);
            q.Step();
            return q.Int(0);
        };
        const std::int64_t archived = count("SELECT COUNT(*) FROM ballots WHERE process_id = ? AND request_id LIKE 'archive-%'");
        const std::int64_t ballots = count("SELECT COUNT(*) FROM ballots WHERE process_id = ?") - archived;
        const std::int64_t codes = count("SELECT COUNT(*) FROM voter_codes WHERE process_id = ?");
        const std::int64_t tokens = count("SELECT COUNT(*) FROM ballot_tokens WHERE process_id = ?");
        if (codes + tokens + ballots > 0)
            Fail(409, "would_skip_voting", Msg("Cette consultation a {} code(s) de vote, {} jeton(s) de vote et {} bulletin(s) : elle ne peut pas passer le vote sans le tenir. Ouvrez d’abord le vote.", codes, tokens, ballots), "phase");
        if (archived == 0)
            Fail(409, "would_skip_voting", Msg("Une consultation ne peut pas sauter le vote : ouvrez d’abord le vote (seule une archive importée passe directement aux résultats)."), "phase");
    }
    if (from == Phase::Voting && to > Phase::Closed)
        Fail(409, "voting_still_open", Msg("Le vote est encore ouvert : clôturez-le d’abord (phase closed), puis publiez les résultats."), "phase");
}

void WritePhaseChange(Db& db, std::int64_t tenant_id, const Process& p, Phase from, Phase to, const Principal* actor,
                      const std::string& role_name) {
    db.Prepare("UPDATE processes SET phase = ? WHERE id = ?").Bind(1, std::string(ToString(to))).Bind(2, p.id).Run();
    const nlohmann::json detail{{"from", ToString(from)}, {"to", ToString(to)}};
    if (actor) AppendAudit(db, tenant_id, *actor, "process.phase", p.slug, detail);
    else AppendAuditAs(db, tenant_id, role_name, "process.phase", p.slug, detail);
    if (from < Phase::Closed && to >= Phase::Closed) AppendPaperBallotCounts(db, tenant_id, p);
}

std::int64_t VerifyAudit(Db& db, std::int64_t tenant_id, std::int64_t& entries) {
    entries = 0;
    std::int64_t legacy_upto = 0; // entries up to this id were chained before keys existed
    std::string anchor_mac;
    {
        auto a = db.Prepare("SELECT last_id, mac FROM audit_anchors WHERE tenant_id = ?");
        a.Bind(1, tenant_id);
        if (a.Step()) {
            legacy_upto = a.Int(0);
            anchor_mac = a.Blob(1);
        }
    }
    bool anchor_seen = legacy_upto == 0;
    std::string prev = kGenesis;
    auto q = db.Prepare("SELECT id, at, actor_id, actor_role, action, target, detail, prev_hash, hash"
                        " FROM audit_log WHERE tenant_id = ? ORDER BY id");
    q.Bind(1, tenant_id);
    while (q.Step()) {
        ++entries;
        const std::int64_t id = q.Int(0);
        const bool legacy = id <= legacy_upto;
        if (!legacy && !anchor_seen) return id; // the sealed entry is gone
        const std::string actor_id = q.IsNull(2) ? "" : std::to_string(q.Int(2));
        const std::string expect =
            AuditHash(db, legacy, prev, tenant_id, q.Text(1), actor_id, q.Text(3), q.Text(4), q.Text(5), q.Text(6));
        if (q.Text(7) != prev || q.Text(8) != expect) return id;
        if (legacy && id == legacy_upto) {
            if (AnchorMac(db, tenant_id, id, expect) != anchor_mac) return id;
            anchor_seen = true;
        }
        prev = q.Text(8);
    }
    if (!anchor_seen) return legacy_upto;
    return 0;
}

AuditHead ReadAuditHead(Db& db, std::int64_t tenant_id) {
    AuditHead h;
    auto q = db.Prepare("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM audit_log WHERE tenant_id = ?");
    q.Bind(1, tenant_id);
    q.Step();
    h.entries = q.Int(0);
    h.id = q.Int(1);
    h.hash = kGenesis;
    auto last = db.Prepare("SELECT hash, at FROM audit_log WHERE id = ?");
    last.Bind(1, h.id);
    if (last.Step()) {
        h.hash = last.Text(0);
        h.at = last.Text(1);
    }
    return h;
}

bool AuditChainHas(Db& db, std::int64_t tenant_id, const std::string& hash) {
    if (hash == kGenesis) return true;
    auto q = db.Prepare("SELECT 1 FROM audit_log WHERE tenant_id = ? AND hash = ?");
    q.Bind(1, tenant_id).Bind(2, hash);
    return q.Step();
}

} // namespace quartier

// The voter roll and the secret ballot box. Admins import a census or generate single-use
// codes; a resident exchanges a code for a ballot token (no account needed); the token casts
// exactly one ballot, enforced by a UNIQUE key in the box and idempotent on retry (same
// request_id, same answer). The box holds no time, code or account: only the hash of the
// token, the ballot and its receipt (under a random row id); turnout over time is a
// separate count per hour. Agents enter paper ballots (voting_method=paper) with the voter's
// code, or without one where the process allows it; each agent's count is logged at close. The
// plain-HTML form casts with a code in one step, through the same code and box functions.
//
// Index of this file:
// [SECTION] Helpers
// [SECTION] Voter roll (admins)
// [SECTION] Codes for tokens
// [SECTION] Ballots
#include "backend/routes.h"

#include "backend/crypto.h"
#include "backend/http/net_address.h"
#include "backend/pages/voter_letters.h"
#include "backend/store/process_store.h"
#include "shared/i18n.h"
#include "backend/text_util.h"

#include <algorithm>

namespace quartier {

//-----------------------------------------------------------------------------
// [SECTION] Helpers
//-----------------------------------------------------------------------------

void FailVotingClosed() {
    Fail(409, "voting_closed", Msg("Le vote n’est pas ouvert pour cette consultation."));
}

void FailVotingClosed(AppContext& app, const Tenant& t, const Process& p) {
    const LocalTime now = app.LocalNow(t);
    const ByLanguage said{[calendar = p.calendar, phase = p.phase, now](const std::string& lang) {
        std::string s = CalendarText(calendar, phase, now, lang);
        // The calendar's sentence goes after a colon: its first letter in lower case.
        if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = static_cast<char>(s[0] - 'A' + 'a');
        return s;
    }};
    if (said.say("fr").empty()) FailVotingClosed();
    Fail(409, "voting_closed", Msg("Le vote n’est pas ouvert pour cette consultation : {}.", said));
}

namespace {

std::string CodeHash(Db& db, std::int64_t process_id, const std::string& code) { return VoterCodeHash(db, process_id, code); }

void RequirePhaseInDb(Db& db, std::int64_t process_id, Phase wanted) {
    auto q = db.Prepare("SELECT phase FROM processes WHERE id = ?");
    q.Bind(1, process_id);
    if (!q.Step() || q.Text(0) != ToString(wanted)) FailVotingClosed();
}

enum class CodeState { Spent, Unknown, Used };

// Looks a voter code up and, when it is still unused, marks it used (inside a Write job).
CodeState SpendCode(Db& db, std::int64_t process_id, const std::string& code) {
    const std::string hash = CodeHash(db, process_id, code);
    auto q = db.Prepare("SELECT used FROM voter_codes WHERE code_hash = ? AND process_id = ?");
    q.BindBlob(1, hash).Bind(2, process_id);
    if (!q.Step()) return CodeState::Unknown;
    if (q.Int(0) != 0) return CodeState::Used;
    db.Prepare("UPDATE voter_codes SET used = 1 WHERE code_hash = ?").BindBlob(1, hash).Run();
    return CodeState::Spent;
}

[[noreturn]] void FailCode(CodeState state) {
    if (state == CodeState::Unknown)
        Fail(404, "unknown_code", Msg("Ce code n’est pas valable pour ce vote. Vérifiez-le et réessayez."), "code");
    Fail(409, "code_used", Msg("Ce code a déjà été utilisé."), "code");
}

// Wrong codes are counted per tenant and client address (IPv6 by /64).
std::string CodeClient(const Tenant& t, const std::string& remote_addr) {
    return std::to_string(t.id) + "|" + AddressKey(remote_addr);
}

[[noreturn]] void FailTooManyCodes() {
    Fail(429, "too_many_attempts", Msg("Trop de codes erronés ; patientez un quart d’heure."));
}

void RequireCodeAttemptsLeft(AppContext& app, const std::string& client) {
    if (app.code_attempts.Blocked(client)) FailTooManyCodes();
}

struct CastResult {
    std::string receipt;
};

// Inserts one ballot for voter_key, or gives back the first answer when the same request
// is retried; 409 already_voted for a different ballot with the same key.
CastResult Cast(Db& db, std::int64_t process_id, const std::string& voter_key, const std::string& request_id,
                const std::string& ballot_text, const std::string& receipt, const char* method) {
    auto existing = db.Prepare("SELECT request_id, receipt FROM ballots WHERE process_id = ? AND voter_key = ?");
    existing.BindBlob(2, voter_key).Bind(1, process_id);
    if (existing.Step()) {
        if (existing.Text(0) == request_id) return {existing.Text(1)};
        Fail(409, "already_voted", Msg("Un bulletin a déjà été déposé avec ce code."));
    }
    // A random row id: a sequential one would keep the order in which ballots were cast,
    // and with the counts per hour below, roughly when each one was.
    const std::int64_t row_id = static_cast<std::int64_t>(std::stoull(RandomHex(7), nullptr, 16));
    db.Prepare("INSERT INTO ballots (id, process_id, voter_key, request_id, ballot, receipt, voting_method)"
               " VALUES (?, ?, ?, ?, ?, ?, ?)")
        .Bind(1, row_id)
        .Bind(2, process_id)
        .BindBlob(3, voter_key)
        .Bind(4, request_id)
        .Bind(5, ballot_text)
        .Bind(6, receipt)
        .Bind(7, method)
        .Run();
    // Turnout over time: one counter per hour, in the same transaction as the ballot.
    db.Prepare("INSERT INTO ballot_counts (process_id, hour, ballots)"
               " VALUES (?, strftime('%Y-%m-%dT%H:00:00Z', 'now'), 1)"
               " ON CONFLICT (process_id, hour) DO UPDATE SET ballots = ballots + 1")
        .Bind(1, process_id)
        .Run();
    return {receipt};
}

// Reads {"request_id","ballot"} from body and validates the ballot with the shared model;
// returns the request id and the canonical ballot, the only form the box stores.
std::pair<std::string, std::string> ReadBallot(const nlohmann::json& body, const Process& p) {
    const std::string request_id = RequireText(body, "request_id", 1, 100, Word("L’identifiant de requête"));
    if (!body.contains("ballot"))
        Fail(400, "required", Msg("Le bulletin est manquant."), "ballot");
    if (auto e = ValidateBallot(body["ballot"], p.ballot)) throw ApiError(400, *e);
    return {request_id, CanonicalBallot(body["ballot"])};
}

std::string NewReceipt(const Process& p, const std::string& ballot_text) {
    return Sha256Hex(std::to_string(p.id) + "|" + RandomHex(16) + "|" + ballot_text);
}

// ?format= of the code routes: cards or letters to print (HTML), or the data (JSON or CSV).
enum class CodeFormat { Data, Cards, Letters };
CodeFormat ReadCodeFormat(const Request& req) {
    const std::string f = req.Query("format");
    if (f.empty() || f == "json" || f == "csv") return CodeFormat::Data;
    if (f == "cards" || f == "html") return CodeFormat::Cards;
    if (f == "letters") return CodeFormat::Letters;
    Fail(400, "unknown_format", Msg("Le format est cards, letters ou csv (json pour les codes générés)."), "format");
}

// The printed codes in the language asked for (?lang=, else the commune's first language).
Response PrintedCodes(const Tenant& t, const Process& p, const Request& req, CodeFormat format,
                      const std::vector<VoterLetter>& letters) {
    const auto spoken = Languages();
    const auto known = [&](const std::string& l) { return std::find(spoken.begin(), spoken.end(), l) != spoken.end(); };
    std::string lang = req.Query("lang");
    if (!known(lang)) {
        lang = "fr";
        if (t.languages.is_array() && !t.languages.empty() && t.languages[0].is_string() && known(t.languages[0].get<std::string>()))
            lang = t.languages[0].get<std::string>();
    }
    const std::string address = VoteAddress(t, p, req);
    Response r;
    r.status = 201;
    r.content_type = "text/html; charset=utf-8";
    if (format == CodeFormat::Letters) {
        r.body = VoterLettersHtml(t, p, letters, address, lang);
    } else {
        std::vector<std::string> codes;
        for (const auto& l : letters) codes.push_back(l.code);
        r.body = VoterCardsHtml(t, p, codes, address, lang);
    }
    return r;
}

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Voter roll (admins)
//-----------------------------------------------------------------------------

Response HandleGenerateCodes(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireStaff(req, t.get(), {Role::Admin});
    auto p = app.ProcessOf(*t, req);
    const auto body = req.body.empty() ? nlohmann::json::object() : JsonBody(req);
    const CodeFormat format = ReadCodeFormat(req);
    const auto count = body.value("count", std::int64_t{0});
    if (count < 1 || count > 10000)
        Fail(400, "out_of_range", Msg("Générez entre 1 et 10 000 codes à la fois."), "count");
    if (p->phase >= Phase::Closed) FailVotingClosed();
    std::vector<std::string> codes;
    app.store.Write([&](Db& db) {
        codes.clear();
        while (static_cast<std::int64_t>(codes.size()) < count) {
            const std::string code = RandomVoterCode();
            db.Prepare("INSERT OR IGNORE INTO voter_codes (code_hash, process_id) VALUES (?, ?)")
                .BindBlob(1, CodeHash(db, p->id, code)).Bind(2, p->id).Run();
            if (db.Changes() == 1) codes.push_back(code);
        }
        AppendAudit(db, t->id, who, "codes.generate", p->slug, {{"count", count}});
    });
    if (format != CodeFormat::Data) {
        std::vector<VoterLetter> letters;
        for (auto& c : codes) letters.push_back({{}, std::move(c)});
        return PrintedCodes(*t, *p, req, format, letters);
    }
    return JsonResponse(201, {{"codes", codes}, {"count", codes.size()}});
}

Response HandleImportCensus(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireStaff(req, t.get(), {Role::Admin});
    auto p = app.ProcessOf(*t, req);
    if (p->phase >= Phase::Closed) FailVotingClosed();
    const CodeFormat format = ReadCodeFormat(req);
    // One voter per row after a header row; the first column is the municipality's own
    // reference for that person (kept only as a hash, to skip people already given a code),
    // the others, when there are any, the postal address printed on that voter's letter
    // (never stored).
    std::vector<std::vector<std::string>> rows;
    if (!ReadCsv(req.body, rows))
        Fail(400, "invalid_csv", Msg("Le recensement n’est pas un fichier CSV lisible (un guillemet n’est pas refermé)."), "file");
    std::vector<VoterLetter> voters;
    std::vector<std::string> refs;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        if (rows[i][0].empty()) continue;
        refs.push_back(rows[i][0]);
        VoterLetter l;
        for (std::size_t k = 1; k < rows[i].size(); ++k)
            if (!rows[i][k].empty()) l.address.push_back(rows[i][k]);
        voters.push_back(std::move(l));
    }
    if (refs.empty())
        Fail(400, "empty_census", Msg("Le recensement ne contient aucun électeur (une ligne d’en-tête, puis un électeur par ligne)."), "file");
    std::vector<VoterLetter> given; // those who got a code now, in the file's order
    std::string out = "reference;code\n";
    std::int64_t added = 0, skipped = 0;
    app.store.Write([&](Db& db) {
        out = "reference;code\n";
        given.clear();
        added = skipped = 0;
        for (std::size_t i = 0; i < refs.size(); ++i) {
            const std::string& ref = refs[i];
            // Keyed: with a plain hash, a copy of the database and the census would show
            // which named entries voted.
            const std::string ref_hash = db.Mac("census", Sha256(std::to_string(p->id) + ":census:" + ref));
            auto seen = db.Prepare("SELECT 1 FROM voter_codes WHERE process_id = ? AND census_ref_hash = ?");
            seen.Bind(1, p->id).BindBlob(2, ref_hash);
            if (seen.Step()) {
                ++skipped;
                continue;
            }
            for (;;) {
                const std::string code = RandomVoterCode();
                db.Prepare("INSERT OR IGNORE INTO voter_codes (code_hash, process_id, census_ref_hash) VALUES (?, ?, ?)")
                    .BindBlob(1, CodeHash(db, p->id, code)).Bind(2, p->id).BindBlob(3, ref_hash).Run();
                if (db.Changes() == 1) {
                    out += CsvCell(ref, ';') + ";" + code + "\n";
                    given.push_back({voters[i].address, code});
                    ++added;
                    break;
                }
            }
        }
        AppendAudit(db, t->id, who, "census.import", p->slug, {{"added", added}, {"skipped", skipped}});
    });
    Response r = format == CodeFormat::Data ? Response{} : PrintedCodes(*t, *p, req, format, given);
    r.status = 201;
    if (format == CodeFormat::Data) r.content_type = "text/csv; charset=utf-8";
    r.headers["X-Quartier-Added"] = std::to_string(added);
    r.headers["X-Quartier-Skipped"] = std::to_string(skipped);
    if (format == CodeFormat::Data) r.body = std::move(out);
    return r;
}

// A wrong line of the roll (a person listed twice under two references, someone who moved
// away) comes off before voting opens; after, its code may have voted, and removing it could
// no longer be told apart from taking back a vote. The reference travels in the body, never
// in a URL (it names a person), and is not written to the audit log.
Response HandleRemoveCensusLine(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireStaff(req, t.get(), {Role::Admin});
    auto p = app.ProcessOf(*t, req);
    const auto body = JsonBody(req);
    const std::string ref = RequireText(body, "reference", 1, 200, Word("La référence du recensement"));
    if (p->phase >= Phase::Voting)
        Fail(409, "voting_started", Msg("Le vote est ouvert : la liste électorale ne peut plus changer (retirer une ligne pourrait retirer un vote)."), "reference");
    app.store.Write([&](Db& db) {
        const std::string ref_hash = db.Mac("census", Sha256(std::to_string(p->id) + ":census:" + ref));
        db.Prepare("DELETE FROM voter_codes WHERE process_id = ? AND census_ref_hash = ?").Bind(1, p->id).BindBlob(2, ref_hash).Run();
        if (db.Changes() == 0)
            Fail(404, "not_in_census", Msg("Aucune ligne de la liste électorale de cette consultation n’a cette référence."), "reference");
        AppendAudit(db, t->id, who, "census.remove", p->slug, {{"removed", 1}});
    });
    return JsonResponse(200, {{"removed", 1}});
}

Response HandleCodeStats(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    app.RequireStaff(req, t.get(), {Role::Admin});
    auto p = app.ProcessOf(*t, req);
    return JsonResponse(200, app.store.Read([&](Db& db) {
        auto q = db.Prepare("SELECT COUNT(*), COALESCE(SUM(used), 0) FROM voter_codes WHERE process_id = ?");
        q.Bind(1, p->id);
        q.Step();
        // Paper ballots apart: the console's closing checklist says how many the desks entered.
        auto b = db.Prepare("SELECT COUNT(*), COALESCE(SUM(voting_method = 'paper'), 0) FROM ballots WHERE process_id = ?");
        b.Bind(1, p->id);
        b.Step();
        return nlohmann::json{{"issued", q.Int(0)}, {"used", q.Int(1)}, {"ballots", b.Int(0)}, {"paper", b.Int(1)}};
    }));
}

//-----------------------------------------------------------------------------
// [SECTION] Codes for tokens
//-----------------------------------------------------------------------------

Response HandleBallotToken(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    auto p = app.ProcessOf(*t, req);
    const std::string client = CodeClient(*t, req.remote_addr);
    RequireCodeAttemptsLeft(app, client);
    if (p->phase != Phase::Voting) FailVotingClosed(app, *t, *p);
    const auto body = JsonBody(req);
    const std::string code = RequireText(body, "code", 4, 40, Word("Le code"));
    const std::string token = RandomHex(16);
    // The limit is checked and a wrong code counted in the transaction that looks the code up,
    // so that parallel tries cannot all pass the check before the first one is counted.
    bool blocked = false;
    const CodeState state = app.store.Write([&](Db& db) {
        RequirePhaseInDb(db, p->id, Phase::Voting);
        if ((blocked = app.code_attempts.BlockedIn(db, client))) return CodeState::Unknown;
        const CodeState s = SpendCode(db, p->id, code);
        if (s == CodeState::Spent)
            db.Prepare("INSERT INTO ballot_tokens (token_hash, process_id) VALUES (?, ?)").BindBlob(1, Sha256(token)).Bind(2, p->id).Run();
        else
            app.code_attempts.CountIn(db, client);
        return s;
    });
    if (blocked) FailTooManyCodes();
    if (state != CodeState::Spent) FailCode(state);
    return JsonResponse(201, {{"token", token}});
}

//-----------------------------------------------------------------------------
// [SECTION] Ballots
//-----------------------------------------------------------------------------

Response HandleCastBallot(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    auto p = app.ProcessOf(*t, req);
    const std::string token = req.BearerToken();
    if (token.empty())
        Fail(401, "ballot_token_required", Msg("Saisissez d’abord votre code de vote."));
    if (p->phase != Phase::Voting) FailVotingClosed(app, *t, *p);
    const std::string key = Sha256(token);
    // The token is checked before the body is read: anyone can send a body, and reading it
    // is the expensive part (checked again below, in the transaction that casts).
    auto invalid_token = [] {
        Fail(401, "invalid_ballot_token", Msg("Cette session de vote n’est pas valable ; saisissez à nouveau votre code."));
    };
    const bool known = app.store.Read([&](Db& db) {
        auto q = db.Prepare("SELECT 1 FROM ballot_tokens WHERE token_hash = ? AND process_id = ?");
        q.BindBlob(1, key).Bind(2, p->id);
        return q.Step();
    });
    if (!known) invalid_token();
    // References, not structured bindings: clang (the fuzz build) cannot capture those.
    const auto read = ReadBallot(JsonBody(req), *p);
    const std::string &request_id = read.first, &ballot_text = read.second;
    const std::string receipt = NewReceipt(*p, ballot_text);
    const CastResult result = app.store.Write([&](Db& db) {
        RequirePhaseInDb(db, p->id, Phase::Voting);
        auto q = db.Prepare("SELECT 1 FROM ballot_tokens WHERE token_hash = ? AND process_id = ?");
        q.BindBlob(1, key).Bind(2, p->id);
        if (!q.Step()) invalid_token();
        return Cast(db, p->id, key, request_id, ballot_text, receipt, "online");
    });
    return JsonResponse(201, {{"receipt", result.receipt}});
}

std::string CastBallotWithCode(AppContext& app, const Tenant& t, const Process& p, const std::string& remote_addr,
                               const std::string& code, const std::string& request_id, const nlohmann::json& ballot) {
    const std::string client = CodeClient(t, remote_addr);
    RequireCodeAttemptsLeft(app, client);
    if (p.phase != Phase::Voting) FailVotingClosed(app, t, p);
    if (auto e = ValidateBallot(ballot, p.ballot)) throw ApiError(400, *e);
    if (Trim(code).empty())
        Fail(400, "required", Msg("Saisissez votre code de vote."), "code");
    if (request_id.empty() || request_id.size() > 100)
        Fail(400, "required", Msg("Le formulaire est incomplet ; rechargez la page."));
    const std::string ballot_text = CanonicalBallot(ballot);
    const std::string receipt = NewReceipt(p, ballot_text);
    const std::string token = RandomHex(16);
    CodeState state = CodeState::Spent;
    bool blocked = false;
    std::string out = app.store.Write([&](Db& db) -> std::string {
        RequirePhaseInDb(db, p.id, Phase::Voting);
        if ((blocked = app.code_attempts.BlockedIn(db, client))) return {};
        state = SpendCode(db, p.id, code);
        if (state == CodeState::Used) {
            // The same form sent again (a double click, a reload): its ballot is in the box.
            auto again = db.Prepare("SELECT receipt FROM ballots WHERE process_id = ? AND request_id = ? AND ballot = ?");
            again.Bind(1, p.id).Bind(2, request_id).Bind(3, ballot_text);
            if (again.Step()) {
                state = CodeState::Spent;
                return again.Text(0);
            }
        }
        if (state != CodeState::Spent) {
            app.code_attempts.CountIn(db, client); // in this transaction, as for tokens
            return {};
        }
        // As through the JSON routes: the code buys a token, the token casts the ballot.
        const std::string key = Sha256(token);
        db.Prepare("INSERT INTO ballot_tokens (token_hash, process_id) VALUES (?, ?)").BindBlob(1, key).Bind(2, p.id).Run();
        return Cast(db, p.id, key, request_id, ballot_text, receipt, "online").receipt;
    });
    if (blocked) FailTooManyCodes();
    if (state != CodeState::Spent) FailCode(state);
    return out;
}

bool BallotReceiptExists(AppContext& app, const Process& p, const std::string& receipt) {
    return app.store.Read([&](Db& db) {
        auto q = db.Prepare("SELECT 1 FROM ballots WHERE process_id = ? AND receipt = ?");
        q.Bind(1, p.id).Bind(2, receipt);
        return q.Step();
    });
}

bool MayEnterPaperBallots(const Principal& who, const Tenant& t) { return who.Can(Role::Agent, t); }

Response HandlePaperBallot(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireUser(req);
    if (!MayEnterPaperBallots(who, *t))
        Fail(403, "forbidden", Msg("Vous n’avez pas le droit de faire ceci."));
    auto p = app.ProcessOf(*t, req);
    if (p->phase != Phase::Voting) FailVotingClosed(app, *t, *p);
    const auto body = JsonBody(req);
    const auto read = ReadBallot(body, *p);
    const std::string &request_id = read.first, &ballot_text = read.second;
    const std::string code = body.contains("code") && body["code"].is_string() ? Trim(body["code"].get<std::string>()) : "";
    // A paper ballot spends a voter code as an online one does; without one an agent could
    // add ballots at will. Only a process that says so in its settings takes uncoded ones,
    // and its results count them.
    if (code.empty() && !p->uncoded_paper)
        Fail(400, "code_required", Msg("Un bulletin papier demande le code de l’électeur, utilisé comme en ligne."), "code");
    const std::string receipt = NewReceipt(*p, ballot_text);
    const std::string key = Sha256("paper:" + std::to_string(p->id) + ":" + request_id);
    const CastResult result = app.store.Write([&](Db& db) {
        RequirePhaseInDb(db, p->id, Phase::Voting);
        auto existing = db.Prepare("SELECT 1 FROM ballots WHERE process_id = ? AND voter_key = ?");
        existing.Bind(1, p->id).BindBlob(2, key);
        const bool retry = existing.Step();
        if (!code.empty() && !retry) {
            // The code is spent, so that its holder cannot vote online too.
            if (const CodeState s = SpendCode(db, p->id, code); s != CodeState::Spent) FailCode(s);
        }
        CastResult r = Cast(db, p->id, key, request_id, ballot_text, receipt, "paper");
        // No audit line per ballot: its time would tell who stood at the desk. The agent's
        // count goes to the log when voting closes (AppendPaperBallotCounts).
        if (!retry)
            db.Prepare("INSERT INTO paper_entries (process_id, agent_id, ballots, uncoded) VALUES (?, ?, 1, ?)"
                       " ON CONFLICT (process_id, agent_id) DO UPDATE SET ballots = ballots + 1,"
                       " uncoded = uncoded + excluded.uncoded")
                .Bind(1, p->id).Bind(2, who.user_id).Bind(3, code.empty() ? 1 : 0).Run();
        return r;
    });
    return JsonResponse(201, {{"receipt", result.receipt}, {"voting_method", "paper"}});
}

void AppendPaperBallotCounts(Db& db, std::int64_t tenant_id, const Process& p) {
    struct Entry {
        std::int64_t agent, ballots, uncoded;
        std::string role;
    };
    std::vector<Entry> entries;
    auto q = db.Prepare("SELECT e.agent_id, e.ballots, e.uncoded, COALESCE(u.role, 'agent') FROM paper_entries e"
                        " LEFT JOIN users u ON u.id = e.agent_id WHERE e.process_id = ? ORDER BY e.agent_id");
    q.Bind(1, p.id);
    while (q.Step()) entries.push_back({q.Int(0), q.Int(1), q.Int(2), q.Text(3)});
    for (const auto& e : entries) {
        Principal agent;
        agent.user_id = e.agent;
        if (!ParseRole(e.role, agent.role)) agent.role = Role::Agent;
        AppendAudit(db, tenant_id, agent, "ballot.paper", p.slug, {{"ballots", e.ballots}, {"uncoded", e.uncoded}});
    }
}

Response HandleReceipts(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    auto p = app.ProcessOf(*t, req);
    if (p->phase < Phase::Closed)
        Fail(409, "not_yet_published", Msg("Les reçus sont publiés une fois le vote clos."));
    auto receipts = app.store.Read([&](Db& db) {
        std::vector<std::string> out;
        auto q = db.Prepare("SELECT receipt FROM ballots WHERE process_id = ? ORDER BY receipt");
        q.Bind(1, p->id);
        while (q.Step()) out.push_back(q.Text(0));
        return out;
    });
    const auto n = receipts.size();
    return JsonResponse(200, {{"receipts", std::move(receipts)}, {"count", n}});
}

} // namespace quartier

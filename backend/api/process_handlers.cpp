// Participatory processes: read them (the ballot widget's settings and projects, with the
// calendar's sentence for residents), create and change them (admins; settings locked once
// voting opens), move them through their phases (by hand, or by their dates: app_context), import a Pabulib .pb file as a process, and archive, restore or delete one (a
// process with ballots is never deleted).
#include "backend/routes.h"

#include "backend/mail/outbox.h"

#include "backend/store/process_store.h"
#include "shared/i18n.h"
#include "shared/ballot/ballot_config_json.h"

#include <cctype>

namespace quartier {

nlohmann::json ProcessJson(AppContext& app, const Tenant& t, const Process& p) {
    nlohmann::json j = p.ToJson();
    const LocalTime now = app.LocalNow(t);
    j["time_zone"] = t.time_zone;
    j["calendar_text"] = nlohmann::json::object(); // in every language the catalogs speak
    for (const std::string& lang : Languages()) j["calendar_text"][lang] = CalendarText(p.calendar, p.phase, now, lang);
    return j;
}

namespace {

nlohmann::json Summary(AppContext& app, const Tenant& t, const Process& p) {
    nlohmann::json j = ProcessJson(app, t, p);
    j.erase("projects");
    j["projects_count"] = p.projects.size();
    return j;
}

} // namespace

Response HandleListProcesses(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const auto slugs = app.store.Read([&](Db& db) {
        std::vector<std::string> out;
        auto q = db.Prepare("SELECT slug FROM processes WHERE tenant_id = ? ORDER BY id");
        q.Bind(1, t->id);
        while (q.Step()) out.push_back(q.Text(0));
        return out;
    });
    const bool archived_too = app.SeesArchived(req, *t);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& s : slugs)
        if (auto p = app.FindProcess(*t, s); p && (!p->archived || archived_too)) items.push_back(Summary(app, *t, *p));
    return JsonResponse(200, {{"items", std::move(items)}});
}

Response HandleGetProcess(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    return JsonResponse(200, ProcessJson(app, *t, *app.ProcessOf(*t, req)));
}

Response HandleCreateProcess(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireStaff(req, t.get(), {Role::Admin});
    ProcessSpec spec;
    ProcessSpecFromJson(JsonBody(req), spec, false);
    if (spec.phase > Phase::Voting)
        Fail(409, "would_skip_voting", Msg("Une nouvelle consultation commence au plus tard au vote : les résultats viennent d’un vote tenu ici, ou d’une archive importée (…/processes/import)."), "phase");
    PlaceProjects(spec.projects, *t, spec.slug);
    app.store.Write([&](Db& db) {
        InsertProcess(db, t->id, spec);
        AppendAudit(db, t->id, who, "process.create", spec.slug, {{"projects", spec.projects.size()}});
    });
    app.InvalidateProcesses();
    Response r = JsonResponse(201, ProcessJson(app, *t, *app.FindProcess(*t, spec.slug)));
    r.headers["Location"] = "/api/v1/tenants/" + t->slug + "/processes/" + spec.slug;
    return r;
}

Response HandleUpdateProcess(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireStaff(req, t.get(), {Role::Admin});
    auto current = app.ProcessOf(*t, req);
    const auto body = JsonBody(req);
    for (const char* locked : {"budget", "ballot", "rule", "districts_budgets", "projects", "currency", "uncoded_paper_ballots"})
        if (body.contains(locked) && current->phase >= Phase::Voting)
            Fail(409, "settings_locked", Msg("Les réglages sont verrouillés une fois le vote ouvert."), locked);
    if (body.contains("id") || body.contains("phase"))
        Fail(400, "read_only", Msg("L’identifiant ne change pas ; la phase change par …/phase."), body.contains("id") ? "id" : "phase");
    ProcessSpec spec;
    spec.title = current->title;
    spec.budget = current->budget;
    ProcessSpecFromJson(body, spec, true);
    if (body.contains("budget") || body.contains("districts_budgets") || body.contains("projects"))
        CheckDistrictBudgets(spec.budget, body.contains("districts_budgets") ? spec.district_budgets : current->district_budgets,
                             body.contains("projects") ? spec.projects : current->projects);
    if (body.contains("projects")) PlaceProjects(spec.projects, *t, current->slug);
    app.store.Write([&](Db& db) {
        auto set = [&](const char* column, const std::string& value) {
            db.Prepare(std::string("UPDATE processes SET ") + column + " = ? WHERE id = ?").Bind(1, value).Bind(2, current->id).Run();
        };
        if (body.contains("title")) set("title", spec.title);
        if (body.contains("description")) set("description", spec.description);
        if (body.contains("dates")) set("dates", spec.dates.dump());
        if (body.contains("budget")) set("budget", spec.budget.ToString());
        if (body.contains("currency")) set("currency", spec.currency);
        if (body.contains("ballot")) set("ballot", BallotConfigToJson(spec.ballot).dump());
        if (body.contains("rule")) set("rule", spec.rule.dump());
        if (body.contains("districts_budgets")) set("district_budgets", spec.district_budgets.dump());
        if (body.contains("uncoded_paper_ballots")) set("uncoded_paper", spec.uncoded_paper ? "1" : "0");
        if (body.contains("easy_read")) set("easy_read", spec.easy_read.dump());
        if (body.contains("projects")) {
            db.Prepare("DELETE FROM projects WHERE process_id = ?").Bind(1, current->id).Run();
            for (const auto& p : spec.projects)
                db.Prepare("INSERT INTO projects (process_id, project_id, name, cost, category, district, latitude,"
                           " longitude, placed, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .Bind(1, current->id).Bind(2, p.id).Bind(3, p.name).Bind(4, p.cost.ToString())
                    .Bind(5, p.category).Bind(6, p.district).Bind(7, p.latitude).Bind(8, p.longitude)
                    .Bind(9, p.placed ? 1 : 0).Bind(10, p.description).Run();
        }
        nlohmann::json fields = nlohmann::json::array();
        for (const auto& [k, v] : body.items()) fields.push_back(k);
        AppendAudit(db, t->id, who, "process.update", current->slug, {{"fields", fields}});
    });
    app.InvalidateProcesses();
    return JsonResponse(200, ProcessJson(app, *t, *app.FindProcess(*t, current->slug)));
}

// By hand, within the rules the calendar follows too (CheckPhaseChange), and in agreement
// with the dates unless new dates come with the move ("dates"): an admin who closes a vote
// early says until when it ran.
Response HandleSetPhase(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireStaff(req, t.get(), {Role::Admin});
    auto current = app.ProcessOf(*t, req); // already moved by its calendar, if due
    const auto body = JsonBody(req);
    Phase next;
    if (!body.contains("phase") || !body["phase"].is_string() || !ParsePhase(body["phase"].get<std::string>(), next))
        Fail(400, "unknown_phase", Msg("La phase est submission, review, voting, closed, published ou follow_up."), "phase");
    const bool new_dates = body.contains("dates");
    Calendar calendar = current->calendar;
    if (new_dates)
        if (auto e = CalendarFromJson(body["dates"], calendar)) throw ApiError(400, *e);
    const LocalTime now = app.LocalNow(*t);
    if (next != current->phase && ContradictsCalendar(calendar, current->phase, next, now)) {
        const Phase phase = current->phase;
        const ByLanguage said{[calendar, phase, now](const std::string& lang) {
            return CalendarText(calendar, phase, now, lang);
        }};
        Fail(409, "calendar_disagrees",
             said.say("fr").empty()
                 ? Msg("Les dates de la consultation disent autre chose : modifiez-les dans la même requête "
                       "(« dates ») pour la faire avancer à la main.")
                 : Msg("Les dates de la consultation disent autre chose ({}) : modifiez-les dans la même requête "
                       "(« dates ») pour la faire avancer à la main.",
                       said),
             new_dates ? "dates" : "phase");
    }
    app.store.Write([&](Db& db) {
        CheckPhaseChange(db, *current, current->phase, next);
        if (new_dates) {
            db.Prepare("UPDATE processes SET dates = ? WHERE id = ?").Bind(1, body["dates"].dump()).Bind(2, current->id).Run();
            AppendAudit(db, t->id, who, "process.update", current->slug, {{"fields", {"dates"}}});
        }
        if (next != current->phase) {
            WritePhaseChange(db, t->id, *current, current->phase, next, &who, "");
            QueueVotingNews(app, db, *t, *current, next); // opt-in reminders: voting opens, results out
        }
    });
    app.InvalidateProcesses();
    app.Bump(t->id); // proposals' stages follow their process's phase (on the ballot, funded)
    const auto moved = app.FindProcess(*t, current->slug);
    // Results published: the authors of the proposals behind funded projects hear of it.
    if (next == Phase::Published && current->phase != Phase::Published) {
        const auto funded = FundedProjects(app, *t, *moved);
        app.store.Write([&](Db& db) {
            for (const auto& project : moved->projects)
                if (funded.count(project.id))
                    for (const auto proposal : project.proposals) QueueDecision(app, db, *t, proposal, Decision::Funded);
        });
    }
    return JsonResponse(200, ProcessJson(app, *t, *moved));
}

Response HandleImportPabulib(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireStaff(req, t.get(), {Role::Admin});
    PbElection e;
    PbError err;
    if (!ReadPabulib(req.body, e, err))
        Fail(400, "invalid_pabulib", Msg("Ce fichier .pb est illisible : {}", err.What()), "file");
    ProcessSpec spec = ProcessSpecFromPabulib(e);
    spec.slug = req.Query("id");
    if (spec.slug.empty()) {
        std::string unit = e.Meta("unit") + "-" + e.Meta("instance");
        for (char& c : unit) c = std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '-';
        spec.slug = unit.substr(0, 63);
    }
    ProcessSpecFromJson({{"id", spec.slug}}, spec, true); // checks the slug
    if (!req.Query("title").empty()) spec.title = req.Query("title");
    const bool with_votes = req.Query("votes") == "1" || req.Query("votes") == "true";
    if (!req.Query("phase").empty() && !ParsePhase(req.Query("phase"), spec.phase))
        Fail(400, "unknown_phase", Msg("Phase inconnue."), "phase");
    if (req.Query("phase").empty()) spec.phase = with_votes ? Phase::Published : Phase::Submission;
    // Votes from a file are an archive: in an open box they would be ballots nobody cast.
    if (with_votes && spec.phase != Phase::Published)
        Fail(409, "votes_only_in_archive", Msg("Les votes d’un fichier ne s’importent que comme archive (phase published), jamais dans une consultation qui reçoit des bulletins."), "phase");
    // The file's dates are its past vote's: kept for an archive, dropped for a process that will
    // take ballots here (its calendar would otherwise move it at once past dates long gone).
    if (spec.phase < Phase::Closed) spec.dates = nlohmann::json::object();
    PlaceProjects(spec.projects, *t, spec.slug);
    std::int64_t ballots = 0;
    app.store.Write([&](Db& db) {
        const std::int64_t id = InsertProcess(db, t->id, spec);
        if (with_votes) ballots = InsertArchivedBallots(db, id, e);
        AppendAudit(db, t->id, who, "process.import", spec.slug,
                    {{"projects", spec.projects.size()}, {"ballots", ballots}});
    });
    app.InvalidateProcesses();
    nlohmann::json j = ProcessJson(app, *t, *app.FindProcess(*t, spec.slug));
    j["imported_ballots"] = ballots;
    Response r = JsonResponse(201, j);
    r.headers["Location"] = "/api/v1/tenants/" + t->slug + "/processes/" + spec.slug;
    return r;
}

namespace {

Response SetProcessArchived(AppContext& app, const Request& req, bool archived) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireStaff(req, t.get(), {Role::Admin});
    auto current = app.ProcessOf(*t, req);
    app.store.Write([&](Db& db) {
        db.Prepare(archived ? "UPDATE processes SET archived_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?"
                            : "UPDATE processes SET archived_at = NULL WHERE id = ?")
            .Bind(1, current->id).Run();
        AppendAudit(db, t->id, who, archived ? "process.archive" : "process.restore", current->slug,
                    nlohmann::json::object());
    });
    app.InvalidateProcesses();
    return JsonResponse(200, ProcessJson(app, *t, *app.FindProcess(*t, current->slug)));
}

} // namespace

Response HandleArchiveProcess(AppContext& app, const Request& req) { return SetProcessArchived(app, req, true); }
Response HandleRestoreProcess(AppContext& app, const Request& req) { return SetProcessArchived(app, req, false); }

// Only a process without ballots goes (a test, a mistake): its projects and voter codes with it.
Response HandleDeleteProcess(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireStaff(req, t.get(), {Role::Admin});
    auto current = app.ProcessOf(*t, req);
    nlohmann::json removed;
    app.store.Write([&](Db& db) {
        auto count = [&](const char* sql) {
            auto c = db.Prepare(sql);
            c.Bind(1, current->id);
            c.Step();
            return c.Int(0);
        };
        const std::int64_t ballots = count("SELECT COUNT(*) FROM ballots WHERE process_id = ?");
        if (ballots > 0)
            Fail(409, "has_ballots", Msg("Cette consultation contient {} bulletin(s) : elle peut être archivée, pas supprimée, pour qu’aucun bulletin ne soit perdu.", ballots));
        removed = {{"id", current->slug},
                   {"projects", count("SELECT COUNT(*) FROM projects WHERE process_id = ?")},
                   {"voter_codes", count("SELECT COUNT(*) FROM voter_codes WHERE process_id = ?")}};
        db.Prepare("DELETE FROM processes WHERE id = ?").Bind(1, current->id).Run();
        AppendAudit(db, t->id, who, "process.delete", current->slug, removed);
    });
    app.InvalidateProcesses();
    return JsonResponse(200, {{"deleted", removed}});
}

} // namespace quartier

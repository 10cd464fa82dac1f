// From proposals to built projects, for staff: review a proposal (feasible or not with a
// public reason, cost, target process and district), promote every feasible one of a process
// onto its ballot in one step, then follow each funded project (status, percent, dates,
// dated updates with the amount spent). Every action goes to the audit chain; residents read
// the outcome on the proposal, the process's projects, the results and the exports.
//
// Index of this file:
// [SECTION] Reading staff's input
// [SECTION] Review and promotion
// [SECTION] Follow-up
#include "backend/routes.h"

#include "backend/mail/outbox.h"
#include "backend/text_util.h"
#include "shared/lifecycle.h"
#include "shared/proposal.h"

#include <date/date.h>

#include <algorithm>
#include <set>
#include <sstream>

namespace quartier {

//-----------------------------------------------------------------------------
// [SECTION] Reading staff's input
//-----------------------------------------------------------------------------

namespace {

// A whole number of euros in body[field], or ApiError 400 naming the field.
std::int64_t ReadCost(const nlohmann::json& body, const char* field) {
    const auto& v = body[field];
    if (!v.is_number_integer() || v.get<std::int64_t>() < 0 || v.get<std::int64_t>() > ProposalLimits::kCostMax)
        Fail(400, "invalid_amount", Msg("Le champ {} doit être un nombre entier d’euros, positif ou nul.", field), field);
    return v.get<std::int64_t>();
}

// An amount of money (text "1234.50" or a number), 0 or more.
Decimal ReadMoney(const nlohmann::json& body, const char* field) {
    const auto& v = body[field];
    Decimal d;
    const bool ok = (v.is_string() && Decimal::Parse(v.get<std::string>(), d)) ||
                    (v.is_number() && Decimal::Parse(v.dump(), d));
    if (!ok || d.units < 0)
        Fail(400, "invalid_amount", Msg("Le champ {} doit être un montant positif ou nul (ex. \"12500.50\").", field), field);
    return d;
}

// A calendar day "YYYY-MM-DD" (a real one: no 31 June).
std::string ReadDay(const nlohmann::json& body, const char* field) {
    const auto& v = body[field];
    date::year_month_day day{};
    bool ok = v.is_string() && v.get<std::string>().size() == 10;
    if (ok) {
        std::istringstream in(v.get<std::string>());
        in >> date::parse("%F", day);
        ok = !in.fail() && day.ok() && in.peek() == std::char_traits<char>::eof();
    }
    if (!ok)
        Fail(400, "invalid_date", Msg("Le champ {} doit être une date écrite AAAA-MM-JJ.", field), field);
    return v.get<std::string>();
}

[[noreturn]] void FailBallotLocked(const Process& p) {
    Fail(409, "ballot_locked", Msg("Le vote est ouvert dans « {} » : son bulletin est verrouillé, aucune proposition ne peut plus y être ajoutée.", p.title), "process");
}

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Review and promotion
//-----------------------------------------------------------------------------

Response HandleReviewProposal(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireStaff(req, t.get(), {Role::Admin});
    const std::int64_t id = std::stoll(req.path_params.at(1));
    const auto body = JsonBody(req);
    for (const auto& [key, value] : body.items())
        if (key != "feasible" && key != "reason" && key != "estimated_cost" && key != "process" && key != "district")
            Fail(400, "unknown_field", Msg("Champ inconnu {} : un avis a feasible, reason, estimated_cost, process, district.", key), key);
    // feasible: true, false, or null while the study goes on (the proposal reads "under review").
    if (!body.contains("feasible") || !(body["feasible"].is_boolean() || body["feasible"].is_null()))
        Fail(400, "required", Msg("Indiquez si la proposition est réalisable (feasible : true, false, ou null pendant l’étude)."), "feasible");
    const std::optional<bool> feasible = body["feasible"].is_null() ? std::nullopt
                                                                     : std::optional<bool>(body["feasible"].get<bool>());
    // The reason is public: it reaches the author and every reader. Needed to say no.
    std::string reason;
    if (feasible == false) reason = RequireText(body, "reason", 3, 1000, Word("La raison publique"));
    else if (body.contains("reason") && !body["reason"].is_null())
        reason = RequireText(body, "reason", 0, 1000, Word("La raison publique"));
    std::optional<std::int64_t> cost;
    if (body.contains("estimated_cost") && !body["estimated_cost"].is_null()) cost = ReadCost(body, "estimated_cost");
    std::shared_ptr<const Process> process;
    if (body.contains("process") && !body["process"].is_null()) {
        if (!body["process"].is_string())
            Fail(400, "invalid_type", Msg("Le champ process est l’identifiant d’une consultation (texte)."), "process");
        process = app.FindProcess(*t, body["process"].get<std::string>());
        if (!process)
            Fail(404, "not_found", Msg("La consultation {} est introuvable.", body["process"].get<std::string>()), "process");
    }
    std::optional<std::string> district;
    if (body.contains("district") && !body["district"].is_null()) {
        district = RequireText(body, "district", 1, 100, Word("Le quartier"));
        const bool known = t->districts.empty() ||
                           std::any_of(t->districts.begin(), t->districts.end(),
                                       [&](const Region& r) { return r.code == *district; });
        if (!known)
            // TRANSLATORS: {0} a district's code, {1} the commune's name; in French with its "de" ("de Toulouse").
            Fail(400, "unknown_district", Msg("Le quartier {0} n’est pas un quartier {1}.", *district, OfPlace(t->name)),
                 "district");
    }
    if (feasible == true && !process)
        Fail(400, "required", Msg("Indiquez sur le bulletin de quelle consultation va une proposition réalisable (process)."), "process");

    app.store.Write([&](Db& db) {
        auto q = db.Prepare("SELECT p.estimated_cost, p.district_code, r.project_id, pr.title FROM proposals p"
                            " LEFT JOIN proposal_reviews r ON r.proposal_id = p.id"
                            " LEFT JOIN processes pr ON pr.id = r.process_id"
                            " WHERE p.id = ? AND p.tenant_id = ? AND p.status IN ('submitted','published','selected')");
        q.Bind(1, id).Bind(2, t->id);
        if (!q.Step()) FailNotFound(Msg("La proposition est introuvable."));
        if (!q.IsNull(2))
            Fail(409, "already_on_ballot", Msg("Cette proposition est déjà sur le bulletin de « {} » : son avis ne peut plus changer.", q.Text(3)), "feasible");
        const std::int64_t final_cost = cost ? *cost : q.Int(0);
        if (feasible == true && final_cost <= 0)
            Fail(400, "required", Msg("Une proposition réalisable a besoin de son coût estimé (estimated_cost, en euros)."), "estimated_cost");
        const std::optional<std::string> final_district =
            district ? district : q.IsNull(1) ? std::nullopt : std::optional<std::string>(q.Text(1));
        db.Prepare("INSERT OR REPLACE INTO proposal_reviews (proposal_id, feasible, reason, cost, process_id, district,"
                   " reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
            .Bind(1, id)
            .Bind(2, feasible ? std::optional<std::int64_t>(*feasible ? 1 : 0) : std::nullopt)
            .Bind(3, reason)
            .Bind(4, cost || feasible == true ? std::optional<std::int64_t>(final_cost) : std::nullopt)
            .Bind(5, process ? std::optional<std::int64_t>(process->id) : std::nullopt)
            .Bind(6, final_district)
            .Bind(7, IsoIn(0))
            .Run();
        nlohmann::json detail{{"feasible", body["feasible"]}};
        if (!reason.empty()) detail["reason"] = reason;
        if (cost || feasible == true) detail["estimated_cost"] = final_cost;
        if (process) detail["process"] = process->slug;
        if (final_district) detail["district"] = *final_district;
        AppendAudit(db, t->id, who, "proposal.review", std::to_string(id), detail);
    });
    app.Bump(t->id);
    return HandleGetProposal(app, req);
}

Response HandlePromoteProposals(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireStaff(req, t.get(), {Role::Admin});
    auto p = app.ProcessOf(*t, req);
    // Ballots cast on one list of projects are counted on the same list.
    if (p->phase >= Phase::Voting) FailBallotLocked(*p);
    nlohmann::json promoted = nlohmann::json::array();
    app.store.Write([&](Db& db) {
        promoted = nlohmann::json::array();
        std::set<std::string> taken;
        auto ids = db.Prepare("SELECT project_id FROM projects WHERE process_id = ?");
        ids.Bind(1, p->id);
        while (ids.Step()) taken.insert(ids.Text(0));
        auto q = db.Prepare("SELECT p.id, p.title, p.description, p.category, p.latitude, p.longitude, r.cost, r.district"
                            " FROM proposal_reviews r JOIN proposals p ON p.id = r.proposal_id"
                            " WHERE r.process_id = ? AND r.feasible = 1 AND r.project_id IS NULL AND p.tenant_id = ?"
                            " AND p.status IN ('submitted','published','selected') ORDER BY p.id");
        q.Bind(1, p->id).Bind(2, t->id);
        struct Row {
            std::int64_t proposal, cost;
            std::string title, description, category, district;
            double lat, lon;
        };
        std::vector<Row> rows; // read whole before the reviews it reads are written
        while (q.Step())
            rows.push_back({q.Int(0), q.IsNull(6) ? 0 : q.Int(6), q.Text(1), q.Text(2), q.Text(3),
                            q.IsNull(7) ? std::string() : q.Text(7), q.Double(4), q.Double(5)});
        for (const Row& row : rows) {
            const std::int64_t proposal = row.proposal;
            // The proposal's number, as residents know it; another id when the ballot has it.
            std::string project = std::to_string(proposal);
            for (int n = 2; taken.count(project); ++n) project = std::to_string(proposal) + "-" + std::to_string(n);
            taken.insert(project);
            db.Prepare("INSERT INTO projects (process_id, project_id, name, cost, category, district, latitude,"
                       " longitude, placed, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)")
                .Bind(1, p->id).Bind(2, project).Bind(3, row.title).Bind(4, Decimal::FromInt(row.cost).ToString())
                .Bind(5, row.category).Bind(6, row.district).Bind(7, row.lat).Bind(8, row.lon)
                .Bind(9, row.description).Run();
            db.Prepare("UPDATE proposal_reviews SET project_id = ? WHERE proposal_id = ?").Bind(1, project).Bind(2, proposal).Run();
            db.Prepare("UPDATE proposals SET status = 'selected' WHERE id = ?").Bind(1, proposal).Run();
            QueueDecision(app, db, *t, proposal, Decision::OnBallot); // its author hears of it
            promoted.push_back({{"proposal", proposal}, {"project", project}});
        }
        if (!promoted.empty()) AppendAudit(db, t->id, who, "process.promote", p->slug, {{"promoted", promoted}});
    });
    app.InvalidateProcesses();
    app.Bump(t->id);
    return JsonResponse(200, {{"promoted", promoted}, {"process", ProcessJson(app, *t, *app.FindProcess(*t, p->slug))}});
}

//-----------------------------------------------------------------------------
// [SECTION] Follow-up
//-----------------------------------------------------------------------------

namespace {

// The funded project named by the request's third parameter, or 404 / 409.
const ProcessProject& FundedProject(AppContext& app, const Tenant& t, const Process& p, const Request& req) {
    const std::string id = req.path_params.at(2);
    const auto it = std::find_if(p.projects.begin(), p.projects.end(), [&](const ProcessProject& x) { return x.id == id; });
    if (it == p.projects.end()) FailNotFound(Msg("Le projet {} est introuvable.", id));
    if (p.phase < Phase::Published)
        Fail(409, "results_not_published", Msg("Un projet se suit une fois les résultats publiés."));
    const auto funded = FundedProjects(app, t, p);
    if (!funded.count(id))
        Fail(409, "not_funded", Msg("Ce projet n’a pas été retenu par le vote : il n’a pas de suivi."));
    return *it;
}

Response ProjectAnswer(AppContext& app, const Tenant& t, const Process& p, const std::string& id, int status) {
    app.InvalidateProcesses();
    app.Bump(t.id);
    const auto now = ProcessJson(app, t, *app.FindProcess(t, p.slug));
    for (const auto& j : now["projects"])
        if (j["id"] == id) return JsonResponse(status, j);
    FailNotFound(Msg("Le projet {} est introuvable.", id));
}

void EnsureFollowUp(Db& db, const Process& p, const std::string& id) {
    db.Prepare("INSERT OR IGNORE INTO project_followups (process_id, project_id, updated_at) VALUES (?, ?, ?)")
        .Bind(1, p.id).Bind(2, id).Bind(3, IsoIn(0)).Run();
}

} // namespace

Response HandleProjectFollowUp(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireStaff(req, t.get(), {Role::Admin});
    auto p = app.ProcessOf(*t, req);
    const auto body = JsonBody(req);
    for (const auto& [key, value] : body.items())
        if (key != "status" && key != "percent" && key != "start_date" && key != "end_date")
            Fail(400, "unknown_field", Msg("Champ inconnu {} : un suivi a status, percent, start_date, end_date.", key), key);
    if (body.empty())
        Fail(400, "required", Msg("Envoyez au moins l’un de status, percent, start_date, end_date."), "status");
    std::optional<ProgressStatus> status;
    if (body.contains("status")) {
        ProgressStatus s;
        if (!body["status"].is_string() || !ParseProgressStatus(body["status"].get<std::string>(), s))
            Fail(400, "unknown_status", Msg("Le statut est planned, studies, works, done ou abandoned."), "status");
        status = s;
    }
    std::optional<std::int64_t> percent;
    if (body.contains("percent")) {
        const auto& v = body["percent"];
        if (!v.is_number_integer() || v.get<std::int64_t>() < 0 || v.get<std::int64_t>() > 100)
            Fail(400, "out_of_range", Msg("Le pourcentage réalisé est un nombre entier de 0 à 100."), "percent");
        percent = v.get<std::int64_t>();
    }
    // A finished project is finished all the way, unless staff say otherwise in the same call.
    if (status == ProgressStatus::Done && !percent) percent = 100;
    std::optional<std::optional<std::string>> start, end; // outer: given; inner: null clears it
    if (body.contains("start_date")) start = body["start_date"].is_null() ? std::nullopt : std::optional<std::string>(ReadDay(body, "start_date"));
    if (body.contains("end_date")) end = body["end_date"].is_null() ? std::nullopt : std::optional<std::string>(ReadDay(body, "end_date"));
    const ProcessProject& project = FundedProject(app, *t, *p, req);
    app.store.Write([&](Db& db) {
        EnsureFollowUp(db, *p, project.id);
        auto cur = db.Prepare("SELECT start_date, end_date FROM project_followups WHERE process_id = ? AND project_id = ?");
        cur.Bind(1, p->id).Bind(2, project.id);
        cur.Step();
        const std::optional<std::string> s = start ? *start : cur.IsNull(0) ? std::nullopt : std::optional<std::string>(cur.Text(0));
        const std::optional<std::string> e = end ? *end : cur.IsNull(1) ? std::nullopt : std::optional<std::string>(cur.Text(1));
        if (s && e && *e < *s)
            Fail(400, "invalid_dates", Msg("La date de fin précède la date de début."), end ? "end_date" : "start_date");
        auto set = [&](const char* column, const std::optional<std::string>& value) {
            db.Prepare(std::string("UPDATE project_followups SET ") + column + " = ? WHERE process_id = ? AND project_id = ?")
                .Bind(1, value).Bind(2, p->id).Bind(3, project.id).Run();
        };
        // Built: the authors of the proposals it came from hear of it, once.
        if (status && *status == ProgressStatus::Done) {
            auto was = db.Prepare("SELECT status FROM project_followups WHERE process_id = ? AND project_id = ?");
            was.Bind(1, p->id).Bind(2, project.id);
            if (was.Step() && was.Text(0) != ToString(ProgressStatus::Done))
                for (const auto proposal : project.proposals) QueueDecision(app, db, *t, proposal, Decision::Built);
        }
        if (status) set("status", std::string(ToString(*status)));
        if (percent)
            db.Prepare("UPDATE project_followups SET percent = ? WHERE process_id = ? AND project_id = ?")
                .Bind(1, *percent).Bind(2, p->id).Bind(3, project.id).Run();
        if (start) set("start_date", *start);
        if (end) set("end_date", *end);
        set("updated_at", IsoIn(0));
        nlohmann::json detail = body;
        if (percent) detail["percent"] = *percent;
        AppendAudit(db, t->id, who, "project.follow_up", p->slug + "/" + project.id, detail);
    });
    return ProjectAnswer(app, *t, *p, project.id, 200);
}

Response HandleProjectUpdate(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireStaff(req, t.get(), {Role::Admin});
    auto p = app.ProcessOf(*t, req);
    const auto body = JsonBody(req);
    for (const auto& [key, value] : body.items())
        if (key != "date" && key != "text" && key != "spent")
            Fail(400, "unknown_field", Msg("Champ inconnu {} : une actualité a date, text, spent.", key), key);
    if (!body.contains("date"))
        Fail(400, "required", Msg("La date de l’actualité est obligatoire (AAAA-MM-JJ)."), "date");
    const std::string day = ReadDay(body, "date");
    const std::string text = RequireText(body, "text", 3, 2000, Word("Le texte de l’actualité"));
    std::optional<std::string> spent;
    if (body.contains("spent") && !body["spent"].is_null()) spent = ReadMoney(body, "spent").ToString();
    const ProcessProject& project = FundedProject(app, *t, *p, req);
    app.store.Write([&](Db& db) {
        EnsureFollowUp(db, *p, project.id);
        db.Prepare("INSERT INTO project_updates (process_id, project_id, date, text, spent) VALUES (?, ?, ?, ?, ?)")
            .Bind(1, p->id).Bind(2, project.id).Bind(3, day).Bind(4, text).Bind(5, spent).Run();
        db.Prepare("UPDATE project_followups SET updated_at = ? WHERE process_id = ? AND project_id = ?")
            .Bind(1, IsoIn(0)).Bind(2, p->id).Bind(3, project.id).Run();
        nlohmann::json detail{{"date", day}, {"text", text}};
        if (spent) detail["spent"] = *spent;
        AppendAudit(db, t->id, who, "project.update", p->slug + "/" + project.id, detail);
    });
    return ProjectAnswer(app, *t, *p, project.id, 201);
}

} // namespace quartier

// Reads the review and follow-up tables (migration "review") into the process cache and the
// proposals' JSON.
#include "backend/store/review_store.h"

#include "backend/store/photo_store.h"

#include <algorithm>

namespace quartier {

void LoadProjectLifecycle(Db& db, Process& p) {
    std::map<std::string, ProcessProject*> by_id;
    for (auto& pr : p.projects) by_id[pr.id] = &pr;
    // The promoted proposals, then those merged into them: all are the project's origin,
    // and every author who agreed is credited.
    auto q = db.Prepare("SELECT r.project_id, x.id, x.credit_name FROM proposal_reviews r"
                        " JOIN proposals x ON x.id = r.proposal_id OR x.merged_into = r.proposal_id"
                        " WHERE r.process_id = ? AND r.project_id IS NOT NULL ORDER BY x.id");
    q.Bind(1, p.id);
    while (q.Step()) {
        auto it = by_id.find(q.Text(0));
        if (it == by_id.end()) continue;
        ProcessProject& pr = *it->second;
        pr.proposals.push_back(q.Int(1));
        if (!q.IsNull(2) && !q.Text(2).empty() &&
            std::find(pr.credits.begin(), pr.credits.end(), q.Text(2)) == pr.credits.end())
            pr.credits.push_back(q.Text(2));
    }
    auto f = db.Prepare("SELECT project_id, status, percent, start_date, end_date, updated_at FROM project_followups"
                        " WHERE process_id = ?");
    f.Bind(1, p.id);
    while (f.Step()) {
        auto it = by_id.find(f.Text(0));
        if (it == by_id.end()) continue;
        it->second->follow_up = {{"status", f.Text(1)},
                                 {"percent", f.Int(2)},
                                 {"start_date", f.IsNull(3) ? nlohmann::json() : nlohmann::json(f.Text(3))},
                                 {"end_date", f.IsNull(4) ? nlohmann::json() : nlohmann::json(f.Text(4))},
                                 {"updated_at", f.Text(5)},
                                 {"spent", nullptr},
                                 {"updates", nlohmann::json::array()}};
    }
    // Updates oldest first; "spent" is what the latest dated one reported.
    auto u = db.Prepare("SELECT project_id, id, date, text, spent FROM project_updates WHERE process_id = ?"
                        " ORDER BY date, id");
    u.Bind(1, p.id);
    while (u.Step()) {
        auto it = by_id.find(u.Text(0));
        if (it == by_id.end() || it->second->follow_up.is_null()) continue;
        auto& fu = it->second->follow_up;
        const nlohmann::json spent = u.IsNull(4) ? nlohmann::json() : nlohmann::json(u.Text(4));
        fu["updates"].push_back({{"id", u.Int(1)}, {"date", u.Text(2)}, {"text", u.Text(3)}, {"spent", spent},
                                 {"photos", nlohmann::json::array()}});
        if (!spent.is_null()) fu["spent"] = spent;
    }
    // Each update's photos (staff's), in their order.
    std::vector<std::int64_t> ids;
    for (auto& pr : p.projects)
        if (!pr.follow_up.is_null())
            for (auto& update : pr.follow_up["updates"]) ids.push_back(update["id"].get<std::int64_t>());
    auto photos = ReadPhotos(db, PhotoOwner::Update, ids);
    for (auto& pr : p.projects)
        if (!pr.follow_up.is_null())
            for (auto& update : pr.follow_up["updates"])
                if (auto it = photos.find(update["id"].get<std::int64_t>()); it != photos.end()) update["photos"] = it->second;
}

std::map<std::int64_t, ReviewRow> ReadReviews(Db& db, const std::vector<std::int64_t>& proposal_ids) {
    std::map<std::int64_t, ReviewRow> out;
    const char* sql = ("SELECT r.feasible, r.reason, r.cost, pr.slug, pr.phase, r.district, pj.project_id,"
                        " f.status, f.percent, r.reviewed_at FROM proposal_reviews r"
                        " LEFT JOIN processes pr ON pr.id = r.process_id"
                        " LEFT JOIN projects pj ON pj.process_id = r.process_id AND pj.project_id = r.project_id"
                        " LEFT JOIN project_followups f ON f.process_id = r.process_id AND f.project_id = r.project_id"
                        " WHERE r.proposal_id = ?");
    for (const auto id : proposal_ids) {
        auto q = db.Prepare(sql);
        q.Bind(1, id);
        if (q.Step()) {
            ReviewRow r;
            if (!q.IsNull(0)) r.feasible = q.Int(0) != 0;
            r.reason = q.Text(1);
            if (!q.IsNull(2)) r.cost = q.Int(2);
            if (!q.IsNull(3)) r.process = q.Text(3);
            if (!q.IsNull(4)) r.phase = q.Text(4);
            if (!q.IsNull(5)) r.district = q.Text(5);
            if (!q.IsNull(6)) r.project = q.Text(6);
            if (!q.IsNull(7)) r.progress = q.Text(7);
            if (!q.IsNull(8)) r.percent = q.Int(8);
            r.reviewed_at = q.Text(9);
            out.emplace(id, std::move(r));
        }
    }
    return out;
}

} // namespace quartier

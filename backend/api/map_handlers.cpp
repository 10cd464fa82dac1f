// The map's points (shared/map_points.h): every proposal residents see on a commune's map, in
// one compact answer the map widget loads before anything else; titles and texts come with a
// proposal's card (GET .../proposals?ids=...). Built once per change of the tenant's
// proposals (the same cache as the lists), compressed and given an ETag like every API GET.
#include "backend/routes.h"

#include "shared/map_points.h"

namespace quartier {

Response HandleMapPoints(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const std::string key = "map-points/" + std::to_string(t->id);
    const std::uint64_t generation = app.Generation(t->id);
    Response r;
    if (auto hit = app.CachedResponse(key, generation)) {
        r.body = std::move(*hit);
        return r;
    }
    // What the public lists show (never pending, rejected or hidden proposals), in id order.
    struct Row {
        std::int64_t id;
        double lat, lon;
        std::string category, status, code, name;
        int supports;
        bool merged;
    };
    std::vector<Row> rows = app.store.Read([&](Db& db) {
        std::vector<Row> out;
        auto q = db.Prepare("SELECT id, latitude, longitude, category, status, district_code, district_name, supports,"
                            " merged_into IS NOT NULL FROM proposals WHERE tenant_id = ?"
                            " AND status IN ('submitted','published','selected') ORDER BY id");
        q.Bind(1, t->id);
        while (q.Step())
            out.push_back({q.Int(0), q.Double(1), q.Double(2), q.Text(3), q.Text(4), q.IsNull(5) ? "" : q.Text(5),
                           q.IsNull(6) ? "" : q.Text(6), static_cast<int>(q.Int(7)), q.Int(8) != 0});
        return out;
    });
    // Where each one stands after review, as the lists say it (AddLifecycle): the map shows the
    // stage once there is one, else the moderation status.
    std::vector<nlohmann::json> facts;
    facts.reserve(rows.size());
    for (const Row& row : rows) {
        nlohmann::json j{{"id", row.id}};
        if (row.merged) j["merged_into"] = true;
        facts.push_back(std::move(j));
    }
    std::vector<nlohmann::json*> pointers;
    pointers.reserve(facts.size());
    for (auto& j : facts) pointers.push_back(&j);
    AddLifecycle(app, *t, pointers);
    MapPointColumns points;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const Row& row = rows[i];
        const std::string stage = facts[i].value("stage", "submitted");
        points.Add(row.id, row.lat, row.lon, row.category, stage == "submitted" ? row.status : stage, row.code,
                   row.name, row.supports);
    }
    r.body = EncodeMapPoints(points);
    app.StoreResponse(key, generation, r.body);
    return r;
}

} // namespace quartier

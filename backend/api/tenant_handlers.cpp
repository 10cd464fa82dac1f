// Tenants: communes or intercommunalities sharing one server, each with its languages,
// categories, districts (GeoJSON polygons) and the origins allowed to embed its widgets.
#include "backend/routes.h"

#include "backend/text_util.h"

namespace quartier {

namespace {

// Reads the settings a tenant may be created or updated with; fields absent stay as in t.
void ReadTenantSettings(const nlohmann::json& body, nlohmann::json& row) {
    if (body.contains("name")) {
        if (!body["name"].is_string() || Trim(body["name"].get<std::string>()).empty())
            Fail(400, "required", "The name is required.", "Le nom est obligatoire.", "name");
        row["name"] = Trim(body["name"].get<std::string>());
    }
    if (body.contains("languages")) {
        // Language tags the widgets know how to speak ("fr", "en", "fr-BE"), and only those:
        // the list is stored and sent back to every page.
        const auto& l = body["languages"];
        bool ok = l.is_array() && !l.empty() && l.size() <= 10;
        for (const auto& x : l)
            ok = ok && x.is_string() && x.get_ref<const std::string&>().size() >= 2 &&
                 x.get_ref<const std::string&>().size() <= 8 &&
                 x.get_ref<const std::string&>().find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-") ==
                     std::string::npos;
        if (!ok)
            Fail(400, "invalid_type", "The languages must be a list such as [\"fr\",\"en\"].",
                 "Les langues doivent être une liste comme [\"fr\",\"en\"].", "languages");
        row["languages"] = body["languages"].dump();
    }
    if (body.contains("center")) {
        const auto& c = body["center"];
        if (!c.is_array() || c.size() != 2 || !c[0].is_number() || !c[1].is_number() ||
            std::abs(c[0].get<double>()) > 90 || std::abs(c[1].get<double>()) > 180)
            Fail(400, "invalid_type", "The centre must be [latitude, longitude].",
                 "Le centre doit être [latitude, longitude].", "center");
        row["center_lat"] = c[0].get<double>();
        row["center_lon"] = c[1].get<double>();
    }
    if (body.contains("categories")) {
        const auto& c = body["categories"];
        bool ok = c.is_array();
        for (const auto& x : c) ok = ok && x.is_object() && x.contains("id") && x["id"].is_string();
        if (!ok)
            Fail(400, "invalid_type", "The categories must be a list of {\"id\",\"fr\",\"en\"}.",
                 "Les catégories doivent être une liste de {\"id\",\"fr\",\"en\"}.", "categories");
        row["categories"] = c.dump();
    }
    if (body.contains("districts")) {
        std::vector<Region> regions;
        if (auto e = ParseRegions(body["districts"], regions))
            Fail(400, e->code, e->message_en, e->message_fr, "districts");
        row["districts"] = RegionsToGeoJson(regions).dump();
    }
    if (body.contains("allowed_origins")) {
        const auto& o = body["allowed_origins"];
        bool ok = o.is_array();
        for (const auto& x : o)
            ok = ok && x.is_string() &&
                 (x.get<std::string>() == "*" || x.get<std::string>().rfind("http://", 0) == 0 ||
                  x.get<std::string>().rfind("https://", 0) == 0);
        if (!ok)
            Fail(400, "invalid_type", "Allowed origins are a list like [\"https://www.example.fr\"].",
                 "Les origines autorisées sont une liste comme [\"https://www.exemple.fr\"].",
                 "allowed_origins");
        row["allowed_origins"] = o.dump();
    }
    if (body.contains("premoderation")) {
        if (!body["premoderation"].is_boolean())
            Fail(400, "invalid_type", "premoderation is true or false.", "premoderation vaut true ou false.",
                 "premoderation");
        row["premoderation"] = body["premoderation"].get<bool>() ? 1 : 0;
    }
}

void WriteTenantRow(Db& db, std::int64_t id, const nlohmann::json& row) {
    for (const auto& [column, value] : row.items()) {
        auto q = db.Prepare("UPDATE tenants SET " + column + " = ? WHERE id = ?");
        if (value.is_number()) q.Bind(1, value.get<double>());
        else q.Bind(1, value.get<std::string>());
        q.Bind(2, id).Run();
    }
}

} // namespace

Response HandleListTenants(AppContext& app, const Request&) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& t : app.AllTenants()) items.push_back(t->ToJson());
    return JsonResponse(200, {{"items", std::move(items)}});
}

Response HandleGetTenant(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    nlohmann::json j = t->ToJson();
    const Principal who = app.Identify(req);
    if (who.Can(Role::Admin, *t)) j["allowed_origins"] = t->allowed_origins;
    return JsonResponse(200, j);
}

Response HandleGetDistricts(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    Response r;
    r.content_type = "application/geo+json; charset=utf-8";
    r.body = t->districts_geojson;
    r.headers["Cache-Control"] = "public, max-age=300";
    return r;
}

Response HandleCreateTenant(AppContext& app, const Request& req) {
    const Principal who = app.RequireStaff(req, nullptr, {Role::Admin});
    const auto body = JsonBody(req);
    const std::string slug = body.value("slug", "");
    if (!IsSlug(slug))
        Fail(400, "invalid_slug", "The slug is lower-case letters, digits and dashes (e.g. toulouse).",
             "L’identifiant s’écrit en minuscules, chiffres et tirets (ex. toulouse).", "slug");
    if (!body.contains("name"))
        Fail(400, "required", "The name is required.", "Le nom est obligatoire.", "name");
    nlohmann::json row = nlohmann::json::object();
    ReadTenantSettings(body, row);
    const auto created = app.store.Write([&](Db& db) {
        auto exists = db.Prepare("SELECT 1 FROM tenants WHERE slug = ?");
        exists.Bind(1, slug);
        if (exists.Step())
            Fail(409, "tenant_exists", "A commune with this slug already exists.",
                 "Une commune avec cet identifiant existe déjà.", "slug");
        db.Prepare("INSERT INTO tenants (slug, name) VALUES (?, ?)").Bind(1, slug).Bind(2, row["name"].get<std::string>()).Run();
        const std::int64_t id = db.LastInsertId();
        WriteTenantRow(db, id, row);
        AppendAudit(db, id, who, "tenant.create", slug, {{"name", row["name"]}});
        return LoadTenant(db, slug);
    });
    app.InvalidateTenants();
    Response r = JsonResponse(201, created->ToJson());
    r.headers["Location"] = "/api/v1/tenants/" + slug;
    return r;
}

Response HandleUpdateTenant(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireStaff(req, t.get(), {Role::Admin});
    const auto body = JsonBody(req);
    nlohmann::json row = nlohmann::json::object();
    ReadTenantSettings(body, row);
    const auto updated = app.store.Write([&](Db& db) {
        WriteTenantRow(db, t->id, row);
        nlohmann::json changed = nlohmann::json::array();
        for (const auto& [k, v] : row.items()) changed.push_back(k);
        AppendAudit(db, t->id, who, "tenant.update", t->slug, {{"fields", changed}});
        return LoadTenant(db, t->slug);
    });
    app.InvalidateTenants();
    app.Bump(t->id);
    nlohmann::json j = updated->ToJson();
    j["allowed_origins"] = updated->allowed_origins;
    return JsonResponse(200, j);
}

} // namespace quartier

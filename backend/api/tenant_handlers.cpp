// Tenants: communes or intercommunalities sharing one server, each with its languages,
// categories, districts (GeoJSON polygons), the origins allowed to embed its widgets and
// whether proposals wait for a moderator, its time zone; instance admins archive, restore or delete them.
#include "backend/routes.h"

#include "shared/map_points.h"

#include "backend/calendar.h"
#include "backend/text_util.h"

namespace quartier {

namespace {

// Reads the settings a tenant may be created or updated with; fields absent stay as in t.
void ReadTenantSettings(const nlohmann::json& body, nlohmann::json& row) {
    if (body.contains("name")) {
        if (!body["name"].is_string() || Trim(body["name"].get<std::string>()).empty())
            Fail(400, "required", Msg("Le nom est obligatoire."), "name");
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
            Fail(400, "invalid_type", Msg("Les langues doivent être une liste comme [\"fr\",\"en\"]."), "languages");
        row["languages"] = body["languages"].dump();
    }
    if (body.contains("center")) {
        const auto& c = body["center"];
        if (!c.is_array() || c.size() != 2 || !c[0].is_number() || !c[1].is_number() ||
            std::abs(c[0].get<double>()) > 90 || std::abs(c[1].get<double>()) > 180)
            Fail(400, "invalid_type", Msg("Le centre doit être [latitude, longitude]."), "center");
        row["center_lat"] = c[0].get<double>();
        row["center_lon"] = c[1].get<double>();
    }
    if (body.contains("categories")) {
        const auto& c = body["categories"];
        bool ok = c.is_array();
        for (const auto& x : c) ok = ok && x.is_object() && x.contains("id") && x["id"].is_string();
        if (!ok)
            Fail(400, "invalid_type", Msg("Les catégories doivent être une liste de {\"id\",\"fr\",\"en\"}."), "categories");
        row["categories"] = c.dump();
    }
    if (body.contains("districts")) {
        std::vector<Region> regions;
        if (auto e = ParseRegions(body["districts"], regions))
            Fail(400, e->code, e->message, "districts");
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
            Fail(400, "invalid_type", Msg("Les origines autorisées sont une liste comme [\"https://www.exemple.fr\"]."), "allowed_origins");
        row["allowed_origins"] = o.dump();
    }
    if (body.contains("premoderation")) {
        if (!body["premoderation"].is_boolean())
            Fail(400, "invalid_type", Msg("premoderation vaut true ou false."), "premoderation");
        row["premoderation"] = body["premoderation"].get<bool>() ? 1 : 0;
    }
    if (body.contains("comment_stances")) {
        if (!body["comment_stances"].is_boolean())
            Fail(400, "invalid_type", Msg("comment_stances vaut true ou false."), "comment_stances");
        row["comment_stances"] = body["comment_stances"].get<bool>() ? 1 : 0;
    }
    if (body.contains("vote_url")) {
        // Printed on voter letters and in their QR code: a web address residents can type.
        const auto& u = body["vote_url"];
        const std::string url = u.is_string() ? Trim(u.get<std::string>()) : "";
        const bool ok = u.is_string() &&
                        (url.empty() || ((url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0) &&
                                         url.size() <= 300 && url.find_first_of(" \t\r\n\"<>") == std::string::npos &&
                                         url.find('.', url.find("//") + 2) != std::string::npos));
        if (!ok)
            Fail(400, "invalid_url", Msg("L’adresse du vote est une adresse web comme https://www.exemple.fr/vote (300 caractères au plus)."), "vote_url");
        row["vote_url"] = url;
    }
    if (body.contains("help_line")) {
        if (!body["help_line"].is_string())
            Fail(400, "invalid_type", Msg("La ligne d’aide est un texte."), "help_line");
        const std::string line = Trim(body["help_line"].get<std::string>());
        const long length = Utf8Length(line);
        if (length < 0 || length > 200 || line.find_first_of("\r\n") != std::string::npos)
            Fail(400, "too_long", Msg("La ligne d’aide tient en une ligne de 200 caractères au plus."), "help_line");
        row["help_line"] = line;
    }
    if (body.contains("accent")) {
        // The commune's colour: "#rrggbb", or "" for the widgets' default.
        const auto& a = body["accent"];
        const std::string hex = a.is_string() ? a.get<std::string>() : "x";
        const bool ok = hex.empty() || (hex.size() == 7 && hex[0] == '#' &&
                                        hex.find_first_not_of("0123456789abcdefABCDEF", 1) == std::string::npos);
        if (!ok)
            Fail(400, "invalid_color", Msg("La couleur s’écrit #rrvvbb, par exemple #b5123e."), "accent");
        row["accent"] = hex;
    }
    if (body.contains("time_zone")) {
        // The calendar's dates and the turnout's days are in this zone's local time.
        if (!body["time_zone"].is_string() || !KnownTimeZone(body["time_zone"].get<std::string>()))
            Fail(400, "unknown_time_zone", Msg("Fuseau horaire inconnu : indiquez un nom IANA comme Europe/Paris ou America/Cayenne."), "time_zone");
        row["time_zone"] = body["time_zone"].get<std::string>();
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

Response HandleListTenants(AppContext& app, const Request& req) {
    const Principal who = app.Identify(req);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& t : app.AllTenants())
        if (!t->archived || who.Can(Role::Admin, *t)) items.push_back(t->ToJson());
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
    const std::string format = req.Query("format");
    if (format == "map" && !t->districts.empty()) {
        // What the map draws: simplified and rounded (shared/map_points.h), made once per outlines.
        const std::string key = "districts-map/" + std::to_string(t->id) + "/" +
                                std::to_string(std::hash<std::string>{}(t->districts_geojson));
        if (auto hit = app.CachedResponse(key, 0)) {
            r.body = std::move(*hit);
            r.content_type = "application/json; charset=utf-8";
        } else {
            r.body = RegionsToMapJson(SimplifyRegions(t->districts));
            r.content_type = "application/json; charset=utf-8";
            app.StoreResponse(key, 0, r.body);
        }
    } else if (!format.empty() && format != "map") {
        Fail(400, "invalid_parameter", Msg("format vaut map (contours simplifiés) ou est absent (les contours tels que fournis)."), "format");
    } else {
        r.body = t->districts_geojson;
    }
    // No max-age: a commune renaming a district in the console sees it at once; the entity
    // tag the server adds makes an unchanged file cost a 304.
    return r;
}

Response HandleCreateTenant(AppContext& app, const Request& req) {
    const Principal who = app.RequireStaff(req, nullptr, {Role::Admin});
    const auto body = JsonBody(req);
    const std::string slug = body.value("slug", "");
    if (!IsSlug(slug))
        Fail(400, "invalid_slug", Msg("L’identifiant s’écrit en minuscules, chiffres et tirets (ex. toulouse)."), "slug");
    if (!body.contains("name"))
        Fail(400, "required", Msg("Le nom est obligatoire."), "name");
    nlohmann::json row = nlohmann::json::object();
    ReadTenantSettings(body, row);
    const auto created = app.store.Write([&](Db& db) {
        auto exists = db.Prepare("SELECT 1 FROM tenants WHERE slug = ?");
        exists.Bind(1, slug);
        if (exists.Step())
            Fail(409, "tenant_exists", Msg("Une commune avec cet identifiant existe déjà."), "slug");
        // Ids are never given twice (see id_high): a deleted commune's audit chain stays its own.
        db.Prepare("INSERT INTO tenants (id, slug, name) VALUES (MAX((SELECT last FROM id_high WHERE name = 'tenants'),"
                   " (SELECT COALESCE(MAX(id), 0) FROM tenants)) + 1, ?, ?)")
            .Bind(1, slug).Bind(2, row["name"].get<std::string>()).Run();
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

//-----------------------------------------------------------------------------
// Archive, restore, delete (instance admins): a test commune goes away, a real one with
// ballots can only be archived, so that no ballot is ever lost.
//-----------------------------------------------------------------------------

namespace {

Response SetTenantArchived(AppContext& app, const Request& req, bool archived) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireStaff(req, nullptr, {Role::Admin});
    const auto updated = app.store.Write([&](Db& db) {
        db.Prepare(archived ? "UPDATE tenants SET archived_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?"
                            : "UPDATE tenants SET archived_at = NULL WHERE id = ?")
            .Bind(1, t->id).Run();
        AppendAudit(db, t->id, who, archived ? "tenant.archive" : "tenant.restore", t->slug, nlohmann::json::object());
        return LoadTenant(db, t->slug);
    });
    app.InvalidateTenants();
    app.Bump(t->id);
    return JsonResponse(200, updated->ToJson());
}

} // namespace

Response HandleArchiveTenant(AppContext& app, const Request& req) { return SetTenantArchived(app, req, true); }
Response HandleRestoreTenant(AppContext& app, const Request& req) { return SetTenantArchived(app, req, false); }

Response HandleDeleteTenant(AppContext& app, const Request& req) {
    auto t = app.TenantOf(req);
    const Principal who = app.RequireStaff(req, nullptr, {Role::Admin});
    if (t->slug == app.options.default_tenant)
        Fail(409, "default_tenant", Msg("Cette commune répond aux anciennes adresses /api/v1/proposals du serveur (--default-tenant) : archivez-la plutôt."));
    nlohmann::json removed;
    app.store.Write([&](Db& db) {
        std::string with_ballots;
        auto q = db.Prepare("SELECT p.slug, COUNT(b.id) FROM processes p JOIN ballots b ON b.process_id = p.id"
                            " WHERE p.tenant_id = ? GROUP BY p.id ORDER BY p.id");
        q.Bind(1, t->id);
        while (q.Step()) with_ballots += (with_ballots.empty() ? "" : ", ") + q.Text(0);
        if (!with_ballots.empty())
            Fail(409, "has_ballots", Msg("Des consultations de cette commune contiennent des bulletins ({}) : une commune qui a des bulletins peut être archivée, pas supprimée.", with_ballots));
        auto count = [&](const char* sql) {
            auto c = db.Prepare(sql);
            c.Bind(1, t->id);
            c.Step();
            return c.Int(0);
        };
        removed = {{"slug", t->slug},
                   {"processes", count("SELECT COUNT(*) FROM processes WHERE tenant_id = ?")},
                   {"proposals", count("SELECT COUNT(*) FROM proposals WHERE tenant_id = ?")},
                   {"accounts", count("SELECT COUNT(*) FROM users WHERE tenant_id = ?")}};
        // The commune's own chain stays (append-only); the instance's chain (0) says who deleted it.
        AppendAudit(db, t->id, who, "tenant.delete", t->slug, removed);
        AppendAudit(db, 0, who, "tenant.delete", t->slug, removed);
        db.Prepare("DELETE FROM tenants WHERE id = ?").Bind(1, t->id).Run();
    });
    app.InvalidateTenants();
    app.InvalidateProcesses();
    app.Bump(t->id);
    return JsonResponse(200, {{"deleted", removed}});
}

} // namespace quartier

// Reads photos' rows into JSON (see photo_store.h).
#include "backend/store/photo_store.h"

namespace quartier {

std::string PhotoUrl(const std::string& tenant_slug, std::int64_t id, const std::string& hash, int box) {
    return "/api/v1/tenants/" + tenant_slug + "/photos/" + std::to_string(id) + "-" + hash.substr(0, 16) + "-" +
           std::to_string(box) + ".jpg";
}

std::map<std::int64_t, nlohmann::json> ReadPhotos(Db& db, PhotoOwner owner, const std::vector<std::int64_t>& ids) {
    std::map<std::int64_t, nlohmann::json> out;
    if (ids.empty()) return out;
    const std::string column = owner == PhotoOwner::Proposal ? "proposal_id" : "update_id";
    const std::string list = nlohmann::json(ids).dump();
    auto q = db.Prepare("SELECT ph.id, ph." + column + ", ph.alt, ph.width, ph.height, ph.hash, t.slug, v.box, v.width, v.height"
                        " FROM photos ph JOIN tenants t ON t.id = ph.tenant_id JOIN photo_variants v ON v.photo_id = ph.id"
                        " WHERE ph." + column + " IN (SELECT value FROM json_each(?)) ORDER BY ph.position, ph.id, v.box");
    q.Bind(1, list);
    std::int64_t last = 0;
    nlohmann::json* photo = nullptr;
    while (q.Step()) {
        const std::int64_t id = q.Int(0);
        const std::string slug = q.Text(6), hash = q.Text(5);
        if (id != last) {
            auto& photos = out[q.Int(1)];
            if (photos.is_null()) photos = nlohmann::json::array();
            photos.push_back({{"id", id}, {"alt", q.Text(2)}, {"width", q.Int(3)}, {"height", q.Int(4)},
                              {"sizes", nlohmann::json::array()}});
            photo = &photos.back();
            last = id;
        }
        const std::string url = PhotoUrl(slug, id, hash, static_cast<int>(q.Int(7)));
        (*photo)["sizes"].push_back({{"box", q.Int(7)}, {"width", q.Int(8)}, {"height", q.Int(9)}, {"url", url}});
        if (!photo->contains("thumbnail")) (*photo)["thumbnail"] = url;
        (*photo)["url"] = url;
    }
    return out;
}

} // namespace quartier

// MapModel: loading, filters, clustering, hit-testing, selection, support and "propose
// here" (see map_model.h).
//
// Index: [SECTION] Loading  [SECTION] Viewport and taps  [SECTION] Selection and filters
//        [SECTION] Propose here  [SECTION] Support  [SECTION] State
//        [SECTION] Accessibility mirror
#include "widgets/map/map_model.h"
#include "shared/json_read.h"

#include "shared/text.h"
#include "widgets/app/accessible.h"
#include "widgets/app/i18n.h"
#include "widgets/app/platform.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace quartier {

namespace {

nlohmann::json ErrorJson(const std::optional<FieldError>& e, const std::string& lang) {
    if (!e) return nullptr;
    return {{"code", e->code}, {"field", e->field}, {"message", e->Message(lang)}};
}

FieldError Unreadable() {
    return FieldError{"bad_answer", "", Msg("Le serveur a envoyé une réponse illisible.")};
}

// Drawn radius of an item in CSS pixels, as MapStyle's defaults draw it (map.h).
double RadiusCss(int count) {
    return count <= 1 ? 9.0 : 15.0 * (1.0 + 0.28 * std::log10(static_cast<double>(count)));
}

// Moderation's statuses first (what a proposal shows until staff review it), then the stages
// of its life after review (shared/lifecycle.h), so that the map shows where each one stands.
const char* const kStatuses[] = {"published", "selected", "submitted", "rejected", "under_review", "on_ballot",
                                 "funded", "not_funded", "in_progress", "done", "abandoned"};

} // namespace

MapModel::MapModel(ApiClient& api, std::string tenant, std::string lang, double center_lat, double center_lon)
    : m_api(api), m_tenant(std::move(tenant)), m_lang(std::move(lang)),
      m_base("/api/v1/tenants/" + m_tenant), m_form(api, m_lang, center_lat, center_lon), m_comments(api, m_lang) {
    m_comments.UseTenant(m_tenant);
    // The thread's count, when it loads or changes, is the card's and the mirror's.
    m_comments.SetOnCount([this](std::int64_t id, std::int64_t count) {
        const int i = IndexOfId(id);
        if (i >= 0) m_proposals[i].comments = static_cast<int>(count);
    });
    m_view.center = ToMercator({center_lon, center_lat});
    m_view.zoom = 12;
    m_form.SetEndpoint(m_base + "/proposals");
    m_form.SetTenant(m_tenant);
    m_form.SetOnSubmitted([this](const nlohmann::json& stored) {
        MapProposal p;
        if (ReadProposal(stored, p)) {
            m_proposals.push_back(std::move(p));
            Rebuild();
            Select(static_cast<int>(m_proposals.size()) - 1);
        }
        m_mode = Mode::Browse;
        m_notice = m_form.Notice();
    });
}

// [SECTION] Loading

void MapModel::Refresh() {
    m_load = Load::Loading;
    m_load_error.reset();
    m_pending = 3;
    auto fail = [this](const ApiResult& r) {
        m_load = Load::Failed;
        m_load_error = r.error ? r.error : Unreadable();
    };
    m_api.Get(m_base, [this, fail](const ApiResult& r) {
        if (r.Ok() && r.body.is_object()) {
            m_tenant_name = JsonOr(r.body, "name", "");
            m_form.SetTenantInfo(r.body); // the form's categories (and its centre)
            if (!CategoriesFromJson(JsonOr(r.body, "categories", nlohmann::json())).empty())
                m_categories = m_form.CategoryList();
            const auto& center = JsonOr(r.body, "center", nlohmann::json());
            if (!m_user_moved && center.is_array() && center.size() == 2 && center[0].is_number() &&
                center[1].is_number())
                m_view.center = ToMercator({center[1].get<double>(), center[0].get<double>()});
        } else {
            fail(r);
        }
        Loaded();
    });
    // The outlines as the map draws them: simplified and rounded, several times smaller.
    m_api.Get(m_base + "/districts?format=map", [this](const ApiResult& r) {
        // Without outlines the map still works: markers on a plain background.
        if (r.Ok()) SetDistricts(r.body);
        Loaded();
    });
    LoadPoints(fail);
}

// The map's points first, in one compact answer read without a JSON tree (shared/map_points.h);
// titles and texts come later, with a card (RequestDetails).
void MapModel::LoadPoints(std::function<void(const ApiResult&)> fail) {
    HttpFetch("GET", m_api.BaseUrl() + m_base + "/map-points", "",
              {{"Accept", "application/json"}, {"Accept-Language", m_lang}},
              [this, fail](const HttpResult& raw) {
                  MapPointColumns points;
                  if (raw.status < 200 || raw.status >= 300) {
                      fail(ParseApiAnswer(raw.status, raw.body));
                  } else if (!DecodeMapPoints(raw.body, points)) {
                      fail(ApiResult{raw.status, nullptr, {}, Unreadable()});
                  } else {
                      SetPoints(points);
                  }
                  Loaded();
              });
}

void MapModel::SetPoints(const MapPointColumns& points) {
    std::vector<MapProposal> out(points.Size());
    for (std::size_t i = 0; i < points.Size(); ++i) {
        MapProposal& p = out[i];
        p.proposal.id = points.id[i];
        p.proposal.latitude = points.lat[i];
        p.proposal.longitude = points.lon[i];
        if (points.category[i] >= 0) p.proposal.category = points.categories[points.category[i]];
        // The status the map shows: a moderation status, or the stage after review.
        const std::string& status = points.statuses[points.status[i]];
        if (!ParseProposalStatus(status, p.proposal.status)) {
            p.proposal.status = ProposalStatus::Published;
            ParseProposalStage(status, p.proposal.stage);
        }
        if (points.district[i] >= 0) {
            p.district_code = points.districts[points.district[i]].code;
            p.district_name = points.districts[points.district[i]].name;
        }
        p.supports = points.supports[i];
        p.category = FindCategory(m_categories, p.proposal.category);
    }
    SetProposals(std::move(out));
}

int MapModel::IndexOfId(std::int64_t id) const {
    // The points come in id order (new proposals are added at the end, with higher ids).
    const auto it = std::lower_bound(m_proposals.begin(), m_proposals.end(), id,
                                     [](const MapProposal& p, std::int64_t v) { return p.proposal.id < v; });
    if (it != m_proposals.end() && it->proposal.id == id) return static_cast<int>(it - m_proposals.begin());
    for (int i = 0; i < static_cast<int>(m_proposals.size()); ++i)
        if (m_proposals[i].proposal.id == id) return i;
    return -1;
}

void MapModel::RequestDetails(const std::vector<int>& indices) {
    m_asked.resize(m_proposals.size(), 0);
    std::string ids;
    std::size_t n = 0;
    for (int i : indices) {
        if (i < 0 || i >= static_cast<int>(m_proposals.size()) || m_proposals[i].details || m_asked[i]) continue;
        m_asked[i] = 1;
        ids += (ids.empty() ? "" : ",") + std::to_string(m_proposals[i].proposal.id);
        if (++n == kDetailsBatch) break;
    }
    if (ids.empty()) return;
    m_api.Get(m_base + "/proposals?per_page=" + std::to_string(kDetailsBatch) + "&ids=" + ids, [this](const ApiResult& r) {
        if (!(r.Ok() && r.body.is_object() && r.body.contains("items") && r.body["items"].is_array())) return;
        for (const auto& item : r.body["items"]) {
            MapProposal p;
            if (!ReadProposal(item, p)) continue;
            const int i = IndexOfId(p.proposal.id);
            if (i < 0) continue;
            p.pos = m_proposals[i].pos;
            p.mine = m_proposals[i].mine; // asked apart, with the resident's token
            m_proposals[i] = std::move(p);
        }
        RequestFrames();
    });
}

void MapModel::RequestMirrorDetails() {
    std::vector<int> first;
    for (int i : m_order) {
        if (first.size() >= kMirrorMax) break;
        first.push_back(i);
    }
    RequestDetails(first);
}

std::string MapModel::TitleOf(int index) const {
    if (index < 0 || index >= static_cast<int>(m_proposals.size())) return {};
    const MapProposal& p = m_proposals[index];
    if (!p.proposal.title.empty()) return p.proposal.title;
    return std::string(Tr(m_lang, "Proposition n° ")) + std::to_string(p.proposal.id);
}

void MapModel::Loaded() {
    if (--m_pending > 0) return;
    // Category names may have arrived after the proposals.
    for (auto& p : m_proposals) {
        p.category = FindCategory(m_categories, p.proposal.category);
    }
    ++m_generation;
    if (m_load != Load::Failed) m_load = Load::Ready;
    if (!m_user_moved) FitToContent();
    RequestMirrorDetails();
}

bool MapModel::ReadProposal(const nlohmann::json& item, MapProposal& out) const {
    if (!FromJson(item, out.proposal)) return false;
    const auto& d = JsonOr(item, "district", nlohmann::json());
    if (d.is_object()) {
        out.district_code = JsonOr(d, "code", "");
        out.district_name = JsonOr(d, "name", "");
    }
    const auto& s = JsonOr(item, "supports", nlohmann::json());
    out.supports = s.is_number_integer() ? s.get<int>() : 0;
    out.comments = JsonOr(item, "comments", 0);
    out.pos = ToMercator({out.proposal.longitude, out.proposal.latitude});
    out.category = FindCategory(m_categories, out.proposal.category);
    out.photos = PhotosOf(item, m_api.BaseUrl());
    out.details = true;
    return true;
}

void MapModel::SetProposals(std::vector<MapProposal> proposals) {
    m_proposals = std::move(proposals);
    m_asked.assign(m_proposals.size(), 0);
    for (auto& p : m_proposals) p.pos = ToMercator({p.proposal.longitude, p.proposal.latitude});
    m_selected = -1;
    Rebuild();
}

bool MapModel::SetDistricts(const nlohmann::json& geojson) {
    std::vector<Region> regions;
    // The map's compact outlines (districts?format=map), or GeoJSON.
    if (geojson.is_object() && geojson.contains("districts")) {
        if (!RegionsFromMapJson(geojson, regions)) return false;
    } else if (ParseRegions(geojson, regions)) {
        return false;
    }
    m_regions = std::move(regions);
    m_shapes = BuildMapShapes(m_regions);
    ++m_generation;
    return true;
}

void MapModel::FitToContent() {
    // The proposals and the districts they are in (what residents came to see, with the
    // outlines around it), all the districts when there are no proposals; never closer than
    // a neighbourhood.
    BBox box;
    std::vector<std::string> codes; // districts holding proposals: their outlines give context
    for (int i : m_shown) {
        box.Extend(LonLat{m_proposals[i].proposal.longitude, m_proposals[i].proposal.latitude});
        const std::string& code = m_proposals[i].district_code;
        if (!code.empty() && std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
    }
    if (codes.size() <= 8)
        for (const Region& r : m_regions)
            if (std::find(codes.begin(), codes.end(), r.code) != codes.end()) box.Extend(r.bbox);
    if (box.Empty())
        for (const Region& r : m_regions) box.Extend(r.bbox);
    if (box.Empty()) return;
    m_view.FitBox(box, 48.0);
    m_view.zoom = std::min(m_view.zoom, 15.0);
}

// [SECTION] Viewport and taps

void MapModel::UpdateVisible() {
    m_visible.clear();
    m_index.Query(m_view, m_cluster, m_visible);
    m_tiles.Update(m_view);
}

void MapModel::SetTiles(const std::string& url_template, std::string attribution) {
    m_tiles.SetTemplate(url_template);
    m_tiles_attribution = m_tiles.Enabled() ? std::move(attribution) : std::string();
}

int MapModel::HitTest(ScreenPoint p, double slop_px) const {
    int best = -1;
    double best_d = 1e300;
    for (int i = 0; i < static_cast<int>(m_visible.size()); ++i) {
        const MapCluster& c = m_visible[i];
        const ScreenPoint s = m_view.ToScreen(c.pos);
        const double r = RadiusCss(c.count) * m_view.scale + slop_px * m_view.scale;
        const double d = std::hypot(s.x - p.x, s.y - p.y);
        // The selected marker is drawn on top, so it wins a tie.
        const double score = d - (c.count == 1 && c.first == m_selected ? 1.0 : 0.0);
        if (d <= r && score < best_d) {
            best_d = score;
            best = i;
        }
    }
    return best;
}

void MapModel::Tap(ScreenPoint p) { TapAt(m_view.ToMercatorAt(p), m_mode == Mode::Placing ? -1 : HitTest(p)); }

void MapModel::TapAt(MercatorPoint where, int hit) {
    m_notice.clear();
    if (m_mode == Mode::Placing) {
        PlaceAt(FromMercator(where));
        return;
    }
    if (m_mode != Mode::Browse) return;
    if (hit < 0 || hit >= static_cast<int>(m_visible.size())) {
        ClearSelection();
        return;
    }
    const MapCluster c = m_visible[hit];
    if (c.count == 1 || m_view.zoom >= m_view.max_zoom - 0.01) {
        Select(c.first);
        return;
    }
    // A group: zoom in until it splits (at least two levels, or its members' extent).
    m_user_moved = true;
    const double before = m_view.zoom;
    BBox box;
    box.Extend(FromMercator(c.min));
    box.Extend(FromMercator(c.max));
    m_view.FitBox(box, 48.0);
    if (m_view.zoom < before + 2) {
        m_view.center = c.pos;
        m_view.zoom = before + 2;
        m_view.Clamp();
    }
    ClearSelection();
}

// [SECTION] Selection and filters

void MapModel::ClearSelection() {
    m_selected = -1;
    m_support_error.reset();
    CloseComments();
}

void MapModel::OpenComments() {
    if (m_selected < 0) return;
    m_comments_open = true;
    m_comments.Open(m_proposals[m_selected].proposal.id);
}

void MapModel::CloseComments() {
    m_comments_open = false;
    m_comments.Close();
}

void MapModel::Select(int index, bool bring_into_view) {
    m_support_error.reset();
    if (index != m_selected) CloseComments();
    if (index < 0 || index >= static_cast<int>(m_proposals.size())) {
        m_selected = -1;
        return;
    }
    m_selected = index;
    m_photo_error.reset();
    RequestDetails({index}); // its card's title and text
    AskWhetherMine(index);
    if (!bring_into_view) return;
    MercatorPoint lo, hi;
    m_view.VisibleRect(lo, hi);
    const MercatorPoint p = m_proposals[index].pos;
    const double mx = (hi.x - lo.x) * 0.15, my = (hi.y - lo.y) * 0.15;
    if (p.x < lo.x + mx || p.x > hi.x - mx || p.y < lo.y + my || p.y > hi.y - my) {
        m_view.center = p;
        m_user_moved = true;
    }
}

void MapModel::SelectNext(int dir) {
    if (m_order.empty()) return;
    const int n = static_cast<int>(m_order.size());
    const auto it = std::find(m_order.begin(), m_order.end(), m_selected);
    int at;
    if (it != m_order.end()) {
        at = (static_cast<int>(it - m_order.begin()) + (dir > 0 ? 1 : -1) + n) % n;
    } else {
        // Nothing open yet: start with the first (or last) proposal on screen.
        MercatorPoint lo, hi;
        m_view.VisibleRect(lo, hi);
        const auto on_screen = [&](int i) {
            const MercatorPoint p = m_proposals[i].pos;
            return p.x >= lo.x && p.x <= hi.x && p.y >= lo.y && p.y <= hi.y;
        };
        at = dir > 0 ? 0 : n - 1;
        for (int k = 0; k < n; ++k) {
            const int j = dir > 0 ? k : n - 1 - k;
            if (on_screen(m_order[j])) {
                at = j;
                break;
            }
        }
    }
    Select(m_order[at], true);
}

void MapModel::SetCategoryFilter(int category) {
    m_filter_category = category;
    Rebuild();
}
void MapModel::SetDistrictFilter(const std::string& code) {
    m_filter_district = code;
    Rebuild();
}
void MapModel::SetStatusFilter(const std::string& status) {
    m_filter_status = status;
    Rebuild();
}

bool MapModel::IsShown(int index) const {
    if (index < 0 || index >= static_cast<int>(m_proposals.size())) return false;
    const MapProposal& p = m_proposals[index];
    if (m_filter_category >= 0 && p.category != m_filter_category) return false;
    if (!m_filter_district.empty() && p.district_code != m_filter_district) return false;
    if (!m_filter_status.empty() && m_filter_status != StatusOf(p)) return false;
    return true;
}

int MapModel::VisibleIndexOf(const MapCluster& c) const {
    for (int i = 0; i < static_cast<int>(m_visible.size()); ++i)
        if (m_visible[i].first == c.first && m_visible[i].count == c.count) return i;
    return -1;
}

void MapModel::Rebuild() {
    ++m_generation;
    m_shown.clear();
    m_shown.reserve(m_proposals.size());
    std::vector<MercatorPoint> points;
    points.reserve(m_proposals.size());
    for (int i = 0; i < static_cast<int>(m_proposals.size()); ++i)
        if (IsShown(i)) {
            m_shown.push_back(i);
            points.push_back(m_proposals[i].pos);
        }
    m_index.Build(points, m_shown);
    // Reading order for Tab: north to south, then west to east.
    m_order = m_shown;
    std::sort(m_order.begin(), m_order.end(), [this](int a, int b) {
        const MercatorPoint pa = m_proposals[a].pos, pb = m_proposals[b].pos;
        return pa.y != pb.y ? pa.y < pb.y : pa.x != pb.x ? pa.x < pb.x : a < b;
    });
    if (m_selected >= 0 && !IsShown(m_selected)) m_selected = -1;
    UpdateVisible();
    if (m_load == Load::Ready) RequestMirrorDetails();
}

// [SECTION] Propose here

void MapModel::StartPlacing() {
    m_mode = Mode::Placing;
    m_notice.clear();
    ClearSelection();
}

void MapModel::PlaceAt(LonLat where) {
    m_form.OpenFormAt(where.lat, where.lon);
    m_view.center = ToMercator(where); // the pin stays in view beside the form
    m_user_moved = true;
    m_mode = Mode::Form;
}

void MapModel::PlaceAtCenter() { PlaceAt(FromMercator(m_view.center)); }

bool MapModel::PlaceInDistrict(const std::string& code) {
    for (const Region& r : m_regions) {
        if (r.code != code) continue;
        const LonLat mid{(r.bbox.min_lon + r.bbox.max_lon) / 2, (r.bbox.min_lat + r.bbox.max_lat) / 2};
        PlaceAt(Contains(r, mid) ? mid : PointInside(r, 0));
        // The whole district in view, so that the pin can be moved within it.
        m_view.FitBox(r.bbox, 48.0);
        m_view.center = ToMercator({m_form.GetDraft().longitude, m_form.GetDraft().latitude});
        return true;
    }
    return false;
}

void MapModel::CancelProposal() {
    m_form.Cancel();
    m_mode = Mode::Browse;
}

bool MapModel::SubmitProposal() { return m_form.Submit(); }

std::string MapModel::DraftDistrictName() const {
    const auto& d = m_form.GetDraft();
    const int i = FindRegion(m_regions, {d.longitude, d.latitude});
    return i >= 0 ? m_regions[i].name : std::string();
}

// [SECTION] Support

bool MapModel::Supported(int index) const {
    return index >= 0 && index < static_cast<int>(m_proposals.size()) &&
           std::find(m_supported.begin(), m_supported.end(), m_proposals[index].proposal.id) != m_supported.end();
}

void MapModel::Support(int index) {
    if (index < 0 || index >= static_cast<int>(m_proposals.size()) || m_supporting) return;
    m_support_error.reset();
    if (m_token.empty()) {
        m_support_error = FieldError{"login_required", "", Msg("Connectez-vous en tant qu’habitant pour soutenir une proposition.")};
        m_support_refused = m_proposals[index].proposal.id;
        return;
    }
    m_supporting = true;
    const std::int64_t id = m_proposals[index].proposal.id;
    HttpFetch("POST", m_api.BaseUrl() + m_base + "/proposals/" + std::to_string(id) + "/supports", "{}",
              {{"Accept", "application/json"}, {"Accept-Language", m_lang}, {"Content-Type", "application/json"},
               {"Authorization", "Bearer " + m_token}},
              [this, id](const HttpResult& raw) {
                  m_supporting = false;
                  const ApiResult r = ParseApiAnswer(raw.status, raw.body);
                  if (!r.Ok()) {
                      m_support_error = r.error;
                      return;
                  }
                  for (auto& p : m_proposals)
                      if (p.proposal.id == id) {
                          if (r.body.is_object() && r.body.contains("supports") && r.body["supports"].is_number_integer())
                              p.supports = r.body["supports"].get<int>();
                          else
                              ++p.supports;
                      }
                  m_supported.push_back(id);
              });
}

// [SECTION] Photos

void MapModel::AskWhetherMine(int index) {
    if (m_token.empty()) return;
    const std::int64_t id = m_proposals[index].proposal.id;
    m_api.Get(m_base + "/proposals/" + std::to_string(id), [this, id](const ApiResult& r) {
        if (!r.Ok()) return;
        const int i = IndexOfId(id);
        if (i < 0) return;
        m_proposals[i].mine = JsonOr(r.body, "mine", false);
        m_proposals[i].photos = PhotosOf(r.body, m_api.BaseUrl());
        RequestFrames();
    }, m_token);
}

void MapModel::AddPhoto(int index) {
    if (index < 0 || index >= static_cast<int>(m_proposals.size()) || m_adding_photo || m_token.empty()) return;
    m_photo_error.reset();
    const std::int64_t id = m_proposals[index].proposal.id;
    PickFile("image/jpeg,image/png,image/webp", [this, id](const PickedFile& f) {
        if (f.cancelled) return;
        m_adding_photo = true;
        RequestFrames();
        // The file as it is: the server checks it is a photo and says so in words otherwise.
        m_api.Upload("POST", m_base + "/proposals/" + std::to_string(id) + "/photos", f.bytes, "image/jpeg",
                     [this, id](const ApiResult& r) {
                         m_adding_photo = false;
                         if (!r.Ok()) {
                             m_photo_error = r.error;
                             return;
                         }
                         const int i = IndexOfId(id);
                         if (i >= 0) AskWhetherMine(i); // the card's photos, as the server now has them
                         m_notice = Tr(m_lang, "Photo ajoutée, sans sa position GPS ni ses autres métadonnées.");
                     }, m_token);
    });
}

// [SECTION] State

int MapModel::ShapeIndex(const std::string& code) const {
    for (int i = 0; i < static_cast<int>(m_shapes.size()); ++i)
        if (m_shapes[i].code == code) return i;
    return -1;
}

std::vector<std::string> MapModel::CategoryList() const { return m_form.Categories(); }

std::string MapModel::CategoryName(int category) const {
    const auto list = CategoryList();
    return category >= 0 && category < static_cast<int>(list.size()) ? list[category] : std::string();
}

std::vector<std::string> MapModel::StatusList() { return {std::begin(kStatuses), std::end(kStatuses)}; }

std::string MapModel::StatusOf(const MapProposal& p) {
    return p.proposal.stage == ProposalStage::Submitted ? ToString(p.proposal.status) : ToString(p.proposal.stage);
}

std::string MapModel::StatusName(const std::string& status, const std::string& lang) {
    if (status == "published") return Tr(lang, "Publiée");
    if (status == "selected") return Tr(lang, "Retenue pour le vote");
    if (status == "submitted") return Tr(lang, "En cours d’examen");
    if (status == "hidden") return Tr(lang, "Masquée");
    // After review: the words the server's plain pages use too.
    ProposalStage stage;
    if (ParseProposalStage(status, stage)) return StageLabel(stage, lang);
    return status;
}

std::vector<MapModel::LegendEntry> MapModel::Legend() const {
    std::vector<LegendEntry> out;
    if (m_color_by == ColorBy::Category) {
        const auto names = CategoryList();
        std::vector<std::size_t> counts(names.size() + 1, 0); // last: other
        for (int i : m_shown) {
            const int c = m_proposals[i].category;
            ++counts[c >= 0 && c < static_cast<int>(names.size()) ? static_cast<std::size_t>(c) : names.size()];
        }
        for (std::size_t c = 0; c < names.size(); ++c)
            if (counts[c] > 0) out.push_back({m_categories.size() > c ? m_categories[c].id : names[c], names[c], static_cast<int>(c), counts[c]});
        if (counts.back() > 0) out.push_back({"", Tr(m_lang, "Autre"), -1, counts.back()});
    } else {
        const auto statuses = StatusList();
        std::vector<std::size_t> counts(statuses.size() + 1, 0);
        for (int i : m_shown) {
            const std::string s = StatusOf(m_proposals[i]);
            const auto it = std::find(statuses.begin(), statuses.end(), s);
            ++counts[static_cast<std::size_t>(it - statuses.begin())];
        }
        for (std::size_t k = 0; k < statuses.size(); ++k)
            if (counts[k] > 0) out.push_back({statuses[k], StatusName(statuses[k], m_lang), static_cast<int>(k), counts[k]});
        if (counts.back() > 0) out.push_back({"", Tr(m_lang, "Autre"), -1, counts.back()});
    }
    return out;
}

std::string MapModel::CountText() const {
    const auto n = m_shown.size(), total = m_proposals.size();
    std::string count = CountOf(static_cast<std::int64_t>(n), m_lang, "proposition sur la carte", "propositions sur la carte");
    if (n != total) count += Fill(Tr(m_lang, " (sur {})"), FormatCount(static_cast<std::int64_t>(total), m_lang));
    return count;
}

nlohmann::json MapModel::StateJson() const {
    static const char* kModes[] = {"browse", "placing", "form"};
    static const char* kLoads[] = {"idle", "loading", "ready", "failed"};
    const double s = m_view.scale > 0 ? m_view.scale : 1.0;
    nlohmann::json visible = nlohmann::json::array();
    for (const MapCluster& c : m_visible) {
        const ScreenPoint p = m_view.ToScreen(c.pos);
        if (p.x < m_view.origin_x || p.y < m_view.origin_y || p.x > m_view.origin_x + m_view.width ||
            p.y > m_view.origin_y + m_view.height)
            continue;
        nlohmann::json item{{"x", p.x / s}, {"y", p.y / s}, {"count", c.count}};
        if (c.count == 1) item["id"] = m_proposals[c.first].proposal.id;
        visible.push_back(std::move(item));
        if (visible.size() >= 500) break;
    }
    nlohmann::json selected = nullptr;
    if (m_selected >= 0) {
        const MapProposal& p = m_proposals[m_selected];
        selected = {{"id", p.proposal.id},
                    {"title", p.proposal.title},
                    {"district", p.district_name},
                    {"category", CategoryName(p.category).empty() ? p.proposal.category : CategoryName(p.category)},
                    {"estimated_cost", p.proposal.estimated_cost},
                    {"status", ToString(p.proposal.status)},
                    {"stage", ToString(p.proposal.stage)},
                    {"status_label", StatusName(StatusOf(p), m_lang)},
                    {"supports", p.supports},
                    {"supported", Supported(m_selected)},
                    {"comments", p.comments},
                    {"comments_open", m_comments_open}};
        if (m_comments_open) selected["thread"] = m_comments.StateJson();
    }
    nlohmann::json districts = nlohmann::json::array();
    for (const Region& r : m_regions) districts.push_back({{"code", r.code}, {"name", r.name}});
    const LonLat center = FromMercator(m_view.center);
    nlohmann::json form = m_form.StateJson();
    nlohmann::json draft = form["draft"];
    draft["district"] = DraftDistrictName();
    return {{"widget", "map"},
            {"lang", m_lang},
            {"tenant", m_tenant},
            {"mode", kModes[static_cast<int>(m_mode)]},
            {"load", kLoads[static_cast<int>(m_load)]},
            {"total", m_proposals.size()},
            {"shown", m_shown.size()},
            {"clustered", m_cluster && ClusterIndex::LevelFor(m_view.zoom) < ClusterIndex::kPointLevel},
            {"filters",
             {{"category", m_filter_category >= 0 ? nlohmann::json(CategoryName(m_filter_category)) : nlohmann::json()},
              {"district", m_filter_district.empty() ? nlohmann::json() : nlohmann::json(m_filter_district)},
              {"status", m_filter_status.empty() ? nlohmann::json() : nlohmann::json(m_filter_status)}}},
            {"view", {{"lat", center.lat}, {"lon", center.lon}, {"zoom", m_view.zoom}}},
            {"visible", std::move(visible)},
            {"selected", std::move(selected)},
            {"categories", CategoryList()},
            {"districts", std::move(districts)},
            {"draft", std::move(draft)},
            {"sending", m_form.Sending()},
            {"form_error", form["form_error"]},
            {"load_error", ErrorJson(m_load_error, m_lang)},
            {"support_error", ErrorJson(m_support_error, m_lang)},
            {"notice", m_notice},
            {"color_by", m_color_by == ColorBy::Status ? "status" : "category"},
            {"legend", [this] {
                 nlohmann::json out = nlohmann::json::array();
                 for (const auto& e : Legend()) out.push_back({{"key", e.key}, {"label", e.label}, {"count", e.count}});
                 return out;
             }()},
            {"tiles", {{"enabled", m_tiles.Enabled()}, {"cached", m_tiles.CachedCount()}, {"loaded", m_tiles.LoadedCount()}}}};
}

// [SECTION] Accessibility mirror

namespace {
std::string Supports(int n, const std::string& lang) {
    return CountOf(n, lang, "soutien", "soutiens");
}
} // namespace

nlohmann::json MapModel::AccessibilityTree() const {
    using namespace a11y;
    const std::string& l = m_lang;
    json children = json::array();
    children.push_back(Heading(m_tenant_name.empty()
                                   ? std::string(Tr(l, "Carte des propositions"))
                                   : std::string(Tr(l, "Carte des propositions — ")) + m_tenant_name));
    std::string status = m_load == Load::Loading ? std::string(Tr(l, "Chargement de la carte…"))
                       : m_load == Load::Ready   ? CountText() + "."
                                                 : std::string();
    if (!m_notice.empty()) status = m_notice + " " + status;
    children.push_back(Status("count", status));
    const std::string alert = m_load == Load::Failed && m_load_error ? m_load_error->Message(l)
                            : m_form.FormError()                    ? m_form.FormError()->Message(l)
                            : m_support_error                       ? m_support_error->Message(l)
                                                                    : std::string();
    children.push_back(Alert("alert", alert));
    if (m_load == Load::Failed) children.push_back(Button("retry", Tr(l, "Réessayer")));

    if (m_mode == Mode::Placing) {
        children.push_back(Heading(Tr(l, "Où se trouve votre projet ?"), 3));
        children.push_back(Text(Tr(l, "Choisissez son quartier (ou sa commune), ou placez-le au centre de la carte. "
                                      "Vous pourrez préciser le lieu en déplaçant la carte.")));
        std::vector<Option> districts{{"", Tr(l, "Choisissez un quartier")}};
        std::vector<const Region*> sorted;
        for (const Region& r : m_regions) sorted.push_back(&r);
        std::sort(sorted.begin(), sorted.end(), [](const Region* a, const Region* b) { return a->name < b->name; });
        for (const Region* r : sorted) districts.push_back({r->code, r->name});
        if (!m_regions.empty()) {
            children.push_back(a11y::Select("place-district", Tr(l, "Quartier du projet"), districts,
                                      m_place_choice));
            children.push_back(Button("place-in-district", Tr(l, "Placer le projet dans ce quartier"),
                                      !m_place_choice.empty()));
        }
        const int here = FindRegion(m_regions, FromMercator(m_view.center));
        std::string centre = Tr(l, "Ici, au centre de la carte");
        if (here >= 0) centre += " (" + m_regions[here].name + ")";
        children.push_back(Button("place-center", centre));
        children.push_back(Button("cancel-placing", Tr(l, "Annuler")));
        return Landmark(Tr(l, "Carte des propositions"), std::move(children));
    }
    if (m_mode == Mode::Form) {
        children.push_back(Heading(Tr(l, "Proposer un projet"), 3));
        const std::string district = DraftDistrictName();
        children.push_back(Text(district.empty() ? std::string(Tr(l, "Lieu choisi : hors des quartiers de la commune."))
                                                 : std::string(Tr(l, "Lieu choisi : ")) + district + "."));
        children.push_back(Button("change-place", Tr(l, "Changer le lieu"), !m_form.Sending()));
        for (auto& n : m_form.FormAccessibility(false)) children.push_back(std::move(n));
        return Landmark(Tr(l, "Carte des propositions"), std::move(children));
    }

    children.push_back(Button("propose", Tr(l, "Proposer un projet")));
    // The filters, as on the canvas, and the colours' meaning.
    json filters = json::array();
    std::vector<Option> cats{{"", Tr(l, "Toutes les catégories")}};
    const auto names = CategoryList();
    for (std::size_t i = 0; i < names.size(); ++i) cats.push_back({std::to_string(i), names[i]});
    filters.push_back(a11y::Select("filter-category", Tr(l, "Catégorie"), cats,
                             m_filter_category >= 0 ? std::to_string(m_filter_category) : ""));
    std::vector<Option> districts{{"", Tr(l, "Tous les quartiers")}};
    for (const Region& r : m_regions) districts.push_back({r.code, r.name});
    filters.push_back(a11y::Select("filter-district", Tr(l, "Quartier"), districts, m_filter_district));
    std::vector<Option> statuses{{"", Tr(l, "Tous les statuts")}};
    for (const auto& st : StatusList()) statuses.push_back({st, StatusName(st, l)});
    filters.push_back(a11y::Select("filter-status", Tr(l, "Statut"), statuses, m_filter_status));
    filters.push_back(a11y::Select("color-by", Tr(l, "Couleur des repères"),
                             {{"category", Tr(l, "Par catégorie")}, {"status", Tr(l, "Par statut")}},
                             m_color_by == ColorBy::Status ? "status" : "category"));
    children.push_back(Landmark(Tr(l, "Filtres"), std::move(filters)));

    json items = json::array();
    std::size_t listed = 0;
    for (int i : m_order) {
        if (listed++ >= kMirrorMax) break;
        const MapProposal& p = m_proposals[i];
        const std::string title = TitleOf(i); // its number until its details came
        const std::string id = std::to_string(p.proposal.id);
        const std::string category = CategoryName(p.category).empty() ? p.proposal.category : CategoryName(p.category);
        std::string text = title + ". " + category + ", " +
                           (p.district_name.empty() ? std::string(Tr(l, "hors quartier")) : p.district_name) + ". ";
        text += p.proposal.estimated_cost > 0
                    ? std::string(Tr(l, "Coût estimé : ")) + FormatEuros(p.proposal.estimated_cost, l)
                    : std::string(Tr(l, "Coût non estimé"));
        text += ". " + StatusName(StatusOf(p), l) + ". " + Supports(p.supports, l) + ".";
        const bool open = i == m_selected;
        json actions = json::array();
        if (open) {
            if (!p.proposal.description.empty()) actions.push_back(Text(p.proposal.description));
            for (const auto& t : PhotoTexts(p.photos, l)) actions.push_back(Text(t));
            if (p.mine) actions.push_back(Button("add-photo", Tr(l, "Ajouter une photo"), !m_adding_photo));
            json close = Button("close-card", Tr(l, "Fermer la fiche"));
            close["focus"] = true; // "Voir sur la carte" went away: focus lands here
            actions.push_back(std::move(close));
            if (m_comments_open) {
                for (auto& n : m_comments.Accessibility()) actions.push_back(std::move(n));
            } else {
                json more = Button("comments-open", Fill(Tr(l, "Voir les commentaires ({})"), FormatCount(p.comments, l)));
                more["expanded"] = false;
                actions.push_back(std::move(more));
            }
        } else {
            actions.push_back(Button("open-" + id, Fill(Tr(l, "Voir sur la carte : {}"), title)));
        }
        const bool done = Supported(i);
        actions.push_back(Button("support-" + id,
                                 Fill(done ? Tr(l, "Soutenue : {}") : Tr(l, "Soutenir : {}"), title),
                                 !done && !m_supporting));
        // Refused for want of a sign-in: the way on is beside the button, not only in the alert.
        if (m_support_error && m_support_error->code == "login_required" && m_support_refused == p.proposal.id)
            actions.push_back(json{{"role", "link"},
                                   {"href", m_api.BaseUrl() + "/simple/" + m_tenant + "/propositions/" + id + (IsSourceLanguage(l) ? "" : "?lang=" + SpokenLanguage(l))},
                                   {"text", Fill(Tr(l, "Cette proposition sur la version simple du site : {}"), title)}});
        items.push_back(ListItem("proposal-" + id, text, std::move(actions)));
    }
    children.push_back(List(Tr(l, "Propositions"), std::move(items)));
    if (m_order.size() > kMirrorMax)
        children.push_back(Text(Fill(Tr(l, "Les {} premières sont listées, du nord au sud : choisissez une catégorie ou un "
                                              "quartier pour voir les autres."),
                                     std::to_string(kMirrorMax))));
    return Landmark(Tr(l, "Carte des propositions"), std::move(children));
}

bool MapModel::Command(const std::string& id, const nlohmann::json& value) {
    const std::string text = a11y::ValueText(value);
    auto after = [&id](const char* prefix, std::string& rest) {
        const std::string p(prefix);
        if (id.rfind(p, 0) != 0) return false;
        rest = id.substr(p.size());
        return true;
    };
    auto index_of = [this](const std::string& pid) {
        for (int i = 0; i < static_cast<int>(m_proposals.size()); ++i)
            if (std::to_string(m_proposals[i].proposal.id) == pid) return i;
        return -1;
    };
    std::string rest;
    if (id == "retry") return Refresh(), true;
    if (m_mode == Mode::Placing) {
        if (id == "place-district") return m_place_choice = text, true;
        if (id == "place-in-district") return PlaceInDistrict(m_place_choice);
        if (id == "place-center") return PlaceAtCenter(), true;
        if (id == "cancel-placing" || id == "cancel") return CancelProposal(), true;
        return false;
    }
    if (m_mode == Mode::Form) {
        if (id == "change-place") return StartPlacing(), true;
        if (id == "submit") return SubmitProposal();
        if (id == "cancel") return CancelProposal(), true;
        return m_form.FormCommand(id, value);
    }
    if (id == "propose") return StartPlacing(), true;
    if (id == "close-card") return ClearSelection(), true;
    if (id == "add-photo") return AddPhoto(m_selected), true;
    if (id == "comments-open") return OpenComments(), m_comments_open;
    if (m_comments_open && id.rfind("comment-", 0) == 0) return m_comments.Command(id, value);
    if (id == "filter-category") {
        const int c = text.empty() ? -1 : std::atoi(text.c_str());
        if (c >= static_cast<int>(CategoryList().size())) return false;
        return SetCategoryFilter(c), true;
    }
    if (id == "filter-district") return SetDistrictFilter(text), true;
    if (id == "filter-status") return SetStatusFilter(text), true;
    if (id == "color-by") return SetColorMode(text == "status" ? ColorBy::Status : ColorBy::Category), true;
    if (after("open-", rest)) {
        const int i = index_of(rest);
        if (i < 0 || !IsShown(i)) return false;
        m_notice.clear();
        Select(i);
        // "Show on the map": the map looks at it, close enough to see its street.
        m_view.center = m_proposals[i].pos;
        m_view.zoom = std::max(m_view.zoom, 15.0);
        m_view.Clamp();
        m_user_moved = true;
        return true;
    }
    if (after("support-", rest)) {
        const int i = index_of(rest);
        if (i < 0) return false;
        Support(i);
        return !m_support_error;
    }
    return false;
}

} // namespace quartier

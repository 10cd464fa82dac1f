// The proposal map's behaviour, natively: the viewport arithmetic, the commune fills, the
// clustering, and the view-model against a small in-process server that answers the tenant
// routes as the real one does (canned JSON, every request recorded).
#include "shared/pabulib/pabulib.h"
#include "widgets/app/api_client.h"
#include "widgets/app/map_viewport.h"
#include "widgets/app/platform.h"
#include "widgets/map/map_model.h"
#include "shared/map_points.h"
#include "widget_test_support.h"

#include <doctest/doctest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

using namespace quartier;

namespace {

std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

nlohmann::json Communes31() {
    return nlohmann::json::parse(ReadFile(std::string(QUARTIER_TEST_DATA) + "/geo/communes-31-haute-garonne.geojson"));
}

// The Katowice 2020 projects, which carry real coordinates.
std::vector<MapProposal> KatowiceProposals() {
    PbElection e;
    PbError err;
    REQUIRE(ReadPabulib(ReadFile(std::string(QUARTIER_TEST_DATA) + "/pabulib/Poland_Katowice_2020.pb"), e, err));
    std::vector<MapProposal> out;
    for (size_t i = 0; i < e.projects.size(); ++i) {
        MapProposal p;
        p.proposal.id = static_cast<std::int64_t>(i + 1);
        p.proposal.title = e.ProjectCell(i, "name");
        p.proposal.category = "Cadre de vie";
        p.proposal.latitude = std::stod(e.ProjectCell(i, "latitude"));
        p.proposal.longitude = std::stod(e.ProjectCell(i, "longitude"));
        p.proposal.status = ProposalStatus::Published;
        out.push_back(p);
    }
    return out;
}

double RingArea(const std::vector<MercatorPoint>& pts, size_t begin, size_t end) {
    double a = 0;
    for (size_t i = begin, j = end - 1; i < end; j = i++) a += pts[j].x * pts[i].y - pts[i].x * pts[j].y;
    return std::fabs(a) / 2;
}

double TrianglesArea(const MapShape& s) {
    double a = 0;
    for (size_t t = 0; t + 2 < s.triangles.size(); t += 3) {
        const MercatorPoint p = s.points[s.triangles[t]], q = s.points[s.triangles[t + 1]], r = s.points[s.triangles[t + 2]];
        a += std::fabs((q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x)) / 2;
    }
    return a;
}

// A stand-in for the tenant routes of quartier-server, on a free loopback port.
struct FakeServer {
    httplib::Server server;
    std::thread thread;
    int port = 0;
    std::mutex mutex;
    std::vector<std::pair<std::string, std::string>> requests; // "METHOD path", body
    std::string last_authorization;
    std::string last_ids; // the ids of the last details asked for
    nlohmann::json proposals = nlohmann::json::array();
    int next_id = 100;
    int page_size = 0; // > 0: lists come a page at a time, as the real server's (at most 5,000)

    FakeServer() {
        const nlohmann::json tenant{{"slug", "ville"}, {"name", "Ville de démonstration"}, {"center", {43.6045, 1.444}},
                                    {"categories", {{{"id", "cadre-de-vie"}, {"fr", "Cadre de vie"}, {"en", "Living environment"}},
                                                    {{"id", "mobilites"}, {"fr", "Mobilités"}, {"en", "Getting around"}}}}};
        // Three communes around Toulouse stand for the districts.
        nlohmann::json districts = Communes31();
        nlohmann::json kept = nlohmann::json::array();
        for (const auto& f : districts["features"]) {
            const std::string code = f["properties"]["code"];
            if (code == "31555" || code == "31069" || code == "31149") kept.push_back(f);
        }
        districts["features"] = kept;
        proposals = nlohmann::json::array({
            Item(1, "Jardin partagé à Empalot", "cadre-de-vie", 43.5805, 1.4460, "published", "31555", "Toulouse", 4),
            Item(2, "Pistes cyclables rue de Metz", "mobilites", 43.6005, 1.4410, "selected", "31555", "Toulouse", 9),
            Item(3, "Bancs au bord du lac", "cadre-de-vie", 43.6330, 1.3520, "published", "31069", "Blagnac", 0),
        });
        server.Get("/api/v1/tenants/ville", [this, tenant](const httplib::Request& r, httplib::Response& res) {
            Record(r);
            res.set_content(tenant.dump(), "application/json");
        });
        server.Get("/api/v1/tenants/ville/districts", [this, districts](const httplib::Request& r, httplib::Response& res) {
            Record(r);
            res.set_content(districts.dump(), "application/json");
        });
        // The map's points, as the real server encodes them (the map loads these first).
        server.Get("/api/v1/tenants/ville/map-points", [this](const httplib::Request& r, httplib::Response& res) {
            Record(r);
            std::lock_guard<std::mutex> lock(mutex);
            MapPointColumns points;
            for (const auto& p : proposals) {
                const std::string stage = p.value("stage", "submitted");
                points.Add(p["id"], p["latitude"], p["longitude"], p["category"], stage == "submitted" ? p["status"].get<std::string>() : stage,
                           p["district"]["code"], p["district"]["name"], p["supports"]);
            }
            res.set_content(EncodeMapPoints(points), "application/json");
        });
        server.Get("/api/v1/tenants/ville/proposals", [this](const httplib::Request& r, httplib::Response& res) {
            Record(r);
            std::lock_guard<std::mutex> lock(mutex);
            if (r.has_param("ids")) { // a card's details
                last_ids = r.get_param_value("ids");
                std::set<std::string> wanted;
                std::stringstream ss(last_ids);
                for (std::string id; std::getline(ss, id, ',');) wanted.insert(id);
                nlohmann::json items = nlohmann::json::array();
                for (const auto& p : proposals)
                    if (wanted.count(std::to_string(p["id"].get<int>()))) items.push_back(p);
                res.set_content(nlohmann::json{{"items", items}, {"total", items.size()}}.dump(), "application/json");
                return;
            }
            if (page_size > 0) {
                const int page = r.has_param("page") ? std::stoi(r.get_param_value("page")) : 1;
                nlohmann::json items = nlohmann::json::array();
                for (size_t i = static_cast<size_t>((page - 1) * page_size);
                     i < proposals.size() && items.size() < static_cast<size_t>(page_size); ++i)
                    items.push_back(proposals[i]);
                res.set_content(nlohmann::json{{"items", items}, {"total", proposals.size()}, {"page", page},
                                               {"per_page", page_size}}.dump(),
                                "application/json");
                return;
            }
            res.set_content(nlohmann::json{{"items", proposals}, {"total", proposals.size()}}.dump(), "application/json");
        });
        server.Post("/api/v1/tenants/ville/proposals", [this](const httplib::Request& r, httplib::Response& res) {
            Record(r);
            const auto b = nlohmann::json::parse(r.body);
            std::lock_guard<std::mutex> lock(mutex);
            auto item = Item(next_id++, b["title"], b["category"], b["latitude"], b["longitude"], "published", "31555",
                             "Toulouse", 0);
            item["description"] = b.value("description", "");
            item["estimated_cost"] = b.value("estimated_cost", 0);
            proposals.push_back(item);
            res.status = 201;
            res.set_content(item.dump(), "application/json");
        });
        server.Post(R"(/api/v1/tenants/ville/proposals/(\d+)/supports)", [this](const httplib::Request& r, httplib::Response& res) {
            Record(r);
            last_authorization = r.get_header_value("Authorization");
            res.set_content(R"({"supports": 5})", "application/json");
        });
        // A proposal read with the resident's token (whether she wrote it), and her photos.
        server.Get(R"(/api/v1/tenants/ville/proposals/(\d+))", [this](const httplib::Request& r, httplib::Response& res) {
            Record(r);
            std::lock_guard<std::mutex> lock(mutex);
            for (const auto& p : proposals)
                if (std::to_string(p["id"].get<int>()) == r.matches[1].str()) {
                    auto item = p;
                    item["mine"] = r.get_header_value("Authorization") == "Bearer jeton-habitante" && item.value("author", "") == "habitante";
                    return res.set_content(item.dump(), "application/json");
                }
            res.status = 404;
        });
        server.Post(R"(/api/v1/tenants/ville/proposals/(\d+)/photos)", [this](const httplib::Request& r, httplib::Response& res) {
            Record(r);
            std::lock_guard<std::mutex> lock(mutex);
            last_authorization = r.get_header_value("Authorization");
            for (auto& p : proposals)
                if (std::to_string(p["id"].get<int>()) == r.matches[1].str())
                    p["photos"].push_back({{"id", 8}, {"alt", ""}, {"thumbnail", "/api/v1/tenants/ville/photos/8-00000000000000ff-320.jpg"}});
            res.status = 201;
            res.set_content(R"({"id": 8})", "application/json");
        });
        port = server.bind_to_any_port("127.0.0.1");
        thread = std::thread([this] { server.listen_after_bind(); });
        while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ~FakeServer() {
        server.stop();
        thread.join();
    }
    static nlohmann::json Item(int id, std::string title, std::string category, double lat, double lon,
                               std::string status, std::string code, std::string name, int supports) {
        return {{"id", id}, {"title", title}, {"description", ""}, {"category", category}, {"latitude", lat},
                {"longitude", lon}, {"estimated_cost", 1000 * id}, {"status", status},
                {"district", {{"code", code}, {"name", name}}}, {"supports", supports}};
    }
    void Record(const httplib::Request& r) {
        std::lock_guard<std::mutex> lock(mutex);
        requests.emplace_back(r.method + " " + r.path, r.body);
    }
    int Count(const std::string& what) {
        std::lock_guard<std::mutex> lock(mutex);
        int n = 0;
        for (auto& [k, v] : requests) n += k == what;
        return n;
    }
    std::string Url() const { return "http://127.0.0.1:" + std::to_string(port); }
};

struct Fixture {
    FakeServer server;
    ApiClient api{server.Url(), "fr"};
    MapModel model{api, "ville", "fr", 43.6045, 1.444};
    Fixture() {
        model.View().width = 1280;
        model.View().height = 720;
        model.Refresh();
        PumpPlatformEvents();
        model.UpdateVisible();
    }
    int IndexOf(const std::string& title) const {
        for (int i = 0; i < static_cast<int>(model.Proposals().size()); ++i)
            if (model.Proposals()[i].proposal.title == title) return i;
        return -1;
    }
};

} // namespace

TEST_CASE("the viewport: screen and map round-trip, zoom keeps the place under the pointer") {
    MapState v;
    v.origin_x = 10;
    v.origin_y = 20;
    v.width = 800;
    v.height = 600;
    v.scale = 2;
    v.center = ToMercator({1.444, 43.6045});
    v.zoom = 13.3;
    const LonLat capitole{1.4434, 43.6044};
    const ScreenPoint s = v.ToScreen(capitole);
    const LonLat back = v.ToLonLatAt(s);
    CHECK(back.lon == doctest::Approx(capitole.lon).epsilon(1e-9));
    CHECK(back.lat == doctest::Approx(capitole.lat).epsilon(1e-9));
    // The centre is in the middle of the map area.
    const ScreenPoint mid = v.ToScreen(v.center);
    CHECK(mid.x == doctest::Approx(410));
    CHECK(mid.y == doctest::Approx(320));
    // Zooming around a point leaves that point where it was.
    const ScreenPoint anchor{150, 500};
    const LonLat under = v.ToLonLatAt(anchor);
    v.ZoomAround(anchor, 1.7);
    CHECK(v.zoom == doctest::Approx(15.0));
    const ScreenPoint after = v.ToScreen(under);
    CHECK(after.x == doctest::Approx(anchor.x).epsilon(1e-6));
    CHECK(after.y == doctest::Approx(anchor.y).epsilon(1e-6));
    // A drag moves what was under the finger along with it.
    const LonLat grabbed = v.ToLonLatAt({400, 300});
    v.PanBy(37, -12);
    const ScreenPoint moved = v.ToScreen(grabbed);
    CHECK(moved.x == doctest::Approx(437).epsilon(1e-6));
    CHECK(moved.y == doctest::Approx(288).epsilon(1e-6));
    // Zoom stays within its limits.
    v.ZoomAround(anchor, 100);
    CHECK(v.zoom == v.max_zoom);
}

TEST_CASE("fitting a box shows all of it, and not much more") {
    MapState v;
    v.width = 360 * 3;
    v.height = 500 * 3;
    v.scale = 3;
    BBox toulouse;
    toulouse.Extend(LonLat{1.35, 43.53});
    toulouse.Extend(LonLat{1.51, 43.67});
    v.FitBox(toulouse, 16);
    for (LonLat corner : {LonLat{1.35, 43.53}, LonLat{1.51, 43.67}}) {
        const ScreenPoint s = v.ToScreen(corner);
        CHECK(s.x >= 16 * 3 - 0.5);
        CHECK(s.x <= v.width - 16 * 3 + 0.5);
        CHECK(s.y >= 16 * 3 - 0.5);
        CHECK(s.y <= v.height - 16 * 3 + 0.5);
    }
    MapState closer = v;
    closer.zoom += 0.1; // any closer and a side would be cut
    const ScreenPoint a = closer.ToScreen(LonLat{1.35, 43.53}), b = closer.ToScreen(LonLat{1.51, 43.67});
    CHECK((a.x < 16 * 3 || b.x > v.width - 16 * 3 || b.y < 16 * 3 || a.y > v.height - 16 * 3));
}

TEST_CASE("a concave ring is cut into n − 2 triangles covering exactly its area") {
    // An L-shaped plot, then the same clockwise.
    std::vector<MercatorPoint> l = {{0, 0}, {4, 0}, {4, 1}, {1, 1}, {1, 3}, {0, 3}};
    for (int pass = 0; pass < 2; ++pass) {
        std::vector<std::uint32_t> tris;
        CHECK(TriangulateRing(l.data(), static_cast<int>(l.size()), 0, tris) == 4);
        MapShape s;
        s.points = l;
        s.triangles = tris;
        CHECK(TrianglesArea(s) == doctest::Approx(6.0));
        std::reverse(l.begin(), l.end());
    }
}

TEST_CASE("every Haute-Garonne commune is filled exactly, concave ones included") {
    std::vector<Region> regions;
    REQUIRE_FALSE(ParseRegions(Communes31(), regions));
    const auto shapes = BuildMapShapes(regions);
    REQUIRE(shapes.size() == 587);
    int exact = 0;
    for (const MapShape& s : shapes) {
        double outer = 0;
        for (size_t r = 0; r < s.ring_starts.size(); ++r) {
            const size_t end = r + 1 < s.ring_starts.size() ? s.ring_starts[r + 1] : s.points.size();
            outer += RingArea(s.points, s.ring_starts[r], end); // the file has no holes
        }
        if (std::fabs(TrianglesArea(s) - outer) <= outer * 1e-6) ++exact;
        else CAPTURE(s.name);
    }
    CHECK(exact == 587);
}

TEST_CASE("clusters: every proposal counted once at every zoom, fewer groups far out, none close in") {
    const auto proposals = KatowiceProposals();
    REQUIRE(proposals.size() == 46);
    std::vector<MercatorPoint> pts;
    std::vector<int> ids;
    for (size_t i = 0; i < proposals.size(); ++i) {
        pts.push_back(ToMercator({proposals[i].proposal.longitude, proposals[i].proposal.latitude}));
        ids.push_back(static_cast<int>(i));
    }
    ClusterIndex index;
    index.Build(pts, ids);
    MapState v;
    v.width = 1280;
    v.height = 800;
    v.center = ToMercator({19.0, 50.26});
    std::vector<size_t> groups_by_zoom;
    for (int z = 2; z <= 18; ++z) {
        v.zoom = z; // the whole city is in view up to 11
        std::vector<MapCluster> out;
        index.Query(v, true, out);
        int total = 0;
        for (const auto& c : out) {
            total += c.count;
            CHECK(c.min.x <= c.pos.x);
            CHECK(c.pos.x <= c.max.x);
        }
        if (z <= 11) {
            CAPTURE(z);
            CHECK(total == 46); // the whole city is on screen
            groups_by_zoom.push_back(out.size());
        }
        if (z >= ClusterIndex::kPointLevel)
            for (const auto& c : out) CHECK(c.count == 1);
    }
    CHECK(groups_by_zoom.front() == 1);        // a continent away: one group of 46
    CHECK(groups_by_zoom.back() > 5);          // the city: several groups
    CHECK(std::is_sorted(groups_by_zoom.begin(), groups_by_zoom.end()));
    // Without clustering every point stands alone.
    v.zoom = 11;
    std::vector<MapCluster> all;
    index.Query(v, false, all);
    CHECK(all.size() == 46);
}

TEST_CASE("a query reads only what is on screen") {
    std::vector<MercatorPoint> pts;
    std::vector<int> ids;
    for (int i = 0; i < 10000; ++i) {
        pts.push_back({0.25 + (i % 100) * 1e-4, 0.25 + (i / 100) * 1e-4});
        ids.push_back(i);
    }
    ClusterIndex index;
    index.Build(pts, ids);
    MapState v;
    v.width = 400;
    v.height = 400;
    v.zoom = 18;
    v.center = {0.25, 0.25}; // the corner of the grid: a quarter of a small patch shows
    std::vector<MapCluster> out;
    index.Query(v, true, out);
    CHECK(out.size() > 0);
    CHECK(out.size() < 200);
}

TEST_CASE("the map loads the tenant's districts, categories and proposals, and frames them") {
    Fixture f;
    const auto& m = f.model;
    CHECK(m.LoadState() == MapModel::Load::Ready);
    CHECK(f.server.Count("GET /api/v1/tenants/ville/map-points") == 1);
    CHECK(m.TenantName() == "Ville de démonstration");
    REQUIRE(m.Shapes().size() == 3);
    CHECK(m.Proposals().size() == 3);
    CHECK(m.CategoryList() == std::vector<std::string>{"Cadre de vie", "Mobilités"});
    CHECK(m.Proposals()[1].category == 1);
    CHECK(m.Proposals()[1].district_name == "Toulouse");
    CHECK(m.Proposals()[1].supports == 9);
    // Framed on the proposals: every one of them is on screen, away from the edges.
    for (const auto& p : m.Proposals()) {
        const ScreenPoint s = m.View().ToScreen(p.pos);
        CHECK(s.x >= 40);
        CHECK(s.y >= 40);
        CHECK(s.x <= 1280 - 40);
        CHECK(s.y <= 720 - 40);
    }
    const auto state = m.StateJson();
    CHECK(state["widget"] == "map");
    CHECK(state["load"] == "ready");
    CHECK(state["total"] == 3);
    CHECK(state["districts"].size() == 3);
}

TEST_CASE("filters by category, district and status, alone and together") {
    Fixture f;
    auto& m = f.model;
    CHECK(m.ShownCount() == 3);
    m.SetCategoryFilter(0);
    CHECK(m.ShownCount() == 2);
    m.SetDistrictFilter("31555");
    CHECK(m.ShownCount() == 1);
    m.SetCategoryFilter(-1);
    CHECK(m.ShownCount() == 2);
    m.SetStatusFilter("selected");
    CHECK(m.ShownCount() == 1);
    CHECK(m.IsShown(f.IndexOf("Pistes cyclables rue de Metz")));
    m.SetDistrictFilter("");
    m.SetStatusFilter("");
    CHECK(m.ShownCount() == 3);
    // A selected proposal filtered away is no longer selected.
    m.Select(f.IndexOf("Bancs au bord du lac"));
    m.SetDistrictFilter("31555");
    CHECK(m.Selected() == -1);
    CHECK(m.StateJson()["filters"]["district"] == "31555");
}

TEST_CASE("a tap on a marker opens its card; on a group, zooms into it; elsewhere, closes the card") {
    Fixture f;
    auto& m = f.model;
    // Far out, the two Toulouse proposals form one group.
    m.View().center = ToMercator({1.40, 43.60});
    m.View().zoom = 9;
    m.UpdateVisible();
    const MapCluster* group = nullptr;
    for (const auto& c : m.Visible())
        if (c.count == 2) group = &c;
    REQUIRE(group != nullptr);
    const ScreenPoint g = m.View().ToScreen(group->pos);
    m.Tap({g.x + 5, g.y - 4}); // a little off the centre, as fingers are
    CHECK(m.View().zoom >= 11);
    CHECK(m.Selected() == -1);
    m.UpdateVisible();
    // Zoomed in until each of them stands alone.
    m.View().zoom = 15;
    m.View().center = ToMercator({1.4435, 43.59});
    m.UpdateVisible();
    const int jardin = f.IndexOf("Jardin partagé à Empalot");
    const ScreenPoint j = m.View().ToScreen(m.Proposals()[jardin].pos);
    m.Tap({j.x + 6, j.y + 6});
    CHECK(m.Selected() == jardin);
    const auto state = m.StateJson();
    CHECK(state["selected"]["title"] == "Jardin partagé à Empalot");
    CHECK(state["selected"]["district"] == "Toulouse");
    CHECK(state["selected"]["category"] == "Cadre de vie");
    CHECK(state["selected"]["supports"] == 4);
    // Far from anything: the card closes.
    m.Tap({j.x + 300, j.y + 200});
    CHECK(m.Selected() == -1);
}

TEST_CASE("the map loads every point in one compact answer; titles come for the mirror's list and an opened card") {
    FakeServer server;
    {
        std::lock_guard<std::mutex> lock(server.mutex);
        for (int i = 0; i < 150; ++i) // north to south: the mirror lists the first 100
            server.proposals.push_back(FakeServer::Item(10 + i, "Idée " + std::to_string(i), "mobilites", 43.64 - i * 0.0002,
                                                        1.44, "published", "31555", "Toulouse", i));
    }
    ApiClient api{server.Url(), "fr"};
    MapModel model{api, "ville", "fr", 43.6045, 1.444};
    model.View().width = 1280;
    model.View().height = 720;
    model.Refresh();
    PumpPlatformEvents();
    REQUIRE(model.LoadState() == MapModel::Load::Ready);
    CHECK(server.Count("GET /api/v1/tenants/ville/map-points") == 1);
    CHECK(model.Proposals().size() == 153);
    // One request for the mirror's 100 titles, none for the rest.
    CHECK(server.Count("GET /api/v1/tenants/ville/proposals") == 1);
    const int last = model.IndexOfId(159); // the southernmost of the 150
    REQUIRE(last >= 0);
    CHECK(model.Proposals()[last].supports == 149);
    CHECK_FALSE(model.Proposals()[last].details);
    CHECK(model.TitleOf(last) == "Proposition n° 159");
    // Its card opens: its details are asked for, then shown.
    model.Select(last);
    PumpPlatformEvents();
    CHECK(server.last_ids == "159");
    CHECK(model.Proposals()[last].details);
    CHECK(model.TitleOf(last) == "Idée 149");
    CHECK(model.StateJson()["selected"]["estimated_cost"] == 159000);
    model.Select(last); // asked once
    PumpPlatformEvents();
    CHECK(server.Count("GET /api/v1/tenants/ville/proposals") == 2);
}

TEST_CASE("Tab goes through the proposals, north to south, and wraps") {
    Fixture f;
    auto& m = f.model;
    m.SelectNext(1);
    const int first = m.Selected();
    CHECK(m.Proposals()[first].proposal.title == "Bancs au bord du lac"); // the northernmost
    m.SelectNext(1);
    m.SelectNext(1);
    CHECK(m.Proposals()[m.Selected()].proposal.title == "Jardin partagé à Empalot");
    m.SelectNext(1);
    CHECK(m.Selected() == first);
    m.SelectNext(-1);
    CHECK(m.Proposals()[m.Selected()].proposal.title == "Jardin partagé à Empalot");
}

TEST_CASE("propose here: a tap places it, the shared validation refuses before sending, then it is stored") {
    Fixture f;
    auto& m = f.model;
    m.StartPlacing();
    CHECK(m.StateJson()["mode"] == "placing");
    const LonLat place{1.4460, 43.5790};
    m.Tap(m.View().ToScreen(place));
    CHECK(m.CurrentMode() == MapModel::Mode::Form);
    const auto& d = m.Form().GetDraft();
    CHECK(d.latitude == doctest::Approx(place.lat).epsilon(1e-9));
    CHECK(d.longitude == doctest::Approx(place.lon).epsilon(1e-9));
    CHECK(m.DraftDistrictName() == "Toulouse");
    CHECK(m.StateJson()["draft"]["district"] == "Toulouse");

    // Too short a title: refused here, nothing sent.
    m.Form().EditDraft().title = "ab";
    m.Form().EditDraft().category = 1;
    CHECK_FALSE(m.SubmitProposal());
    CHECK(m.StateJson()["form_error"]["field"] == "title");
    CHECK(m.StateJson()["form_error"]["message"] == "Le titre doit compter au moins 3 caractères.");
    CHECK(f.server.Count("POST /api/v1/tenants/ville/proposals") == 0);

    m.Form().EditDraft().title = "Abri vélos devant l’école";
    m.Form().EditDraft().cost = "8 000";
    REQUIRE(m.SubmitProposal());
    PumpPlatformEvents();
    REQUIRE(f.server.Count("POST /api/v1/tenants/ville/proposals") == 1);
    const auto sent = nlohmann::json::parse(f.server.requests.back().second);
    CHECK(sent["category"] == "mobilites"); // the tenant's category id
    CHECK(sent["estimated_cost"] == 8000);
    CHECK(m.CurrentMode() == MapModel::Mode::Browse);
    CHECK(m.Proposals().size() == 4);
    REQUIRE(m.Selected() >= 0);
    CHECK(m.Proposals()[m.Selected()].proposal.title == "Abri vélos devant l’école"); // its card opens
    CHECK(m.Notice().find("Abri vélos devant l’école") != std::string::npos);
}

TEST_CASE("support: refused without a resident token, counted with one") {
    Fixture f;
    auto& m = f.model;
    const int i = f.IndexOf("Jardin partagé à Empalot");
    m.Select(i);
    m.Support(i);
    REQUIRE(m.SupportError());
    CHECK(m.SupportError()->code == "login_required");
    CHECK(f.server.Count("POST /api/v1/tenants/ville/proposals/1/supports") == 0);
    m.SetResidentToken("resident-token");
    m.Support(i);
    CHECK(m.Supporting());
    PumpPlatformEvents();
    CHECK_FALSE(m.SupportError());
    CHECK(f.server.last_authorization == "Bearer resident-token");
    CHECK(m.Proposals()[i].supports == 5);
    CHECK(m.Supported(i));
    CHECK(m.StateJson()["selected"]["supported"] == true);
}

TEST_CASE("an unreachable server leaves a readable message in the resident's language") {
    ApiClient api("http://127.0.0.1:1", "fr");
    MapModel m(api, "ville", "fr", 43.6, 1.44);
    m.Refresh();
    PumpPlatformEvents();
    CHECK(m.LoadState() == MapModel::Load::Failed);
    CHECK(m.StateJson()["load_error"]["message"] == "Le serveur est injoignable. Vérifiez votre connexion et réessayez.");
}

// [SECTION] The accessibility mirror, the legend and the tiles

TEST_CASE("the mirror says what the map shows: the count, each proposal's district, cost, status and supports") {
    Fixture f;
    auto& m = f.model;
    auto tree = m.AccessibilityTree();
    CHECK(tree["role"] == "region");
    CHECK(testing::FindNode(tree, "count")["text"] == "3 propositions sur la carte.");
    const std::string spoken = testing::Spoken(tree);
    CHECK(spoken.find("Pistes cyclables rue de Metz. Mobilités, Toulouse. Coût estimé : 2\u202f000\u00a0€. "
                      "Retenue pour le vote. 9 soutiens.") != std::string::npos);
    CHECK(spoken.find("Bancs au bord du lac. Cadre de vie, Blagnac.") != std::string::npos);
    // North to south, as Tab goes on the map.
    CHECK(spoken.find("Bancs au bord du lac.") < spoken.find("Pistes cyclables rue de Metz."));
    CHECK(spoken.find("Pistes cyclables rue de Metz.") < spoken.find("Jardin partagé à Empalot."));

    // The filters are selects; the list follows them and the count is said again.
    REQUIRE(testing::FindNode(tree, "filter-district")["role"] == "select");
    CHECK(m.Command("filter-district", "31069"));
    tree = m.AccessibilityTree();
    CHECK(testing::FindNode(tree, "count")["text"] == "1 proposition sur la carte (sur 3).");
    CHECK(testing::FindNode(tree, "open-1").is_null());
    CHECK(m.Command("filter-district", ""));
    CHECK(m.Command("filter-category", "1"));
    CHECK(m.ShownCount() == 1);
    CHECK(m.Command("filter-category", ""));
    CHECK(m.Command("filter-status", "selected"));
    CHECK(m.ShownCount() == 1);
    CHECK(m.Command("filter-status", ""));

    // Open: the card's proposal is selected, on screen, and its description and close are
    // read in place.
    m.View().center = ToMercator({0.5, 45.0}); // looking elsewhere
    REQUIRE(m.Command("open-1"));
    CHECK(m.Selected() == f.IndexOf("Jardin partagé à Empalot"));
    const ScreenPoint s = m.View().ToScreen(m.Proposals()[m.Selected()].pos);
    CHECK(s.x == doctest::Approx(640).epsilon(0.01));
    CHECK(s.y == doctest::Approx(360).epsilon(0.01));
    tree = m.AccessibilityTree();
    CHECK(testing::FindNode(tree, "close-card")["role"] == "button");
    CHECK(testing::FindNode(tree, "open-1").is_null());
    CHECK(m.Command("close-card"));
    CHECK(m.Selected() == -1);
    CHECK_FALSE(m.Command("open-999"));

    // Support: without a sign-in, an assertive refusal; with one, the new count.
    CHECK_FALSE(m.Command("support-1"));
    CHECK(testing::FindNode(m.AccessibilityTree(), "alert")["text"] ==
          "Connectez-vous en tant qu’habitant pour soutenir une proposition.");
    m.SetResidentToken("resident-token");
    CHECK(m.Command("support-1"));
    PumpPlatformEvents();
    tree = m.AccessibilityTree();
    CHECK(testing::Spoken(tree).find("Jardin partagé à Empalot. Cadre de vie, Toulouse. Coût estimé : 1\u202f000\u00a0€. "
                                     "Publiée. 5 soutiens.") != std::string::npos);
    CHECK(testing::FindNode(tree, "support-1")["disabled"] == true);
    CHECK(testing::FindNode(tree, "support-1")["label"] == "Soutenue : Jardin partagé à Empalot");
}

TEST_CASE("through the mirror a keyboard proposes without pointing: in a district from the list, or at the centre") {
    Fixture f;
    auto& m = f.model;
    REQUIRE(m.Command("propose"));
    auto tree = m.AccessibilityTree();
    const auto districts = testing::FindNode(tree, "place-district");
    REQUIRE(districts["role"] == "select");
    CHECK(districts["options"].size() == 4); // "choose", then the three districts by name
    CHECK(districts["options"][1]["label"] == "Blagnac");
    CHECK(testing::FindNode(tree, "place-in-district")["disabled"] == true);
    CHECK(testing::Spoken(tree).find("Ici, au centre de la carte") != std::string::npos);

    CHECK(m.Command("place-district", "31069"));
    REQUIRE(m.Command("place-in-district"));
    CHECK(m.CurrentMode() == MapModel::Mode::Form);
    CHECK(m.DraftDistrictName() == "Blagnac"); // a point inside the district, not beside it
    tree = m.AccessibilityTree();
    CHECK(testing::Spoken(tree).find("Lieu choisi : Blagnac.") != std::string::npos);
    CHECK(testing::FindNode(tree, "latitude").is_null()); // the map gives the place, not numbers

    // Change the place: at the centre of the map this time.
    REQUIRE(m.Command("change-place"));
    m.View().center = ToMercator({1.4460, 43.5790});
    REQUIRE(m.Command("place-center"));
    CHECK(m.DraftDistrictName() == "Toulouse");
    CHECK(m.Form().GetDraft().latitude == doctest::Approx(43.5790).epsilon(1e-9));

    CHECK(m.Command("title", "Abri vélos devant l’école"));
    CHECK(m.Command("category", "1"));
    CHECK(m.Command("cost", "8000"));
    CHECK(m.Command("description", "Douze places couvertes."));
    TakeEvents();
    REQUIRE(m.Command("submit"));
    PumpPlatformEvents();
    CHECK(m.CurrentMode() == MapModel::Mode::Browse);
    const auto sent = nlohmann::json::parse(f.server.requests.back().second);
    CHECK(sent["category"] == "mobilites");
    CHECK(sent["description"] == "Douze places couvertes.");
    const auto events = TakeEvents();
    REQUIRE(events.size() == 1);
    CHECK(events[0].first == "proposal-submitted");
    CHECK(nlohmann::json::parse(events[0].second) ==
          nlohmann::json{{"tenant", "ville"}, {"id", 100}, {"status", "published"}});
    // The thanks and the new count, politely.
    const std::string count = testing::FindNode(m.AccessibilityTree(), "count")["text"];
    CHECK(count.find("Merci") != std::string::npos);
    CHECK(count.find("4 propositions sur la carte.") != std::string::npos);
}

TEST_CASE("the legend counts what is shown, by category or by status") {
    Fixture f;
    auto& m = f.model;
    auto legend = m.Legend();
    REQUIRE(legend.size() == 2);
    CHECK(legend[0].label == "Cadre de vie");
    CHECK(legend[0].count == 2);
    CHECK(legend[1].label == "Mobilités");
    CHECK(legend[1].color == 1);
    REQUIRE(m.Command("color-by", "status"));
    CHECK(m.ColorMode() == MapModel::ColorBy::Status);
    legend = m.Legend();
    REQUIRE(legend.size() == 2);
    CHECK(legend[0].label == "Publiée");
    CHECK(legend[0].count == 2);
    CHECK(legend[1].label == "Retenue pour le vote");
    CHECK(legend[1].count == 1);
    CHECK(m.StateJson()["color_by"] == "status");
    // Filtered: only what is on the map is explained.
    m.SetDistrictFilter("31069");
    legend = m.Legend();
    REQUIRE(legend.size() == 1);
    CHECK(legend[0].key == "published");
    CHECK(m.StateJson()["legend"][0]["count"] == 1);
}

TEST_CASE("the map shows where each proposal stands after review, in the legend, the card and the mirror") {
    FakeServer server;
    {
        std::lock_guard<std::mutex> lock(server.mutex);
        server.proposals[0]["stage"] = "in_progress"; // Jardin partagé à Empalot: funded, being built
        server.proposals[2]["stage"] = "rejected";    // Bancs au bord du lac: not feasible
    }
    ApiClient api{server.Url(), "fr"};
    MapModel m{api, "ville", "fr", 43.6045, 1.444};
    m.View().width = 1280;
    m.View().height = 720;
    m.Refresh();
    PumpPlatformEvents();
    REQUIRE(m.LoadState() == MapModel::Load::Ready);
    const std::string spoken = testing::Spoken(m.AccessibilityTree());
    CHECK(spoken.find("Jardin partagé à Empalot. Cadre de vie, Toulouse. Coût estimé : 1\u202f000\u00a0€. "
                      "En cours de réalisation. 4 soutiens.") != std::string::npos);
    CHECK(spoken.find("Bancs au bord du lac. Cadre de vie, Blagnac. Coût estimé : 3\u202f000\u00a0€. "
                      "Non retenue après étude.") != std::string::npos);
    CHECK(spoken.find("Pistes cyclables rue de Metz. Mobilités, Toulouse. Coût estimé : 2\u202f000\u00a0€. "
                      "Retenue pour le vote.") != std::string::npos); // not reviewed: its moderation status

    // Coloured by status, the legend names each stage; the filter offers them.
    REQUIRE(m.Command("color-by", "status"));
    std::vector<std::string> labels;
    for (const auto& e : m.Legend()) labels.push_back(e.label);
    CHECK(labels == std::vector<std::string>{"Retenue pour le vote", "Non retenue après étude", "En cours de réalisation"});
    REQUIRE(m.Command("filter-status", "in_progress"));
    CHECK(m.ShownCount() == 1);
    m.Select(0);
    CHECK(m.StateJson()["selected"]["stage"] == "in_progress");
    CHECK(m.StateJson()["selected"]["status_label"] == "En cours de réalisation");
    CHECK(MapModel::StatusName("done", "en") == "Done");
    CHECK(MapModel::StatusName("on_ballot", "fr") == "Sur le bulletin de vote");
}

TEST_CASE("raster tiles: nothing asked without a template; with one, the visible tiles of this zoom, a bounded cache") {
    Fixture f;
    auto& m = f.model;
    TakeImageRequests();
    m.UpdateVisible();
    CHECK(TakeImageRequests().empty()); // off by default: no tile server is ever contacted

    CHECK_FALSE(ValidTileTemplate("https://tiles.example.fr/{z}/{x}.png"));
    CHECK_FALSE(ValidTileTemplate("javascript:alert(1)//{z}{x}{y}"));
    CHECK(ValidTileTemplate("/tuiles/{z}/{x}/{y}.png"));
    m.SetTiles("https://tiles.example.fr/{z}/{x}/{y}.png", "© Ville de démonstration");
    m.View().zoom = 12.3;
    m.View().center = ToMercator({1.444, 43.6045});
    m.UpdateVisible();
    const auto asked = TakeImageRequests();
    // 1280 × 720 CSS px at zoom 12.3 (tiles 315 px wide): 5 or 6 columns, 3 or 4 rows.
    CHECK(asked.size() >= 15);
    CHECK(asked.size() <= 24);
    const int n = 1 << 12;
    const int cx = static_cast<int>(m.View().center.x * n), cy = static_cast<int>(m.View().center.y * n);
    CHECK(asked[0] == "https://tiles.example.fr/12/" + std::to_string(cx) + "/" + std::to_string(cy) + ".png");
    for (const auto& url : asked) {
        CHECK(url.rfind("https://tiles.example.fr/12/", 0) == 0);
        int z = 0, x = 0, y = 0;
        REQUIRE(std::sscanf(url.c_str(), "https://tiles.example.fr/%d/%d/%d.png", &z, &x, &y) == 3);
        CHECK(std::abs(x - cx) <= 3);
        CHECK(std::abs(y - cy) <= 2);
    }
    PumpPlatformEvents();
    CHECK(m.Tiles().LoadedCount() == asked.size());
    m.UpdateVisible();
    CHECK(TakeImageRequests().empty()); // cached: not asked twice

    // Moving around the whole region: the cache stays bounded, the forgotten textures freed.
    for (int step = 0; step < 40; ++step) {
        m.View().PanBy(400, step % 2 ? 300 : -300);
        m.View().zoom = 11 + step % 4;
        m.UpdateVisible();
        PumpPlatformEvents();
        CHECK(m.Tiles().CachedCount() <= m.Tiles().Capacity());
    }
    CHECK(LiveImageTextures() <= static_cast<int>(m.Tiles().Capacity()));
    CHECK(m.TilesAttribution() == "© Ville de démonstration");
    TakeImageRequests();
    m.SetTiles("", "ignored");
    CHECK(LiveImageTextures() == 0);
    CHECK(m.TilesAttribution().empty());
    m.UpdateVisible();
    CHECK(TakeImageRequests().empty());
}

TEST_CASE("a card shows its photos, described in the mirror; its author adds one from the file chooser") {
    Fixture f;
    const int i = f.IndexOf("Jardin partagé à Empalot");
    REQUIRE(i >= 0);
    {
        std::lock_guard<std::mutex> lock(f.server.mutex);
        f.server.proposals[0]["author"] = "habitante";
        f.server.proposals[0]["photos"] = nlohmann::json::array(
            {{{"id", 7}, {"alt", "Le jardin en mai"}, {"thumbnail", "/api/v1/tenants/ville/photos/7-0123456789abcdef-320.jpg"},
              {"sizes", {{{"box", 320}, {"width", 320}, {"height", 240}}}}}});
    }
    TakeImageRequests();
    f.model.SetResidentToken("jeton-habitante");
    f.model.Command("open-1");
    PumpPlatformEvents();
    const auto& p = f.model.Proposals()[i];
    REQUIRE(p.photos.size() == 1);
    CHECK(p.photos[0].url == f.server.Url() + "/api/v1/tenants/ville/photos/7-0123456789abcdef-320.jpg");
    CHECK(p.photos[0].width == 320);
    CHECK(p.mine);
    const std::string tree = f.model.AccessibilityTree().dump();
    CHECK(tree.find("Photo : Le jardin en mai") != std::string::npos);
    CHECK(tree.find("\"add-photo\"") != std::string::npos);
    // The author picks a file: it goes as it is, with her token; the card then shows both.
    SetNextPickedFile("IMG_2041.jpg", "\xFF\xD8\xFF des octets de photo");
    CHECK(f.model.Command("add-photo"));
    for (int k = 0; k < 3; ++k) PumpPlatformEvents();
    CHECK(f.server.Count("POST /api/v1/tenants/ville/proposals/1/photos") == 1);
    CHECK(f.server.last_authorization == "Bearer jeton-habitante");
    CHECK(f.model.Proposals()[i].photos.size() == 2);
    CHECK(f.model.AccessibilityTree().dump().find("Photo sans description") != std::string::npos);
    // Another resident's proposal: no button.
    f.model.Command("open-2");
    PumpPlatformEvents();
    CHECK_FALSE(f.model.Proposals()[f.IndexOf("Pistes cyclables rue de Metz")].mine);
}

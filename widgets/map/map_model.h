// The proposal map's view-model: the tenant's districts and proposals, where the map looks,
// which proposals show (filters) and how they group (clusters), the selected proposal and
// its support button, and the "propose here" flow, whose form is the proposals widget's
// (same draft, same shared validation). No ImGui here: tests drive it natively.
#pragma once

#include "shared/map_points.h"
#include "shared/proposal.h"
#include "widgets/app/api_client.h"
#include "widgets/app/comments_model.h"
#include "widgets/app/map_tiles.h"
#include "widgets/app/map_viewport.h"
#include "widgets/app/photo_strip.h"
#include "widgets/proposals/proposals_model.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace quartier {

// A proposal as the map shows it. The map's points (shared/map_points.h) give its id, place,
// category, status, district and supports; its title, text and cost (details) come with its
// card, or when the mirror lists it.
struct MapProposal {
    Proposal proposal;
    bool details = false;       // title, description, cost... loaded
    std::string district_code;  // "" when outside every district
    std::string district_name;
    int supports = 0;
    int comments = 0;           // published comments and replies (with the details)
    MercatorPoint pos;          // projected once
    int category = -1;          // index into MapModel::CategoryList(), -1 when unknown
    std::vector<PhotoThumb> photos; // with its details
    bool mine = false;          // the signed-in resident wrote it: she may add photos
};

class MapModel {
public:
    enum class Load { Idle, Loading, Ready, Failed };
    // Browse: looking at the map. Placing: the next tap places a new proposal. Form: writing it.
    enum class Mode { Browse, Placing, Form };
    enum class ColorBy { Category, Status };

    MapModel(ApiClient& api, std::string tenant, std::string lang, double center_lat, double center_lon);

    // [Loading]
    void Refresh();                    // tenant, districts and proposals, all at once
    Load LoadState() const { return m_load; }
    const std::optional<FieldError>& LoadError() const { return m_load_error; }
    // Replaces the proposals (what Refresh does with the server's answer; tests and benches too).
    void SetProposals(std::vector<MapProposal> proposals);
    // Replaces the proposals with the map's points (the server's map-points answer).
    void SetPoints(const MapPointColumns& points);
    // Replaces the districts (GeoJSON FeatureCollection with code and nom).
    bool SetDistricts(const nlohmann::json& geojson);

    // [Viewport]
    MapState& View() { return m_view; }
    const MapState& View() const { return m_view; }
    // Clusters (or single proposals) in view, for this frame; call after the view changed.
    void UpdateVisible();
    const std::vector<MapCluster>& Visible() const { return m_visible; }
    // The markers and groups of another area at the view's zoom (the map's base drawn with a
    // margin around the view: widgets/app/map.h).
    void VisibleIn(const MapState& area, std::vector<MapCluster>& out) const { m_index.Query(area, m_cluster, out); }
    // Index in Visible() of the same marker or group, or -1.
    int VisibleIndexOf(const MapCluster& c) const;
    // Changes whenever the markers or outlines drawn may have (data, filters, categories).
    unsigned Generation() const { return m_generation; }
    bool Clustering() const { return m_cluster; }
    void SetClustering(bool on) { m_cluster = on; }
    // The visible item at a screen point (finger-sized slop), or -1. radius_of gives each
    // item's drawn radius in device pixels (the view's; a default when empty).
    int HitTest(ScreenPoint p, double slop_px = 8.0) const;
    // A tap or click: on a proposal, selects it; on a group, zooms into it; elsewhere, clears
    // the selection, or places the new proposal when placing.
    void Tap(ScreenPoint p);
    void TapAt(MercatorPoint where, int hit); // same, with the hit already known

    // [Selection]
    int Selected() const { return m_selected; } // index into Proposals(), -1: none
    void Select(int index, bool bring_into_view = false);
    void ClearSelection();
    // Next (dir 1) or previous (dir −1) proposal among those shown, in reading order (north to
    // south, west to east), starting on screen; brings it into view. What Tab and Shift+Tab do.
    void SelectNext(int dir);

    // [Filters] -1 or "" for all.
    void SetCategoryFilter(int category);
    void SetDistrictFilter(const std::string& code);
    void SetStatusFilter(const std::string& status);
    int CategoryFilter() const { return m_filter_category; }
    const std::string& DistrictFilter() const { return m_filter_district; }
    const std::string& StatusFilter() const { return m_filter_status; }
    std::size_t ShownCount() const { return m_shown.size(); }
    bool IsShown(int index) const;
    ColorBy ColorMode() const { return m_color_by; }
    void SetColorMode(ColorBy c) { m_color_by = c; }

    // [Legend] What the markers' colours mean in the current mode, for the proposals shown:
    // one entry per category (or status) present, in the filter's order. colour: the
    // category's index (or the status's index in StatusList()), -1 for "other".
    struct LegendEntry {
        std::string key;   // category value or status ("" for other)
        std::string label; // in the widget's language
        int color = -1;
        std::size_t count = 0;
    };
    std::vector<LegendEntry> Legend() const;

    // [Propose here]
    void StartPlacing();              // the next tap on the map places the proposal
    void PlaceAt(LonLat where);       // opens the form for that place
    void CancelProposal();            // back to browsing; the draft is kept
    bool SubmitProposal();            // the shared validation, then the server
    ProposalsModel& Form() { return m_form; }
    const ProposalsModel& Form() const { return m_form; }
    // District the draft's place falls in (from the outlines), "" when outside them all.
    std::string DraftDistrictName() const;
    // Placing without pointing (keyboard, screen reader): at the map's centre, or inside a
    // district (its middle when that is inside it, else a point surely inside).
    void PlaceAtCenter();
    bool PlaceInDistrict(const std::string& code);

    // [Support]
    void SetResidentToken(std::string token) {
        m_token = std::move(token);
        m_comments.SetToken(m_token);
    }
    void Support(int index);
    bool Supporting() const { return m_supporting; }
    bool Supported(int index) const;
    const std::optional<FieldError>& SupportError() const { return m_support_error; }

    // [Photos] The selected proposal's author adds a photo: the browser's file chooser, then
    // the file as it is to the server (which strips its metadata and re-encodes it); the card
    // then shows it. Whether the resident wrote it is asked once a card opens, signed in.
    void AddPhoto(int index);
    bool AddingPhoto() const { return m_adding_photo; }
    const std::optional<FieldError>& PhotoError() const { return m_photo_error; }
    // [Comments] The open card's thread, shown under it once asked for.
    void OpenComments();
    void CloseComments();
    bool CommentsOpen() const { return m_comments_open; }
    CommentsModel& Comments() { return m_comments; }
    const CommentsModel& Comments() const { return m_comments; }

    // [Reading]
    Mode CurrentMode() const { return m_mode; }
    const std::string& Language() const { return m_lang; }
    const std::string& TenantName() const { return m_tenant_name; }
    const std::vector<MapProposal>& Proposals() const { return m_proposals; }
    const std::vector<MapShape>& Shapes() const { return m_shapes; }
    int ShapeIndex(const std::string& code) const;
    std::vector<std::string> CategoryList() const;    // names in the widget's language
    std::string CategoryName(int category) const;
    static std::vector<std::string> StatusList();      // the statuses a filter offers
    // What the map says of p: its moderation status until staff review it, then its stage
    // (under_review, on_ballot, funded, in_progress, done...), one of StatusList().
    static std::string StatusOf(const MapProposal& p);
    // Its title, or "Proposition n° 12" until its details came.
    std::string TitleOf(int index) const;
    // Asks the server for the details of these proposals (those not asked yet), at most
    // kDetailsBatch at a time; a card and the mirror call it.
    static constexpr std::size_t kDetailsBatch = 100;
    void RequestDetails(const std::vector<int>& indices);
    int IndexOfId(std::int64_t id) const;
    static std::string StatusName(const std::string& status, const std::string& lang);
    const std::string& Notice() const { return m_notice; }
    // "12 propositions sur la carte (sur 40)", as the footer and the mirror say it.
    std::string CountText() const;
    // Everything, for the JS API: mode, load, counts, filters, selection, visible items with
    // their screen positions (CSS pixels), the draft, errors.
    nlohmann::json StateJson() const;

    // [Raster tiles] Optional, off unless the municipality names its own tile server
    // (data-tiles): drawn under the districts, only the visible ones, a bounded cache.
    void SetTiles(const std::string& url_template, std::string attribution);
    TileLayer& Tiles() { return m_tiles; }
    const TileLayer& Tiles() const { return m_tiles; }
    const std::string& TilesAttribution() const { return m_tiles_attribution; }

    // [Accessibility mirror] (docs/embedding.md) The map as an accessible tree: the count,
    // the filters, the proposals shown (the first kMirrorMax in reading order) with buttons
    // that open their card and support them, and the "propose" flow without pointing.
    static constexpr std::size_t kMirrorMax = 100;
    nlohmann::json AccessibilityTree() const;
    // Runs a command named like the view's controls or the mirror's ("open-ID",
    // "support-ID", "filter-category" with a value, "place-center", "title" with a
    // value...). False for an unknown or refused command.
    bool Command(const std::string& id, const nlohmann::json& value = nullptr);

private:
    void Rebuild();          // filters → shown → cluster index
    void FitToContent();
    void Loaded();
    void LoadPoints(std::function<void(const ApiResult&)> fail);
    void RequestMirrorDetails(); // the first kMirrorMax in reading order
    bool ReadProposal(const nlohmann::json& item, MapProposal& out) const;

    ApiClient& m_api;
    std::string m_tenant;
    std::string m_lang;
    std::string m_base;      // "/api/v1/tenants/{tenant}"
    std::string m_token;
    std::string m_tenant_name;
    Load m_load = Load::Idle;
    int m_pending = 0;       // requests still out during Refresh
    bool m_user_moved = false;
    std::optional<FieldError> m_load_error;
    std::vector<ProposalsModel::CategoryChoice> m_categories;
    std::vector<MapProposal> m_proposals;
    std::vector<char> m_asked;  // per proposal: its details were asked for
    std::vector<Region> m_regions;
    std::vector<MapShape> m_shapes;
    std::vector<int> m_shown;   // indices of proposals passing the filters
    std::vector<int> m_order;   // the same in reading order (Tab)
    ClusterIndex m_index;
    MapState m_view;
    bool m_cluster = true;
    std::vector<MapCluster> m_visible;
    unsigned m_generation = 0;
    int m_selected = -1;
    int m_filter_category = -1;
    std::string m_filter_district;
    std::string m_filter_status;
    ColorBy m_color_by = ColorBy::Category;
    Mode m_mode = Mode::Browse;
    ProposalsModel m_form;
    CommentsModel m_comments;
    bool m_comments_open = false;
    std::string m_notice;
    bool m_supporting = false;
    std::int64_t m_support_refused = 0; // the proposal whose support needs a sign-in (mirror's link)
    std::vector<std::int64_t> m_supported; // ids supported in this session
    std::optional<FieldError> m_support_error;
    bool m_adding_photo = false;
    std::optional<FieldError> m_photo_error;
    void AskWhetherMine(int index);
    std::string m_place_choice; // the district chosen in the mirror before placing there
    TileLayer m_tiles;
    std::string m_tiles_attribution;
};

} // namespace quartier

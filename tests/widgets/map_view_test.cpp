// Headless smoke test of the proposal map's view: a real ImGui context with the real font
// atlas and theme, no renderer and no GPU; frames run, the mouse, the keyboard and a
// two-finger pinch are simulated, and what a resident would see is checked through the
// model's state and the named controls.
#include "widgets/app/api_client.h"
#include "widgets/app/map.h"
#include "widgets/app/platform.h"
#include "widgets/app/text_field.h"
#include "widgets/app/theme.h"
#include "widgets/app/touch.h"
#include "widgets/app/ui.h"
#include "widgets/map/map_model.h"
#include "widgets/map/map_view.h"

#include <doctest/doctest.h>
#include <imgui.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using namespace quartier;

namespace {

constexpr int kTab = 1, kLeft = 2, kRight = 3, kUp = 4, kDown = 5, kEnter = 6, kEscape = 7;

struct Headless {
    float scale;
    explicit Headless(float width, float height, float s = 1.0f) : scale(s) {
        CreateHeadlessContext(width / s, height / s, s); // width and height in device pixels here
        ImGuiIO& io = ImGui::GetIO();
        io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
        io.KeyMap[ImGuiKey_Tab] = kTab;
        io.KeyMap[ImGuiKey_LeftArrow] = kLeft;
        io.KeyMap[ImGuiKey_RightArrow] = kRight;
        io.KeyMap[ImGuiKey_UpArrow] = kUp;
        io.KeyMap[ImGuiKey_DownArrow] = kDown;
        io.KeyMap[ImGuiKey_Enter] = kEnter;
        io.KeyMap[ImGuiKey_Escape] = kEscape;
    }
    ~Headless() {
        CurrentPinch() = TouchPinch{};
        ImGui::DestroyContext();
    }

    void Frame(MapModel& m) {
        ImGui::NewFrame();
        ClearControls();
        DrawMapWidget(m);
        EndTextFieldsFrame();
        ImGui::Render();
    }
    void Frames(MapModel& m, int n = 3) {
        for (int i = 0; i < n; ++i) Frame(m);
    }
    // Press and release at a point (device pixels).
    void ClickAt(MapModel& m, float x, float y) {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = ImVec2(x, y);
        Frame(m);
        io.MouseDown[0] = true;
        Frame(m);
        io.MouseDown[0] = false;
        Frame(m);
    }
    void Click(MapModel& m, const std::string& control) {
        const auto c = ControlsJson(scale);
        REQUIRE_MESSAGE(c.contains(control), "no control named " << control);
        ClickAt(m, (c[control]["x"].get<float>() + c[control]["w"].get<float>() / 2) * scale,
                (c[control]["y"].get<float>() + c[control]["h"].get<float>() / 2) * scale);
    }
    void Key(MapModel& m, int key, bool shift = false) {
        ImGuiIO& io = ImGui::GetIO();
        io.KeyShift = shift;
        io.KeysDown[key] = true;
        Frame(m);
        io.KeysDown[key] = false;
        io.KeyShift = false;
        Frame(m);
    }
    std::size_t Vertices() const {
        std::size_t n = 0;
        const ImDrawData* d = ImGui::GetDrawData();
        for (int i = 0; i < d->CmdListsCount; ++i) n += d->CmdLists[i]->VtxBuffer.Size;
        return n;
    }
};

std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// A model with the whole of Haute-Garonne as districts and a few proposals around Toulouse.
struct Demo {
    ApiClient api{"http://127.0.0.1:1", "fr"};
    MapModel model{api, "ville", "fr", 43.6045, 1.444};
    Demo() {
        REQUIRE(model.SetDistricts(nlohmann::json::parse(
            ReadFile(std::string(QUARTIER_TEST_DATA) + "/geo/communes-31-haute-garonne.geojson"))));
        std::vector<MapProposal> list;
        const struct { const char* title; double lat, lon; } places[] = {
            {"Jardin partagé à Empalot", 43.5805, 1.4460},
            {"Fontaines à boire", 43.6045, 1.4440},
            {"Boîte à livres", 43.6040, 1.4455},
            {"Bancs au bord du lac", 43.6330, 1.3520},
        };
        int id = 1;
        for (const auto& p : places) {
            MapProposal mp;
            mp.proposal.id = id++;
            mp.proposal.title = p.title;
            mp.proposal.category = "Cadre de vie";
            mp.proposal.latitude = p.lat;
            mp.proposal.longitude = p.lon;
            mp.proposal.estimated_cost = 15000;
            mp.proposal.status = ProposalStatus::Published;
            mp.district_name = "Toulouse";
            mp.supports = 3;
            list.push_back(mp);
        }
        model.SetProposals(list);
        model.View().center = ToMercator({1.444, 43.6045});
        model.View().zoom = 15;
    }
    // Screen position (device px) of a proposal's marker, from the state the JS API gives.
    bool MarkerOf(std::int64_t id, float scale, float& x, float& y) const {
        const auto state = model.StateJson();
        for (const auto& v : state["visible"])
            if (v.contains("id") && v["id"] == id) {
                x = v["x"].get<float>() * scale;
                y = v["y"].get<float>() * scale;
                return true;
            }
        return false;
    }
};

} // namespace

TEST_CASE("the map draws communes, markers and its controls; the index type holds big meshes") {
    static_assert(sizeof(ImDrawIdx) == 4, "the map's meshes pass 65 536 vertices");
    Headless ui(1280, 800);
    Demo d;
    d.model.View().zoom = 9; // the whole department: every commune outline drawn
    ui.Frames(d.model);
    const auto c = ControlsJson(1.0f);
    for (const char* id : {"propose", "filter-category", "filter-district", "filter-status", "zoom-in", "zoom-out"})
        CHECK_MESSAGE(c.contains(id), id);
    CHECK(ui.Vertices() > 20000); // 587 communes filled and outlined
    const auto state = d.model.StateJson();
    CHECK(state["visible"].size() >= 1);
}

TEST_CASE("clicking a marker opens its card with a support button; the close button closes it") {
    Headless ui(1280, 800);
    Demo d;
    d.model.View().zoom = 17; // close enough for the two central proposals to stand apart
    ui.Frames(d.model);
    float x = 0, y = 0;
    REQUIRE(d.MarkerOf(2, 1.0f, x, y));
    ui.ClickAt(d.model, x + 4, y - 3);
    REQUIRE(d.model.Selected() == 1);
    ui.Frames(d.model, 2);
    const auto c = ControlsJson(1.0f);
    REQUIRE(c.contains("support"));
    CHECK(c["support"]["visible"] == true);
    CHECK(c["support"]["h"].get<float>() >= 44.0f);
    ui.Click(d.model, "close-card");
    CHECK(d.model.Selected() == -1);
}

TEST_CASE("dragging pans, the wheel zooms around the pointer, + and − buttons zoom") {
    Headless ui(1280, 800);
    Demo d;
    ui.Frames(d.model);
    ImGuiIO& io = ImGui::GetIO();
    const MapState before = d.model.View();
    const ScreenPoint start{500, 500};
    const LonLat grabbed = before.ToLonLatAt(start);
    io.MousePos = ImVec2(500, 500);
    ui.Frame(d.model);
    io.MouseDown[0] = true;
    ui.Frame(d.model);
    for (int i = 1; i <= 10; ++i) {
        io.MousePos = ImVec2(500 + 12.0f * i, 500 - 5.0f * i);
        ui.Frame(d.model);
    }
    io.MouseDown[0] = false;
    ui.Frame(d.model);
    const ScreenPoint now = d.model.View().ToScreen(grabbed);
    CHECK(now.x == doctest::Approx(620).epsilon(0.01));
    CHECK(now.y == doctest::Approx(450).epsilon(0.01));
    CHECK(d.model.Selected() == -1); // a drag is not a click

    const LonLat under = d.model.View().ToLonLatAt({300, 400});
    const double zoom = d.model.View().zoom;
    io.MousePos = ImVec2(300, 400);
    io.MouseWheel = 2; // two notches
    ui.Frame(d.model);
    CHECK(d.model.View().zoom == doctest::Approx(zoom + 1));
    const ScreenPoint still = d.model.View().ToScreen(under);
    CHECK(still.x == doctest::Approx(300).epsilon(0.001));
    CHECK(still.y == doctest::Approx(400).epsilon(0.001));

    ui.Click(d.model, "zoom-out");
    CHECK(d.model.View().zoom == doctest::Approx(zoom));
    ui.Click(d.model, "zoom-in");
    CHECK(d.model.View().zoom == doctest::Approx(zoom + 1));
}

TEST_CASE("two fingers pinching apart zoom in around their midpoint") {
    Headless ui(360 * 2, 640 * 2, 2);
    Demo d;
    ui.Frames(d.model);
    const double zoom = d.model.View().zoom;
    const ScreenPoint mid{360, 700};
    const LonLat under = d.model.View().ToLonLatAt(mid);
    TouchPinch& pinch = CurrentPinch();
    pinch = {true, 360, 700, 200};
    ui.Frame(d.model);
    pinch.distance = 400; // fingers twice as far apart: one level closer
    ui.Frame(d.model);
    pinch.active = false;
    ui.Frame(d.model);
    CHECK(d.model.View().zoom == doctest::Approx(zoom + 1));
    const ScreenPoint still = d.model.View().ToScreen(under);
    CHECK(still.x == doctest::Approx(mid.x).epsilon(0.001));
    CHECK(still.y == doctest::Approx(mid.y).epsilon(0.001));
}

TEST_CASE("keyboard alone: arrows pan, Tab opens proposals one by one, Escape closes, Enter places") {
    Headless ui(1280, 800);
    Demo d;
    ui.Frames(d.model);
    const MercatorPoint c0 = d.model.View().center;
    ui.Key(d.model, kRight);
    CHECK(d.model.View().center.x > c0.x); // the map moved to show what is east
    ui.Key(d.model, kTab);
    const int first = d.model.Selected();
    REQUIRE(first >= 0);
    ui.Key(d.model, kTab);
    CHECK(d.model.Selected() != first);
    CHECK(d.model.Selected() >= 0);
    ui.Key(d.model, kTab, true);
    CHECK(d.model.Selected() == first);
    ui.Key(d.model, kEscape);
    CHECK(d.model.Selected() == -1);
    // Propose at the centre with the keyboard.
    d.model.StartPlacing();
    ui.Frame(d.model);
    const LonLat centre = FromMercator(d.model.View().center);
    ui.Key(d.model, kEnter);
    REQUIRE(d.model.CurrentMode() == MapModel::Mode::Form);
    CHECK(d.model.Form().GetDraft().latitude == doctest::Approx(centre.lat).epsilon(1e-9));
    CHECK(d.model.Form().GetDraft().longitude == doctest::Approx(centre.lon).epsilon(1e-9));
}

TEST_CASE("propose here on a 360 px phone: the form fits, its fields and buttons are finger-sized") {
    const float s = 3.0f;
    Headless ui(360 * s, 640 * s, s);
    Demo d;
    ui.Frames(d.model);
    CHECK(ControlsJson(s).contains("filters")); // on a phone the filters fold away
    CHECK_FALSE(ControlsJson(s).contains("filter-category"));
    ui.Click(d.model, "propose");
    REQUIRE(d.model.CurrentMode() == MapModel::Mode::Placing);
    ui.ClickAt(d.model, 180 * s, 400 * s);
    REQUIRE(d.model.CurrentMode() == MapModel::Mode::Form);
    ui.Frames(d.model, 2);
    const auto c = ControlsJson(s);
    for (const char* id : {"title", "description", "category-0", "cost", "submit", "cancel", "change-place"}) {
        CAPTURE(id);
        REQUIRE(c.contains(id));
        CHECK(c[id]["x"].get<float>() >= 0.0f);
        CHECK(c[id]["x"].get<float>() + c[id]["w"].get<float>() <= 360.5f);
    }
    for (const char* id : {"submit", "cancel", "category-0", "change-place"}) {
        CAPTURE(id);
        CHECK(c[id]["h"].get<float>() >= 44.0f);
    }
    CHECK(d.model.StateJson()["draft"]["district"] == "Toulouse");
    // The buttons are below the fold: the resident scrolls to them.
    for (int i = 0; i < 30 && !ControlsJson(s)["cancel"]["visible"].get<bool>(); ++i) {
        ImGui::GetIO().MousePos = ImVec2(180 * s, 320 * s);
        ImGui::GetIO().MouseWheel = -1;
        ui.Frame(d.model);
    }
    REQUIRE(ControlsJson(s)["cancel"]["visible"] == true);
    ui.Click(d.model, "cancel");
    CHECK(d.model.CurrentMode() == MapModel::Mode::Browse);
}

namespace {
// A host that records what the text overlay is asked to do.
struct OverlayLog {
    static inline int opens = 0, closes = 0;
    static inline std::string value;
    static inline float x = 0, y = 0;
    static void Open(float ox, float oy, float, float, const std::string& v, bool, bool, const std::string&, float, bool, bool) {
        ++opens;
        value = v;
        x = ox;
        y = oy;
    }
    static void Move(float, float, float, float) {}
    static void Close() { ++closes; }
};
const TextOverlayHooks kLogHooks{OverlayLog::Open, OverlayLog::Move, OverlayLog::Close};
} // namespace

TEST_CASE("with a host, text is typed in the page's element over the field, and Tab goes to the next field") {
    Headless ui(1280, 800);
    Demo d;
    SetTextOverlayHooks(&kLogHooks);
    d.model.PlaceAt({1.444, 43.6045});
    d.model.Form().EditDraft().title = "Bancs";
    ui.Frames(d.model);
    ui.Click(d.model, "title");
    CHECK(OverlayLog::opens == 1);
    CHECK(OverlayLog::value == "Bancs");
    const auto c = ControlsJson(1.0f);
    CHECK(OverlayLog::x == doctest::Approx(c["title"]["x"].get<float>()));
    CHECK(OverlayLog::y == doctest::Approx(c["title"]["y"].get<float>()));
    CHECK(TextOverlayOpen());
    TextOverlayInput("Bancs à l’ombre");
    ui.Frame(d.model);
    CHECK(d.model.Form().GetDraft().title == "Bancs à l’ombre");
    TextOverlayClosed(1); // Tab
    ui.Frames(d.model, 2);
    CHECK(OverlayLog::opens == 2); // the description's element
    TextOverlayInput("Sous les platanes");
    ui.Frame(d.model);
    CHECK(d.model.Form().GetDraft().description == "Sous les platanes");
    CHECK(d.model.Form().GetDraft().title == "Bancs à l’ombre");
    // The form closes: so does the element.
    d.model.CancelProposal();
    ui.Frames(d.model, 2);
    CHECK(OverlayLog::closes == 1);
    CHECK_FALSE(TextOverlayOpen());
    SetTextOverlayHooks(nullptr);
}

TEST_CASE("100 000 proposals: a frame draws only what is on screen") {
    Headless ui(1280, 800);
    Demo d;
    std::vector<MapProposal> many;
    std::uint64_t x = 42;
    for (int i = 0; i < 100000; ++i) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        MapProposal p;
        p.proposal.id = i + 1;
        p.proposal.title = "P";
        p.proposal.latitude = 43.55 + (x >> 40) % 10000 * 1e-5;
        p.proposal.longitude = 1.38 + (x >> 20) % 10000 * 1.2e-5;
        many.push_back(p);
    }
    d.model.SetProposals(std::move(many));
    d.model.View().zoom = 11;
    ui.Frames(d.model);
    const auto state = d.model.StateJson();
    CHECK(state["clustered"] == true);
    int total = 0;
    for (const auto& v : state["visible"]) total += v["count"].get<int>();
    CHECK(total == 100000);
    CHECK(state["visible"].size() < 200);
}

TEST_CASE("after typing in the page's element, the next click on a chip counts") {
    Headless ui(1280, 800);
    Demo d;
    SetTextOverlayHooks(&kLogHooks);
    d.model.PlaceAt({1.444, 43.6045});
    ui.Frames(d.model);
    ui.Click(d.model, "title");
    TextOverlayInput("Bancs");
    ui.Frame(d.model);
    TextOverlayClosed(0); // the resident clicks elsewhere
    ui.Click(d.model, "category-2");
    CHECK(d.model.Form().GetDraft().category == 2);
    SetTextOverlayHooks(nullptr);
}

TEST_CASE("text typed in the page's element counts even when the element is left before the next frame") {
    Headless ui(1280, 800);
    Demo d;
    SetTextOverlayHooks(&kLogHooks);
    d.model.PlaceAt({1.444, 43.6045});
    ui.Frames(d.model);
    ui.Click(d.model, "title");
    TextOverlayInput("Bancs à l’ombre"); // typed, then the resident clicks elsewhere at once
    TextOverlayClosed(0);
    ui.Frame(d.model);
    CHECK(d.model.Form().GetDraft().title == "Bancs à l’ombre");
    CHECK_FALSE(TextOverlayOpen());
    SetTextOverlayHooks(nullptr);
}

TEST_CASE("the legend explains the colours and switches them between categories and statuses") {
    Headless ui(1280, 800);
    Demo d;
    ui.Frames(d.model);
    auto c = ControlsJson(1.0f);
    REQUIRE(c.contains("color-status"));
    CHECK(c["color-status"]["visible"] == true);
    CHECK(c["color-status"]["y"].get<float>() > 500); // the bottom-left corner, out of the way
    CHECK(c["color-status"]["h"].get<float>() >= 44.0f);
    ui.Click(d.model, "color-status");
    CHECK(d.model.ColorMode() == MapModel::ColorBy::Status);
    ui.Click(d.model, "color-category");
    CHECK(d.model.ColorMode() == MapModel::ColorBy::Category);
}

TEST_CASE("on a phone the legend folds under a button and gives way to the card") {
    Headless ui(360 * 2, 640 * 2, 2.0f);
    Demo d;
    ui.Frames(d.model);
    auto c = ControlsJson(2.0f);
    REQUIRE(c.contains("legend"));
    CHECK_FALSE(c.contains("color-status"));
    ui.Click(d.model, "legend");
    ui.Frames(d.model, 2);
    c = ControlsJson(2.0f);
    REQUIRE(c.contains("color-status"));
    ui.Click(d.model, "color-status");
    CHECK(d.model.ColorMode() == MapModel::ColorBy::Status);
    ui.Click(d.model, "legend"); // folds again
    d.model.Select(1);
    ui.Frames(d.model, 2);
    c = ControlsJson(2.0f);
    CHECK_FALSE(c.contains("legend")); // the card's sheet has the bottom of the map
    CHECK(c.contains("support"));
}

TEST_CASE("raster tiles from the municipality's template are drawn under the districts") {
    Headless ui(1280, 800);
    Demo d;
    TakeImageRequests();
    ui.Frames(d.model);
    CHECK(TakeImageRequests().empty());
    d.model.SetTiles("https://tuiles.ville.example/{z}/{x}/{y}.png", "© Ville");
    ui.Frame(d.model);
    const auto asked = TakeImageRequests();
    CHECK(asked.size() >= 12);
    PumpPlatformEvents();
    ui.Frame(d.model);
    // Each loaded tile is one image drawn, in draw commands of their own texture, before
    // the districts' fills (which use the font atlas's white pixel).
    const ImTextureID atlas = ImGui::GetIO().Fonts->TexID;
    const ImDrawData* dd = ImGui::GetDrawData();
    int tile_cmds = 0;
    for (int i = 0; i < dd->CmdListsCount; ++i)
        for (const ImDrawCmd& cmd : dd->CmdLists[i]->CmdBuffer)
            if (cmd.TextureId != atlas && cmd.ElemCount > 0) tile_cmds += static_cast<int>(cmd.ElemCount / 6);
    CHECK(tile_cmds == static_cast<int>(asked.size()));
    d.model.SetTiles("", "");
}

// Headless smoke test of the proposals view: a real ImGui context with the real font atlas
// and theme, no renderer and no GPU; frames are run and the mouse is simulated.
#include "widgets/app/api_client.h"
#include "widgets/app/theme.h"
#include "widgets/app/ui.h"
#include "widgets/proposals/proposals_model.h"
#include "widgets/proposals/proposals_view.h"

#include <doctest/doctest.h>
#include <imgui.h>

using namespace quartier;

namespace {

struct Headless {
    explicit Headless(float width, float height, float scale = 1.0f) {
        ImGui::CreateContext();
        ThemeOptions theme;
        theme.scale = scale;
        ApplyTheme(theme);
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        ImGui::GetIO().DisplaySize = ImVec2(width, height);
        ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
    }
    ~Headless() { ImGui::DestroyContext(); }

    void Frame(ProposalsModel& m) {
        ImGui::NewFrame();
        ClearControls();
        DrawProposals(m);
        ImGui::Render();
    }
    // Presses and releases the mouse at the centre of a named control.
    void Click(ProposalsModel& m, const std::string& control) {
        const auto c = ControlsJson(1.0f);
        REQUIRE_MESSAGE(c.contains(control), "no control named " << control);
        const float x = c[control]["x"].get<float>() + c[control]["w"].get<float>() / 2;
        const float y = c[control]["y"].get<float>() + c[control]["h"].get<float>() / 2;
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = ImVec2(x, y);
        Frame(m);
        io.MouseDown[0] = true;
        Frame(m);
        io.MouseDown[0] = false;
        Frame(m);
    }
};

} // namespace

TEST_CASE("every French glyph the interface needs is in the font atlas") {
    Headless ui(1280, 800);
    for (ImWchar c : {L'é', L'è', L'ê', L'à', L'ç', L'ù', L'ô', L'î', L'œ', L'Œ', L'É', L'«', L'»',
                      L'’', L'…', L'€', L'\u202f'}) {
        CAPTURE(static_cast<int>(c));
        CHECK(BodyFont()->FindGlyphNoFallback(c) != nullptr);
        CHECK(HeadingFont()->FindGlyphNoFallback(c) != nullptr);
    }
    CHECK(BodyFont()->FontSize >= 16.0f); // readable body text
    CHECK(ImGui::GetIO().IniFilename == nullptr);
}

TEST_CASE("the list, then the form, draw; clicking \"Proposer un projet\" opens the form") {
    Headless ui(1280, 800);
    ApiClient api("http://127.0.0.1:1", "fr");
    ProposalsModel model(api, "fr", 43.6, 1.44);
    for (int i = 0; i < 3; ++i) ui.Frame(model);
    CHECK(ControlsJson(1.0f).contains("propose"));
    ui.Click(model, "propose");
    CHECK(model.CurrentScreen() == ProposalsModel::Screen::Form);
    ui.Frame(model);
    const auto controls = ControlsJson(1.0f);
    for (const char* id : {"title", "description", "category-0", "cost", "latitude", "longitude",
                           "submit", "cancel"})
        CHECK_MESSAGE(controls.contains(id), id);
    ui.Click(model, "category-2");
    CHECK(model.GetDraft().category == 2);
    ui.Click(model, "cancel");
    CHECK(model.CurrentScreen() == ProposalsModel::Screen::List);
}

TEST_CASE("on a 360 px phone at 3x, the form fits the width and touch targets are 44 px") {
    const float scale = 3.0f;
    Headless ui(360 * scale, 640 * scale, scale);
    ApiClient api("http://127.0.0.1:1", "fr");
    ProposalsModel model(api, "fr", 43.6, 1.44);
    model.OpenForm();
    for (int i = 0; i < 3; ++i) ui.Frame(model);
    const auto controls = ControlsJson(scale);
    for (const auto& [id, r] : controls.items()) {
        CAPTURE(id);
        CHECK(r["x"].get<float>() >= 0.0f);
        CHECK(r["x"].get<float>() + r["w"].get<float>() <= 360.5f);
    }
    for (const std::string id : {"submit", "cancel", "category-0"}) {
        CAPTURE(id);
        CHECK(controls[id]["h"].get<float>() >= 44.0f);
    }
}

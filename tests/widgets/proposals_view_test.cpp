// Headless smoke test of the proposals view: a real ImGui context with the real font atlas
// and theme, no renderer and no GPU; frames are run and the mouse is simulated.
#include "widgets/app/api_client.h"
#include "widgets/app/theme.h"
#include "widgets/app/ui.h"
#include "widgets/proposals/proposals_model.h"
#include "widgets/proposals/proposals_view.h"
#include "widget_test_support.h"

#include <doctest/doctest.h>
#include <imgui.h>

using namespace quartier;
using quartier::testing::HeadlessUi;


TEST_CASE("every French glyph the interface needs is in the font atlas") {
    HeadlessUi ui(1280, 800, 1.0f, [] {});
    for (ImWchar c : {L'é', L'è', L'ê', L'à', L'ç', L'ù', L'ô', L'î', L'œ', L'Œ', L'É', L'«', L'»',
                      L'’', L'…', L'€', L'\u202f'}) {
        CAPTURE(static_cast<int>(c));
        CHECK(BodyFont()->FindGlyphNoFallback(c) != nullptr);
        CHECK(HeadingFont()->FindGlyphNoFallback(c) != nullptr);
    }
    // Readable body text: 16 CSS px or more, as a browser measures it (the em). ImGui sizes a
    // font by its ascent + descent, which in DejaVu Sans is 1.16 em: measure the em by the
    // height of an H, 0.729 em in DejaVu Sans.
    const ImFontGlyph* h = BodyFont()->FindGlyphNoFallback(L'H');
    REQUIRE(h);
    CHECK((h->Y1 - h->Y0) / 0.729f >= 15.5f);
    CHECK(ImGui::GetIO().IniFilename == nullptr);
}

TEST_CASE("the list, then the form, draw; clicking \"Proposer un projet\" opens the form") {
    ApiClient api("http://127.0.0.1:1", "fr");
    ProposalsModel model(api, "fr", 43.6, 1.44);
    HeadlessUi ui(1280, 800, 1.0f, [&] { DrawProposals(model); });
    for (int i = 0; i < 3; ++i) ui.Frame();
    CHECK(ControlsJson(1.0f).contains("propose"));
    ui.Click("propose");
    CHECK(model.CurrentScreen() == ProposalsModel::Screen::Form);
    ui.Frame();
    const auto controls = ControlsJson(1.0f);
    for (const char* id : {"title", "description", "category-0", "cost", "latitude", "longitude",
                           "submit", "cancel"})
        CHECK_MESSAGE(controls.contains(id), id);
    ui.Click("category-2");
    CHECK(model.GetDraft().category == 2);
    ui.Click("cancel");
    CHECK(model.CurrentScreen() == ProposalsModel::Screen::List);
}

TEST_CASE("on a 360 px phone at 3x, the form fits the width and touch targets are 44 px") {
    const float scale = 3.0f;
    ApiClient api("http://127.0.0.1:1", "fr");
    ProposalsModel model(api, "fr", 43.6, 1.44);
    HeadlessUi ui(360, 640, scale, [&] { DrawProposals(model); });
    model.OpenForm();
    for (int i = 0; i < 3; ++i) ui.Frame();
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

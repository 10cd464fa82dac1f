// The agents' desk against a real server in-process: paper ballots entered by keyboard,
// codes spent as online, refusals in the staff's words, correction before confirmation, the
// session's count; and the desk drawn headless, reacting to keys.
#include "backend/api_fixture.h"
#include "widgets/app/api_client.h"
#include "widgets/app/platform.h"
#include "widgets/app/theme.h"
#include "widgets/app/ui.h"
#include "widgets/console/console_session.h"
#include "widgets/console/desk_model.h"
#include "widgets/console/desk_view.h"
#include "widget_test_support.h"

#include <doctest/doctest.h>
#include <imgui.h>

using namespace quartier;
using namespace quartier::testing;
using nlohmann::json;

namespace {

const std::string kVille = "/api/v1/tenants/ville/processes/";

// A knapsack vote of 100 000\u00a0€ over four projects, open for voting.
void KnapsackProcess(Town& town, const std::string& id, bool uncoded = false) {
    json p = Town::Process(id);
    p["ballot"] = {{"kind", "knapsack"}};
    p["projects"].push_back({{"id", "4"}, {"name", "Fontaine"}, {"cost", "8000"}});
    if (uncoded) p["uncoded_paper_ballots"] = true;
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/processes", p, town.admin).status == 201);
    REQUIRE(Call(town.server, "POST", kVille + id + "/phase", {{"phase", "voting"}}, town.admin).status == 200);
}

// The agent's console session on the town.
struct Desk {
    ApiClient api;
    ConsoleSession session;
    DeskModel model;
    Desk(Town& town, const std::string& lang = "fr")
        : api(town.server.Url(), lang), session(api, lang, "ville"), model(session) {
        session.token = town.agent;
        session.role = "agent";
    }
    void Open(const std::string& process) {
        model.Open(process);
        PumpPlatformEvents();
        REQUIRE(model.Ready());
    }
    // Types a whole ballot as an agent would: the code, Enter, the project numbers, Enter.
    void Enter(const std::string& code, const std::string& digits) {
        model.SetCode(code);
        REQUIRE(model.CodeEntered());
        for (char c : digits) model.TypeDigit(c - '0');
        model.Review();
    }
};

json Results(Town& town, const std::string& process) {
    REQUIRE(Call(town.server, "POST", kVille + process + "/phase", {{"phase", "closed"}}, town.admin).status == 200);
    REQUIRE(Call(town.server, "POST", kVille + process + "/phase", {{"phase", "published"}}, town.admin).status == 200);
    return Call(town.server, "GET", kVille + process + "/results").body;
}

} // namespace

TEST_CASE("desk: two knapsack ballots entered by number, said in words, stored, the form cleared and counted") {
    Town town;
    KnapsackProcess(town, "sac");
    const auto codes = town.Codes(2, "sac");
    Desk desk(town);
    desk.model.LoadProcesses();
    PumpPlatformEvents();
    REQUIRE(desk.model.Processes().size() == 2);
    CHECK(desk.model.Processes()[0].phase == "voting");
    CHECK(desk.model.Command("process-sac", nullptr));
    PumpPlatformEvents();
    REQUIRE(desk.model.Ready());
    CHECK(desk.model.CurrentStep() == DeskModel::Step::Code);
    CHECK(desk.model.Entered() == 0);

    desk.Enter(codes[0], "13");
    REQUIRE(desk.model.CurrentStep() == DeskModel::Step::Confirm);
    // The ballot in one sentence, with the running cost against the budget.
    CHECK(desk.model.Summary() == "Code " + codes[0] + " : 2 projets, 90\u202f000\u00a0€ sur 100\u202f000\u00a0€");
    REQUIRE(desk.model.ChoiceLines().size() == 2);
    CHECK(desk.model.ChoiceLines()[0] == "n° 1 Parc — 60\u202f000\u00a0€");
    CHECK(desk.model.Confirm());
    PumpPlatformEvents();
    CHECK_FALSE(desk.model.Error());
    CHECK(desk.model.Entered() == 1);
    CHECK(desk.model.Notice().find("Bulletin n° 1 enregistré") == 0);
    // Cleared for the next one: the code field, no project ticked, focus back on the code.
    CHECK(desk.model.CurrentStep() == DeskModel::Step::Code);
    CHECK(desk.model.Code().empty());
    CHECK(desk.model.Ballot()->Chosen().empty());
    CHECK(desk.model.TakeFocusRequest());

    desk.Enter(codes[1], "4");
    CHECK(desk.model.Summary() == "Code " + codes[1] + " : 1 projet, 8\u202f000\u00a0€ sur 100\u202f000\u00a0€");
    desk.model.Confirm();
    PumpPlatformEvents();
    CHECK(desk.model.Entered() == 2);
    const auto spoken = Spoken(desk.model.AccessibilityTree());
    CHECK(spoken.find("Bulletins saisis pendant cette session : 2") != std::string::npos);

    // An agent whose console speaks Spanish reads the same ballot in Spanish.
    Desk es(town, "es");
    es.Open("sac");
    es.Enter(codes[0], "13");
    CHECK(es.model.Summary() == "Código " + codes[0] + ": 2 proyectos, 90.000 € de 100.000 €");
    REQUIRE(es.model.ChoiceLines().size() == 2);
    CHECK(es.model.ChoiceLines()[0] == "n.º 1 Parc — 60.000 €");
    CHECK(Spoken(es.model.AccessibilityTree()).find("Papeletas registradas en esta sesión: 0") != std::string::npos);

    // The codes are spent as online ones: their holders cannot vote again.
    CHECK(Call(town.server, "POST", kVille + "sac/ballot-tokens", {{"code", codes[0]}}).body["error"]["code"] == "code_used");
    const auto results = Results(town, "sac");
    CHECK(results["turnout"]["by_method"]["paper"] == 2);
    CHECK(results["votes"]["1"] == 1);
    CHECK(results["votes"]["3"] == 1);
    CHECK(results["votes"]["4"] == 1);
    CHECK(results["votes"]["2"] == 0);
}

TEST_CASE("desk: a reused or unknown code is refused in the agent's words, nothing stored, the choices kept to fix the code") {
    Town town;
    KnapsackProcess(town, "sac");
    const auto codes = town.Codes(2, "sac");
    Desk desk(town);
    desk.Open("sac");
    desk.Enter(codes[0], "2");
    desk.model.Confirm();
    PumpPlatformEvents();
    REQUIRE(desk.model.Entered() == 1);

    // The same code again: refused, the form back on the code with the ticked project kept.
    desk.Enter(codes[0], "3");
    desk.model.Confirm();
    PumpPlatformEvents();
    REQUIRE(desk.model.Error());
    CHECK(desk.model.Error()->code == "code_used");
    CHECK(desk.model.Error()->Message("fr").find("déjà servi") != std::string::npos);
    CHECK(desk.model.CurrentStep() == DeskModel::Step::Code);
    CHECK(desk.model.Ballot()->Chosen() == std::vector<std::string>{"3"});
    CHECK(desk.model.Entered() == 1);
    // The alert says it to a screen reader too.
    CHECK(FindNode(desk.model.AccessibilityTree(), "alert")["text"].get<std::string>().find("déjà servi") != std::string::npos);

    // A mistyped code: unknown.
    desk.model.SetCode("ZZZZ-ZZZZ");
    REQUIRE(desk.model.CodeEntered());
    desk.model.Review();
    desk.model.Confirm();
    PumpPlatformEvents();
    REQUIRE(desk.model.Error());
    CHECK(desk.model.Error()->code == "unknown_code");
    CHECK(desk.model.Error()->Message("fr").find("Code inconnu") == 0);

    // The right code: stored with the choices already ticked.
    desk.model.SetCode(codes[1]);
    REQUIRE(desk.model.CodeEntered());
    REQUIRE(desk.model.Review());
    desk.model.Confirm();
    PumpPlatformEvents();
    CHECK_FALSE(desk.model.Error());
    CHECK(desk.model.Entered() == 2);
    const auto results = Results(town, "sac");
    CHECK(results["turnout"]["ballots"] == 2);
    CHECK(results["votes"]["3"] == 1);
}

TEST_CASE("desk: a wrong entry is corrected before confirmation; over the budget and the rules are said before sending") {
    Town town;
    KnapsackProcess(town, "sac");
    const auto codes = town.Codes(1, "sac");
    Desk desk(town);
    desk.Open("sac");
    desk.model.SetCode(codes[0]);
    REQUIRE(desk.model.CodeEntered());
    CHECK(desk.model.TypeDigit(1));
    // 60 000 + 50 000 is over 100 000: the second cannot be ticked, and the desk says why.
    CHECK_FALSE(desk.model.TypeDigit(2));
    REQUIRE(desk.model.Error());
    CHECK(desk.model.Error()->Message("fr").find("dépasse le budget restant") != std::string::npos);
    CHECK(desk.model.ProgressText() == "Budget restant : 40\u202f000\u00a0€ sur 100\u202f000\u00a0€");
    REQUIRE(desk.model.Review());
    CHECK(desk.model.Summary() == "Code " + codes[0] + " : 1 projet, 60\u202f000\u00a0€ sur 100\u202f000\u00a0€");
    // Escape: back to the projects; untick 1, tick 2 and 3; review again; confirm.
    desk.model.Back();
    CHECK(desk.model.CurrentStep() == DeskModel::Step::Choose);
    desk.model.TypeDigit(1);
    desk.model.MoveCursor(1);
    desk.model.ToggleCursor(); // 2
    desk.model.MoveCursor(1);
    desk.model.ToggleCursor(); // 3
    REQUIRE(desk.model.Review());
    CHECK(desk.model.Summary() == "Code " + codes[0] + " : 2 projets, 80\u202f000\u00a0€ sur 100\u202f000\u00a0€");
    desk.model.Confirm();
    PumpPlatformEvents();
    CHECK(desk.model.Entered() == 1);
    const auto results = Results(town, "sac");
    CHECK(results["votes"]["1"] == 0);
    CHECK(results["votes"]["2"] == 1);
    CHECK(results["votes"]["3"] == 1);
}

TEST_CASE("desk: approval limits come from the shared rules; codes are required unless the process says otherwise") {
    Town town; // "bp": approval, 1 to 2 projects
    const auto codes = town.Codes(1);
    Desk desk(town, "en");
    desk.Open("bp");
    // No code: refused on the spot, the field named.
    CHECK_FALSE(desk.model.CodeEntered());
    REQUIRE(desk.model.Error());
    CHECK(desk.model.Error()->field == "code");
    CHECK_FALSE(desk.model.WithoutCode());
    // No project ticked: the shared validation refuses before anything is sent.
    desk.model.SetCode(codes[0]);
    REQUIRE(desk.model.CodeEntered());
    CHECK_FALSE(desk.model.Review());
    REQUIRE(desk.model.Error());
    CHECK(desk.model.Error()->code == "too_few_projects");
    CHECK(desk.model.Error()->Message("en").find("correct it before confirming") != std::string::npos);
    // Three ticked: the third is refused (at most two).
    desk.model.TypeDigit(1);
    desk.model.TypeDigit(2);
    CHECK_FALSE(desk.model.TypeDigit(3));
    CHECK(desk.model.Ballot()->Chosen().size() == 2);
    // A number not on the ballot.
    CHECK_FALSE(desk.model.TypeDigit(7));
    CHECK(desk.model.Error()->code == "unknown_number");
    REQUIRE(desk.model.Review());
    CHECK(desk.model.Summary() == "Code " + codes[0] + ": 2 projects");
    desk.model.Confirm();
    PumpPlatformEvents();
    CHECK(desk.model.Entered() == 1);

    // A process that takes uncoded paper ballots offers them.
    KnapsackProcess(town, "libre", true);
    Desk other(town);
    other.Open("libre");
    REQUIRE(other.model.WithoutCode());
    other.model.TypeDigit(3);
    REQUIRE(other.model.Review());
    CHECK(other.model.Summary() == "Sans code : 1 projet, 30\u202f000\u00a0€ sur 100\u202f000\u00a0€");
    other.model.Confirm();
    PumpPlatformEvents();
    CHECK(other.model.Entered() == 1);
    CHECK(Results(town, "libre")["turnout"]["uncoded_paper"] == 1);
}

TEST_CASE("desk: a process not open for voting says so; the mirror drives a whole ballot") {
    Town town;
    json p = Town::Process("plus-tard");
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/processes", p, town.admin).status == 201);
    Desk desk(town);
    desk.model.Open("plus-tard");
    PumpPlatformEvents();
    CHECK_FALSE(desk.model.Ready());
    CHECK(Spoken(desk.model.AccessibilityTree()).find("vote n’est pas ouvert") != std::string::npos);

    const auto codes = town.Codes(1);
    desk.model.Open("bp");
    PumpPlatformEvents();
    auto tree = desk.model.AccessibilityTree();
    CHECK(FindNode(tree, "code")["focus"] == true);
    CHECK(desk.model.Command("code", codes[0]));
    CHECK(desk.model.Command("code-entered", nullptr));
    CHECK(desk.model.Command("toggle-3", nullptr));
    tree = desk.model.AccessibilityTree();
    CHECK(Spoken(tree).find("n° 3 Bancs, 30\u202f000\u00a0€. Coché.") != std::string::npos);
    CHECK(desk.model.Command("review", nullptr));
    CHECK(FindNode(desk.model.AccessibilityTree(), "summary")["text"] == "Code " + codes[0] + " : 1 projet");
    CHECK(desk.model.Command("confirm", nullptr));
    PumpPlatformEvents();
    CHECK(desk.model.Entered() == 1);
}

TEST_CASE("desk: more than nine projects are typed as two-digit numbers") {
    Town town;
    json p = Town::Process("grand");
    p["ballot"] = {{"kind", "approval"}, {"max_projects", 3}};
    p["projects"] = json::array();
    for (int i = 1; i <= 12; ++i) p["projects"].push_back({{"id", "p" + std::to_string(i)}, {"name", "Projet " + std::to_string(i)}, {"cost", "1000"}});
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/processes", p, town.admin).status == 201);
    REQUIRE(Call(town.server, "POST", kVille + "grand/phase", {{"phase", "voting"}}, town.admin).status == 200);
    Desk desk(town);
    desk.Open("grand");
    desk.model.SetCode("ABCD-EFGH");
    REQUIRE(desk.model.CodeEntered());
    desk.model.TypeDigit(1); // 1, 10, 11 or 12: waits
    CHECK(desk.model.Ballot()->Chosen().empty());
    CHECK(desk.model.PendingDigits() == "1");
    desk.model.TypeDigit(2); // 12
    CHECK(desk.model.Ballot()->Chosen() == std::vector<std::string>{"p12"});
    desk.model.TypeDigit(5); // nothing starts with 5 but 5
    desk.model.TypeDigit(1);
    desk.model.ToggleCursor(); // Space takes "1"
    CHECK(desk.model.Ballot()->Chosen() == std::vector<std::string>{"p12", "p5", "p1"});
}

// [Headless view] The desk drawn and driven by keys only.
namespace {
constexpr int kEnter = 1, kEscape = 2, kUp = 3, kDown = 4, kTab = 5;

struct DeskUi {
    DeskModel& m;
    explicit DeskUi(DeskModel& model, float width = 1280) : m(model) {
        CreateHeadlessContext(width, 800, 1.0f);
        ImGuiIO& io = ImGui::GetIO();
        io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
        io.KeyMap[ImGuiKey_Enter] = kEnter;
        io.KeyMap[ImGuiKey_Escape] = kEscape;
        io.KeyMap[ImGuiKey_UpArrow] = kUp;
        io.KeyMap[ImGuiKey_DownArrow] = kDown;
        io.KeyMap[ImGuiKey_Tab] = kTab;
    }
    ~DeskUi() { ImGui::DestroyContext(); }
    void Frame() {
        ImGui::NewFrame();
        ClearControls();
        BeginSurface("##console");
        DrawDesk(m);
        EndSurface();
        ImGui::Render();
        PumpPlatformEvents();
    }
    void Key(int key) {
        ImGui::GetIO().KeysDown[key] = true;
        Frame();
        ImGui::GetIO().KeysDown[key] = false;
        Frame();
    }
    void Type(const std::string& text) {
        for (char c : text) {
            ImGui::GetIO().AddInputCharacter(static_cast<unsigned>(c));
            Frame();
        }
    }
};
} // namespace

TEST_CASE("desk view: the code field has the focus at start, and a ballot goes through by keyboard alone") {
    Town town;
    KnapsackProcess(town, "sac");
    const auto codes = town.Codes(2, "sac");
    Desk desk(town);
    desk.Open("sac");
    DeskUi ui(desk.model);
    for (int i = 0; i < 3; ++i) ui.Frame();
    CHECK(ControlsJson(1.0f).contains("code"));
    // Typed straight away: the field had the focus.
    ui.Type(codes[0]);
    CHECK(desk.model.Code() == codes[0]);
    ui.Key(kEnter);
    REQUIRE(desk.model.CurrentStep() == DeskModel::Step::Choose); // not sent on by the same Enter
    CHECK(ControlsJson(1.0f).contains("toggle-1"));
    ui.Type("1");
    ui.Key(kDown);
    ui.Key(kDown);
    ui.Type(" ");
    CHECK(desk.model.Ballot()->Chosen() == std::vector<std::string>{"1", "3"});
    ui.Key(kEnter);
    REQUIRE(desk.model.CurrentStep() == DeskModel::Step::Confirm);
    CHECK(ControlsJson(1.0f).contains("confirm"));
    // Escape corrects: untick 3 with its number, review again.
    ui.Key(kEscape);
    CHECK(desk.model.CurrentStep() == DeskModel::Step::Choose);
    ui.Type("3");
    ui.Key(kEnter);
    CHECK(desk.model.Summary() == "Code " + codes[0] + " : 1 projet, 60\u202f000\u00a0€ sur 100\u202f000\u00a0€");
    ui.Key(kEnter);
    CHECK(desk.model.Entered() == 1);
    CHECK(desk.model.CurrentStep() == DeskModel::Step::Code);
    // The next ballot starts in the code field again, without a click.
    for (int i = 0; i < 2; ++i) ui.Frame();
    ui.Type(codes[1]);
    CHECK(desk.model.Code() == codes[1]);
    // And a click works as well as keys.
    ui.Key(kEnter);
    const auto c = ControlsJson(1.0f);
    REQUIRE(c.contains("toggle-4"));
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(c["toggle-4"]["x"].get<float>() + 20, c["toggle-4"]["y"].get<float>() + 5);
    ui.Frame();
    io.MouseDown[0] = true;
    ui.Frame();
    io.MouseDown[0] = false;
    ui.Frame();
    CHECK(desk.model.Ballot()->Chosen() == std::vector<std::string>{"4"});
}

TEST_CASE("desk: a cumulative ballot — points by + and − on the project under the cursor, the points left said") {
    Town town;
    json p = Town::Process("points");
    p["ballot"] = {{"kind", "cumulative"}, {"max_points", 5}, {"max_points_per_project", 3}};
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/processes", p, town.admin).status == 201);
    REQUIRE(Call(town.server, "POST", kVille + "points/phase", {{"phase", "voting"}}, town.admin).status == 200);
    const auto codes = town.Codes(1, "points");
    Desk desk(town);
    desk.Open("points");
    desk.model.SetCode(codes[0]);
    REQUIRE(desk.model.CodeEntered());
    desk.model.TypeDigit(2); // one point to project 2, cursor on it
    CHECK(desk.model.PointsAtCursor(1));
    CHECK(desk.model.PointsAtCursor(1));
    CHECK_FALSE(desk.model.PointsAtCursor(1)); // at most 3 on one project
    REQUIRE(desk.model.Error());
    CHECK(desk.model.Error()->Message("fr").find("maximum de points") != std::string::npos);
    desk.model.MoveCursor(1);
    CHECK(desk.model.ToggleCursor()); // Space: a point to project 3
    CHECK(desk.model.ProgressText() == "Points restants : 1 sur 5");
    desk.model.PointsAtCursor(-1);
    CHECK(desk.model.Ballot()->PointsOf("3") == 0);
    REQUIRE(desk.model.Review());
    CHECK(desk.model.Summary() == "Code " + codes[0] + " : 1 projet, 3 points sur 5");
    desk.model.Confirm();
    PumpPlatformEvents();
    CHECK(desk.model.Entered() == 1);
}

TEST_CASE("desk view: at tablet width every project, the review and the count stay in view") {
    Town town;
    KnapsackProcess(town, "sac");
    const auto codes = town.Codes(1, "sac");
    Desk desk(town);
    desk.Open("sac");
    DeskUi ui(desk.model, 768);
    for (int i = 0; i < 3; ++i) ui.Frame();
    ui.Type(codes[0]);
    ui.Key(kEnter);
    const auto c = ControlsJson(1.0f);
    for (const char* id : {"entered", "toggle-1", "toggle-2", "toggle-3", "toggle-4", "review", "back"}) {
        REQUIRE_MESSAGE(c.contains(id), std::string(id));
        CHECK_MESSAGE(c[id]["y"].get<float>() + c[id]["h"].get<float>() <= 800.0f, std::string(id));
        CHECK_MESSAGE(c[id]["x"].get<float>() + c[id]["w"].get<float>() <= 768.0f, std::string(id));
    }
}

TEST_CASE("desk view: before a process is open, the voting ones are offered") {
    Town town;
    Desk desk(town, "en");
    desk.model.LoadProcesses();
    PumpPlatformEvents();
    DeskUi ui(desk.model);
    ui.Frame();
    ui.Frame();
    REQUIRE(ControlsJson(1.0f).contains("process-bp"));
    const auto c = ControlsJson(1.0f);
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(c["process-bp"]["x"].get<float>() + 10, c["process-bp"]["y"].get<float>() + 10);
    ui.Frame();
    io.MouseDown[0] = true;
    ui.Frame();
    io.MouseDown[0] = false;
    ui.Frame();
    CHECK(desk.model.ProcessId() == "bp");
    CHECK(desk.model.CurrentStep() == DeskModel::Step::Code);
}

// The moderation console's behaviour, natively, against a stand-in for the moderation API.
#include "widgets/app/api_client.h"
#include "widgets/app/platform.h"
#include "widgets/app/theme.h"
#include "widgets/app/ui.h"
#include "widgets/moderation/moderation_model.h"
#include "widgets/moderation/moderation_view.h"
#include "widget_test_support.h"

#include <doctest/doctest.h>
#include <httplib.h>
#include <imgui.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <thread>

using namespace quartier;
using nlohmann::json;

namespace {

class FakeModeration : public testing::StandIn {
public:
    FakeModeration() {
        Http().Post("/api/v1/auth/login", [](const httplib::Request& req, httplib::Response& res) {
            const auto b = json::parse(req.body);
            if (b.value("password", "") != "secret") {
                res.status = 401;
                res.set_content(R"({"error":{"code":"bad_credentials","field":"email","message":"x","messages":{"fr":"Adresse ou mot de passe incorrect.","en":"Wrong email or password."}}})", "application/json");
                return;
            }
            res.set_content(json{{"token", "tok"}, {"role", b.value("email", "") == "resident@x" ? "resident" : "moderator"}}.dump(), "application/json");
        });
        Http().Get("/api/v1/tenants/t/moderation/queue", [this](const httplib::Request& req, httplib::Response& res) {
            if (req.get_header_value("Authorization") != "Bearer tok") {
                res.status = 401;
                return;
            }
            queries.push_back(req.get_param_value("status"));
            json items = json::array();
            auto add = [&](int id, const char* title, double lat, double lon, int flags, const char* created, json author,
                           const char* district, const char* category) {
                items.push_back({{"id", id}, {"title", title}, {"description", ""}, {"category", category},
                                 {"latitude", lat}, {"longitude", lon}, {"estimated_cost", 1000}, {"status", "submitted"},
                                 {"flags", flags}, {"reasons", flags ? json{"Propos injurieux", "Insulte"} : json::array()},
                                 {"created_at", created}, {"author", author}, {"district", district}});
            };
            add(1, "Jardin partagé rue des Lilas", 43.60, 1.44, 0, "2026-11-01T10:00:00Z", "a", "Nord", "Cadre de vie");
            add(2, "Un jardin partage rue des lilas", 43.6001, 1.4401, 0, "2026-11-02T10:00:00Z", "b", "Nord", "Cadre de vie");
            add(3, "Tags insultants sur le pont", 43.61, 1.45, 3, "2026-11-03T10:00:00Z", rich ? json() : json("c"), "Sud", "Propreté");
            add(4, "Bancs place du marché", 43.62, 1.46, 0, "2026-10-30T10:00:00Z", "a", "Sud", "Cadre de vie");
            json body{{"items", items}};
            if (rich) { // what the server sends today: its duplicates, counts and authors
                body["items"][0]["duplicates"] = json::array({{{"id", 99}, {"title", "Jardin partagé des Lilas"}, {"status", "published"}, {"distance_m", 120}},
                                                             {{"id", 98}, {"title", "Jardin des Lilas"}, {"status", "hidden"}, {"distance_m", 40}}});
                for (int i = 1; i < 4; ++i) body["items"][i]["duplicates"] = json::array();
                body["counts"] = {{"submitted", 4}, {"published", 10}, {"hidden", 7}, {"rejected", 2}, {"selected", 0}};
                body["flagged"] = 2;
                body["authors"] = {{"a", json::array({{{"id", 50}, {"title", "Piste cyclable"}, {"status", "rejected"}},
                                                      {{"id", 4}, {"title", "Bancs place du marché"}, {"status", "submitted"}},
                                                      {{"id", 1}, {"title", "Jardin partagé rue des Lilas"}, {"status", "submitted"}}})},
                                   {"b", json::array({{{"id", 2}, {"title", "Un jardin partage rue des lilas"}, {"status", "submitted"}}})}};
                // Comments: a reported one first, then one awaiting a moderator (the server's order).
                body["comments"] = {
                    {"items", json::array({{{"id", 71}, {"proposal", 4}, {"proposal_title", "Bancs place du marché"}, {"parent", nullptr},
                                            {"body", "Des insultes"}, {"stance", nullptr}, {"status", "published"}, {"flags", 2},
                                            {"created_at", "2026-11-05T10:00:00Z"}, {"edited_at", nullptr}, {"author", "a"},
                                            {"reasons", {"Hors sujet", "Propos injurieux ou discriminatoires"}}},
                                           {{"id", 72}, {"proposal", 1}, {"proposal_title", "Jardin partagé rue des Lilas"}, {"parent", 70},
                                            {"body", "Bonne idée"}, {"stance", nullptr}, {"status", "pending"}, {"flags", 0},
                                            {"created_at", "2026-11-06T10:00:00Z"}, {"edited_at", nullptr}, {"author", "b"},
                                            {"reasons", json::array()}}})},
                    {"counts", {{"published", 5}, {"pending", 1}, {"hidden", 0}, {"deleted", 0}, {"flagged", 1}}}};
            }
            res.set_content(body.dump(), "application/json");
        });
        Http().Get("/api/v1/tenants/t", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(R"({"slug":"t","name":"T","categories":[{"id":"cadre","fr":"Cadre de vie","en":"Living environment"},
              {"id":"proprete","fr":"Propreté","en":"Clean streets"}]})", "application/json");
        });
        Http().Get("/api/v1/tenants/t/districts", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(R"({"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{"code":"N","nom":"Nord"},"geometry":{"type":"Polygon","coordinates":[[[1.40,43.60],[1.50,43.60],[1.50,43.65],[1.40,43.65],[1.40,43.60]]]}},
              {"type":"Feature","properties":{"code":"S","nom":"Sud"},"geometry":{"type":"Polygon","coordinates":[[[1.40,43.55],[1.50,43.55],[1.50,43.60],[1.40,43.60],[1.40,43.55]]]}}]})",
                            "application/json");
        });
        Http().Post(R"(/api/v1/tenants/t/moderation/proposals/(\d+)/(\w+))", [this](const httplib::Request& req, httplib::Response& res) {
            sent.push_back({{"id", std::stoi(req.matches[1])}, {"action", req.matches[2]}, {"body", json::parse(req.body)}});
            res.set_content("{}", "application/json");
        });
        Http().Post(R"(/api/v1/tenants/t/moderation/comments/(\d+)/(\w+))", [this](const httplib::Request& req, httplib::Response& res) {
            sent.push_back({{"comment", std::stoi(req.matches[1])}, {"action", req.matches[2]}});
            res.set_content("{}", "application/json");
        });
        Http().Post("/api/v1/tenants/t/moderation/comments/bulk", [this](const httplib::Request& req, httplib::Response& res) {
            sent.push_back({{"comments_bulk", json::parse(req.body)}});
            res.set_content("{}", "application/json");
        });
        Http().Post("/api/v1/tenants/t/moderation/bulk", [this](const httplib::Request& req, httplib::Response& res) {
            sent.push_back({{"bulk", json::parse(req.body)}});
            res.set_content("{}", "application/json");
        });
        Http().Get("/api/v1/tenants/t/moderation/audit/verify", [this](const httplib::Request&, httplib::Response& res) {
            res.set_content(json{{"valid", chain_valid}}.dump(), "application/json");
        });
        Http().Get("/api/v1/tenants/t/moderation/audit", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(R"({"items":[{"at":"2026-11-24T08:00:00Z","actor":7,"action":"hide","target":3}]})", "application/json");
        });
        Start();
    }
    std::vector<json> sent;
    std::vector<std::string> queries; // ?status= of each queue read
    bool chain_valid = true;
    bool rich = false;
};

struct Fixture {
    FakeModeration server;
    ApiClient api{server.Url(), "fr"};
    ModerationModel model;
    explicit Fixture(double undo_seconds = 0.0, bool rich = false) : model(api, "fr", "t", undo_seconds) {
        server.rich = rich;
        model.EditEmail() = "moderation@x";
        model.EditPassword() = "secret";
        model.SignIn();
        PumpPlatformEvents(); // login
        PumpPlatformEvents(); // queue and districts
        PumpPlatformEvents();
        REQUIRE(model.LoadState() == ModerationModel::Load::Ready);
    }
};

} // namespace

TEST_CASE("sign-in: wrong password and non-moderators are refused, and the password is not kept") {
    FakeModeration server;
    ApiClient api(server.Url(), "fr");
    ModerationModel m(api, "fr", "t");
    m.EditEmail() = "moderation@x";
    m.EditPassword() = "wrong";
    m.SignIn();
    PumpPlatformEvents();
    REQUIRE(m.Error());
    CHECK(m.Error()->Message("fr") == "Adresse ou mot de passe incorrect.");
    CHECK(m.EditPassword().empty());
    m.EditEmail() = "resident@x";
    m.EditPassword() = "secret";
    m.SignIn();
    PumpPlatformEvents();
    CHECK(m.Error()->code == "forbidden");
    CHECK(m.CurrentScreen() == ModerationModel::Screen::SignIn);
}

TEST_CASE("the queue comes sorted by flags, then oldest first, with counts per status") {
    Fixture f;
    const auto v = f.model.Visible();
    REQUIRE(v.size() == 4);
    CHECK(v[0]->proposal.id == 3); // 3 flags
    CHECK(v[1]->proposal.id == 4); // oldest
    CHECK(f.model.CountsByStatus()["submitted"] == 4);
    CHECK(v[0]->flag_reasons == std::vector<std::string>{"Propos injurieux", "Insulte"});
    f.model.SetFlaggedOnly(true);
    CHECK(f.model.Visible().size() == 1);
}

TEST_CASE("approve, reject with a reason and hide are sent after the undo window; undo cancels") {
    Fixture f;
    f.model.SetStatusFilter("submitted");
    f.model.Approve(); // item 3
    CHECK(f.model.Visible().size() == 3); // gone from "to review" at once
    CHECK(f.model.Undo());
    CHECK(f.model.Visible().size() == 4);
    CHECK(f.model.Current()->proposal.status == ProposalStatus::Submitted);
    f.model.Tick(1e9);
    PumpPlatformEvents();
    CHECK(f.server.sent.empty()); // nothing was sent

    f.model.Reject(2); // item 3: abusive
    f.model.Tick(1e9);
    PumpPlatformEvents();
    REQUIRE(f.server.sent.size() == 1);
    CHECK(f.server.sent[0]["id"] == 3);
    CHECK(f.server.sent[0]["action"] == "reject");
    CHECK(f.server.sent[0]["body"]["reason"] == "Propos injurieux ou discriminatoires");
    CHECK_FALSE(f.model.Undo()); // too late: already sent
}

TEST_CASE("bulk selection with x acts on every selected item in one request") {
    Fixture f;
    f.model.ToggleSelected(); // 3
    f.model.Next();
    f.model.ToggleSelected(); // 4
    CHECK(f.model.Selection().size() == 2);
    f.model.Hide();
    f.model.Tick(1e9);
    PumpPlatformEvents();
    REQUIRE(f.server.sent.size() == 1);
    CHECK(f.server.sent[0]["bulk"]["action"] == "hide");
    CHECK(f.server.sent[0]["bulk"]["ids"] == json({3, 4}));
    CHECK(f.model.Selection().empty());
}

TEST_CASE("likely duplicates: similar titles nearby, accents and case aside; merge sends the target") {
    Fixture f;
    f.model.Next();
    f.model.Next(); // the 1st of Nov "Jardin partagé rue des Lilas"
    REQUIRE(f.model.Current()->proposal.id == 1);
    const auto dups = f.model.LikelyDuplicates(); // an older server: found in the queue itself
    REQUIRE(dups.size() == 1);
    CHECK(dups[0].id == 2);
    CHECK(dups[0].distance_m == doctest::Approx(13.7).epsilon(0.05));
    CHECK(TitleSimilarity("Jardin partagé rue des Lilas", "Un jardin partage rue des lilas") == doctest::Approx(1.0));
    CHECK(TitleSimilarity("Jardin partagé", "Bancs place du marché") == 0.0);
    CHECK(f.model.SameAuthor().size() == 1); // author "a" also wrote item 4
    f.model.MergeInto(2);
    f.model.Tick(1e9);
    PumpPlatformEvents();
    REQUIRE(f.server.sent.size() == 1);
    CHECK(f.server.sent[0]["action"] == "merge");
    CHECK(f.server.sent[0]["body"]["into"] == 2);
    CHECK(f.server.sent[0]["body"].value("reason", "") == ""); // the server writes "doublon de #2"
}

TEST_CASE("the audit log shows whether its hash chain is intact") {
    Fixture f;
    f.server.chain_valid = false;
    f.model.ShowAudit();
    PumpPlatformEvents();
    CHECK(f.model.CurrentScreen() == ModerationModel::Screen::Audit);
    REQUIRE(f.model.AuditChainValid());
    CHECK_FALSE(*f.model.AuditChainValid());
    CHECK(f.model.AuditEntries().size() == 1);
}

TEST_CASE("the console draws headless and its keyboard shortcuts act: j moves, a approves, u undoes") {
    Fixture f(/*undo_seconds=*/60.0);
    testing::HeadlessUi ui(1280, 800, 1.0f, [&] { DrawModeration(f.model); });
    ui.Frame();
    CHECK(ui.Controls().contains("approve"));
    CHECK(ui.Controls().contains("item-3"));
    ui.Type('j');
    CHECK(f.model.Current()->proposal.id == 4);
    ui.Type('a');
    CHECK(f.model.PendingActions().size() == 1);
    ui.Type('u');
    CHECK(f.model.PendingActions().empty());
    CHECK(f.model.Current()->proposal.status == ProposalStatus::Submitted);
    PumpPlatformEvents();
    CHECK(f.server.sent.empty()); // undone within the window: nothing reached the server
}

TEST_CASE("the server's duplicates, counts per status and the author's other proposals") {
    Fixture f(/*undo_seconds=*/60.0, /*rich=*/true);
    f.model.Select(2); // the 1st of Nov "Jardin partagé rue des Lilas" (3 flags, then 30 Oct, then this)
    REQUIRE(f.model.Current()->proposal.id == 1);
    // The server looked beyond the queue: a published proposal 120 m away; the hidden one is left out.
    const auto dups = f.model.LikelyDuplicates();
    REQUIRE(dups.size() == 1);
    CHECK(dups[0].id == 99);
    CHECK(dups[0].status == ProposalStatus::Published);
    CHECK(dups[0].distance_m == 120);
    // Author "a": two other proposals, one outside the queue, with their statuses.
    const auto mine = f.model.SameAuthor();
    REQUIRE(mine.size() == 2);
    CHECK(mine[0].id == 50);
    CHECK(mine[0].status == ProposalStatus::Rejected);
    CHECK(mine[1].id == 4);
    // Counts are the tenant's, and actions in their undo window move them at once.
    CHECK(f.model.CountsByStatus()["hidden"] == 7);
    CHECK(f.model.FlaggedCount() == 2);
    f.model.Hide();
    CHECK(f.model.CountsByStatus()["hidden"] == 8);
    CHECK(f.model.CountsByStatus()["submitted"] == 3);
    // The other proposal of author "a" shows its new status in the list at once.
    f.model.Select(1); // item 4, by author "a" as well
    f.model.Hide();
    f.model.Select(2);
    REQUIRE(f.model.Current()->proposal.id == 1);
    CHECK(f.model.SameAuthor()[1].status == ProposalStatus::Hidden);
    CHECK(f.model.Undo());
    CHECK(f.model.Undo());
    CHECK(f.model.CountsByStatus()["hidden"] == 7);
    // An erased author (null key): no pseudonym, no list.
    f.model.Select(0);
    REQUIRE(f.model.Current()->proposal.id == 3);
    CHECK(f.model.Current()->author.empty());
    CHECK(f.model.SameAuthor().empty());
    CHECK(f.model.StateJson()["author"].is_null());
}

TEST_CASE("filters: status asks the server, district, category and reported narrow the list") {
    Fixture f;
    CHECK(f.model.Districts() == std::vector<std::string>{"Nord", "Sud"});
    CHECK(f.model.Categories() == std::vector<std::string>{"Cadre de vie", "Propreté"});
    f.model.SetDistrictFilter("Sud");
    CHECK(f.model.Visible().size() == 2);
    f.model.SetCategoryFilter("Propreté");
    REQUIRE(f.model.Visible().size() == 1);
    CHECK(f.model.Visible()[0]->proposal.id == 3);
    f.model.SetCategoryFilter("");
    f.model.SetDistrictFilter("");
    f.model.SetStatusFilter("hidden");
    PumpPlatformEvents();
    CHECK(f.server.queries.back() == "hidden");
    f.model.SetStatusFilter("");
    PumpPlatformEvents();
    CHECK(f.server.queries.back() == "");
    CHECK(f.model.Visible().size() == 4);
    // The districts came for the map, and the place is found in them.
    REQUIRE(f.model.Regions().size() == 2);
    CHECK(f.model.Regions()[f.model.DistrictIndexOf(*f.model.Current())].name == "Nord"); // item 3, 43.61° N
}

namespace {
// Every node of an accessible tree, depth first.
void Walk(const json& node, std::vector<json>& out) {
    out.push_back(node);
    for (const auto& c : node.value("children", json::array())) Walk(c, out);
}
std::vector<json> Nodes(const json& tree) {
    std::vector<json> out;
    Walk(tree, out);
    return out;
}
const json* FindId(const std::vector<json>& nodes, const std::string& id) {
    for (const auto& n : nodes)
        if (n.value("id", "") == id) return &n;
    return nullptr;
}
} // namespace

TEST_CASE("the accessible console: sign in, the queue with its report reasons, reject with a reason, hide, undo, the audit verdict") {
    FakeModeration server;
    ApiClient api(server.Url(), "fr");
    ModerationModel m(api, "fr", "t", 60.0);
    auto nodes = Nodes(m.AccessibilityTree());
    REQUIRE(FindId(nodes, "password"));
    CHECK(FindId(nodes, "password")->value("secret", false));
    CHECK(m.Command("email", "moderation@x"));
    CHECK(m.Command("password", "secret"));
    CHECK(m.Command("sign-in"));
    PumpPlatformEvents();
    PumpPlatformEvents();
    PumpPlatformEvents();
    REQUIRE(m.CurrentScreen() == ModerationModel::Screen::Queue);

    nodes = Nodes(m.AccessibilityTree());
    const json* item = FindId(nodes, "item-3");
    REQUIRE(item);
    const std::string line = (*item)["text"];
    CHECK(line.find("3 signalements") != std::string::npos);
    CHECK(line.find("Propos injurieux ; Insulte") != std::string::npos);
    REQUIRE(FindId(nodes, "approve"));
    REQUIRE(FindId(nodes, "hide"));
    CHECK(FindId(nodes, "reason-0") == nullptr); // the reasons open with "reject"
    CHECK(FindId(nodes, "undo")->value("disabled", false));

    CHECK(m.Command("reject"));
    nodes = Nodes(m.AccessibilityTree());
    REQUIRE(FindId(nodes, "reason-2"));
    CHECK((*FindId(nodes, "reason-2"))["label"] == "Rejeter : Propos injurieux ou discriminatoires");
    CHECK(m.Command("reason-2"));
    CHECK(m.PendingActions().size() == 1);
    CHECK(m.PendingActions()[0].reason == "Propos injurieux ou discriminatoires");
    nodes = Nodes(m.AccessibilityTree());
    CHECK_FALSE(FindId(nodes, "undo")->value("disabled", true));
    CHECK((*FindId(nodes, "alert"))["text"].get<std::string>().find("Rejetée") == 0);
    CHECK(m.Command("undo"));
    CHECK(m.PendingActions().empty());

    CHECK(m.Command("open-1"));
    CHECK(m.Current()->proposal.id == 1);
    CHECK(m.Command("hide"));
    REQUIRE(m.PendingActions().size() == 1);
    CHECK(m.PendingActions()[0].ids == std::vector<std::int64_t>{1});
    CHECK(m.Command("merge-2") == true);
    CHECK(m.Command("district-1"));
    CHECK(m.DistrictFilter() == "Sud");
    CHECK_FALSE(m.Command("district-9"));
    CHECK_FALSE(m.Command("nonsense"));

    server.chain_valid = false;
    CHECK(m.Command("audit"));
    PumpPlatformEvents();
    PumpPlatformEvents();
    nodes = Nodes(m.AccessibilityTree());
    REQUIRE(FindId(nodes, "chain"));
    CHECK((*FindId(nodes, "chain"))["text"].get<std::string>().find("ROMPUE") != std::string::npos);
    CHECK(m.Command("back"));
    CHECK(m.CurrentScreen() == ModerationModel::Screen::Queue);
}

TEST_CASE("the console on a phone: one column within 360 px, finger-sized actions, the place on a map") {
    Fixture f(/*undo_seconds=*/60.0, /*rich=*/true);
    testing::HeadlessUi ui(360, 640, 2.0f, [&] { DrawModeration(f.model); });
    ui.Frame();
    ui.Frame();
    const auto c = ui.Controls();
    for (const char* id : {"approve", "reject", "hide", "status-filter", "flagged-only", "filter-district", "next", "previous"}) {
        REQUIRE_MESSAGE(c.contains(id), id);
        CHECK_MESSAGE(c[id]["x"].get<float>() >= 0, id);
        CHECK_MESSAGE(c[id]["x"].get<float>() + c[id]["w"].get<float>() <= 360.5f, id);
    }
    for (const char* id : {"approve", "reject", "hide", "next"}) {
        CHECK_MESSAGE(c[id]["h"].get<float>() >= 44.0f, id);
        CHECK_MESSAGE(c[id]["visible"].get<bool>(), id); // in view without scrolling
    }
    CHECK(c.contains("place-map"));
    CHECK(c["hide"]["y"] == c["approve"]["y"]); // the three actions on one line
    for (const auto& [id, word] : std::vector<std::pair<const char*, const char*>>{
             {"approve", "Approuver"}, {"reject", "Rejeter…"}, {"hide", "Masquer"}})
        CHECK_MESSAGE(c[id]["w"].get<float>() >= ImGui::CalcTextSize(word).x / 2.0f + 8.0f, id); // each word whole
    ui.Click("next");
    CHECK(f.model.Current()->proposal.id == 4);
    ui.Click("hide");
    REQUIRE(f.model.PendingActions().size() == 1);
    CHECK(f.model.PendingActions()[0].action == "hide");
    CHECK(f.model.PendingActions()[0].ids == std::vector<std::int64_t>{4});
}

TEST_CASE("the console on a desktop: list beside the proposal, the reason picker opens with r, 1-5 choose") {
    Fixture f(/*undo_seconds=*/60.0, /*rich=*/true);
    testing::HeadlessUi ui(1280, 800, 1.0f, [&] { DrawModeration(f.model); });
    ui.Frame();
    ui.Frame();
    auto c = ui.Controls();
    REQUIRE(c.contains("item-3"));
    REQUIRE(c.contains("approve"));
    CHECK(c["approve"]["x"].get<float>() > c["item-3"]["x"].get<float>() + c["item-3"]["w"].get<float>()); // side by side
    f.model.Select(2); // item 1: its duplicate 99 can be merged from the console
    ui.Frame();
    c = ui.Controls();
    CHECK(c.contains("merge-99"));
    CHECK(c.contains("place-map"));
    ui.Type('r');
    CHECK(ui.Controls().contains("reason-0"));
    ui.Type('2');
    REQUIRE(f.model.PendingActions().size() == 1);
    CHECK(f.model.PendingActions()[0].action == "reject");
    CHECK(f.model.PendingActions()[0].reason == "Déjà prévu ou réalisé par la commune");
    CHECK_FALSE(f.model.PickingReason());
}

TEST_CASE("a long queue: the mirror lists it fifty at a time, pages turn, and it follows the proposal under review") {
    testing::StandIn server;
    server.Http().Post("/api/v1/auth/login", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(R"({"token":"tok","role":"moderator"})", "application/json");
    });
    server.Http().Get("/api/v1/tenants/t/moderation/queue", [](const httplib::Request&, httplib::Response& res) {
        json items = json::array();
        for (int i = 1; i <= 120; ++i)
            items.push_back({{"id", i}, {"title", "Proposition " + std::to_string(i)}, {"status", "submitted"},
                             {"category", "Cadre de vie"}, {"flags", 0}, {"created_at", "2026-11-01T10:00:00Z"}});
        res.set_content(json{{"items", items}}.dump(), "application/json");
    });
    server.Start();
    ApiClient api(server.Url(), "fr");
    ModerationModel m(api, "fr", "t");
    m.Command("email", "moderation@x");
    m.Command("password", "x");
    m.Command("sign-in");
    for (int i = 0; i < 3; ++i) PumpPlatformEvents();
    REQUIRE(m.Visible().size() == 120);

    auto listed = [&] {
        std::vector<std::string> ids;
        std::string label;
        for (const auto& n : Nodes(m.AccessibilityTree())) {
            if (n.value("id", "").rfind("item-", 0) == 0) ids.push_back(n["id"]);
            if (n.value("id", "") == "queue-list") label = n.value("label", "");
        }
        return std::make_pair(ids, label);
    };
    auto [ids, label] = listed();
    REQUIRE(ids.size() == 50);
    CHECK(ids.front() == "item-1");
    CHECK(label == "Propositions 1 à 50 sur 120");
    auto nodes = Nodes(m.AccessibilityTree());
    CHECK(FindId(nodes, "page-previous") == nullptr);
    REQUIRE(FindId(nodes, "page-next"));
    CHECK((*FindId(nodes, "page-next"))["label"] == "Propositions suivantes (51 à 100)");

    REQUIRE(FindId(nodes, "queue-page"));
    CHECK_FALSE((*FindId(nodes, "queue-page")).value("take_focus", false)); // nothing turned yet
    CHECK(m.Command("page-next"));
    // The turn is said: the new page's heading takes focus (the mirror moves it there).
    nodes = Nodes(m.AccessibilityTree());
    REQUIRE(FindId(nodes, "queue-page"));
    CHECK((*FindId(nodes, "queue-page"))["text"] == "Propositions 51 à 100 sur 120");
    CHECK((*FindId(nodes, "queue-page")).value("take_focus", false));
    CHECK(m.Command("page-next"));
    std::tie(ids, label) = listed();
    CHECK(ids.size() == 20);
    CHECK(ids.front() == "item-101");
    CHECK(label == "Propositions 101 à 120 sur 120");
    CHECK_FALSE(m.Command("page-next")); // no page after the last
    CHECK(m.Current()->proposal.id == 1); // turning pages does not change the proposal under review

    CHECK(m.Command("open-107")); // reviewed from the third page: the mirror stays there
    nodes = Nodes(m.AccessibilityTree());
    REQUIRE(FindId(nodes, "queue-page"));
    CHECK_FALSE(FindId(nodes, "queue-page")->value("take_focus", false)); // focus stays on the review
    CHECK(m.Current()->proposal.id == 107);
    std::tie(ids, label) = listed();
    CHECK(ids.front() == "item-101");
    CHECK(m.Command("page-previous"));
    CHECK(listed().first.front() == "item-51");
    CHECK(m.Command("previous")); // moving through the queue brings the list back to the proposal
    CHECK(m.Current()->proposal.id == 106);
    CHECK(listed().first.front() == "item-101");
}

// WCAG 2.2.1: the undo window is timed, so the mirror gives more time with one press, and
// its notice names the mirror's buttons instead of a "u" key that does nothing there.
TEST_CASE("the mirror's undo window can be extended, and its notice names buttons, not the u key") {
    Fixture f(/*undo_seconds=*/5.0);
    CHECK_FALSE(f.model.Command("keep-undo")); // nothing waiting
    REQUIRE(f.model.Command("approve"));
    const double due = f.model.PendingActions()[0].send_at;
    auto nodes = Nodes(f.model.AccessibilityTree());
    const std::string alert = (*FindId(nodes, "alert"))["text"];
    CHECK(alert.find("touche u") == std::string::npos);
    CHECK(alert.find("« Annuler la dernière action »") != std::string::npos);
    REQUIRE(FindId(nodes, "keep-undo"));
    CHECK_FALSE(FindId(nodes, "keep-undo")->value("disabled", true));
    REQUIRE(f.model.Command("keep-undo"));
    CHECK(f.model.PendingActions()[0].send_at >= due + 20.0);
    f.model.Tick(due + 1.0); // the first window has passed: still undoable
    PumpPlatformEvents();
    CHECK(f.server.sent.empty());
    CHECK(f.model.Command("undo"));
    CHECK(f.model.PendingActions().empty());
    // After signing in, the mirror lands on the queue's heading.
    bool queue_takes_focus = false;
    const json tree = f.model.AccessibilityTree();
    for (const auto& c : tree["children"])
        if (c.value("focus", false) && c.value("text", "") == "File de modération") queue_takes_focus = true;
    CHECK(queue_takes_focus);
}

TEST_CASE("categories show as the commune names them in the console's language, never as stored values") {
    FakeModeration server;
    ApiClient api(server.Url(), "en");
    ModerationModel m(api, "en", "t");
    m.EditEmail() = "moderation@x";
    m.EditPassword() = "secret";
    m.SignIn();
    for (int i = 0; i < 3; ++i) PumpPlatformEvents();
    REQUIRE(m.LoadState() == ModerationModel::Load::Ready);
    CHECK(m.CategoryLabel("proprete") == "Clean streets");
    CHECK(m.CategoryLabel("Propreté") == "Clean streets"); // stored by its French name
    const std::string tree = m.AccessibilityTree().dump();
    CHECK(tree.find("Clean streets") != std::string::npos);
    CHECK(tree.find("Living environment") != std::string::npos);
    CHECK(tree.find("Propreté") == std::string::npos);
}

TEST_CASE("comments in the queue: the same keys act on them, undo, bulk, sent to the comments' endpoints") {
    Fixture f(5.0, true);
    CHECK(f.model.CurrentKind() == ModerationModel::Kind::Proposals);
    REQUIRE(f.model.Comments().size() == 2);
    CHECK(f.model.CommentsToReview() == 2);
    REQUIRE(f.model.Command("kind-comments"));
    CHECK(f.model.CurrentComment()->id == 71);
    CHECK(f.model.CurrentComment()->reasons.size() == 2);

    // h hides the current comment; u takes it back before it is sent.
    f.model.Hide();
    CHECK(f.model.Comments()[0].status == "hidden");
    CHECK(f.model.CommentsToReview() == 1);
    CHECK(f.model.Undo());
    CHECK(f.model.Comments()[0].status == "published");
    CHECK(f.model.Comments()[0].flags == 2);
    f.model.Tick(1e9);
    PumpPlatformEvents();
    CHECK(f.server.sent.empty());

    // Rejecting is for proposals: refused here.
    CHECK_FALSE(f.model.Command("reject"));
    f.model.Reject(0);
    CHECK(f.model.PendingActions().empty());

    // a approves the current one, alone: its own endpoint.
    f.model.Approve();
    f.model.Tick(1e9);
    PumpPlatformEvents();
    REQUIRE(f.server.sent.size() == 1);
    CHECK(f.server.sent[0]["comment"] == 71);
    CHECK(f.server.sent[0]["action"] == "approve");
    CHECK(f.model.Comments()[0].flags == 0);

    // x then j then x: both selected, h hides them in one request.
    f.server.sent.clear();
    f.model.ToggleSelected();
    f.model.Next();
    CHECK(f.model.CurrentComment()->id == 72);
    f.model.ToggleSelected();
    CHECK(f.model.CommentSelection().size() == 2);
    f.model.Hide();
    f.model.Tick(1e9);
    PumpPlatformEvents();
    REQUIRE(f.server.sent.size() == 1);
    CHECK(f.server.sent[0]["comments_bulk"]["action"] == "hide");
    CHECK(f.server.sent[0]["comments_bulk"]["ids"] == json::array({71, 72}));
    CHECK(f.model.CommentSelection().empty());

    // The mirror: the kinds as pressed buttons, the comment under review with its actions.
    const auto tree = f.model.AccessibilityTree().dump();
    CHECK(tree.find("Commentaires à modérer") != std::string::npos);
    CHECK(tree.find("open-comment-72") != std::string::npos);
    CHECK(tree.find("Commentaire sur « Jardin partagé rue des Lilas »") != std::string::npos);
    CHECK(f.model.StateJson()["kind"] == "comments");
}

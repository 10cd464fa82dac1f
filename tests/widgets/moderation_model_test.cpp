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
            json items = json::array();
            auto add = [&](int id, const char* title, double lat, double lon, int flags, const char* created, const char* author) {
                items.push_back({{"id", id}, {"title", title}, {"description", ""}, {"category", "Cadre de vie"},
                                 {"latitude", lat}, {"longitude", lon}, {"estimated_cost", 1000}, {"status", "submitted"},
                                 {"flags", flags}, {"reasons", flags ? json{"Propos injurieux"} : json::array()},
                                 {"created_at", created}, {"author", author}});
            };
            add(1, "Jardin partagé rue des Lilas", 43.60, 1.44, 0, "2026-11-01T10:00:00Z", "a");
            add(2, "Un jardin partage rue des lilas", 43.6001, 1.4401, 0, "2026-11-02T10:00:00Z", "b");
            add(3, "Tags insultants sur le pont", 43.61, 1.45, 3, "2026-11-03T10:00:00Z", "c");
            add(4, "Bancs place du marché", 43.62, 1.46, 0, "2026-10-30T10:00:00Z", "a");
            res.set_content(json{{"items", items}}.dump(), "application/json");
        });
        Http().Post(R"(/api/v1/tenants/t/moderation/proposals/(\d+)/(\w+))", [this](const httplib::Request& req, httplib::Response& res) {
            sent.push_back({{"id", std::stoi(req.matches[1])}, {"action", req.matches[2]}, {"body", json::parse(req.body)}});
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
    bool chain_valid = true;
};

struct Fixture {
    FakeModeration server;
    ApiClient api{server.Url(), "fr"};
    ModerationModel model;
    explicit Fixture(double undo_seconds = 0.0) : model(api, "fr", "t", undo_seconds) {
        model.EditEmail() = "moderation@x";
        model.EditPassword() = "secret";
        model.SignIn();
        PumpPlatformEvents(); // login
        PumpPlatformEvents(); // queue
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
    CHECK(v[0]->flag_reasons == std::vector<std::string>{"Propos injurieux"});
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
    const auto dups = f.model.LikelyDuplicates();
    REQUIRE(dups.size() == 1);
    CHECK(dups[0]->proposal.id == 2);
    CHECK(TitleSimilarity("Jardin partagé rue des Lilas", "Un jardin partage rue des lilas") == doctest::Approx(1.0));
    CHECK(TitleSimilarity("Jardin partagé", "Bancs place du marché") == 0.0);
    CHECK(f.model.SameAuthor().size() == 1); // author "a" also wrote item 4
    f.model.MergeInto(2);
    f.model.Tick(1e9);
    PumpPlatformEvents();
    REQUIRE(f.server.sent.size() == 1);
    CHECK(f.server.sent[0]["action"] == "merge");
    CHECK(f.server.sent[0]["body"]["into"] == 2);
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

// The proposals widget's behaviour, natively: its view-model against a real server.
#include "backend/test_server.h"

#include "backend/routes.h"
#include "backend/store/store.h"
#include "shared/json_read.h"
#include "widgets/app/api_client.h"
#include "widgets/app/platform.h"
#include "widgets/proposals/proposals_model.h"
#include "widget_test_support.h"

#include <doctest/doctest.h>

using namespace quartier;

namespace {
struct Fixture {
    testing::TestServer server;
    ApiClient api{server.Url(), "fr"};
    ProposalsModel model{api, "fr", 43.6045, 1.444};

    void FillValidDraft() {
        model.OpenForm();
        auto& d = model.EditDraft();
        d.title = "Création d’abris pour la faune";
        d.description = "Nichoirs et hôtels à insectes";
        d.category = 1;
        d.cost = "15 000";
    }
};
} // namespace

TEST_CASE("the list loads from the server") {
    Fixture f;
    Proposal p;
    p.title = "Jardin partagé";
    p.category = "Cadre de vie";
    p.latitude = 43.6;
    p.longitude = 1.44;
    f.server.Get().GetStore().InsertProposal(p);
    f.model.Refresh();
    CHECK(f.model.LoadState() == ProposalsModel::Load::Loading);
    PumpPlatformEvents();
    CHECK(f.model.LoadState() == ProposalsModel::Load::Ready);
    REQUIRE(f.model.Proposals().size() == 1);
    CHECK(f.model.Proposals()[0].title == "Jardin partagé");
    CHECK(f.model.StateJson()["proposals"][0]["title"] == "Jardin partagé");
}

TEST_CASE("a valid proposal is sent, stored, listed first, and the form closes") {
    Fixture f;
    f.FillValidDraft();
    CHECK(f.model.StateJson()["screen"] == "form");
    CHECK(f.model.GetDraft().latitude == doctest::Approx(43.6045)); // placed at the centre
    REQUIRE(f.model.Submit());
    CHECK(f.model.Sending());
    PumpPlatformEvents();
    CHECK_FALSE(f.model.Sending());
    CHECK(f.model.CurrentScreen() == ProposalsModel::Screen::List);
    REQUIRE(f.model.Proposals().size() == 1);
    CHECK(f.model.Proposals()[0].estimated_cost == 15000);
    CHECK(f.model.Proposals()[0].category == "Environnement");
    CHECK(f.model.Notice().find("Création d’abris pour la faune") != std::string::npos);
    CHECK(f.server.Get().GetStore().CountProposals() == 1);
    CHECK(f.model.GetDraft().title.empty()); // a fresh draft for the next idea
}

TEST_CASE("the form asks, optionally, for a name to credit, and the server credits only that name") {
    Fixture f;
    f.FillValidDraft();
    // The field is in the mirror's form, labelled with what it is for.
    const auto field = testing::FindNode(nlohmann::json{{"children", f.model.FormAccessibility(false)}}, "credit_name");
    REQUIRE(field.is_object());
    CHECK(field["label"].get<std::string>().find("facultatif") != std::string::npos);
    REQUIRE(f.model.FormCommand("credit_name", "Marie D."));
    REQUIRE(f.model.Submit());
    PumpPlatformEvents();
    REQUIRE(f.model.Proposals().size() == 1);
    CHECK(f.model.Proposals()[0].credit_name == "Marie D.");
    // Left empty: nobody is named.
    f.FillValidDraft();
    REQUIRE(f.model.Submit());
    PumpPlatformEvents();
    REQUIRE(f.model.Proposals().size() == 2);
    CHECK(f.model.Proposals()[0].credit_name.empty());
}

TEST_CASE("the shared validation refuses a bad draft before anything is sent") {
    Fixture f;
    f.FillValidDraft();
    f.model.EditDraft().title = "ab";
    CHECK_FALSE(f.model.Submit());
    REQUIRE(f.model.FormError());
    CHECK(f.model.FormError()->field == "title");
    CHECK(f.model.StateJson()["form_error"]["message"] == "Le titre doit compter au moins 3 caractères.");

    f.model.EditDraft().title = "Un vrai titre";
    f.model.EditDraft().category = -1;
    CHECK_FALSE(f.model.Submit());
    CHECK(f.model.FormError()->field == "category");
    CHECK(f.model.FormError()->Message("fr") == "La catégorie est obligatoire.");

    f.model.EditDraft().category = 0;
    f.model.EditDraft().cost = "douze";
    CHECK_FALSE(f.model.Submit());
    CHECK(f.model.FormError()->field == "estimated_cost");
    PumpPlatformEvents();
    CHECK(f.server.Get().GetStore().CountProposals() == 0);
    CHECK(f.model.CurrentScreen() == ProposalsModel::Screen::Form); // draft kept, nothing lost
    CHECK(f.model.GetDraft().title == "Un vrai titre");
}

TEST_CASE("a server that cannot be reached is said plainly and the draft is kept") {
    ApiClient api("http://127.0.0.1:1", "en");
    ProposalsModel model(api, "en", 43.6, 1.44);
    model.Refresh();
    PumpPlatformEvents();
    CHECK(model.LoadState() == ProposalsModel::Load::Failed);
    REQUIRE(model.LoadError());
    CHECK(model.LoadError()->code == "network");

    model.OpenForm();
    model.EditDraft().title = "Benches by the river";
    model.EditDraft().category = 0;
    REQUIRE(model.Submit());
    PumpPlatformEvents();
    REQUIRE(model.FormError());
    CHECK(model.FormError()->code == "network");
    CHECK(model.CurrentScreen() == ProposalsModel::Screen::Form);
    CHECK(model.GetDraft().title == "Benches by the river");
}

TEST_CASE("server refusals come back as the field's error in the resident's language") {
    const auto r = ParseApiAnswer(
        400, R"({"error":{"code":"too_long","field":"title","message":"x",)"
             R"("messages":{"fr":"Le titre est trop long.","en":"The title is too long."}}})");
    REQUIRE(r.error);
    CHECK(r.error->field == "title");
    CHECK(r.error->Message("fr") == "Le titre est trop long.");
    CHECK(r.error->Message("en") == "The title is too long.");
    const auto html = ParseApiAnswer(502, "<html>Bad gateway</html>");
    REQUIRE(html.error);
    CHECK(html.error->code == "http_502");
}

TEST_CASE("categories follow the widget's language") {
    ApiClient api("http://127.0.0.1:1", "en");
    ProposalsModel en(api, "en", 0, 0);
    ProposalsModel fr(api, "fr", 0, 0);
    CHECK(en.Categories()[1] == "Environment");
    CHECK(fr.Categories()[1] == "Environnement");
    CHECK(fr.Categories().size() == en.Categories().size());
}

TEST_CASE("the mirror reads the list with its count and costs, and its form proposes without the canvas") {
    Fixture f;
    Proposal p;
    p.title = "Jardin partagé";
    p.category = "Cadre de vie";
    p.latitude = 43.6;
    p.longitude = 1.44;
    p.estimated_cost = 45000;
    f.server.Get().GetStore().InsertProposal(p);
    f.model.SetTenant("toulouse");
    f.model.Refresh();
    PumpPlatformEvents();
    auto tree = f.model.AccessibilityTree();
    std::string spoken = testing::Spoken(tree);
    CHECK(spoken.find("Jardin partagé. Cadre de vie. Coût estimé : 45\u202f000\u00a0€.") != std::string::npos);
    CHECK(testing::FindNode(tree, "count")["text"] == "1 proposition.");
    CHECK(testing::FindNode(tree, "count")["role"] == "status");

    // The form, field by field, as a keyboard and a screen reader fill it.
    REQUIRE(f.model.Command("propose"));
    tree = f.model.AccessibilityTree();
    CHECK(testing::FindNode(tree, "title")["label"] == "Titre (obligatoire)");
    CHECK(testing::FindNode(tree, "description")["multiline"] == true);
    CHECK(testing::FindNode(tree, "cost")["numeric"] == true);
    const auto category = testing::FindNode(tree, "category");
    REQUIRE(category["role"] == "select");
    CHECK(category["options"][2]["label"] == "Environnement");
    // A refusal is an alert and sits with its field.
    CHECK(f.model.Command("title", "Ab"));
    CHECK_FALSE(f.model.Command("submit"));
    tree = f.model.AccessibilityTree();
    CHECK(testing::FindNode(tree, "alert")["text"] == testing::FindNode(tree, "title")["error"]);
    CHECK_FALSE(testing::FindNode(tree, "alert")["text"].get<std::string>().empty());
    CHECK(f.model.Command("title", "Abris pour la faune"));
    CHECK(f.model.Command("category", "1"));
    CHECK(f.model.Command("cost", "15 000"));
    CHECK_FALSE(f.model.Command("latitude", "nord"));
    CHECK(testing::FindNode(f.model.AccessibilityTree(), "latitude").contains("error"));
    CHECK(f.model.Command("latitude", "43.61"));
    TakeEvents();
    REQUIRE(f.model.Command("submit"));
    PumpPlatformEvents();
    CHECK(f.model.CurrentScreen() == ProposalsModel::Screen::List);
    CHECK(f.server.Get().GetStore().CountProposals() == 2);
    // The host page hears of it: the commune and the new id, never what was written.
    const auto events = TakeEvents();
    REQUIRE(events.size() == 1);
    CHECK(events[0].first == "proposal-submitted");
    const auto detail = nlohmann::json::parse(events[0].second);
    CHECK(detail["tenant"] == "toulouse");
    CHECK(detail["id"] == f.model.Proposals()[0].id);
    CHECK(events[0].second.find("Abris") == std::string::npos);
    // The thanks are said politely with the new count.
    CHECK(testing::FindNode(f.model.AccessibilityTree(), "count")["text"].get<std::string>().find("2 propositions.") !=
          std::string::npos);
    CHECK_FALSE(f.model.Command("no-such-command"));
}

TEST_CASE("for a commune named by data-tenant: its proposals, its categories by label, its centre, and a proposal sent there") {
    Fixture f;
    Store& store = f.server.Get().GetStore();
    EnsureAccount(store, "admin@angers.test", "mot-de-passe-solide", Role::Admin, std::nullopt, true);
    ApiClient admin_api{f.server.Url(), "fr"};
    std::string token;
    admin_api.Post("/api/v1/auth/login", {{"email", "admin@angers.test"}, {"password", "mot-de-passe-solide"}},
                   [&](const ApiResult& r) { token = JsonOr(r.body, "token", ""); });
    PumpPlatformEvents();
    REQUIRE_FALSE(token.empty());
    httplib::Client c = f.server.Client();
    const nlohmann::json angers{{"slug", "angers"}, {"name", "Angers"}, {"center", {47.4736, -0.5541}},
                                {"categories", {{{"id", "mobilite"}, {"fr", "Mobilités"}, {"en", "Getting around"}},
                                                {{"id", "nature"}, {"fr", "Nature en ville"}, {"en", "Nature in town"}}}}};
    REQUIRE(c.Post("/api/v1/tenants", {{"Authorization", "Bearer " + token}}, angers.dump(), "application/json")->status == 201);
    const nlohmann::json first{{"title", "Une piste cyclable"}, {"category", "mobilite"}, {"latitude", 47.47}, {"longitude", -0.55}};
    REQUIRE(c.Post("/api/v1/tenants/angers/proposals", first.dump(), "application/json")->status == 201);

    f.model.UseTenant("angers");
    f.model.Refresh();
    PumpPlatformEvents();
    REQUIRE(f.model.LoadState() == ProposalsModel::Load::Ready);
    REQUIRE(f.model.Proposals().size() == 1); // Angers's, not the default commune's
    CHECK(f.model.Categories() == std::vector<std::string>{"Mobilités", "Nature en ville"});
    CHECK(f.model.CategoryLabel(f.model.Proposals()[0].category) == "Mobilités");
    const auto tree = f.model.AccessibilityTree().dump();
    CHECK(tree.find("Une piste cyclable. Mobilités.") != std::string::npos);

    f.model.OpenForm();
    CHECK(f.model.GetDraft().latitude == doctest::Approx(47.4736)); // the commune's centre, not Toulouse
    CHECK(f.model.GetDraft().longitude == doctest::Approx(-0.5541));
    auto& d = f.model.EditDraft();
    d.title = "Des arbres place du Ralliement";
    d.category = 1;
    REQUIRE(f.model.Submit());
    PumpPlatformEvents();
    REQUIRE(f.model.FormError() == std::nullopt);
    auto list = nlohmann::json::parse(c.Get("/api/v1/tenants/angers/proposals")->body)["items"];
    REQUIRE(list.size() == 2);
    for (const auto& p : list)
        if (p["title"] == "Des arbres place du Ralliement") CHECK(p["category"] == "nature"); // its id, as the commune lists it
    CHECK(nlohmann::json::parse(c.Get("/api/v1/proposals")->body)["total"] == 0); // the default commune has none
}

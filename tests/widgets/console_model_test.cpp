// The commune's console, natively, against a real server (the API tests' town "ville"):
// sign-in and the sections each role opens, the commune's settings, districts from a file
// whose properties the staff pick, allowed sites with the embed check, accounts, the audit
// log, the embed code, the accessibility mirror and the view at office and tablet sizes.
#include "backend/api_fixture.h"
#include "shared/json_read.h"
#include "widgets/app/api_client.h"
#include "widgets/app/open_url.h"
#include "widgets/app/platform.h"
#include "widgets/console/console_model.h"
#include "widgets/console/console_view.h"
#include "widget_test_support.h"

#include <doctest/doctest.h>

using namespace quartier;
using nlohmann::json;
using testing::Call;

namespace {

// Runs the requests' answers, and those their answers started, until the model settles.
void Settle() {
    for (int i = 0; i < 8; ++i) PumpPlatformEvents();
}

struct Console {
    testing::Town town;
    ApiClient api{town.server.Url(), "fr"};
    ConsoleModel model{api, "fr", "ville"};

    bool SignIn(const std::string& email, const std::string& password = "mot-de-passe-solide") {
        model.EditEmail() = email;
        model.EditPassword() = password;
        model.SignIn();
        Settle();
        return model.SignedIn();
    }
    json Tenant() { return Call(town.server, "GET", "/api/v1/tenants/ville", nullptr, town.admin).body; }
};

std::vector<std::string> Ids(const std::vector<ConsoleModel::Section>& sections) {
    std::vector<std::string> out;
    for (auto s : sections) out.push_back(ConsoleModel::SectionId(s));
    return out;
}

// A commune's districts as a GIS exports them: other property names, the code a number.
std::string GisFile() {
    auto square = [](int insee, const char* name, double lat0, double lat1) {
        json properties{{"INSEE_COM", insee}, {"LIBELLE", name}};
        if (insee == 31001) properties["ANCIEN_NOM"] = "Centre-ville"; // one feature only
        return json{{"type", "Feature"},
                    {"properties", properties},
                    {"geometry", {{"type", "Polygon"},
                                  {"coordinates", {{{1.40, lat0}, {1.46, lat0}, {1.46, lat1}, {1.40, lat1}, {1.40, lat0}}}}}}};
    };
    return json{{"type", "FeatureCollection"},
                {"features", {square(31001, "Centre", 43.60, 43.62), square(31002, "Rive gauche", 43.58, 43.60),
                              square(31003, "Les Coteaux", 43.56, 43.58)}}}.dump();
}

} // namespace

TEST_CASE("console sign-in: refusals in words, then the sections the role allows") {
    Console c;
    CHECK_FALSE(c.SignIn("admin@ville.test", "pas-le-bon-mot"));
    REQUIRE(c.model.Error());
    CHECK(c.model.Error()->Message("fr") == "Adresse e-mail ou mot de passe incorrect.");
    CHECK(c.model.Session().token.empty());
    CHECK(c.model.EditPassword().empty()); // never kept after the request

    CHECK_FALSE(c.SignIn("habitante@ville.test")); // a resident is not staff
    CHECK(c.model.Error()->Message("fr") == "Ce compte n’est pas un compte du personnel de la commune.");
    CHECK_FALSE(c.SignIn("moderation@autre.test")); // another commune's moderator
    CHECK(c.model.Error()->Message("fr").find("autre commune (autre)") != std::string::npos);
    CHECK(c.model.Session().token.empty());

    REQUIRE(c.SignIn("agent@ville.test"));
    CHECK(c.model.Session().role == "agent");
    CHECK(Ids(c.model.Sections()) == std::vector<std::string>{"desk"});
    CHECK(c.model.Current() == ConsoleModel::Section::Desk);
    CHECK_FALSE(c.model.Show(ConsoleModel::Section::People)); // not for a desk agent
    CHECK_FALSE(c.model.Command("nav-commune"));
    c.model.SignOut();
    CHECK_FALSE(c.model.SignedIn());

    REQUIRE(c.SignIn("moderation@ville.test"));
    CHECK(Ids(c.model.Sections()) == std::vector<std::string>{"people"});
    Settle();
    CHECK(c.model.People().Accounts().empty()); // a moderator reads the log, not the accounts
    CHECK(c.model.People().AuditChainValid() == std::optional<bool>(true));
    // The way to the moderation space, a page of its own, in a new tab (and in the mirror).
    TakeOpenedUrls();
    CHECK(c.model.Command("open-moderation"));
    CHECK(TakeOpenedUrls() == std::vector<std::string>{"/console/ville/moderation"});
    CHECK(c.model.AccessibilityTree().dump().find("\"href\":\"/console/ville/moderation\"") != std::string::npos);
    c.model.SignOut();

    REQUIRE(c.SignIn("admin@ville.test"));
    CHECK(c.model.Session().instance_admin);
    CHECK(c.model.CommuneName() == "Ville");
    // The server's own admin opens on its communes.
    CHECK(Ids(c.model.Sections()) == std::vector<std::string>{"communes", "commune", "people", "budgets", "desk", "embed"});
    CHECK(c.model.Current() == ConsoleModel::Section::Communes);
    // The mirror offers the same sections, and sign-out.
    const json tree = c.model.AccessibilityTree();
    for (const char* id : {"nav-communes", "nav-commune", "nav-people", "nav-budgets", "nav-desk", "nav-embed", "sign-out"})
        CHECK_MESSAGE(!testing::FindNode(tree, id).is_null(), id);
    CHECK(c.model.Command("nav-embed"));
    CHECK(c.model.Current() == ConsoleModel::Section::Embed);
}

TEST_CASE("communes: the server's admin creates one (its identifier suggested from its name), then runs it in the console") {
    Console c;
    REQUIRE(c.SignIn("admin@ville.test"));
    Settle();
    auto& communes = c.model.Communes();
    REQUIRE(communes.Loaded());
    CHECK(communes.Find("ville"));
    CHECK(communes.Find("autre"));
    CHECK_FALSE(testing::FindNode(c.model.AccessibilityTree(), "switch-autre").is_null());
    CHECK(testing::FindNode(c.model.AccessibilityTree(), "switch-ville").is_null()); // the one open

    // The identifier follows the name, until typed.
    CHECK(c.model.Command("commune-name", "Saint-Martin-d’Hères"));
    CHECK(communes.EditSlug() == "saint-martin-d-heres");
    CHECK(c.model.Command("commune-slug", "ville"));
    CHECK(c.model.Command("commune-name", "Saint-Martin-sur-Loire"));
    CHECK(communes.EditSlug() == "ville");
    CHECK(c.model.Command("create-commune"));
    Settle();
    REQUIRE(communes.Error());
    CHECK(communes.Error()->field == "slug");
    CHECK(communes.Error()->Message("fr") == "Une commune avec cet identifiant existe déjà.");
    CHECK(c.model.Command("commune-slug", "")); // emptied: suggested again
    CHECK(communes.EditSlug() == "saint-martin-sur-loire");
    CHECK(c.model.Command("commune-time-zone", "Europe/Pariss"));
    CHECK(c.model.Command("create-commune"));
    Settle();
    REQUIRE(communes.Error());
    CHECK(communes.Error()->field == "time_zone");
    CHECK(c.model.Command("commune-time-zone", "Europe/Paris"));
    CHECK(c.model.Command("create-commune"));
    Settle();
    CHECK_FALSE(communes.Error());
    CHECK(communes.Created() == "saint-martin-sur-loire");
    CHECK(communes.Notice().find("Commune « Saint-Martin-sur-Loire » créée") == 0);
    REQUIRE(communes.Find("saint-martin-sur-loire"));

    // Opened: every part now runs the new commune.
    CHECK(c.model.Command("switch-saint-martin-sur-loire"));
    Settle();
    CHECK(c.model.Session().tenant == "saint-martin-sur-loire");
    CHECK(c.model.Current() == ConsoleModel::Section::Commune);
    CHECK(c.model.CommuneName() == "Saint-Martin-sur-Loire");
    REQUIRE(c.model.Commune().Loaded());
    CHECK(c.model.StateJson()["commune_part"]["name"] == "Saint-Martin-sur-Loire");
    CHECK_FALSE(c.model.Command("switch-nulle-part"));
}

TEST_CASE("the budgets and the desk are parts of the console: loaded when opened, in its mirror, driven by its commands") {
    Console c;
    REQUIRE(c.SignIn("admin@ville.test"));
    CHECK(c.model.Command("nav-budgets"));
    Settle();
    json state = c.model.StateJson();
    REQUIRE(state.contains("budgets"));
    bool listed = false;
    for (const auto& p : state["budgets"]["processes"]) listed |= p["id"] == "bp";
    CHECK(listed);
    CHECK_FALSE(testing::FindNode(c.model.AccessibilityTree(), "process-bp").is_null());
    c.model.SignOut();

    // An agent's console opens on the desk, which offers the vote in progress.
    REQUIRE(c.SignIn("agent@ville.test"));
    Settle();
    CHECK(c.model.StateJson().contains("desk"));
    REQUIRE_FALSE(testing::FindNode(c.model.AccessibilityTree(), "process-bp").is_null());
    CHECK(c.model.Command("process-bp"));
    Settle();
    CHECK_FALSE(testing::FindNode(c.model.AccessibilityTree(), "code").is_null()); // the code field, first
}

TEST_CASE("the commune's settings: a save sends and names only what changed") {
    Console c;
    REQUIRE(c.SignIn("admin@ville.test"));
    REQUIRE(c.model.Command("nav-commune")); // the server's admin opens on its communes
    Settle();
    REQUIRE(c.model.Commune().Loaded());
    auto& m = c.model.Commune();
    CHECK(m.EditName() == "Ville");
    m.Save();
    Settle();
    CHECK(m.Notice() == "Rien à enregistrer : rien n’a changé.");

    m.EditName() = "Ville-sur-Garonne";
    m.EditAccent() = "B5123E"; // as a colour picker writes it
    m.SetLanguage("en", false); // French only
    m.AddCategory();
    m.EditCategories().back().fr = "Espaces verts";
    m.EditCategories().back().en = "Green spaces";
    m.Save();
    Settle();
    CHECK(m.Notice() == "Le nom, la couleur, les langues et les catégories : enregistré.");
    const json t = c.Tenant();
    CHECK(t["name"] == "Ville-sur-Garonne");
    CHECK(t["accent"] == "#b5123e");
    CHECK(t["languages"] == json{"fr"});
    CHECK(t["categories"].size() == 3);
    CHECK(t["categories"][2] == json{{"id", "espaces-verts"}, {"fr", "Espaces verts"}, {"en", "Green spaces"}});

    // The embed code carries the colour.
    c.model.Show(ConsoleModel::Section::Embed);
    Settle();
    CHECK(c.model.Embed().Code().find("data-accent=\"#b5123e\"") != std::string::npos);
    c.model.Show(ConsoleModel::Section::Commune);
    Settle();

    // A colour that is not one, and a centre that is not a number, are refused before anything
    // is sent, in words.
    m.EditAccent() = "rouge";
    m.Save();
    Settle();
    REQUIRE(m.Error());
    CHECK(m.Error()->Message("fr") == "La couleur s’écrit #rrvvbb, par exemple #b5123e.");
    m.EditAccent() = "#b5123e";
    // A centre that is not a number is refused before anything is sent, in words.
    m.EditLatitude() = "quarante-trois";
    m.Save();
    Settle();
    REQUIRE(m.Error());
    CHECK(m.Error()->Message("fr") == "La latitude du centre est un nombre comme 47,4736.");
    m.EditLatitude() = "43,61";
    m.Save();
    Settle();
    CHECK(m.Notice() == "Le centre de la carte : enregistré.");
    CHECK(c.Tenant()["center"][0].get<double>() == doctest::Approx(43.61));
}

TEST_CASE("districts: the file chosen, its properties picked, a refusal kept with the file, then the upload asked once") {
    Console c;
    REQUIRE(c.SignIn("admin@ville.test"));
    REQUIRE(c.model.Command("nav-commune")); // the server's admin opens on its communes
    Settle();
    auto& m = c.model.Commune();
    REQUIRE(m.Regions().size() == 2); // Nord and Sud, already there

    SetNextPickedFile("quartiers.geojson", GisFile());
    CHECK(c.model.Command("districts-file"));
    Settle();
    REQUIRE(m.HasFile());
    CHECK(m.FileName() == "quartiers.geojson");
    CHECK(m.PropertyKeys() == std::vector<std::string>{"ANCIEN_NOM", "INSEE_COM", "LIBELLE"});
    CHECK(m.CodeProperty() == "INSEE_COM"); // guessed from French open data's usual names
    CHECK(m.NameProperty() == "LIBELLE");
    REQUIRE_FALSE(m.FileError());
    CHECK(m.Preview().size() == 3);
    CHECK(m.Preview()[0].code == "31001"); // a number in the file, a code as text
    CHECK(m.Preview()[1].name == "Rive gauche");

    // A wrong pick says what is wrong, and keeps the file to choose again.
    m.SetNameProperty("ANCIEN_NOM");
    REQUIRE(m.FileError());
    CHECK(m.FileError()->Message("fr").find("ANCIEN_NOM") != std::string::npos);
    CHECK(m.Preview().empty());
    CHECK(m.HasFile());
    c.model.Command("name-property", "LIBELLE");
    CHECK_FALSE(m.FileError());
    CHECK(m.Preview().size() == 3);

    // Replacing the commune's districts asks once; the first press sends nothing.
    m.UploadDistricts();
    Settle();
    CHECK(m.ConfirmingReplace());
    CHECK(c.Tenant()["districts_count"] == 2);
    m.CancelUpload();
    CHECK_FALSE(m.ConfirmingReplace());
    m.UploadDistricts();
    m.UploadDistricts();
    Settle();
    CHECK(c.Tenant()["districts_count"] == 3);
    CHECK(m.Notice() == "3 quartiers enregistrés, lus dans quartiers.geojson.");
    CHECK_FALSE(m.HasFile());
    CHECK(m.Regions().size() == 3);
    const json served = Call(c.town.server, "GET", "/api/v1/tenants/ville/districts").body;
    CHECK(served["features"][2]["properties"] == json{{"code", "31003"}, {"nom", "Les Coteaux"}});

    // Not a GeoJSON file: said in words, nothing sent.
    SetNextPickedFile("notes.txt", "pas du json");
    m.ChooseDistrictsFile();
    Settle();
    REQUIRE(m.FileError());
    CHECK(m.FileError()->Message("fr").find("n’est pas un GeoJSON") != std::string::npos);
    CHECK(m.Preview().empty());
}

TEST_CASE("allowed sites: each checked by the server, added and removed (asked once)") {
    Console c;
    REQUIRE(c.SignIn("admin@ville.test"));
    REQUIRE(c.model.Command("nav-commune")); // the server's admin opens on its communes
    Settle();
    auto& m = c.model.Commune();
    Settle();
    REQUIRE(m.Origins().size() == 1);
    CHECK(m.Origins()[0].url == "https://www.ville.test");
    CHECK(m.Origins()[0].allowed == std::optional<bool>(true));

    m.EditNewOrigin() = "https://www.ville.test/budget";
    m.AddOrigin();
    REQUIRE(m.Error());
    CHECK(m.Error()->Message("fr").find("sans page") != std::string::npos);
    m.EditNewOrigin() = "https://mairie.ville.test/";
    m.AddOrigin();
    Settle();
    CHECK(m.Notice() == "https://mairie.ville.test peut maintenant afficher les modules de la commune.");
    REQUIRE(m.Origins().size() == 2);
    CHECK(m.Origins()[1].allowed == std::optional<bool>(true));
    CHECK(c.Tenant()["allowed_origins"] == json{"https://www.ville.test", "https://mairie.ville.test"});
    // The server's check for a site not on the list.
    CHECK(Call(c.town.server, "GET", "/api/v1/embed-check?tenant=ville&origin=https://ailleurs.test").body["allowed"] == false);

    m.RemoveOrigin(0);
    Settle();
    CHECK(m.RemovingOrigin() == std::optional<size_t>(0));
    CHECK(c.Tenant()["allowed_origins"].size() == 2); // asked, not yet done
    m.RemoveOrigin(0);
    Settle();
    CHECK(c.Tenant()["allowed_origins"] == json{"https://mairie.ville.test"});
    CHECK(m.Notice() == "https://www.ville.test n’est plus autorisé à afficher les modules.");
}

TEST_CASE("people: accounts by role, one created with its temporary password, disabled once asked, the last admin kept") {
    Console c;
    REQUIRE(c.SignIn("admin@ville.test"));
    REQUIRE(c.model.Show(ConsoleModel::Section::People));
    Settle();
    auto& m = c.model.People();
    std::vector<std::string> emails;
    for (const auto& a : m.Accounts()) emails.push_back(a.email);
    CHECK(emails == std::vector<std::string>{"moderation@ville.test", "agent@ville.test"}); // staff of Ville only

    c.model.Command("new-email", "guichet@ville.test");
    c.model.Command("new-role", "agent");
    c.model.Command("create");
    Settle();
    REQUIRE_FALSE(m.Error());
    const std::string password = m.Handover();
    CHECK(password.size() == 14);
    CHECK(m.Notice().find("Compte créé pour guichet@ville.test (agent du guichet). Mot de passe provisoire : " + password) == 0);
    CHECK(m.Accounts().size() == 3);
    // The person signs in with it.
    CHECK(Call(c.town.server, "POST", "/api/v1/auth/login", {{"email", "guichet@ville.test"}, {"password", password}}).status == 200);

    std::int64_t id = 0;
    for (const auto& a : m.Accounts())
        if (a.email == "guichet@ville.test") id = a.id;
    REQUIRE(id > 0);
    m.SetRole(id, "moderator");
    Settle();
    CHECK(m.Find(id)->role == "moderator");
    CHECK(m.Notice() == "guichet@ville.test a maintenant le rôle : modération.");

    c.model.Command("disable-" + std::to_string(id));
    Settle();
    CHECK(m.Disabling() == std::optional<std::int64_t>(id));
    CHECK_FALSE(m.Find(id)->disabled);
    c.model.Command("disable-" + std::to_string(id));
    Settle();
    CHECK(m.Find(id)->disabled);
    CHECK(Call(c.town.server, "POST", "/api/v1/auth/login", {{"email", "guichet@ville.test"}, {"password", password}}).status == 403);

    std::int64_t agent = 0;
    for (const auto& a : m.Accounts())
        if (a.email == "agent@ville.test") agent = a.id;
    m.IssueReset(agent);
    Settle();
    CHECK(m.Notice().find("Code de réinitialisation pour agent@ville.test : ") == 0);
    CHECK_FALSE(m.Handover().empty());

    // The commune's only admin cannot be demoted: the server's refusal, in words.
    c.model.Command("new-email", "maire@ville.test");
    c.model.Command("new-role", "admin");
    c.model.Command("create");
    Settle();
    std::int64_t mayor = 0;
    for (const auto& a : m.Accounts())
        if (a.email == "maire@ville.test") mayor = a.id;
    REQUIRE(mayor > 0);
    m.SetRole(mayor, "agent");
    Settle();
    REQUIRE(m.Error());
    CHECK(m.Error()->Message("fr") == "C’est le dernier administrateur actif de la commune : nommez-en un autre d’abord.");
    CHECK(m.Find(mayor)->role == "admin");

    // Who did what: the creations and changes, in sentences, with the chain's verdict.
    m.LoadAudit();
    Settle();
    CHECK(m.AuditChainValid() == std::optional<bool>(true));
    CHECK(m.AuditEntries().size() >= 4);
    const std::string spoken = testing::Spoken(c.model.AccessibilityTree());
    CHECK(spoken.find("Chaîne intacte") != std::string::npos);
}

TEST_CASE("embed code: the two lines for the chosen widget, language and budget, copied") {
    Console c;
    REQUIRE(c.SignIn("admin@ville.test"));
    REQUIRE(c.model.Command("nav-embed"));
    Settle();
    auto& m = c.model.Embed();
    const std::string script = "<script src=\"" + c.town.server.Url() + "/embed.js\" defer></script>\n";
    CHECK(m.Code() == script + "<div data-quartier=\"proposals\" data-tenant=\"ville\" data-lang=\"fr\"></div>");
    c.model.Command("embed-widget", "ballot");
    c.model.Command("embed-language", "en");
    CHECK(m.Process() == "bp"); // the commune's budget, loaded
    CHECK(m.Code() == script + "<div data-quartier=\"ballot\" data-tenant=\"ville\" data-lang=\"en\" data-process=\"bp\"></div>");
    c.model.Command("copy");
    CHECK(TakeClipboard() == m.Code());
    CHECK(m.Notice() == "Code copié : collez-le dans la page de votre site.");
}

TEST_CASE("the console's view: signs in by clicks, every section drawn at office and tablet widths") {
    Console c;
    for (const float width : {1280.0f, 768.0f}) {
        testing::HeadlessUi ui(width, 800, 1.0f, [&] { DrawConsole(c.model); });
        ui.Frame();
        if (!c.model.SignedIn()) {
            REQUIRE(ui.Controls().contains("sign-in"));
            c.model.EditEmail() = "admin@ville.test";
            c.model.EditPassword() = "mot-de-passe-solide";
            ui.Click("sign-in");
            Settle();
            REQUIRE(c.model.SignedIn());
        }
        ui.Frame();
        const json controls = ui.Controls();
        for (const char* id : {"nav-communes", "nav-commune", "nav-people", "nav-budgets", "nav-desk", "nav-embed", "sign-out"})
            CHECK_MESSAGE(controls.contains(id), id);
        if (width >= 900) CHECK(controls.contains("create-commune")); // the server's admin opens on its communes
        // Wide: the navigation is a column at the left; a tablet: tabs above the section.
        if (width >= 900) CHECK(controls["nav-people"]["y"].get<float>() > controls["nav-commune"]["y"].get<float>());
        else CHECK(controls["nav-people"]["y"].get<float>() == controls["nav-commune"]["y"].get<float>());
        for (const char* id : {"nav-communes", "nav-people", "nav-embed", "nav-budgets", "nav-commune"}) {
            ui.Click(id);
            Settle();
            ui.Frame();
        }
        CHECK(c.model.Current() == ConsoleModel::Section::Commune);
        CHECK(ui.Controls().contains("save"));
        CHECK(ui.Controls()["sign-out"]["visible"] == true);
    }
}

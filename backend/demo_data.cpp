// The demo, from real open data: Haute-Garonne commune outlines (IGN Admin Express, Licence
// Ouverte) as the tenant's districts, and Toulouse's 2022 participatory budget from Pabulib.
// The .pb file gives Toulouse's quarters by name but no coordinates and no quarter outlines,
// so every project is placed at a deterministic point inside the commune of Toulouse.
#include "backend/demo_data.h"

#include "backend/app_context.h"
#include "backend/process_store.h"
#include "backend/routes.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace quartier {

namespace {

std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("demo data not found: " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

const nlohmann::json kCategories = nlohmann::json::parse(R"([
  {"id":"cadre-de-vie","fr":"Cadre de vie","en":"Living environment"},
  {"id":"environnement","fr":"Environnement","en":"Environment"},
  {"id":"nature-en-ville","fr":"Nature en ville","en":"Nature in the city"},
  {"id":"mobilites","fr":"Mobilités","en":"Getting around"},
  {"id":"eco-mobilite","fr":"Éco-mobilité","en":"Green mobility"},
  {"id":"culture","fr":"Culture","en":"Culture"},
  {"id":"jeunesse","fr":"Jeunesse","en":"Youth"},
  {"id":"sante","fr":"Santé","en":"Health"},
  {"id":"energie","fr":"Énergie","en":"Energy"},
  {"id":"solidarite","fr":"Solidarité","en":"Solidarity"},
  {"id":"sport","fr":"Sport","en":"Sport"},
  {"id":"dechets","fr":"Déchets et Recyclage","en":"Waste and recycling"},
  {"id":"consommation","fr":"Consommation responsable","en":"Responsible consumption"}
])");

struct DemoProposal {
    const char* title;
    const char* description;
    const char* category;
    double lat, lon;
    long long cost;
};

const DemoProposal kProposals[] = {
    {"Création d’abris pour la faune",
     "Installer des nichoirs, des hôtels à insectes et des abris à hérissons dans les parcs du quartier.",
     "Environnement", 43.5866, 1.4470, 15000},
    {"Pistes cyclables sécurisées rue de Metz",
     "Séparer la piste cyclable de la chaussée entre le Pont-Neuf et la place Esquirol.", "Mobilités", 43.6005,
     1.4410, 120000},
    {"Jardin partagé à Empalot", "Des parcelles, un composteur collectif et un point d’eau pour les habitants.",
     "Cadre de vie", 43.5805, 1.4460, 30000},
    {"Fontaines à boire dans le centre-ville", "Cinq fontaines d’eau potable sur les places les plus fréquentées l’été.",
     "Santé", 43.6045, 1.4440, 45000},
    {"Bancs et ombrages le long de la Garonne",
     "Des bancs tous les cent mètres et des arbres pour l’ombre, de la prairie des Filtres à Saint-Pierre.",
     "Cadre de vie", 43.5990, 1.4365, 60000},
    {"Boîte à livres au square Charles-de-Gaulle", "Une cabane à livres en bois, entretenue par les bénévoles du quartier.",
     "Culture", 43.6040, 1.4455, 2500},
    {"Éclairage public économe à Bagatelle", "Remplacer les lampadaires par des LED à détection de présence.", "Énergie",
     43.5780, 1.4150, 80000},
    {"Aire de jeux inclusive à la Reynerie", "Des jeux accessibles aux enfants en fauteuil et un sol souple.", "Jeunesse",
     43.5710, 1.4020, 95000},
};

const char* kPlacementNote =
    " Le fichier Pabulib donne le quartier de chaque projet mais ni coordonnées ni contours de quartiers : "
    "chaque projet est placé en un point déterministe à l’intérieur de la commune de Toulouse (il n’indique "
    "pas son emplacement réel).";

// "DEMO-0001"...: fixed, so that the same codes are printed at every start until used.
std::string DemoCode(int i) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "DEMO-%04d", i);
    return buf;
}

} // namespace

DemoSummary SeedDemo(AppContext& app, const std::string& data_dir) {
    DemoSummary out;
    Store& store = app.store;
    if (!app.FindTenant(kDemoTenant)) {
        const auto geo = nlohmann::json::parse(ReadFile(data_dir + "/geo/communes-31-haute-garonne.geojson"));
        std::vector<Region> regions;
        if (auto e = ParseRegions(geo, regions)) throw std::runtime_error("demo districts: " + e->message_en);
        const std::string districts = RegionsToGeoJson(regions).dump();
        store.Write([&](Db& db) {
            db.Prepare("INSERT INTO tenants (slug, name, languages, center_lat, center_lon, categories, districts,"
                       " allowed_origins) VALUES (?, 'Toulouse', '[\"fr\",\"en\"]', 43.6045, 1.444, ?, ?, ?)")
                .Bind(1, kDemoTenant).Bind(2, kCategories.dump()).Bind(3, districts)
                .Bind(4, std::string(R"(["http://localhost:8080","http://127.0.0.1:8080"])")).Run();
        });
        app.InvalidateTenants();
        out.tenant_created = true;
    }
    const auto tenant = app.FindTenant(kDemoTenant);

    // Proposals, placed by point-in-polygon like any other.
    const bool has_proposals = store.Read([&](Db& db) {
        auto q = db.Prepare("SELECT 1 FROM proposals WHERE tenant_id = ? LIMIT 1");
        q.Bind(1, tenant->id);
        return q.Step();
    });
    if (!has_proposals) {
        store.Write([&](Db& db) {
            for (const auto& d : kProposals) {
                const int r = FindRegion(tenant->districts, {d.lon, d.lat});
                db.Prepare("INSERT INTO proposals (tenant_id, title, description, category, latitude, longitude,"
                           " estimated_cost, status, district_code, district_name) VALUES (?, ?, ?, ?, ?, ?, ?, 'published', ?, ?)")
                    .Bind(1, tenant->id).Bind(2, d.title).Bind(3, d.description).Bind(4, d.category)
                    .Bind(5, d.lat).Bind(6, d.lon).Bind(7, static_cast<std::int64_t>(d.cost))
                    .Bind(8, r >= 0 ? std::optional<std::string>(tenant->districts[static_cast<size_t>(r)].code) : std::nullopt)
                    .Bind(9, r >= 0 ? std::optional<std::string>(tenant->districts[static_cast<size_t>(r)].name) : std::nullopt)
                    .Run();
                ++out.proposals_added;
            }
        });
        app.Bump(tenant->id);
    }

    // The Toulouse 2022 budget, twice: open for voting (fresh box), and published with the
    // 4,532 real ballots of 2022 so that the results widget has something true to show.
    const bool need_voting = !app.FindProcess(*tenant, kDemoVotingProcess);
    const bool need_results = !app.FindProcess(*tenant, kDemoResultsProcess);
    if (need_voting || need_results) {
        PbElection e;
        PbError err;
        if (!ReadPabulib(ReadFile(data_dir + "/pabulib/France_Toulouse_2022.pb"), e, err))
            throw std::runtime_error("demo .pb: " + err.What());
        ProcessSpec base = ProcessSpecFromPabulib(e);
        PlaceProjects(base.projects, *tenant, "toulouse-2022");
        store.Write([&](Db& db) {
            if (need_voting) {
                ProcessSpec s = base;
                s.slug = kDemoVotingProcess;
                s.title = "Budget participatif 2022 — vote de démonstration";
                s.description = "Les 199 projets du budget participatif 2022 de Toulouse (données Pabulib), "
                                "soumis à nouveau au vote pour la démonstration : choisissez de 1 à 3 projets." +
                                std::string(kPlacementNote);
                s.phase = Phase::Voting;
                InsertProcess(db, tenant->id, s);
            }
            if (need_results) {
                ProcessSpec s = base;
                s.slug = kDemoResultsProcess;
                s.title = "Budget participatif 2022 — résultats";
                s.description = "Le budget participatif 2022 de Toulouse avec ses 4 532 bulletins réels (données "
                                "Pabulib), dépouillés par Quartier." + std::string(kPlacementNote);
                s.phase = Phase::Published;
                InsertArchivedBallots(db, InsertProcess(db, tenant->id, s), e);
            }
        });
        app.InvalidateProcesses();
    }

    // Voter codes: fixed demo codes, printed while unused; more are added when few remain.
    const auto voting = app.FindProcess(*tenant, kDemoVotingProcess);
    store.Write([&](Db& db) {
        for (int i = 1; i <= 10000 && out.voter_codes.size() < 5; ++i) {
            const std::string code = DemoCode(i);
            const std::string hash = VoterCodeHash(voting->id, code);
            auto q = db.Prepare("SELECT used FROM voter_codes WHERE code_hash = ?");
            q.BindBlob(1, hash);
            if (q.Step()) {
                if (q.Int(0) == 0) out.voter_codes.push_back(code);
                continue;
            }
            db.Prepare("INSERT INTO voter_codes (code_hash, process_id) VALUES (?, ?)").BindBlob(1, hash).Bind(2, voting->id).Run();
            out.voter_codes.push_back(code);
        }
    });

    const bool fast = app.FastPasswords();
    struct Account {
        const char* email;
        Role role;
        bool tenant_bound;
    };
    for (const Account& a : {Account{"admin@quartier.demo", Role::Admin, false},
                             Account{"moderation@quartier.demo", Role::Moderator, true},
                             Account{"agent@quartier.demo", Role::Agent, true},
                             Account{"habitante@quartier.demo", Role::Resident, false}}) {
        EnsureAccount(store, a.email, kDemoPassword, a.role,
                      a.tenant_bound ? std::optional<std::int64_t>(tenant->id) : std::nullopt, fast);
        out.accounts.push_back(std::string(ToString(a.role)) + " " + a.email + " " + kDemoPassword);
    }
    return out;
}

} // namespace quartier

// The demo, from real open data: Haute-Garonne commune outlines (IGN Admin Express, Licence
// Ouverte) as the tenant's districts, and Toulouse's 2022 participatory budget from Pabulib.
// The .pb file gives Toulouse's quarters by name but no coordinates and no quarter outlines,
// so every project is placed at a deterministic point inside the commune of Toulouse. A
// second, invented intercommunal budget (labelled as such) shows the map of communes and
// turnout over time.
#include "backend/demo_data.h"

#include "backend/app_context.h"
#include "backend/store/process_store.h"
#include "backend/routes.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
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

// [Pooled demo] Toulouse 2022 happened inside one commune and its .pb has no times, so it
// cannot show a map of communes or turnout over time. This budget is invented: real
// communes of the metropolis, made-up projects, ballots drawn by a fixed pseudo-random
// sequence (same at every start), counts per hour over three weeks.
struct PooledProject {
    const char* commune; // the district column: commune names as a clerk would type them
    const char* name;
    const char* category;
    int cost;
    int appeal; // relative chance to be chosen
};

const PooledProject kPooled[] = {
    {"Toulouse", "Forêt urbaine au Grand Parc Garonne", "Nature en ville", 180000, 9},
    {"Toulouse", "Ateliers de réparation de vélos dans les quartiers", "Éco-mobilité", 60000, 7},
    {"Toulouse", "Tiers-lieu pour les associations à Bellefontaine", "Solidarité", 150000, 5},
    {"Colomiers", "Jardins partagés au parc du Cabirol", "Nature en ville", 45000, 6},
    {"Colomiers", "Piste cyclable vers la gare de Colomiers", "Mobilités", 140000, 6},
    {"Blagnac", "Ombrières et fontaines place des Arts", "Cadre de vie", 70000, 5},
    {"Blagnac", "Parcours sportif le long du Touch", "Sport", 55000, 4},
    {"Tournefeuille", "Boîtes à livres dans chaque quartier", "Culture", 12000, 5},
    {"Tournefeuille", "Compostage collectif aux Ramassiers", "Déchets et Recyclage", 25000, 4},
    {"Balma", "Passerelle piétonne sur l’Hers", "Mobilités", 160000, 4},
    {"Balma", "Aire de jeux inclusive à Lasbordes", "Jeunesse", 65000, 5},
    {"Ramonville-Saint-Agne", "Berges du canal du Midi ombragées", "Nature en ville", 50000, 5},
    {"Saint-Orens-de-Gameville", "Éclairage public économe", "Énergie", 75000, 3},
    {"Cugnaux", "Espace de glisse pour les jeunes", "Jeunesse", 85000, 4},
    {"Castanet-Tolosan", "Halle de marché couverte pour les producteurs", "Consommation responsable", 120000, 3},
    {"Muret", "Verger partagé au bord de la Garonne", "Nature en ville", 30000, 4},
    {"Muret", "Navette de quartier pour les aînés", "Solidarité", 90000, 3},
    {"Quint-Fonsegrives", "Sentier des ruisseaux balisé", "Nature en ville", 20000, 3},
};
// Voters by home commune (relative weights, roughly like the population).
const struct {
    const char* commune;
    int weight;
} kPooledVoters[] = {{"Toulouse", 48}, {"Colomiers", 9}, {"Blagnac", 7}, {"Tournefeuille", 7}, {"Balma", 4},
                     {"Ramonville-Saint-Agne", 4}, {"Saint-Orens-de-Gameville", 3}, {"Cugnaux", 4},
                     {"Castanet-Tolosan", 3}, {"Muret", 6}, {"Quint-Fonsegrives", 2}, {"Launaguet", 3}};
constexpr int kPooledBallots = 2400;

struct Lcg {
    std::uint64_t state;
    std::uint32_t Next() {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::uint32_t>(state >> 33);
    }
    int Below(int n) { return static_cast<int>(Next() % static_cast<std::uint32_t>(n)); }
};

// The invented budget as a .pb document (so that it goes through the same reader as any file).
std::string PooledPb() {
    Lcg rng{20250303};
    std::string pb = "META\nkey;value\ndescription;Budget participatif intercommunal (démonstration)\n"
                     "country;France\nunit;Toulouse Métropole (fictif)\ninstance;demo\nnum_projects;" +
                     std::to_string(std::size(kPooled)) + "\nnum_votes;" + std::to_string(kPooledBallots) +
                     "\nbudget;900000\nvote_type;approval\nrule;equalshares\nmin_length;1\nmax_length;3\n"
                     "currency;EUR\nPROJECTS\nproject_id;cost;name;category;district\n";
    for (size_t i = 0; i < std::size(kPooled); ++i)
        pb += std::to_string(i + 1) + ";" + std::to_string(kPooled[i].cost) + ";" + kPooled[i].name + ";" +
              kPooled[i].category + ";" + kPooled[i].commune + "\n";
    pb += "VOTES\nvoter_id;vote;voting_method\n";
    int voter_total = 0;
    for (const auto& v : kPooledVoters) voter_total += v.weight;
    for (int n = 1; n <= kPooledBallots; ++n) {
        int pick = rng.Below(voter_total);
        const char* home = kPooledVoters[0].commune;
        for (const auto& v : kPooledVoters) {
            if (pick < v.weight) {
                home = v.commune;
                break;
            }
            pick -= v.weight;
        }
        // Mostly projects of one's own commune, some of the others.
        std::vector<int> weights;
        int total = 0;
        for (const auto& p : kPooled) {
            const int w = p.appeal * (std::string(p.commune) == home ? 12 : 1);
            weights.push_back(w);
            total += w;
        }
        const int count = 1 + rng.Below(3);
        std::vector<int> chosen;
        while (static_cast<int>(chosen.size()) < count) {
            int r = rng.Below(total), k = 0;
            while (r >= weights[static_cast<size_t>(k)]) r -= weights[static_cast<size_t>(k++)];
            if (std::find(chosen.begin(), chosen.end(), k + 1) == chosen.end()) chosen.push_back(k + 1);
        }
        std::string vote;
        for (int c : chosen) vote += (vote.empty() ? "" : ",") + std::to_string(c);
        pb += std::to_string(n) + ";" + vote + ";" + (rng.Below(10) == 0 ? "paper" : "online") + "\n";
    }
    return pb;
}

// Counts per hour for the invented vote: 3 to 23 March 2025, more at the start, at the end
// and in the evenings; the counts add up to the number of ballots.
void InsertPooledTurnout(Db& db, std::int64_t process_id) {
    Lcg rng{31};
    std::map<std::string, std::int64_t> hours;
    for (int n = 0; n < kPooledBallots; ++n) {
        int day;
        do {
            day = rng.Below(21);
        } while (day > 2 && day < 18 && rng.Below(3) == 0); // the first and last days draw more
        int hour;
        do {
            hour = 7 + rng.Below(16);
        } while (hour < 17 && rng.Below(2) == 0); // evenings draw more
        char buf[32];
        std::snprintf(buf, sizeof buf, "2025-03-%02dT%02d:00:00Z", 3 + day, hour);
        ++hours[buf];
    }
    for (const auto& [hour, count] : hours)
        db.Prepare("INSERT INTO ballot_counts (process_id, hour, ballots) VALUES (?, ?, ?)")
            .Bind(1, process_id).Bind(2, hour).Bind(3, count).Run();
}

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
        if (auto e = ParseRegions(geo, regions)) throw std::runtime_error("demo districts: " + e->Message("en"));
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
                s.dates = nlohmann::json::object(); // open by hand: the file's 2022 dates would close it
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
    if (!app.FindProcess(*tenant, kDemoPooledProcess)) {
        PbElection e;
        PbError err;
        if (!ReadPabulib(PooledPb(), e, err)) throw std::runtime_error("pooled demo: " + err.What());
        ProcessSpec s = ProcessSpecFromPabulib(e);
        PlaceProjects(s.projects, *tenant, "intercommunal-demo");
        s.slug = kDemoPooledProcess;
        s.title = "Budget intercommunal — démonstration (données fictives)";
        s.description = "Données fictives de démonstration : des projets inventés dans de vraies communes de la "
                        "métropole, 2 400 bulletins tirés au hasard (toujours les mêmes) et une participation "
                        "jour par jour inventée. Aucun vote réel.";
        s.rule = {{"name", "mes"}, {"sat", "cost"}, {"completion", "add1+greedy"}};
        s.dates = {{"voting", {{"start", "2025-03-03"}, {"end", "2025-03-23"}}}};
        s.phase = Phase::Published;
        store.Write([&](Db& db) {
            const std::int64_t id = InsertProcess(db, tenant->id, s);
            InsertArchivedBallots(db, id, e);
            InsertPooledTurnout(db, id);
        });
        app.InvalidateProcesses();
    }

    // Voter codes: fixed demo codes, printed while unused; more are added when few remain.
    const auto voting = app.FindProcess(*tenant, kDemoVotingProcess);
    store.Write([&](Db& db) {
        for (int i = 1; i <= 10000 && out.voter_codes.size() < 5; ++i) {
            const std::string code = DemoCode(i);
            const std::string hash = VoterCodeHash(db, voting->id, code);
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

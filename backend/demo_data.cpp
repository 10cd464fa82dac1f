// The demo proposals. Titles and places are written as residents of Toulouse would.
#include "backend/demo_data.h"

#include "backend/store.h"

namespace quartier {

int SeedDemoData(Store& store) {
    if (store.CountProposals() > 0) return 0;
    struct Demo {
        const char* title;
        const char* description;
        const char* category;
        double lat, lon;
        long long cost;
    };
    const Demo demo[] = {
        {"Création d’abris pour la faune",
         "Installer des nichoirs, des hôtels à insectes et des abris à hérissons dans les parcs "
         "du quartier.",
         "Environnement", 43.5866, 1.4470, 15000},
        {"Pistes cyclables sécurisées rue de Metz",
         "Séparer la piste cyclable de la chaussée entre le Pont-Neuf et la place Esquirol.",
         "Mobilités", 43.6005, 1.4410, 120000},
        {"Jardin partagé à Empalot",
         "Des parcelles, un composteur collectif et un point d’eau pour les habitants.",
         "Cadre de vie", 43.5805, 1.4460, 30000},
        {"Fontaines à boire dans le centre-ville",
         "Cinq fontaines d’eau potable sur les places les plus fréquentées l’été.",
         "Santé", 43.6045, 1.4440, 45000},
        {"Bancs et ombrages le long de la Garonne",
         "Des bancs tous les cent mètres et des arbres pour l’ombre, de la prairie des Filtres "
         "à Saint-Pierre.",
         "Cadre de vie", 43.5990, 1.4365, 60000},
        {"Boîte à livres au square Charles-de-Gaulle",
         "Une cabane à livres en bois, entretenue par les bénévoles du quartier.",
         "Culture", 43.6040, 1.4455, 2500},
        {"Éclairage public économe à Bagatelle",
         "Remplacer les lampadaires par des LED à détection de présence.",
         "Énergie", 43.5780, 1.4150, 80000},
        {"Aire de jeux inclusive à la Reynerie",
         "Des jeux accessibles aux enfants en fauteuil et un sol souple.",
         "Jeunesse", 43.5710, 1.4020, 95000},
    };
    int added = 0;
    for (const auto& d : demo) {
        Proposal p;
        p.title = d.title;
        p.description = d.description;
        p.category = d.category;
        p.latitude = d.lat;
        p.longitude = d.lon;
        p.estimated_cost = d.cost;
        p.status = ProposalStatus::Published;
        store.InsertProposal(p);
        ++added;
    }
    return added;
}

} // namespace quartier

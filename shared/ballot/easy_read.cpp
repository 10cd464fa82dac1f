// The default easy-to-read texts: a line a sentence, one idea a sentence (FALC's rules), made
// from what the ballot really asks.
#include "shared/ballot/easy_read.h"

#include "shared/i18n.h"
#include "shared/text.h"

namespace quartier {

namespace {

struct Lines {
    std::string text;
    void Add(const std::string& line) {
        if (!text.empty()) text += '\n';
        text += line;
    }
};

} // namespace

EasyRead DefaultEasyRead(const BallotConfig& b, const std::string& rule, bool district_budgets, const std::string& lang) {
    const std::string& lg = lang;
    Lines v;
    v.Add(Tr(lang, "Les habitants ont proposé des projets pour la commune."));
    v.Add(Tr(lang, "Chaque projet coûte de l’argent."));
    v.Add(Tr(lang, "Vous choisissez les projets que vous voulez."));
    if (b.kind == "knapsack") {
        v.Add(Fill(Tr(lang, "Vous avez un budget de {}."), FormatEuros(b.budget, lg)));
        v.Add(Tr(lang, "Vous cochez des projets."));
        v.Add(Tr(lang, "Le prix de vos projets s’ajoute."));
        v.Add(Tr(lang, "Le total ne doit pas dépasser votre budget."));
        if (b.min_spend_percent > 0)
            // xgettext:no-c-format
            v.Add(Fill(Tr(lang, "Le total doit faire au moins {} % du budget."), std::to_string(b.min_spend_percent)));
    } else if (b.kind == "cumulative") {
        v.Add(Fill(Tr(lang, "Vous avez {}."), CountOf(b.max_points, lg, "point", "points")));
        v.Add(Tr(lang, "Vous donnez vos points aux projets que vous aimez."));
        v.Add(Tr(lang, "Plus vous aimez un projet, plus vous lui donnez de points."));
        if (b.max_points_per_project > 0 && b.max_points_per_project < b.max_points)
            v.Add(Fill(Tr(lang, "Un projet peut recevoir {} au plus."), CountOf(b.max_points_per_project, lg, "point", "points")));
    } else if (b.kind == "ranked") {
        v.Add(Tr(lang, "Vous classez les projets que vous aimez."));
        v.Add(Tr(lang, "Le numéro 1 est le projet que vous préférez."));
    } else {
        v.Add(Tr(lang, "Vous cochez les projets que vous aimez."));
    }
    if (b.min_projects > 0 && b.min_projects == b.max_projects) {
        v.Add(Fill(Tr(lang, "Vous choisissez exactement {}."), CountOf(b.max_projects, lg, "projet", "projets")));
    } else {
        if (b.min_projects > 0)
            v.Add(Fill(Tr(lang, "Vous choisissez au moins {}."), CountOf(b.min_projects, lg, "projet", "projets")));
        if (b.max_projects > 0)
            v.Add(Fill(Tr(lang, "Vous choisissez au plus {}."), CountOf(b.max_projects, lg, "projet", "projets")));
    }
    if (b.district_rule != DistrictRule::Any)
        v.Add(Tr(lang, "Vous choisissez les projets d’un seul quartier."));
    v.Add(Tr(lang, "Pour voter, il faut votre code de vote."));
    v.Add(Tr(lang, "Le code est dans la lettre de la commune."));
    v.Add(Tr(lang, "Vous pouvez voter une seule fois."));
    v.Add(Tr(lang, "Votre vote est secret : personne ne sait pour qui vous avez voté."));

    Lines c;
    c.Add(Tr(lang, "Après le vote, on compte les votes."));
    if (district_budgets) {
        c.Add(Tr(lang, "Chaque quartier a son propre budget."));
        c.Add(Tr(lang, "On compte les votes de chaque quartier à part."));
    }
    if (rule == "mes") {
        c.Add(Tr(lang, "Chaque votant reçoit une part du budget."));
        c.Add(Tr(lang, "Toutes les parts sont égales."));
        c.Add(Tr(lang, "Les votants qui aiment un projet le paient ensemble, avec leurs parts."));
        c.Add(Tr(lang, "Un projet est choisi si ses votants ont assez d’argent ensemble."));
        c.Add(Tr(lang, "Ainsi, un petit groupe de votants peut aussi avoir son projet."));
    } else if (rule == "phragmen") {
        c.Add(Tr(lang, "Les votants qui aiment un projet partagent son prix."));
        c.Add(Tr(lang, "On choisit les projets un par un."));
        c.Add(Tr(lang, "À chaque fois, on choisit le projet qui charge le moins ses votants."));
        c.Add(Tr(lang, "Ainsi, un petit groupe de votants peut aussi avoir son projet."));
    } else {
        c.Add(Tr(lang, "Le projet qui a le plus de votes est choisi en premier."));
        c.Add(Tr(lang, "Puis le projet suivant, tant qu’il reste assez d’argent."));
        c.Add(Tr(lang, "Un projet trop cher pour l’argent qui reste n’est pas choisi."));
    }
    c.Add(Tr(lang, "La commune publie les résultats."));
    c.Add(Tr(lang, "Elle publie aussi tous les bulletins, sans les noms."));
    c.Add(Tr(lang, "Tout le monde peut recompter."));
    return {v.text, c.text};
}

} // namespace quartier

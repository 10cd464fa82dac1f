// The default easy-to-read texts: a line a sentence, one idea a sentence (FALC's rules), made
// from what the ballot really asks.
#include "shared/ballot/easy_read.h"

#include "shared/text.h"

namespace quartier {

namespace {

struct Lines {
    bool fr;
    std::string text;
    void Add(const std::string& french, const std::string& english) {
        if (!text.empty()) text += '\n';
        text += fr ? french : english;
    }
};

std::string Projects(std::int64_t n, bool fr) {
    return std::to_string(n) + (fr ? (n == 1 ? " projet" : " projets") : (n == 1 ? " project" : " projects"));
}

} // namespace

EasyRead DefaultEasyRead(const BallotConfig& b, const std::string& rule, bool district_budgets, const std::string& lang) {
    const bool fr = lang.rfind("fr", 0) == 0;
    const std::string lg = fr ? "fr" : "en";
    Lines v{fr, {}};
    v.Add("Les habitants ont proposé des projets pour la commune.", "Residents have proposed projects for the town.");
    v.Add("Chaque projet coûte de l’argent.", "Each project costs money.");
    v.Add("Vous choisissez les projets que vous voulez.", "You choose the projects you want.");
    if (b.kind == "knapsack") {
        v.Add("Vous avez un budget de " + FormatEuros(b.budget, lg) + ".", "You have a budget of " + FormatEuros(b.budget, lg) + ".");
        v.Add("Vous cochez des projets.", "You tick projects.");
        v.Add("Le prix de vos projets s’ajoute.", "The prices of your projects add up.");
        v.Add("Le total ne doit pas dépasser votre budget.", "The total must not be more than your budget.");
        if (b.min_spend_percent > 0)
            v.Add("Le total doit faire au moins " + std::to_string(b.min_spend_percent) + " % du budget.",
                  "The total must be at least " + std::to_string(b.min_spend_percent) + "% of the budget.");
    } else if (b.kind == "cumulative") {
        v.Add("Vous avez " + FormatCount(b.max_points, lg) + " points.", "You have " + FormatCount(b.max_points, lg) + " points.");
        v.Add("Vous donnez vos points aux projets que vous aimez.", "You give your points to the projects you like.");
        v.Add("Plus vous aimez un projet, plus vous lui donnez de points.", "The more you like a project, the more points you give it.");
        if (b.max_points_per_project > 0 && b.max_points_per_project < b.max_points)
            v.Add("Un projet peut recevoir " + FormatCount(b.max_points_per_project, lg) + " points au plus.",
                  "One project can get " + FormatCount(b.max_points_per_project, lg) + " points at most.");
    } else if (b.kind == "ranked") {
        v.Add("Vous classez les projets que vous aimez.", "You put the projects you like in order.");
        v.Add("Le numéro 1 est le projet que vous préférez.", "Number 1 is the project you like best.");
    } else {
        v.Add("Vous cochez les projets que vous aimez.", "You tick the projects you like.");
    }
    if (b.min_projects > 0 && b.min_projects == b.max_projects) {
        v.Add("Vous choisissez exactement " + Projects(b.max_projects, true) + ".", "You choose exactly " + Projects(b.max_projects, false) + ".");
    } else {
        if (b.min_projects > 0)
            v.Add("Vous choisissez au moins " + Projects(b.min_projects, true) + ".", "You choose at least " + Projects(b.min_projects, false) + ".");
        if (b.max_projects > 0)
            v.Add("Vous choisissez au plus " + Projects(b.max_projects, true) + ".", "You choose at most " + Projects(b.max_projects, false) + ".");
    }
    if (b.district_rule != DistrictRule::Any)
        v.Add("Vous choisissez les projets d’un seul quartier.", "You choose the projects of one district only.");
    v.Add("Pour voter, il faut votre code de vote.", "To vote, you need your voting code.");
    v.Add("Le code est dans la lettre de la commune.", "The code is in the letter from the town.");
    v.Add("Vous pouvez voter une seule fois.", "You can vote only once.");
    v.Add("Votre vote est secret : personne ne sait pour qui vous avez voté.",
          "Your vote is secret: nobody knows what you voted for.");

    Lines c{fr, {}};
    c.Add("Après le vote, on compte les votes.", "After the vote, the votes are counted.");
    if (district_budgets) {
        c.Add("Chaque quartier a son propre budget.", "Each district has its own budget.");
        c.Add("On compte les votes de chaque quartier à part.", "The votes of each district are counted on their own.");
    }
    if (rule == "mes") {
        c.Add("Chaque votant reçoit une part du budget.", "Each voter gets a share of the budget.");
        c.Add("Toutes les parts sont égales.", "All the shares are the same.");
        c.Add("Les votants qui aiment un projet le paient ensemble, avec leurs parts.",
              "The voters who like a project pay for it together, with their shares.");
        c.Add("Un projet est choisi si ses votants ont assez d’argent ensemble.",
              "A project is chosen if its voters have enough money together.");
        c.Add("Ainsi, un petit groupe de votants peut aussi avoir son projet.",
              "So a small group of voters can have its project too.");
    } else if (rule == "phragmen") {
        c.Add("Les votants qui aiment un projet partagent son prix.", "The voters who like a project share its price.");
        c.Add("On choisit les projets un par un.", "Projects are chosen one by one.");
        c.Add("À chaque fois, on choisit le projet qui charge le moins ses votants.",
              "Each time, the project that weighs least on its voters is chosen.");
        c.Add("Ainsi, un petit groupe de votants peut aussi avoir son projet.",
              "So a small group of voters can have its project too.");
    } else {
        c.Add("Le projet qui a le plus de votes est choisi en premier.", "The project with the most votes is chosen first.");
        c.Add("Puis le projet suivant, tant qu’il reste assez d’argent.", "Then the next project, while there is enough money left.");
        c.Add("Un projet trop cher pour l’argent qui reste n’est pas choisi.",
              "A project that costs more than the money left is not chosen.");
    }
    c.Add("La commune publie les résultats.", "The town publishes the results.");
    c.Add("Elle publie aussi tous les bulletins, sans les noms.", "It also publishes all the ballots, without names.");
    c.Add("Tout le monde peut recompter.", "Anyone can count again.");
    return {v.text, c.text};
}

} // namespace quartier

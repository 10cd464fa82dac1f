// Why each project came out as it did: the sentences of the results widget's "Understand a
// result" and of the plain pages' project pages, from the one ElectionResults both use.
#include "shared/tally/explain_text.h"

#include "shared/i18n.h"
#include "shared/text.h"

#include <algorithm>
#include <cmath>

namespace quartier {

namespace {

std::string Money(double amount, const std::string& lang) {
    return FormatEuros(static_cast<std::int64_t>(std::llround(amount)), lang);
}

// 1 -> "1er" / "1st", 2 -> "2e" / "2nd", 11 -> "11e" / "11th": the language's ending for
// each kind of number (English's st, nd, rd and th; French's er for 1 alone).
std::string Ordinal(int n, const std::string& lang) {
    const int tens = n % 100, last = n % 10;
    const bool teen = tens >= 11 && tens <= 13;
    // TRANSLATORS: an ordinal number, {} the number: 1er, 2e… (English 1st, 2nd, 3rd, 4th).
    const char* form = n == 1                 ? TrC(lang, "ordinal: 1", "{}er")
                       : !teen && last == 1   ? TrC(lang, "ordinal: 21, 31…", "{}e")
                       : !teen && last == 2   ? TrC(lang, "ordinal: 2, 22, 32…", "{}e")
                       : !teen && last == 3   ? TrC(lang, "ordinal: 3, 23, 33…", "{}e")
                                              : TrC(lang, "ordinal: 4, 11, 12, 13…", "{}e");
    return Fill(form, std::to_string(n));
}

// TRANSLATORS: a project's name quoted in a sentence.
std::string Quoted(const std::string& name, const std::string& lang) { return Fill(TrC(lang, "quoted name", "« {} »"), name); }

bool Contains(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// Equal Shares' own account of the project: its round, or why its supporters could not pay.
// Returns false when the explanation does not mention it.
bool EqualSharesLines(const MesExplanation& x, const ResultRow& row, const std::string& lang, std::vector<std::string>& lines) {
    const std::string name = Quoted(row.name, lang);
    for (const auto& r : x.rounds) {
        if (r.project != row.id) continue;
        // TRANSLATORS: {0} the project, {1} the round, {2} its supporters, {3} its cost, {4} the most one paid.
        lines.push_back(Fill(TrN(lang, r.supporters, "{0} est financé au tour {1} : {2} soutien a réuni son coût de {3}, chacun payant au plus {4}.",
                                 "{0} est financé au tour {1} : ses {2} soutiens ont réuni son coût de {3}, chacun payant au plus {4}."),
                             name, std::to_string(r.round), FormatCount(r.supporters, lang), Money(r.cost, lang),
                             Money(r.max_payment, lang)));
        // TRANSLATORS: {0} supporters who paid a full share, {1} who gave all they had left, {2} the money left.
        lines.push_back(Fill(TrN(lang, r.paying_full_share,
                                 "{0} soutien a payé sa part entière, {1} ont donné tout ce qui leur restait. Après ce tour, il reste {2} à répartir.",
                                 "{0} soutiens ont payé leur part entière, {1} ont donné tout ce qui leur restait. Après ce tour, il reste {2} à répartir."),
                             FormatCount(r.paying_full_share, lang), FormatCount(r.paying_all_left, lang), Money(r.budget_left, lang)));
        return true;
    }
    if (Contains(x.completed_by_greedy, row.id)) {
        lines.push_back(Fill(Tr(lang, "{} n’a pas été choisi par les parts égales, mais l’argent restant l’a financé ensuite, "
                                      "par ordre de votes."),
                             name));
        return true;
    }
    for (const auto& u : x.unfunded) {
        if (u.project != row.id) continue;
        if (u.reason == UnfundedReason::NoSupporters)
            lines.push_back(Fill(Tr(lang, "{} n’est pas financé : personne ne l’a choisi."), name));
        else
            // TRANSLATORS: {0} the project, {1} the round, {2} its supporters, {3} their money left, {4} its cost.
            lines.push_back(Fill(TrN(lang, u.supporters,
                                     "{0} n’est pas financé : au tour {1}, son {2} soutien ne disposait plus que de {3}, moins que son "
                                     "coût de {4}. Sa part avait servi à financer d’autres projets qu’il soutenait.",
                                     "{0} n’est pas financé : au tour {1}, ses {2} soutiens ne disposaient plus que de {3}, moins que son "
                                     "coût de {4}. Leur part avait servi à financer d’autres projets qu’ils soutenaient."),
                                 name, std::to_string(u.ruled_out_in_round), FormatCount(u.supporters, lang),
                                 Money(u.supporters_money, lang), Money(u.cost, lang)));
        return true;
    }
    return false;
}

std::string ShareLine(const MesExplanation& x, const std::string& lang) {
    // TRANSLATORS: {0} the number of voters, {1} each one's share of the budget.
    return Fill(TrN(lang, x.voters, "Avec la méthode des parts égales, {0} votant reçoit la même part du budget : {1}.",
                    "Avec la méthode des parts égales, chacun des {0} votants reçoit la même part du budget : {1}."),
                FormatCount(x.voters, lang), Money(x.budget_per_voter, lang));
}

// The money a project competed for: the whole budget, or its district's part (or the
// city-wide envelope) when the budget is split, each decided on its own.
struct Part {
    Decimal budget;
    const std::vector<std::string>* winners = nullptr;
    const MesExplanation* rule_explanation = nullptr;
    const std::string* district = nullptr; // null: every project competes together
    bool Holds(const ResultRow& row) const { return !district || row.district == *district; }
    int Order(const std::string& id) const { // 1-based among the part's winners; 0: not funded
        for (size_t i = 0; i < winners->size(); ++i)
            if ((*winners)[i] == id) return static_cast<int>(i) + 1;
        return 0;
    }
};

Part PartOf(const ElectionResults& r, const ResultRow& row) {
    for (const auto& d : r.districts)
        if (d.district == row.district)
            return Part{d.budget, &d.winners, d.rule_explanation ? &*d.rule_explanation : nullptr, &d.district};
    return Part{r.budget, &r.winners, r.rule_explanation ? &*r.rule_explanation : nullptr, nullptr};
}

// The part's budget minus what the winners chosen before cost.
Decimal LeftBefore(const Part& part, const std::vector<const ResultRow*>& chosen_before) {
    Decimal left = part.budget;
    for (const ResultRow* w : chosen_before) {
        Decimal next;
        if (!Subtract(left, w->cost, next)) return left;
        left = next;
    }
    return left;
}

const ResultRow* RowOf(const ElectionResults& r, const std::string& id) {
    for (const auto& row : r.rows)
        if (row.id == id) return &row;
    return nullptr;
}

// Greedy: projects taken in the rule's order while the money lasts.
void GreedyLines(const ElectionResults& r, const Part& part, const ResultRow& row, const std::string& lang,
                 std::vector<std::string>& lines) {
    const std::string name = Quoted(row.name, lang);
    const bool by_votes = r.rule.options.sat == Satisfaction::Cost || r.rule.options.sat == Satisfaction::Points ||
                          r.rule.options.sat == Satisfaction::Borda;
    // TRANSLATORS: the order projects were taken in, said inside the sentences below.
    const std::string order = by_votes ? TrC(lang, "order of the count", "par ordre de votes")
                                       : TrC(lang, "order of the count", "par votes rapportés au coût");
    const int rank = part.Order(row.id);
    if (rank > 0) {
        std::vector<const ResultRow*> before;
        for (const auto& id : *part.winners) {
            if (id == row.id) break;
            if (const ResultRow* w = RowOf(r, id)) before.push_back(w);
        }
        // TRANSLATORS: {0} the project, {1} its rank as an ordinal (1er), {2} the order ("par ordre de
        // votes"), {3} the money left, {4} its cost, {5} its rank as a bare number.
        lines.push_back(Fill(Tr(lang, "{0} est financé : {1} projet retenu {2}, il restait {3} quand son tour est venu, assez pour "
                                      "son coût de {4}."),
                             name, Ordinal(rank, lang), order, FormatEuros(LeftBefore(part, before), lang),
                             FormatEuros(row.cost, lang), std::to_string(rank)));
        return;
    }
    if (row.votes == 0) {
        lines.push_back(Fill(Tr(lang, "{} n’est pas financé : personne ne l’a choisi."), name));
        return;
    }
    // The money left at its turn is exact when the order is the vote count's (r.rows is by
    // votes, most first): the winners listed above it. Ties broken otherwise, or another
    // order, make the sum unsure: then the sentence says only what is certain.
    if (r.rule.options.sat == Satisfaction::Cost) {
        std::vector<const ResultRow*> before;
        for (const auto& other : r.rows) {
            if (other.id == row.id) break;
            if (part.Holds(other) && part.Order(other.id) > 0) before.push_back(&other);
        }
        const Decimal left = LeftBefore(part, before);
        const bool tied = std::any_of(r.rows.begin(), r.rows.end(), [&](const ResultRow& o) {
            return o.id != row.id && o.votes == row.votes && part.Holds(o) && part.Order(o.id) > 0;
        });
        if (!tied && left < row.cost) {
            // TRANSLATORS: {0} the project, {1} the order ("par ordre de votes"), {2} the money left, {3} its cost.
            lines.push_back(Fill(Tr(lang, "{0} n’est pas financé : quand son tour est venu, {1}, il ne restait que {2}, moins que son "
                                          "coût de {3}."),
                                 name, order, FormatEuros(left, lang), FormatEuros(row.cost, lang)));
            return;
        }
    }
    // TRANSLATORS: {0} the project, {1} the order ("par ordre de votes"), {2} its cost.
    lines.push_back(Fill(Tr(lang, "{0} n’est pas financé : les projets passés avant lui, {1}, ont pris l’argent dont il avait besoin ({2})."),
                         name, order, FormatEuros(row.cost, lang)));
}

} // namespace

std::vector<std::string> ExplainOutcome(const ElectionResults& r, const std::string& id, const std::string& lang) {
    std::vector<std::string> lines;
    const ResultRow* row = RowOf(r, id);
    if (!row) return lines;
    const Part part = PartOf(r, *row);
    if (part.district) // the budget is split: it competed with its district's projects only
        lines.push_back(part.district->empty()
                            ? Fill(Tr(lang, "Enveloppe de toute la commune : {} à répartir entre ses projets."), FormatEuros(part.budget, lang))
                            // TRANSLATORS: {0} the district, {1} its budget.
                            : Fill(Tr(lang, "Quartier {0} : {1} à répartir entre ses projets."), *part.district,
                                   FormatEuros(part.budget, lang)));
    if (part.rule_explanation) { // the rule is Equal Shares: its own account, then the share
        if (EqualSharesLines(*part.rule_explanation, *row, lang, lines)) lines.push_back(ShareLine(*part.rule_explanation, lang));
        return lines;
    }
    const std::string name = Quoted(row->name, lang);
    const int rank = part.Order(row->id);
    if (r.rule.name == "greedy") {
        GreedyLines(r, part, *row, lang, lines);
    } else if (rank > 0) {
        // TRANSLATORS: {0} the project, {1} its rank as an ordinal (2e), {2} its rank as a bare number.
        lines.push_back(Fill(Tr(lang, "{0} est financé : la règle l’a retenu en {1} position."), name, Ordinal(rank, lang),
                             std::to_string(rank)));
    } else {
        lines.push_back(Fill(Tr(lang, "{} n’est pas financé : la règle ne l’a pas retenu avant que le budget soit épuisé."), name));
    }
    // What the other way of counting would have done, in the comparison's words.
    const bool funded = rank > 0;
    if (row->funded_mes)
        lines.push_back(funded ? Tr(lang, "Avec la méthode des parts égales, il aurait aussi été financé.")
                               : Tr(lang, "Avec la méthode des parts égales, il aurait été financé."));
    else
        lines.push_back(funded ? Tr(lang, "Avec la méthode des parts égales, il n’aurait pas été financé.")
                               : Tr(lang, "Avec la méthode des parts égales, il n’aurait pas été financé non plus."));
    return lines;
}

std::string RuleInPlainWords(const std::string& rule, const std::string& lang) {
    if (rule == "greedy")
        return Tr(lang, "Vote majoritaire : les projets sont financés dans l’ordre de leurs voix, tant que le budget le "
                    "permet ; un projet trop cher pour ce qui reste est sauté. Simple à expliquer, mais la majorité peut "
                    "prendre tout le budget.");
    if (rule == "mes")
        return Tr(lang, "Méthode des parts égales : chaque votant reçoit la même part du budget, et les votants d’un projet "
                    "le paient ensemble avec leurs parts. Un groupe finance des projets à proportion de sa taille : les "
                    "quartiers et groupes moins nombreux ont aussi leurs projets.");
    if (rule == "phragmen")
        return Tr(lang, "Phragmén séquentiel : les votants d’un projet se partagent son coût, et chaque nouveau projet est "
                    "choisi pour que la charge la plus lourde portée par un votant reste la plus petite possible. "
                    "Proportionnel, comme les parts égales.");
    return "";
}

} // namespace quartier

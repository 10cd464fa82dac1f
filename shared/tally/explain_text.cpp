// Why each project came out as it did: the sentences of the results widget's "Understand a
// result" and of the plain pages' project pages, from the one ElectionResults both use.
#include "shared/tally/explain_text.h"

#include "shared/text.h"

#include <algorithm>
#include <cmath>

namespace quartier {

namespace {

bool French(const std::string& lang) { return lang.rfind("fr", 0) == 0; }

std::string Money(double amount, const std::string& lang) {
    return FormatEuros(static_cast<std::int64_t>(std::llround(amount)), lang);
}

// 1 -> "1er" / "1st", 2 -> "2e" / "2nd", 11 -> "11e" / "11th".
std::string Ordinal(int n, bool fr) {
    if (fr) return std::to_string(n) + (n == 1 ? "er" : "e");
    const int tens = n % 100, last = n % 10;
    const char* suffix = (tens >= 11 && tens <= 13) ? "th" : last == 1 ? "st" : last == 2 ? "nd" : last == 3 ? "rd" : "th";
    return std::to_string(n) + suffix;
}

std::string Quoted(const std::string& name, bool fr) { return fr ? "« " + name + " »" : "“" + name + "”"; }

bool Contains(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// Equal Shares' own account of the project: its round, or why its supporters could not pay.
// Returns false when the explanation does not mention it.
bool EqualSharesLines(const MesExplanation& x, const ResultRow& row, bool fr, const std::string& lang,
                      std::vector<std::string>& lines) {
    const std::string name = Quoted(row.name, fr);
    for (const auto& r : x.rounds) {
        if (r.project != row.id) continue;
        lines.push_back(fr ? name + " est financé au tour " + std::to_string(r.round) + " : ses " +
                                 std::to_string(r.supporters) + " soutiens ont réuni son coût de " + Money(r.cost, lang) +
                                 ", chacun payant au plus " + Money(r.max_payment, lang) + "."
                           : name + " is funded in round " + std::to_string(r.round) + ": its " +
                                 std::to_string(r.supporters) + " supporters paid its cost of " + Money(r.cost, lang) +
                                 ", none paying more than " + Money(r.max_payment, lang) + ".");
        lines.push_back(fr ? std::to_string(r.paying_full_share) + " soutiens ont payé leur part entière, " +
                                 std::to_string(r.paying_all_left) + " ont donné tout ce qui leur restait. Après ce tour, il reste " +
                                 Money(r.budget_left, lang) + " à répartir."
                           : std::to_string(r.paying_full_share) + " supporters paid their full share, " +
                                 std::to_string(r.paying_all_left) + " gave all they had left. After this round, " +
                                 Money(r.budget_left, lang) + " remain to share.");
        return true;
    }
    if (Contains(x.completed_by_greedy, row.id)) {
        lines.push_back(fr ? name + " n’a pas été choisi par les parts égales, mais l’argent restant l’a financé ensuite, "
                                    "par ordre de votes."
                           : name + " was not chosen by equal shares, but the money left over funded it afterwards, "
                                    "in order of votes.");
        return true;
    }
    for (const auto& u : x.unfunded) {
        if (u.project != row.id) continue;
        if (u.reason == UnfundedReason::NoSupporters)
            lines.push_back(fr ? name + " n’est pas financé : personne ne l’a choisi." : name + " is not funded: nobody chose it.");
        else
            lines.push_back(fr ? name + " n’est pas financé : au tour " + std::to_string(u.ruled_out_in_round) + ", ses " +
                                     std::to_string(u.supporters) + " soutiens ne disposaient plus que de " +
                                     Money(u.supporters_money, lang) + ", moins que son coût de " + Money(u.cost, lang) +
                                     ". Leur part avait servi à financer d’autres projets qu’ils soutenaient."
                               : name + " is not funded: in round " + std::to_string(u.ruled_out_in_round) + ", its " +
                                     std::to_string(u.supporters) + " supporters had only " + Money(u.supporters_money, lang) +
                                     " left, less than its cost of " + Money(u.cost, lang) +
                                     ". Their share had gone to other projects they supported.");
        return true;
    }
    return false;
}

std::string ShareLine(const MesExplanation& x, bool fr, const std::string& lang) {
    return fr ? "Avec la méthode des parts égales, chacun des " + std::to_string(x.voters) +
                    " votants reçoit la même part du budget : " + Money(x.budget_per_voter, lang) + "."
              : "Under the Method of Equal Shares, each of the " + std::to_string(x.voters) +
                    " voters gets the same share of the budget: " + Money(x.budget_per_voter, lang) + ".";
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
void GreedyLines(const ElectionResults& r, const Part& part, const ResultRow& row, bool fr, const std::string& lang,
                 std::vector<std::string>& lines) {
    const std::string name = Quoted(row.name, fr);
    const bool by_votes = r.rule.options.sat == Satisfaction::Cost || r.rule.options.sat == Satisfaction::Points ||
                          r.rule.options.sat == Satisfaction::Borda;
    const std::string order = by_votes ? (fr ? "par ordre de votes" : "in order of votes")
                                       : (fr ? "par votes rapportés au coût" : "by votes per euro of cost");
    const int rank = part.Order(row.id);
    if (rank > 0) {
        std::vector<const ResultRow*> before;
        for (const auto& id : *part.winners) {
            if (id == row.id) break;
            if (const ResultRow* w = RowOf(r, id)) before.push_back(w);
        }
        lines.push_back(fr ? name + " est financé : " + Ordinal(rank, true) + " projet retenu " + order +
                                 ", il restait " + FormatEuros(LeftBefore(part, before), lang) +
                                 " quand son tour est venu, assez pour son coût de " + FormatEuros(row.cost, lang) + "."
                           : name + " is funded: the " + Ordinal(rank, false) + " project chosen " + order +
                                 ", " + FormatEuros(LeftBefore(part, before), lang) +
                                 " were left when its turn came, enough for its cost of " + FormatEuros(row.cost, lang) + ".");
        return;
    }
    if (row.votes == 0) {
        lines.push_back(fr ? name + " n’est pas financé : personne ne l’a choisi." : name + " is not funded: nobody chose it.");
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
            lines.push_back(fr ? name + " n’est pas financé : quand son tour est venu, " + order + ", il ne restait que " +
                                     FormatEuros(left, lang) + ", moins que son coût de " + FormatEuros(row.cost, lang) + "."
                               : name + " is not funded: when its turn came, " + order + ", only " + FormatEuros(left, lang) +
                                     " were left, less than its cost of " + FormatEuros(row.cost, lang) + ".");
            return;
        }
    }
    lines.push_back(fr ? name + " n’est pas financé : les projets passés avant lui, " + order +
                             ", ont pris l’argent dont il avait besoin (" + FormatEuros(row.cost, lang) + ")."
                       : name + " is not funded: the projects ahead of it, " + order + ", took the money it needed (" +
                             FormatEuros(row.cost, lang) + ").");
}

} // namespace

std::vector<std::string> ExplainOutcome(const ElectionResults& r, const std::string& id, const std::string& lang) {
    const bool fr = French(lang);
    std::vector<std::string> lines;
    const ResultRow* row = RowOf(r, id);
    if (!row) return lines;
    const Part part = PartOf(r, *row);
    if (part.district) // the budget is split: it competed with its district's projects only
        lines.push_back(fr ? (part.district->empty() ? "Enveloppe de toute la commune : " : "Quartier " + *part.district + " : ") +
                                 FormatEuros(part.budget, lang) + " à répartir entre ses projets."
                           : (part.district->empty() ? "City-wide envelope: " : "District " + *part.district + ": ") +
                                 FormatEuros(part.budget, lang) + " to share among its projects.");
    if (part.rule_explanation) { // the rule is Equal Shares: its own account, then the share
        if (EqualSharesLines(*part.rule_explanation, *row, fr, lang, lines)) lines.push_back(ShareLine(*part.rule_explanation, fr, lang));
        return lines;
    }
    const std::string name = Quoted(row->name, fr);
    const int rank = part.Order(row->id);
    if (r.rule.name == "greedy") {
        GreedyLines(r, part, *row, fr, lang, lines);
    } else if (rank > 0) {
        lines.push_back(fr ? name + " est financé : la règle l’a retenu en " + Ordinal(rank, true) + " position."
                           : name + " is funded: the rule chose it " + Ordinal(rank, false) + ".");
    } else {
        lines.push_back(fr ? name + " n’est pas financé : la règle ne l’a pas retenu avant que le budget soit épuisé."
                           : name + " is not funded: the rule did not choose it before the budget ran out.");
    }
    // What the other way of counting would have done, in the comparison's words.
    const bool funded = rank > 0;
    if (row->funded_mes)
        lines.push_back(fr ? std::string("Avec la méthode des parts égales, il aurait ") + (funded ? "aussi " : "") + "été financé."
                           : std::string("Under the Method of Equal Shares, it would ") + (funded ? "also " : "") + "have been funded.");
    else
        lines.push_back(fr ? std::string("Avec la méthode des parts égales, il n’aurait pas été financé") + (funded ? "." : " non plus.")
                           : std::string("Under the Method of Equal Shares, it would not have been funded") + (funded ? "." : " either."));
    return lines;
}

std::string RuleInPlainWords(const std::string& rule, const std::string& lang) {
    const bool fr = lang.rfind("fr", 0) == 0;
    if (rule == "greedy")
        return fr ? "Vote majoritaire : les projets sont financés dans l’ordre de leurs voix, tant que le budget le "
                    "permet ; un projet trop cher pour ce qui reste est sauté. Simple à expliquer, mais la majorité peut "
                    "prendre tout le budget."
                  : "Majority counting: projects are funded in order of their votes while the budget allows; a project "
                    "that costs more than what is left is skipped. Simple to explain, but the majority can take the "
                    "whole budget.";
    if (rule == "mes")
        return fr ? "Méthode des parts égales : chaque votant reçoit la même part du budget, et les votants d’un projet "
                    "le paient ensemble avec leurs parts. Un groupe finance des projets à proportion de sa taille : les "
                    "quartiers et groupes moins nombreux ont aussi leurs projets."
                  : "Method of Equal Shares: every voter gets the same share of the budget, and a project's voters pay "
                    "for it together out of their shares. A group funds projects in proportion to its size: smaller "
                    "neighbourhoods and groups get their projects too.";
    if (rule == "phragmen")
        return fr ? "Phragmén séquentiel : les votants d’un projet se partagent son coût, et chaque nouveau projet est "
                    "choisi pour que la charge la plus lourde portée par un votant reste la plus petite possible. "
                    "Proportionnel, comme les parts égales."
                  : "Sequential Phragmén: a project's voters share its cost, and each new project is chosen so that the "
                    "heaviest load any voter carries stays as small as possible. Proportional, like Equal Shares.";
    return "";
}

} // namespace quartier

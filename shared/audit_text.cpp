// Audit entries as sentences (see audit_text.h).
#include "shared/audit_text.h"

#include "shared/i18n.h"
#include "shared/json_read.h"
#include "shared/text.h"

#include <nlohmann/json.hpp>

#include <cctype>

namespace quartier {

namespace {

std::string TextOf(const nlohmann::json& v) {
    return v.is_string() ? v.get<std::string>() : v.is_null() ? std::string() : v.dump();
}

const char* RoleWord(const std::string& role, const std::string& lang) {
    if (role == "admin") return TrC(lang, "audit actor", "un administrateur");
    if (role == "moderator") return TrC(lang, "audit actor", "un modérateur");
    if (role == "agent") return TrC(lang, "audit actor", "un agent");
    if (role == "resident") return TrC(lang, "audit actor", "un habitant");
    if (role == "calendar") return TrC(lang, "audit actor", "le calendrier"); // phases moved by their dates
    return TrC(lang, "audit actor", "le système");
}

std::string PhaseWord(const std::string& phase, const std::string& lang) {
    struct Word { const char *id, *fr; };
    static const Word kPhases[] = {
        {"draft", NC_("audit phase", "brouillon")}, {"submission", NC_("audit phase", "dépôt des propositions")},
        {"review", NC_("audit phase", "étude de faisabilité")}, {"voting", NC_("audit phase", "vote")},
        {"closed", NC_("audit phase", "vote clos")}, {"published", NC_("audit phase", "résultats publiés")},
        {"follow_up", NC_("audit phase", "suivi des projets")}};
    for (const auto& w : kPhases)
        if (phase == w.id) return TrC(lang, "audit phase", w.fr);
    return phase;
}

// The upper case of a sentence's first letter, for the ASCII ones ("un agent" → "Un agent").
std::string Capitalised(std::string s) {
    if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

} // namespace

std::string ShortPersonName(const std::string& display_name) {
    const std::string name = Trim(display_name);
    const auto space = name.find_last_of(' ');
    if (space == std::string::npos || space + 1 >= name.size()) return name;
    const std::string first = Trim(name.substr(0, space));
    // The last word's first letter, whole (UTF-8): "Émilie Éluard" → "Émilie É."
    const auto c = static_cast<unsigned char>(name[space + 1]);
    const size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    return first + " " + name.substr(space + 1, len) + ".";
}

std::string AuditSentence(const nlohmann::json& e, const std::string& lang) {
    const std::string action = JsonOr(e, "action", "");
    const nlohmann::json detail = JsonOr(e, "detail", nlohmann::json::object());
    const std::string target = TextOf(JsonOr(e, "target", nlohmann::json()));
    const std::string title = JsonOr(e, "target_title", "");
    const std::string role = JsonOr(e, "role", "");

    // When: "30/11/2026 12:40" in French, "2026-11-30 12:40" in English: the language's
    // order of year {0}, month {1}, day {2} and time {3}. The commune's wall-clock time when
    // the server gives it ("at_local"), else UTC's.
    const std::string at = JsonOr(e, "at_local", JsonOr(e, "at", JsonOr(e, "created_at", "")));
    std::string line = at.size() >= 16 ? Fill(TrC(lang, "date and time", "{2}/{1}/{0} {3}"), at.substr(0, 4), at.substr(5, 2),
                                              at.substr(8, 2), at.substr(11, 5))
                                       : at;
    if (!line.empty()) line += " \u2014 ";

    // Who: the person's name, else their role and account number.
    std::string who = ShortPersonName(JsonOr(e, "actor_name", ""));
    if (who.empty()) {
        who = RoleWord(role, lang);
        const auto actor = JsonOr(e, "actor", nlohmann::json());
        if (actor.is_number_integer() && actor.get<std::int64_t>() > 0)
            who = Fill(Tr(lang, "{0} (compte n° {1})"), who, actor.dump());
        who = Capitalised(who);
    }

    // On what: the things a sentence names, each written whole in the language.
    const std::string proposal = title.empty() ? Fill(Tr(lang, "la proposition n° {}"), target)
                                               : Fill(Tr(lang, "la proposition « {} »"), title);
    const std::string process = Fill(Tr(lang, "la consultation « {} »"), target);
    const std::string project = target.substr(target.find('/') + 1);
    auto count = [&](const char* key) { return TextOf(JsonOr(detail, key, nlohmann::json())); };
    // "{0}" is who, "{1}" what the action was on: one sentence per action, for translators.
    auto said = [&](const char* text, const std::string& on) { return Fill(text, who, on); };
    std::string what;
    if (action == "proposal.approve") what = said(Tr(lang, "{0} a approuvé {1}"), proposal);
    else if (action == "proposal.reject") what = said(Tr(lang, "{0} a rejeté {1}"), proposal);
    else if (action == "proposal.hide") what = said(Tr(lang, "{0} a masqué {1}"), proposal);
    else if (action == "proposal.photo_removed") what = said(Tr(lang, "{0} a retiré une photo de {1}"), proposal);
    else if (action == "project.photo") what = said(Tr(lang, "{0} a ajouté une photo aux nouvelles du projet {1}"), project);
    else if (action == "project.photo_removed") what = said(Tr(lang, "{0} a retiré une photo des nouvelles d’un projet"), "");
    else if (action == "comment.approve" || action == "comment.hide") {
        // The target is the comment; its proposal is in the detail (and its title given).
        const std::string on = title.empty() ? Fill(Tr(lang, "la proposition n° {}"), count("proposal")) : proposal;
        what = action == "comment.approve" ? said(Tr(lang, "{0} a approuvé un commentaire sur {1}"), on)
                                           : said(Tr(lang, "{0} a masqué un commentaire sur {1}"), on);
    }
    else if (action == "proposal.merge") {
        what = detail.contains("into") ? Fill(Tr(lang, "{0} a fusionné {1} dans la proposition n° {2}"), who, proposal, count("into"))
                                       : said(Tr(lang, "{0} a fusionné {1}"), proposal);
    } else if (action == "proposal.review") {
        const auto feasible = JsonOr(detail, "feasible", nlohmann::json());
        what = said(feasible.is_boolean() ? (feasible.get<bool>() ? Tr(lang, "{0} a jugé réalisable {1}")
                                                                  : Tr(lang, "{0} a jugé non réalisable {1}"))
                                          : Tr(lang, "{0} a examiné {1}"),
                    proposal);
    } else if (action == "tenant.create") what = said(Tr(lang, "{0} a créé la commune « {1} »"), target);
    else if (action == "tenant.update") what = said(Tr(lang, "{0} a modifié les réglages de la commune"), "");
    else if (action == "tenant.archive") what = said(Tr(lang, "{0} a archivé la commune"), "");
    else if (action == "tenant.restore") what = said(Tr(lang, "{0} a rétabli la commune"), "");
    else if (action == "tenant.delete") what = said(Tr(lang, "{0} a supprimé la commune « {1} »"), target);
    else if (action == "process.create") what = said(Tr(lang, "{0} a créé {1}"), process);
    else if (action == "process.update") what = said(Tr(lang, "{0} a modifié {1}"), process);
    else if (action == "process.import") what = said(Tr(lang, "{0} a importé {1} d’un fichier Pabulib"), process);
    else if (action == "process.archive") what = said(Tr(lang, "{0} a archivé {1}"), process);
    else if (action == "process.restore") what = said(Tr(lang, "{0} a rétabli {1}"), process);
    else if (action == "process.delete") what = said(Tr(lang, "{0} a supprimé {1}"), process);
    else if (action == "process.phase")
        what = Fill(Tr(lang, "{0} a fait passer {1} de la phase « {2} » à la phase « {3} »"), who, process,
                    PhaseWord(count("from"), lang), PhaseWord(count("to"), lang));
    else if (action == "process.promote") {
        const auto promoted = JsonOr(detail, "promoted", nlohmann::json::array());
        const auto n = static_cast<std::int64_t>(promoted.is_array() ? promoted.size() : 0);
        what = Fill(TrN(lang, n, "{0} a porté {1} proposition au vote de {2}", "{0} a porté {1} propositions au vote de {2}"), who,
                    FormatCount(n, lang), process);
    } else if (action == "project.follow_up") what = said(Tr(lang, "{0} a mis à jour le suivi du projet « {1} »"), project);
    else if (action == "project.update") what = said(Tr(lang, "{0} a publié des nouvelles du projet « {1} »"), project);
    else if (action == "codes.generate")
        what = Fill(Tr(lang, "{0} a créé {1} codes de vote pour {2}"), who, count("count"), process);
    else if (action == "census.import")
        what = Fill(Tr(lang, "{0} a importé {1} lignes de la liste des votants de {2}"), who, count("added"), process);
    else if (action == "census.remove") what = said(Tr(lang, "{0} a retiré une ligne de la liste des votants de {1}"), process);
    else if (action == "ballot.paper")
        what = Fill(Tr(lang, "{0} a saisi {1} bulletins papier pour {2}"), who, count("ballots"), process);
    else if (action == "user.create") what = said(Tr(lang, "{0} a créé le compte n° {1}"), target);
    else if (action == "user.role") what = said(Tr(lang, "{0} a changé le rôle du compte n° {1}"), target);
    else if (action == "user.disable") what = said(Tr(lang, "{0} a désactivé le compte n° {1}"), target);
    else if (action == "user.enable") what = said(Tr(lang, "{0} a réactivé le compte n° {1}"), target);
    else if (action == "user.reset_issued") what = said(Tr(lang, "{0} a émis un lien de nouveau mot de passe pour le compte n° {1}"), target);
    else if (action == "user.password_reset") what = said(Tr(lang, "{0} a changé le mot de passe du compte n° {1}"), target);
    else what = who + " " + action + (target.empty() ? "" : " " + target);
    line += what;

    const auto reason = JsonOr(detail, "reason", nlohmann::json());
    if (reason.is_string() && !reason.get<std::string>().empty()) line += " \u2014 " + reason.get<std::string>();
    else if (e.contains("reason") && e["reason"].is_string()) line += " \u2014 " + e["reason"].get<std::string>();
    const char last = line.empty() ? '.' : line.back();
    return last == '.' || last == '!' || last == '?' ? line : line + ".";
}

} // namespace quartier

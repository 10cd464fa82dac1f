// Audit entries as sentences (see audit_text.h).
#include "shared/audit_text.h"

#include "shared/json_read.h"
#include "shared/text.h"

#include <nlohmann/json.hpp>

#include <cctype>

namespace quartier {

namespace {

bool French(const std::string& lang) { return lang.rfind("fr", 0) == 0; }

std::string Quote(const std::string& s, bool fr) { return fr ? "« " + s + " »" : "“" + s + "”"; }

std::string TextOf(const nlohmann::json& v) {
    return v.is_string() ? v.get<std::string>() : v.is_null() ? std::string() : v.dump();
}

const char* RoleWord(const std::string& role, bool fr) {
    if (role == "admin") return fr ? "un administrateur" : "an administrator";
    if (role == "moderator") return fr ? "un modérateur" : "a moderator";
    if (role == "agent") return fr ? "un agent" : "an agent";
    if (role == "resident") return fr ? "un habitant" : "a resident";
    if (role == "calendar") return fr ? "le calendrier" : "the calendar"; // phases moved by their dates
    return fr ? "le système" : "the system";
}

std::string PhaseWord(const std::string& phase, bool fr) {
    struct Word { const char *id, *fr, *en; };
    static const Word kPhases[] = {
        {"draft", "brouillon", "draft"}, {"submission", "dépôt des propositions", "proposals"},
        {"review", "étude de faisabilité", "feasibility review"}, {"voting", "vote", "voting"},
        {"closed", "vote clos", "voting closed"}, {"published", "résultats publiés", "results published"},
        {"follow_up", "suivi des projets", "follow-up"}};
    for (const auto& w : kPhases)
        if (phase == w.id) return fr ? w.fr : w.en;
    return phase;
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
    const bool fr = French(lang);
    const std::string action = JsonOr(e, "action", "");
    const nlohmann::json detail = JsonOr(e, "detail", nlohmann::json::object());
    const std::string target = TextOf(JsonOr(e, "target", nlohmann::json()));
    const std::string title = JsonOr(e, "target_title", "");
    const std::string role = JsonOr(e, "role", "");

    // When: "30/11/2026 12:40" (French) or "2026-11-30 12:40".
    // The commune's wall-clock time when the server gives it ("at_local"), else UTC's.
    const std::string at = JsonOr(e, "at_local", JsonOr(e, "at", JsonOr(e, "created_at", "")));
    std::string line = at.size() >= 16 ? (fr ? at.substr(8, 2) + "/" + at.substr(5, 2) + "/" + at.substr(0, 4) : at.substr(0, 10)) +
                                             " " + at.substr(11, 5)
                                       : at;
    if (!line.empty()) line += " \u2014 ";

    // Who: the person's name, else their role and account number.
    std::string who = ShortPersonName(JsonOr(e, "actor_name", ""));
    if (who.empty()) {
        who = RoleWord(role, fr);
        const auto actor = JsonOr(e, "actor", nlohmann::json());
        if (actor.is_number_integer() && actor.get<std::int64_t>() > 0) who += (fr ? " (compte n° " : " (account #") + actor.dump() + ")";
        if (!who.empty()) who[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(who[0])));
    }

    // What, on what.
    const std::string proposal = title.empty() ? (fr ? "la proposition n° " : "proposal #") + target
                                               : (fr ? "la proposition " : "the proposal ") + Quote(title, fr);
    const std::string process = (fr ? "la consultation " : "the consultation ") + Quote(target, fr);
    const std::string project_id = target.substr(target.find('/') + 1);
    const std::string project = (fr ? "le projet " : "project ") + Quote(project_id, fr);
    const std::string account = (fr ? "le compte n° " : "account #") + target;
    auto count = [&](const char* key) { return TextOf(JsonOr(detail, key, nlohmann::json())); };
    std::string what;
    if (action == "proposal.approve") what = fr ? "a approuvé " + proposal : "approved " + proposal;
    else if (action == "proposal.reject") what = fr ? "a rejeté " + proposal : "rejected " + proposal;
    else if (action == "proposal.hide") what = fr ? "a masqué " + proposal : "hid " + proposal;
    else if (action == "proposal.photo_removed") what = fr ? "a retiré une photo de " + proposal : "removed a photo from " + proposal;
    else if (action == "project.photo") what = fr ? "a ajouté une photo aux nouvelles du " + project : "added a photo to the news of " + project;
    else if (action == "project.photo_removed") what = fr ? "a retiré une photo des nouvelles d’un projet" : "removed a photo from a project’s news";
    else if (action == "comment.approve" || action == "comment.hide") {
        // The target is the comment; its proposal is in the detail (and its title given).
        const std::string on = title.empty() ? (fr ? "la proposition n° " : "proposal #") + count("proposal") : proposal;
        what = action == "comment.approve" ? (fr ? "a approuvé un commentaire sur " : "approved a comment on ") + on
                                           : (fr ? "a masqué un commentaire sur " : "hid a comment on ") + on;
    }
    else if (action == "proposal.merge") {
        what = fr ? "a fusionné " + proposal : "merged " + proposal;
        if (detail.contains("into")) what += (fr ? " dans la proposition n° " : " into proposal #") + count("into");
    } else if (action == "proposal.review") {
        const auto feasible = JsonOr(detail, "feasible", nlohmann::json());
        what = feasible.is_boolean() ? (feasible.get<bool>() ? (fr ? "a jugé réalisable " : "found feasible ")
                                                             : (fr ? "a jugé non réalisable " : "found not feasible "))
                                     : (fr ? "a examiné " : "reviewed ");
        what += proposal;
    } else if (action == "tenant.create") what = fr ? "a créé la commune " + Quote(target, fr) : "created the commune " + Quote(target, fr);
    else if (action == "tenant.update") what = fr ? "a modifié les réglages de la commune" : "changed the commune’s settings";
    else if (action == "tenant.archive") what = fr ? "a archivé la commune" : "archived the commune";
    else if (action == "tenant.restore") what = fr ? "a rétabli la commune" : "restored the commune";
    else if (action == "tenant.delete") what = fr ? "a supprimé la commune " + Quote(target, fr) : "deleted the commune " + Quote(target, fr);
    else if (action == "process.create") what = fr ? "a créé " + process : "created " + process;
    else if (action == "process.update") what = fr ? "a modifié " + process : "changed " + process;
    else if (action == "process.import") what = fr ? "a importé " + process + " d’un fichier Pabulib" : "imported " + process + " from a Pabulib file";
    else if (action == "process.archive") what = fr ? "a archivé " + process : "archived " + process;
    else if (action == "process.restore") what = fr ? "a rétabli " + process : "restored " + process;
    else if (action == "process.delete") what = fr ? "a supprimé " + process : "deleted " + process;
    else if (action == "process.phase")
        what = fr ? "a fait passer " + process + " de la phase « " + PhaseWord(count("from"), fr) + " » à la phase « " +
                        PhaseWord(count("to"), fr) + " »"
                  : "moved " + process + " from “" + PhaseWord(count("from"), fr) + "” to “" + PhaseWord(count("to"), fr) + "”";
    else if (action == "process.promote") {
        const auto promoted = JsonOr(detail, "promoted", nlohmann::json::array());
        const std::string n = std::to_string(promoted.is_array() ? promoted.size() : 0);
        what = fr ? "a porté " + n + " proposition(s) au vote de " + process : "put " + n + " proposal(s) on the ballot of " + process;
    } else if (action == "project.follow_up") what = fr ? "a mis à jour le suivi du " + project : "updated the follow-up of " + project;
    else if (action == "project.update") what = fr ? "a publié des nouvelles du " + project : "posted news of " + project;
    else if (action == "codes.generate")
        what = fr ? "a créé " + count("count") + " codes de vote pour " + process : "created " + count("count") + " voter codes for " + process;
    else if (action == "census.import")
        what = fr ? "a importé " + count("added") + " lignes de la liste des votants de " + process
                  : "imported " + count("added") + " lines of the voter roll of " + process;
    else if (action == "census.remove") what = fr ? "a retiré une ligne de la liste des votants de " + process : "removed a line of the voter roll of " + process;
    else if (action == "ballot.paper")
        what = fr ? "a saisi " + count("ballots") + " bulletins papier pour " + process : "entered " + count("ballots") + " paper ballots for " + process;
    else if (action == "user.create") what = fr ? "a créé " + account : "created " + account;
    else if (action == "user.role") what = fr ? "a changé le rôle du " + account.substr(3) : "changed the role of " + account;
    else if (action == "user.disable") what = fr ? "a désactivé " + account : "disabled " + account;
    else if (action == "user.enable") what = fr ? "a réactivé " + account : "re-enabled " + account;
    else if (action == "user.reset_issued") what = fr ? "a émis un lien de nouveau mot de passe pour " + account : "issued a password-reset link for " + account;
    else if (action == "user.password_reset") what = fr ? "a changé le mot de passe du " + account.substr(3) : "reset the password of " + account;
    else what = action + (target.empty() ? "" : " " + target);
    line += who + " " + what;

    const auto reason = JsonOr(detail, "reason", nlohmann::json());
    if (reason.is_string() && !reason.get<std::string>().empty()) line += " \u2014 " + reason.get<std::string>();
    else if (e.contains("reason") && e["reason"].is_string()) line += " \u2014 " + e["reason"].get<std::string>();
    const char last = line.empty() ? '.' : line.back();
    return last == '.' || last == '!' || last == '?' ? line : line + ".";
}

} // namespace quartier

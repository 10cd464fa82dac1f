// One entry of a commune's audit log in a sentence, in the reader's language: "Marie D. a masqué
// la proposition « Bancs rue de Metz » — doublon". Every place that shows the log (the
// moderation console, its accessible mirror) writes it with this one function.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace quartier {

// entry as GET …/moderation/audit lists it: at, actor, actor_name, role, action, target,
// target_title, detail. "30/11/2026 12:40 — Marie D. a masqué la proposition « … »"; an
// action this version does not know is still written, with its id.
std::string AuditSentence(const nlohmann::json& entry, const std::string& lang);

// "Marie Dupont" → "Marie D.": how the log names a member of staff.
std::string ShortPersonName(const std::string& display_name);

} // namespace quartier

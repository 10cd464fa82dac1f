// Building blocks of a widget's accessible tree (what site/embed.js mirrors into plain HTML,
// see web_a11y.h) and of the commands its buttons send back; shared by every widget's model.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace quartier {

inline nlohmann::json A11yText(const std::string& text) { return {{"role", "text"}, {"text", text}}; }

inline nlohmann::json A11yButton(const std::string& id, const std::string& label, bool enabled = true) {
    return {{"role", "button"}, {"id", id}, {"label", label}, {"disabled", !enabled}};
}

// True when command id starts with prefix ("toggle-", "merge-"); rest gets what follows.
inline bool CommandAfter(const std::string& id, const char* prefix, std::string& rest) {
    const std::string p(prefix);
    if (id.rfind(p, 0) != 0) return false;
    rest = id.substr(p.size());
    return true;
}

} // namespace quartier

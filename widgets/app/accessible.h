// Builders for the accessible tree a widget's model describes itself with (the mirror that
// site/embed.js renders as plain HTML for screen readers and keyboards; docs/embedding.md,
// "Accessibility mirror"). One place for the node shapes, so every widget speaks the same
// roles: region, heading, text, status (polite), alert (assertive), list, listitem, button,
// input (one line, multiline or numeric) and select.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace quartier::a11y {

using nlohmann::json;

inline json Landmark(const std::string& label, json children) {
    return json{{"role", "region"}, {"label", label}, {"children", std::move(children)}};
}
inline json Heading(const std::string& text, int level = 2, const std::string& id = "") {
    json n{{"role", "heading"}, {"level", level}, {"text", text}};
    if (!id.empty()) n["id"] = id;
    return n;
}
inline json Text(const std::string& text) { return json{{"role", "text"}, {"text", text}}; }
// Polite live region (counts, thanks); id keeps it the same element across updates.
inline json Status(const std::string& id, const std::string& text) {
    return json{{"role", "status"}, {"id", id}, {"text", text}};
}
// Assertive live region (refusals, errors).
inline json Alert(const std::string& id, const std::string& text) {
    return json{{"role", "alert"}, {"id", id}, {"text", text}};
}
inline json List(const std::string& label, json items) {
    return json{{"role", "list"}, {"label", label}, {"children", std::move(items)}};
}
inline json ListItem(const std::string& id, const std::string& text, json actions = json::array()) {
    json n{{"role", "listitem"}, {"text", text}, {"children", std::move(actions)}};
    if (!id.empty()) n["id"] = id;
    return n;
}
inline json Button(const std::string& id, const std::string& label, bool enabled = true) {
    return json{{"role", "button"}, {"id", id}, {"label", label}, {"disabled", !enabled}};
}

enum class InputKind { Line, Multiline, Numeric };
inline json Input(const std::string& id, const std::string& label, const std::string& value,
                  InputKind kind = InputKind::Line, bool required = false) {
    json n{{"role", "input"}, {"id", id}, {"label", label}, {"value", value}};
    if (kind == InputKind::Multiline) n["multiline"] = true;
    if (kind == InputKind::Numeric) n["numeric"] = true;
    if (required) n["required"] = true;
    return n;
}

struct Option {
    std::string value;
    std::string label;
};
// A drop-down list; the command receives the chosen option's value (a string).
inline json Select(const std::string& id, const std::string& label, const std::vector<Option>& options,
                   const std::string& value) {
    json opts = json::array();
    for (const auto& o : options) opts.push_back(json{{"value", o.value}, {"label", o.label}});
    return json{{"role", "select"}, {"id", id}, {"label", label}, {"options", std::move(opts)}, {"value", value}};
}

// The text of a command's value (mirror inputs and selects send strings), "" otherwise.
inline std::string ValueText(const json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_number_integer()) return std::to_string(value.get<long long>());
    return std::string();
}

} // namespace quartier::a11y

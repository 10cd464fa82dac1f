// The accessibility mirror's C side (web builds only): a widget registers how to describe
// itself as an accessible tree and how to run a command; site/embed.js renders the tree
// into an off-screen DOM that screen readers read and keyboards drive, and calls back.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <string>

namespace quartier {

using AccessibleTree = std::function<nlohmann::json()>;
using CommandHandler = std::function<bool(const std::string& id, const nlohmann::json& value)>;

// Call once from the widget's main, before RunWebWidget.
void SetAccessibility(AccessibleTree tree, CommandHandler command);

} // namespace quartier

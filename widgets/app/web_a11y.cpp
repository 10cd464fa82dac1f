// Exports quartier_a11y (the tree as JSON) and quartier_command (run a command by id) for
// the mirror in site/embed.js.
#include "widgets/app/web_a11y.h"

#include "widgets/app/platform.h"

#include <emscripten/emscripten.h>

namespace quartier {

namespace {
AccessibleTree g_tree;
CommandHandler g_command;
std::string g_buffer;
} // namespace

void SetAccessibility(AccessibleTree tree, CommandHandler command) {
    g_tree = std::move(tree);
    g_command = std::move(command);
}

} // namespace quartier

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* quartier_a11y() {
    quartier::g_buffer = quartier::g_tree ? quartier::g_tree().dump() : "null";
    return quartier::g_buffer.c_str();
}

// value_json: the command's argument as JSON ("null", or a string for text fields).
EMSCRIPTEN_KEEPALIVE int quartier_command(const char* id, const char* value_json) {
    if (!quartier::g_command || !id) return 0;
    const auto value = nlohmann::json::parse(value_json ? value_json : "null", nullptr, false);
    quartier::RequestFrames(); // the canvas shows what the command changed
    return quartier::g_command(id, value.is_discarded() ? nlohmann::json() : value) ? 1 : 0;
}
}

// Draws the commune's console from its view-model: sign-in, then a left navigation (top tabs
// on narrow canvases) and the open section. Only draws, and turns clicks into model commands.
#pragma once

namespace quartier {

class ConsoleModel;

bool DrawConsole(ConsoleModel& model);

} // namespace quartier

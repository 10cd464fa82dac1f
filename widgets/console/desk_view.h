// Draws the agents' desk inside the region the console's shell gives it, and maps the keys
// agents repeat (digits, arrows, Space, Enter, Escape) to DeskModel's commands.
#pragma once

namespace quartier {

class DeskModel;

void DrawDesk(DeskModel& model);

} // namespace quartier

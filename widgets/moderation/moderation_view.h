// Draws the moderation console from its view-model and maps the keyboard shortcuts
// (j/k move, x select, a approve, r reject, h hide, u undo) to its commands.
#pragma once

namespace quartier {

class ModerationModel;

bool DrawModeration(ModerationModel& model);

} // namespace quartier

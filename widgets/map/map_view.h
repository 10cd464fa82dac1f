// Draws the proposal map widget from its view-model; returns true when the resident changed
// something this frame (the ImGui idiom). Only draws and forwards commands to the model.
#pragma once

namespace quartier {

class MapModel;

bool DrawMapWidget(MapModel& model);

} // namespace quartier

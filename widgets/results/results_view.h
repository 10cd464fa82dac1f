// Draws the results widget from its view-model; returns true when the resident changed
// something this frame. Only draws.
#pragma once

namespace quartier {

class ResultsModel;

bool DrawResults(ResultsModel& model);

} // namespace quartier

// Draws the ballot widget from its view-model; returns true when the resident changed
// something this frame. Only draws: every rule lives in BallotModel and the shared code.
#pragma once

namespace quartier {

class BallotModel;

bool DrawBallot(BallotModel& model);

} // namespace quartier

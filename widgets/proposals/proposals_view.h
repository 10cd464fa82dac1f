// Draws the proposals widget from its view-model; returns true when the resident changed
// something this frame (the ImGui idiom). Only draws: every decision is in the model.
#pragma once

namespace quartier {

class ProposalsModel;

bool DrawProposals(ProposalsModel& model);

} // namespace quartier

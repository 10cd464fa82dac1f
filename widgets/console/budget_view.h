// Draws a budget's part of the console (processes, then the chosen one's timeline, settings,
// review queue, voter roll, turnout and closing) inside the region the shell gives it.
#pragma once

namespace quartier {

class BudgetModel;

void DrawBudgets(BudgetModel& model);

} // namespace quartier

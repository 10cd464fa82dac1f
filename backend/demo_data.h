// Demo content for the demo command: a handful of proposals placed in Toulouse, so that a
// newcomer sees a living page. Never loaded unless asked for (--demo).
#pragma once

namespace quartier {

class Store;

// Adds the demo proposals when the store holds none; returns how many were added.
int SeedDemoData(Store& store);

} // namespace quartier

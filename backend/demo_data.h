// Demo content for the demo command: the tenant "toulouse" with the Haute-Garonne communes as
// districts, the Toulouse 2022 participatory budget (a process open for voting and its real
// published results), a synthetic intercommunal budget across communes (for the district
// map and turnout over time, which the real file cannot show), a handful of proposals, demo accounts and voter codes. Never loaded
// unless asked for (--demo); idempotent.
#pragma once

#include <string>
#include <vector>

namespace quartier {

class AppContext;

struct DemoSummary {
    int proposals_added = 0;
    bool tenant_created = false;
    std::vector<std::string> voter_codes; // unused demo codes for the voting process
    std::vector<std::string> accounts;    // "role email password" lines, for the console
};

// data_dir holds pabulib/France_Toulouse_2022.pb and geo/communes-31-haute-garonne.geojson.
// Throws std::runtime_error when they cannot be read.
DemoSummary SeedDemo(AppContext& app, const std::string& data_dir);

// The demo tenant and process ids, for the site and the tests.
inline constexpr const char* kDemoTenant = "toulouse";
inline constexpr const char* kDemoVotingProcess = "bp2022";
inline constexpr const char* kDemoResultsProcess = "bp2022-resultats";
// A pooled (intercommunal) budget whose projects are in several communes, with synthetic
// ballots and turnout: demonstration data, labelled so everywhere it shows.
inline constexpr const char* kDemoPooledProcess = "bp-intercommunal-demo";
inline constexpr const char* kDemoPassword = "quartier-demo";

} // namespace quartier

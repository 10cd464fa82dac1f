// Building processes: from an admin's JSON, or from a Pabulib .pb file (import, and the
// demo's Toulouse 2022 budget), projects without coordinates placed inside their district,
// and the rows written to the store. Shared by the process handlers and the demo.
#pragma once

#include "backend/app_context.h"
#include "shared/pabulib/pabulib.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace quartier {

struct ProcessSpec {
    std::string slug, title, description, currency = "EUR";
    Phase phase = Phase::Submission;
    nlohmann::json dates = nlohmann::json::object();
    Decimal budget;
    BallotConfig ballot; // kind and limits; projects come from `projects`
    nlohmann::json rule = {{"name", "greedy"}, {"sat", "cost"}, {"completion", "none"}};
    nlohmann::json district_budgets = nlohmann::json::object();
    bool uncoded_paper = false; // "uncoded_paper_ballots": paper ballots without a voter code
    nlohmann::json easy_read = nlohmann::json::object(); // the commune's own FALC texts
    std::vector<ProcessProject> projects;
};

// Reads and checks an admin's process (ApiError 400 naming the field). When partial, only
// fields present are read into spec (for PATCH).
void ProcessSpecFromJson(const nlohmann::json& body, ProcessSpec& spec, bool partial);
// Per-district budgets that can decide: together at most the process's budget (the rest is
// the city-wide envelope), and a budget for every district a project names. ApiError 400
// naming "districts_budgets" (or the project's district). Nothing to check without them.
void CheckDistrictBudgets(const Decimal& budget, const nlohmann::json& district_budgets,
                          const std::vector<ProcessProject>& projects);
// The settings of a .pb file: projects (name, category, district, coordinates when given),
// budget, ballot kind and limits, rule, dates. ApiError 400 (field "file") when unusable.
ProcessSpec ProcessSpecFromPabulib(const PbElection& e);
// Gives projects without coordinates a deterministic point inside their district (matched
// by code or name among the tenant's districts) or else inside the district holding the
// tenant's centre; marks them placed.
void PlaceProjects(std::vector<ProcessProject>& projects, const Tenant& t, const std::string& seed);

// Inserts the process and its projects; ApiError 409 when the slug is taken.
std::int64_t InsertProcess(Db& db, std::int64_t tenant_id, const ProcessSpec& spec);
// The .pb file's votes as archived ballots of process_id (no codes, no tokens). Returns how many.
std::int64_t InsertArchivedBallots(Db& db, std::int64_t process_id, const PbElection& e);

// How a voter code is stored: an HMAC under the store's key (outside the database) of the
// SHA-256 of the process and the normalised code.
std::string VoterCodeHash(Db& db, std::int64_t process_id, const std::string& code);

// The canonical JSON of a stored ballot ({"projects":[...]} or with "points").
std::string CanonicalBallot(const nlohmann::json& ballot);

} // namespace quartier

// Photos' rows (schema 14) as the API and the plain pages show them: each photo's sizes and
// their addresses, grouped by what they illustrate (a proposal, a follow-up update).
#pragma once

#include "backend/store/store.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace quartier {

enum class PhotoOwner { Proposal, Update };

// The photo's address at one size box: /api/v1/tenants/{slug}/photos/{id}-{hash16}-{box}.jpg.
// The hash in it changes with the bytes, so the address can be cached for ever.
std::string PhotoUrl(const std::string& tenant_slug, std::int64_t id, const std::string& hash, int box);

// Photos of these owners, in their order, by owner id: each
// {"id","alt","width","height","url" (largest),"thumbnail" (smallest),"sizes":[{"box","width","height","url"}]}.
std::map<std::int64_t, nlohmann::json> ReadPhotos(Db& db, PhotoOwner owner, const std::vector<std::int64_t>& ids);

} // namespace quartier

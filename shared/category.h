// A commune's categories ({"id","fr","en"} in its tenant settings) and the label of the
// value a proposal or project carries: widgets, moderation and plain pages show "Mobilités",
// never the stored id "mobilite", with one function.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace quartier {

struct Category {
    std::string id; // the value stored on proposals (e.g. "mobilite")
    std::string fr;
    std::string en;

    const std::string& Label(const std::string& lang) const;
};

// The categories of a tenant's JSON list; entries without a string id are skipped, missing
// names fall back to the other language, then to the id.
std::vector<Category> CategoriesFromJson(const nlohmann::json& list);

// Index of the category value names (its id, or its French or English name as older
// proposals and Pabulib files carry), -1 when none.
int FindCategory(const std::vector<Category>& categories, const std::string& value);

// value's label in lang; value itself when the commune has no such category.
std::string CategoryLabel(const std::vector<Category>& categories, const std::string& value,
                          const std::string& lang);

} // namespace quartier

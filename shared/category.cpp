// Category lists and labels, shared by the server's pages and the widgets.
#include "shared/category.h"

#include <nlohmann/json.hpp>

namespace quartier {

const std::string& Category::Label(const std::string& lang) const {
    return lang.rfind("fr", 0) == 0 ? fr : en;
}

std::vector<Category> CategoriesFromJson(const nlohmann::json& list) {
    std::vector<Category> out;
    if (!list.is_array()) return out;
    auto text = [](const nlohmann::json& c, const char* k) {
        return c.contains(k) && c[k].is_string() ? c[k].get<std::string>() : std::string();
    };
    for (const auto& c : list) {
        if (!c.is_object()) continue;
        Category cat{text(c, "id"), text(c, "fr"), text(c, "en")};
        if (cat.id.empty()) continue;
        if (cat.fr.empty()) cat.fr = cat.en.empty() ? cat.id : cat.en;
        if (cat.en.empty()) cat.en = cat.fr;
        out.push_back(std::move(cat));
    }
    return out;
}

int FindCategory(const std::vector<Category>& categories, const std::string& value) {
    if (value.empty()) return -1;
    for (size_t i = 0; i < categories.size(); ++i)
        if (categories[i].id == value) return static_cast<int>(i);
    for (size_t i = 0; i < categories.size(); ++i)
        if (categories[i].fr == value || categories[i].en == value) return static_cast<int>(i);
    return -1;
}

std::string CategoryLabel(const std::vector<Category>& categories, const std::string& value,
                          const std::string& lang) {
    const int i = FindCategory(categories, value);
    return i < 0 ? value : categories[static_cast<size_t>(i)].Label(lang);
}

} // namespace quartier

// Reading JSON that comes from the other side without throwing. The wasm build cannot catch
// exceptions, and nlohmann's .value() and .get() throw on a field of the wrong type, which in
// the browser stops the shared module: every widget on the page. JsonOr(j, "key", fallback)
// gives the field when j is an object holding it with the fallback's type (any number for a
// number), else the fallback.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <type_traits>

namespace quartier {

namespace json_read_detail {
template <class T>
bool Fits(const nlohmann::json& v) {
    if constexpr (std::is_same_v<T, nlohmann::json>) return true;
    else if constexpr (std::is_same_v<T, bool>) return v.is_boolean();
    else if constexpr (std::is_same_v<T, std::string>) return v.is_string();
    else if constexpr (std::is_arithmetic_v<T>) return v.is_number();
    else return false;
}
} // namespace json_read_detail

template <class T>
T JsonOr(const nlohmann::json& j, const char* key, T fallback) {
    if (!j.is_object()) return fallback;
    const auto it = j.find(key);
    if (it == j.end() || !json_read_detail::Fits<T>(*it)) return fallback;
    return it->template get<T>();
}

inline std::string JsonOr(const nlohmann::json& j, const char* key, const char* fallback) {
    return JsonOr<std::string>(j, key, fallback);
}

// v as T when it has T's type, else the fallback (array items, values already found).
template <class T>
T JsonAs(const nlohmann::json& v, T fallback) {
    return json_read_detail::Fits<T>(v) ? v.template get<T>() : fallback;
}

} // namespace quartier

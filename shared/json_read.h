// Reading JSON that comes from the other side without throwing. The wasm build cannot catch
// exceptions, and nlohmann's .value() and .get() throw on a field of the wrong type, which in
// the browser stops the shared module: every widget on the page. JsonOr(j, "key", fallback)
// gives the field when j is an object holding it with the fallback's type (any number for a
// number), else the fallback.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
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

// How deep a JSON text from the other side may nest ({"a":[[1]]} is 3 deep). Nothing Quartier
// exchanges goes past 8 (GeoJSON MultiPolygons); nlohmann copies, compares and dumps
// recursively, so a 100,000-deep array would overflow the stack after it was parsed.
constexpr int kMaxJsonDepth = 64;

// Whether text nests no deeper than max_depth. An O(n) scan without recursion that skips
// strings; run it before nlohmann builds a tree. Says nothing about validity otherwise.
inline bool JsonNestingWithin(std::string_view text, int max_depth = kMaxJsonDepth) {
    int depth = 0;
    bool in_string = false, escaped = false;
    for (const char c : text) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth) return false;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return true;
}

} // namespace quartier

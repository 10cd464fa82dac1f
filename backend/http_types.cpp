// Request helpers and the one place where errors take their JSON shape.
#include "backend/http_types.h"

#include <algorithm>

namespace quartier {

std::string Request::Language() const {
    const std::string lang = Query("lang");
    if (!lang.empty()) return lang.rfind("fr", 0) == 0 ? "fr" : "en";
    const auto it = headers.find("accept-language");
    if (it == headers.end()) return "en";
    // The first listed language wins; Quartier speaks French and English.
    std::string first = it->second.substr(0, it->second.find_first_of(",;"));
    std::transform(first.begin(), first.end(), first.begin(), ::tolower);
    return first.rfind("fr", 0) == 0 ? "fr" : "en";
}

std::string Request::Query(const std::string& name, const std::string& fallback) const {
    const auto it = query.find(name);
    return it == query.end() ? fallback : it->second;
}

Response ErrorResponse(int status, const FieldError& e, const std::string& lang) {
    nlohmann::json error{{"code", e.code},
                         {"message", e.Message(lang)},
                         {"field", e.field.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.field)},
                         {"messages", {{"fr", e.message_fr}, {"en", e.message_en}}}};
    return JsonResponse(status, nlohmann::json{{"error", error}});
}

Response ErrorResponse(int status, const std::string& code, const std::string& en,
                       const std::string& fr, const std::string& lang) {
    return ErrorResponse(status, FieldError{code, "", en, fr}, lang);
}

Response JsonResponse(int status, const nlohmann::json& body) {
    Response r;
    r.status = status;
    r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
}

} // namespace quartier

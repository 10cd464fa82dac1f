// Request helpers and the one place where errors take their JSON shape.
#include "backend/http/http_types.h"

#include "shared/i18n.h"
#include "shared/json_read.h"

#include <algorithm>

namespace quartier {

std::string Request::Language() const {
    const std::string lang = Query("lang");
    if (!lang.empty()) return SpokenLanguage(lang);
    const auto it = headers.find("accept-language");
    if (it == headers.end() || it->second.empty()) return "fr";
    // The first listed language wins, if Quartier has its catalog (po/); else English.
    std::string first = it->second.substr(0, it->second.find_first_of(",;"));
    std::transform(first.begin(), first.end(), first.begin(), ::tolower);
    return SpokenLanguage(first);
}

std::string Request::Query(const std::string& name, const std::string& fallback) const {
    const auto it = query.find(name);
    return it == query.end() ? fallback : it->second;
}

std::string Request::Header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
}

std::string Request::BearerToken() const {
    const std::string auth = Header("authorization");
    if (auth.size() > 7 && (auth.compare(0, 7, "Bearer ") == 0 || auth.compare(0, 7, "bearer ") == 0)) {
        std::string token = auth.substr(7);
        while (!token.empty() && token.back() == ' ') token.pop_back();
        return token;
    }
    return {};
}

void Fail(int status, const std::string& code, Msg message, const std::string& field) {
    throw ApiError(status, FieldError{code, field, std::move(message)});
}

void FailNotFound(Msg message) {
    Fail(404, "not_found", std::move(message));
}

void FailBadJson() {
    Fail(400, "invalid_json", Msg("Le corps de la requête n’est pas du JSON valide."));
}

nlohmann::json ParseClientJson(const std::string& text) {
    if (!JsonNestingWithin(text))
        Fail(400, "too_deep", Msg("Le corps de la requête est trop imbriqué (plus de {} niveaux).", kMaxJsonDepth));
    return nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
}

nlohmann::json JsonBody(const Request& req) {
    auto body = ParseClientJson(req.body);
    if (body.is_discarded()) FailBadJson();
    if (!body.is_object())
        Fail(400, "invalid_body", Msg("Le corps de la requête doit être un objet JSON."));
    return body;
}

Response ErrorResponse(int status, const FieldError& e, const std::string& lang) {
    nlohmann::json messages = nlohmann::json::object();
    for (const auto& l : Languages()) messages[l] = e.Message(l);
    nlohmann::json error{{"code", e.code},
                         {"message", e.Message(lang)},
                         {"field", e.field.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.field)},
                         {"messages", std::move(messages)}};
    return JsonResponse(status, nlohmann::json{{"error", error}});
}

Response ErrorResponse(int status, const std::string& code, const Msg& message, const std::string& lang) {
    return ErrorResponse(status, FieldError{code, "", message}, lang);
}

Response JsonResponse(int status, const nlohmann::json& body) {
    Response r;
    r.status = status;
    r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
}

} // namespace quartier

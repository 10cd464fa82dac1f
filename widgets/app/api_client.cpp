// ApiClient: requests through the platform seam, answers decoded in one place.
#include "widgets/app/api_client.h"
#include "shared/json_read.h"

#include "widgets/app/platform.h"

namespace quartier {

ApiClient::ApiClient(std::string base_url, std::string lang)
    : m_base_url(std::move(base_url)), m_lang(std::move(lang)) {
    while (!m_base_url.empty() && m_base_url.back() == '/') m_base_url.pop_back();
}

void ApiClient::Get(const std::string& path, Callback done, const std::string& bearer) {
    Send("GET", path, {}, bearer, std::move(done));
}

void ApiClient::Post(const std::string& path, const nlohmann::json& body, Callback done,
                     const std::string& bearer) {
    Send("POST", path, body.dump(), bearer, std::move(done));
}

void ApiClient::Patch(const std::string& path, const nlohmann::json& body, Callback done,
                      const std::string& bearer) {
    Send("PATCH", path, body.dump(), bearer, std::move(done));
}

void ApiClient::Put(const std::string& path, const nlohmann::json& body, Callback done,
                    const std::string& bearer) {
    Send("PUT", path, body.dump(), bearer, std::move(done));
}

void ApiClient::Delete(const std::string& path, Callback done, const std::string& bearer) {
    Send("DELETE", path, {}, bearer, std::move(done), {});
}

void ApiClient::Upload(const std::string& method, const std::string& path, std::string bytes,
                       const std::string& content_type, Callback done, const std::string& bearer) {
    Send(method, path, std::move(bytes), bearer, std::move(done), content_type);
}

void ApiClient::Send(const std::string& method, const std::string& path, std::string body,
                     const std::string& bearer, Callback done, const std::string& content_type) {
    std::vector<std::pair<std::string, std::string>> headers = {
        {"Accept", "application/json"}, {"Accept-Language", m_lang}};
    if (!bearer.empty()) headers.emplace_back("Authorization", "Bearer " + bearer);
    if (method != "GET" && !content_type.empty()) headers.emplace_back("Content-Type", content_type);
    HttpFetch(method, m_base_url + path, body, std::move(headers),
              [done = std::move(done)](const HttpResult& r) { done(ParseApiAnswer(r.status, r.body)); });
}

ApiResult ParseApiAnswer(int status, const std::string& body) {
    ApiResult result;
    result.status = status;
    result.text = body;
    result.body = nlohmann::json::parse(body, nullptr, false);
    if (result.body.is_discarded()) result.body = nullptr;
    if (status >= 200 && status < 300) return result;

    if (status == 0) {
        result.error = FieldError{"network", "", Msg("Le serveur est injoignable. Vérifiez votre connexion et réessayez.")};
        return result;
    }
    const auto e = JsonOr(result.body, "error", nlohmann::json());
    if (e.is_object()) {
        FieldError fe;
        fe.code = JsonOr(e, "code", "error");
        fe.field = JsonOr(e, "field", "");
        // "message" is in the language the widget asked for (Accept-Language); "messages" has
        // it in each language the server speaks.
        std::map<std::string, std::string> by_language;
        const auto messages = JsonOr(e, "messages", nlohmann::json::object());
        if (messages.is_object())
            for (const auto& [l, text] : messages.items())
                if (text.is_string()) by_language[l] = text.get<std::string>();
        fe.message = Msg::Verbatim(JsonOr(e, "message", ""), std::move(by_language));
        result.error = std::move(fe);
    } else {
        result.error = FieldError{"http_" + std::to_string(status), "", Msg("Le serveur a refusé la requête (HTTP {}).", status)};
    }
    return result;
}

} // namespace quartier

// The widgets' client for the Quartier API: JSON in and out, and every failure (network,
// refusal, server error) turned into the shared FieldError, in the widget's language.
#pragma once

#include "shared/error.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>

namespace quartier {

struct ApiResult {
    int status = 0;
    nlohmann::json body;              // parsed answer (null when there was none or not JSON)
    std::string text;                 // the answer as received (e.g. a .pb or CSV file)
    std::optional<FieldError> error;  // set for anything but a 2xx answer
    bool Ok() const { return !error; }
};

class ApiClient {
public:
    using Callback = std::function<void(const ApiResult&)>;

    // base_url: "" for the page's own origin, or e.g. "https://budget.example.fr".
    ApiClient(std::string base_url, std::string lang);

    // bearer: a token for "Authorization: Bearer", when the request needs one.
    void Get(const std::string& path, Callback done, const std::string& bearer = {});
    void Post(const std::string& path, const nlohmann::json& body, Callback done,
              const std::string& bearer = {});
    void Patch(const std::string& path, const nlohmann::json& body, Callback done,
               const std::string& bearer = {});
    void Put(const std::string& path, const nlohmann::json& body, Callback done,
             const std::string& bearer = {});
    void Delete(const std::string& path, Callback done, const std::string& bearer = {});
    // A body that is not JSON (a census CSV, a .pb file, a GeoJSON file as chosen), sent as is
    // with its own Content-Type.
    void Upload(const std::string& method, const std::string& path, std::string bytes,
                const std::string& content_type, Callback done, const std::string& bearer = {});

    const std::string& BaseUrl() const { return m_base_url; }

private:
    void Send(const std::string& method, const std::string& path, std::string body,
              const std::string& bearer, Callback done,
              const std::string& content_type = "application/json");

    std::string m_base_url;
    std::string m_lang;
};

// Reads an answer into an ApiResult (exposed for tests).
ApiResult ParseApiAnswer(int status, const std::string& body);

} // namespace quartier

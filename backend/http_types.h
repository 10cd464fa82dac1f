// Plain request/response structs: handlers are functions over these and never see
// httplib, so they are testable without a socket (the adapter lives in server.cpp).
#pragma once

#include "shared/error.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace quartier {

struct Request {
    std::string method;
    std::string path;
    std::vector<std::string> path_params;              // regex captures of the route
    std::multimap<std::string, std::string> query;      // ?a=b
    std::map<std::string, std::string> headers;         // names lower-cased
    std::string body;

    // "fr" or "en", from ?lang= then Accept-Language; English when neither says French.
    std::string Language() const;
    std::string Query(const std::string& name, const std::string& fallback = {}) const;
};

struct Response {
    int status = 200;
    std::string content_type = "application/json; charset=utf-8";
    std::string body;
    std::map<std::string, std::string> headers;
};

// The JSON envelope every error uses: {"error":{"code","message","field","messages":{fr,en}}}.
Response ErrorResponse(int status, const FieldError& e, const std::string& lang);
Response ErrorResponse(int status, const std::string& code, const std::string& en,
                       const std::string& fr, const std::string& lang);
Response JsonResponse(int status, const nlohmann::json& body);

using Handler = std::function<Response(const Request&)>;

} // namespace quartier

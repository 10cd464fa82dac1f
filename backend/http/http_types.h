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

// One part of a multipart/form-data body (a plain page's form with a file).
struct FormPart {
    std::string name, filename, content_type, content;
};

struct Request {
    std::string method;
    std::string path;
    std::vector<std::string> path_params;              // regex captures of the route
    std::multimap<std::string, std::string> query;      // ?a=b
    std::map<std::string, std::string> headers;         // names lower-cased
    std::string body;
    std::vector<FormPart> parts;                        // a multipart/form-data body's parts (body then empty)
    std::string remote_addr;                            // the peer (or X-Forwarded-For when trusted)

    // The language to answer in, one the program speaks ("fr", "en", "es"…), from ?lang= then
    // Accept-Language (a language without a catalog reads English); French when neither says.
    std::string Language() const;
    std::string Query(const std::string& name, const std::string& fallback = {}) const;
    // The header's value, "" when absent (name in lower case).
    std::string Header(const std::string& name) const;
    // The token of "Authorization: Bearer <token>", "" when there is none.
    std::string BearerToken() const;
};

struct Response {
    int status = 200;
    std::string content_type = "application/json; charset=utf-8";
    std::string body;
    std::map<std::string, std::string> headers;
};

// The JSON envelope every error uses: {"error":{"code","message","field","messages":{fr,en,…}}},
// "message" in lang, "messages" in every language the server speaks.
Response ErrorResponse(int status, const FieldError& e, const std::string& lang);
Response ErrorResponse(int status, const std::string& code, const Msg& message, const std::string& lang);
Response JsonResponse(int status, const nlohmann::json& body);

// Thrown by handlers (and the helpers they call) to answer with an error; the routing table
// turns it into ErrorResponse, so that every error takes its shape in one place.
struct ApiError : std::exception {
    ApiError(int status_, FieldError error_) : status(status_), error(std::move(error_)) {}
    const char* what() const noexcept override { return error.code.c_str(); }
    int status;
    FieldError error;
};

// The usual ones: the words are a Msg (French, translated when the answer is made).
//   Fail(400, "too_long", Msg("Le titre ne doit pas dépasser {} caractères.", max), "title");
//   FailNotFound(Msg("Le projet {} est introuvable.", id));
[[noreturn]] void Fail(int status, const std::string& code, Msg message, const std::string& field = "");
[[noreturn]] void FailNotFound(Msg message);
[[noreturn]] void FailBadJson();

// text parsed as JSON (discarded when invalid), or ApiError 400 too_deep when it nests past
// kMaxJsonDepth: checked before nlohmann builds a tree. Every JSON from a client goes through it.
nlohmann::json ParseClientJson(const std::string& text);
// The body as a JSON object, or ApiError 400 (invalid_json / invalid_body / too_deep).
nlohmann::json JsonBody(const Request& req);

using Handler = std::function<Response(const Request&)>;

} // namespace quartier

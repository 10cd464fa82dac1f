// The httplib adapter: the only file in the backend that includes httplib. It turns
// httplib requests into plain Request structs, runs the routing table's handler, and
// maps anything unexpected to the same JSON error envelope.
#include "backend/server.h"

#include "backend/routes.h"
#include "backend/store.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <stdexcept>

namespace quartier {

namespace {

Request ToRequest(const httplib::Request& in) {
    Request r;
    r.method = in.method;
    r.path = in.path;
    for (size_t i = 1; i < in.matches.size(); ++i) r.path_params.push_back(in.matches[i].str());
    for (const auto& [k, v] : in.params) r.query.emplace(k, v);
    for (const auto& [k, v] : in.headers) {
        std::string name = k;
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        r.headers[name] = v;
    }
    r.body = in.body;
    return r;
}

void Apply(const Response& from, httplib::Response& to) {
    to.status = from.status;
    for (const auto& [k, v] : from.headers) to.set_header(k, v);
    to.set_content(from.body, from.content_type);
}

std::string LanguageOf(const httplib::Request& req) {
    return ToRequest(req).Language();
}

} // namespace

class Server::Impl {
public:
    explicit Impl(ServerOptions o) : options(std::move(o)), store(options.db_path), app{store} {}

    ServerOptions options;
    Store store;
    AppContext app;
    httplib::Server http;
    std::vector<Route> routes;
};

Server::Server(ServerOptions options) : m_impl(std::make_unique<Impl>(std::move(options))) {
    auto& http = m_impl->http;
    auto& options_ = m_impl->options;
    http.set_payload_max_length(options_.max_body_bytes);
    m_impl->routes = ApiRoutes(m_impl->app);
    for (const auto& route : m_impl->routes) {
        auto handler = [h = route.handler](const httplib::Request& in, httplib::Response& out) {
            Apply(h(ToRequest(in)), out);
        };
        if (route.method == "GET") http.Get(route.pattern, handler);
        else if (route.method == "POST") http.Post(route.pattern, handler);
        else if (route.method == "PUT") http.Put(route.pattern, handler);
        else if (route.method == "PATCH") http.Patch(route.pattern, handler);
        else if (route.method == "DELETE") http.Delete(route.pattern, handler);
        else throw std::logic_error("unsupported method in routing table: " + route.method);
    }
    if (!options_.widgets_dir.empty() && !http.set_mount_point("/widgets", options_.widgets_dir))
        throw std::runtime_error("widgets directory not found: " + options_.widgets_dir);
    if (!options_.site_dir.empty() && !http.set_mount_point("/", options_.site_dir))
        throw std::runtime_error("site directory not found: " + options_.site_dir);
    http.set_file_extension_and_mimetype_mapping("wasm", "application/wasm");
    http.set_file_extension_and_mimetype_mapping("mjs", "text/javascript");

    // Whatever produced an error status without a body (404 on an unknown path, 413 past
    // the body limit, ...) gets the JSON envelope.
    http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return;
        const std::string lang = LanguageOf(req);
        Response r;
        if (res.status == 404)
            r = ErrorResponse(404, "not_found", "Nothing here: " + req.path,
                              "Rien ici : " + req.path, lang);
        else if (res.status == 413)
            r = ErrorResponse(413, "too_large", "The request body is too large.",
                              "Le corps de la requête est trop volumineux.", lang);
        else if (res.status == 405)
            r = ErrorResponse(405, "method_not_allowed", "This method is not allowed here.",
                              "Cette méthode n’est pas permise ici.", lang);
        else
            r = ErrorResponse(res.status, "http_" + std::to_string(res.status),
                              "The request could not be served.",
                              "La requête n’a pas pu être servie.", lang);
        Apply(r, res);
    });
    // Fail-safe only: handlers return errors themselves.
    http.set_exception_handler([](const httplib::Request& req, httplib::Response& res,
                                  std::exception_ptr ep) {
        try {
            if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "quartier-server: %s %s failed: %s\n", req.method.c_str(),
                         req.path.c_str(), e.what());
        } catch (...) {
        }
        Apply(ErrorResponse(500, "internal", "Something went wrong on the server.",
                            "Une erreur s’est produite sur le serveur.", LanguageOf(req)),
              res);
    });
}

Server::~Server() { Stop(); }

int Server::Bind() {
    auto& o = m_impl->options;
    int port = o.port;
    if (port == 0) port = m_impl->http.bind_to_any_port(o.host);
    else if (!m_impl->http.bind_to_port(o.host, port)) port = -1;
    if (port <= 0)
        throw std::runtime_error("cannot listen on " + o.host + ":" + std::to_string(o.port));
    o.port = port;
    return port;
}

void Server::Run() { m_impl->http.listen_after_bind(); }

void Server::Stop() {
    if (m_impl) m_impl->http.stop();
}

bool Server::IsRunning() const { return m_impl->http.is_running(); }

Store& Server::GetStore() { return m_impl->store; }

} // namespace quartier

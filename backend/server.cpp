// The httplib adapter: the only file in the backend that includes httplib. It turns
// httplib requests into plain Request structs, runs the routing table's handler, and
// maps anything unexpected to the same JSON error envelope.
#include "backend/server.h"

#include "backend/routes.h"
#include "backend/store.h"

#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>
#include <stdexcept>

namespace quartier {

namespace {

Request ToRequest(const httplib::Request& in, bool trust_forwarded_for = false) {
    Request r;
    r.remote_addr = in.remote_addr;
    if (trust_forwarded_for && in.has_header("X-Forwarded-For")) {
        const std::string xff = in.get_header_value("X-Forwarded-For");
        r.remote_addr = xff.substr(0, xff.find(','));
    }
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
    if (!from.content_type.empty()) to.set_content(from.body, from.content_type);
}

// Debian's httplib is a compiled library that listens with a backlog of 5: a burst of
// connections (a hundred voters at once) overflows that queue and some are reset. httplib
// gives no access to its socket, so find our listening socket by its port and listen again
// with a deep queue (Linux updates the backlog of a listening socket).
void DeepenListenBacklog(int port) {
    for (int fd = 3; fd < 4096; ++fd) {
        struct stat st {};
        if (fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode)) continue;
        int listening = 0;
        socklen_t len = sizeof listening;
        if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0 || !listening) continue;
        sockaddr_storage addr{};
        socklen_t alen = sizeof addr;
        if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &alen) != 0) continue;
        int bound = -1;
        if (addr.ss_family == AF_INET) bound = ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
        else if (addr.ss_family == AF_INET6) bound = ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port);
        if (bound == port) listen(fd, 4096);
    }
}

std::string LanguageOf(const httplib::Request& req) {
    return ToRequest(req).Language();
}

// httplib answers some requests itself, with a bare status: in words here. It reads the
// request line (method, target, version), then the headers, then the body, and says 400 for
// a failure at any of these steps; what it had filled in tells which step failed.
Response RefusalOf(const httplib::Request& req, int status, const std::string& lang) {
    static const std::set<std::string> methods{"GET",     "HEAD",  "POST", "PUT", "DELETE",
                                               "CONNECT", "OPTIONS", "TRACE", "PATCH", "PRI"};
    switch (status) {
    case 404:
        return ErrorResponse(404, "not_found", "Nothing here: " + req.path, "Rien ici : " + req.path, lang);
    case 405:
        return ErrorResponse(405, "method_not_allowed", "This method is not allowed here.",
                             "Cette méthode n’est pas permise ici.", lang);
    case 413:
        return ErrorResponse(413, "too_large", "The request body is too large.",
                             "Le corps de la requête est trop volumineux.", lang);
    case 414:
        return ErrorResponse(414, "uri_too_long",
                             "The address is too long (at most " + std::to_string(CPPHTTPLIB_REQUEST_URI_MAX_LENGTH) +
                                 " characters with its query).",
                             "L’adresse est trop longue (au plus " + std::to_string(CPPHTTPLIB_REQUEST_URI_MAX_LENGTH) +
                                 " caractères avec sa requête).",
                             lang);
    case 416:
        return ErrorResponse(416, "range_not_satisfiable", "The requested byte range is not in the file.",
                             "La plage d’octets demandée n’est pas dans le fichier.", lang);
    case 400:
        if (!req.version.empty() && !methods.count(req.method)) // a whole line, an unknown first word
            return ErrorResponse(501, "unknown_method",
                                 "The method " + req.method.substr(0, 20) + " is not an HTTP method this server knows.",
                                 "La méthode " + req.method.substr(0, 20) +
                                     " n’est pas une méthode HTTP connue de ce serveur.",
                                 lang);
        if (req.path.empty()) // the request line did not parse
            return ErrorResponse(400, "bad_request_line",
                                 "The request line is malformed: it must read METHOD /path HTTP/1.1.",
                                 "La ligne de requête est mal formée : elle doit s’écrire MÉTHODE /chemin HTTP/1.1.", lang);
        if (!req.has_header("REMOTE_ADDR")) // set once the headers are read
            return ErrorResponse(400, "bad_headers",
                                 "A header line is longer than " + std::to_string(CPPHTTPLIB_HEADER_MAX_LENGTH) +
                                     " bytes, or the headers are cut off.",
                                 "Une ligne d’en-tête dépasse " + std::to_string(CPPHTTPLIB_HEADER_MAX_LENGTH) +
                                     " octets, ou les en-têtes sont tronqués.",
                                 lang);
        return ErrorResponse(400, "bad_body",
                             "The request body could not be read: its Content-Length or chunked encoding is malformed.",
                             "Le corps de la requête est illisible : son Content-Length ou son découpage (chunked) est mal formé.",
                             lang);
    case 417:
        return ErrorResponse(417, "expectation_failed", "The server does not meet the request’s Expect header.",
                             "Le serveur ne satisfait pas l’en-tête Expect de la requête.", lang);
    default: // 500 and 503 come with their words from the handlers; this is the fail-safe
        return ErrorResponse(status, "refused",
                             "The server could not serve this request (HTTP status " + std::to_string(status) + ").",
                             "Le serveur n’a pas pu servir cette requête (statut HTTP " + std::to_string(status) + ").",
                             lang);
    }
}

} // namespace

class Server::Impl {
public:
    explicit Impl(ServerOptions o)
        : options(std::move(o)), store(options.db_path, options.store), app(store, options.app) {}

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
    const int threads = std::max(2, options_.threads);
    http.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
    http.set_keep_alive_max_count(100000);
    http.set_tcp_nodelay(true);
    m_impl->routes = ApiRoutes(m_impl->app);
    AppContext& app = m_impl->app;
    const bool trust = options_.trust_forwarded_for;
    for (const auto& route : m_impl->routes) {
        auto handler = [h = route.handler, &app, trust](const httplib::Request& in, httplib::Response& out) {
            const Request req = ToRequest(in, trust);
            Response res = h(req);
            if (req.headers.count("origin"))
                for (auto& [k, v] : CorsHeaders(app, req)) res.headers.emplace(k, v);
            Apply(res, out);
        };
        if (route.method == "GET") http.Get(route.pattern, handler);
        else if (route.method == "POST") http.Post(route.pattern, handler);
        else if (route.method == "PUT") http.Put(route.pattern, handler);
        else if (route.method == "PATCH") http.Patch(route.pattern, handler);
        else if (route.method == "DELETE") http.Delete(route.pattern, handler);
        else if (route.method == "OPTIONS") http.Options(route.pattern, handler);
        else throw std::logic_error("unsupported method in routing table: " + route.method);
    }
    if (!options_.widgets_dir.empty() && !http.set_mount_point("/widgets", options_.widgets_dir))
        throw std::runtime_error("widgets directory not found: " + options_.widgets_dir);
    if (!options_.site_dir.empty() && !http.set_mount_point("/", options_.site_dir))
        throw std::runtime_error("site directory not found: " + options_.site_dir);
    http.set_file_extension_and_mimetype_mapping("wasm", "application/wasm");
    http.set_file_extension_and_mimetype_mapping("mjs", "text/javascript");

    // Whatever produced an error status without a body (404 on an unknown path, 413 past
    // the body limit, what httplib refuses before any route runs, ...) gets the JSON envelope,
    // saying what was wrong.
    http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return;
        Apply(RefusalOf(req, res.status, LanguageOf(req)), res);
    });
    // Headers httplib's own answers lack. The widgets' files are public code (any site may
    // load them, as from a CDN; a cross-origin page fetches the .wasm with CORS), and answers
    // httplib makes itself (404 on an unknown path, 413 past the body limit) get the same
    // CORS headers as the routes, so that an embedding page can read the error.
    http.set_post_routing_handler([&app, trust](const httplib::Request& in, httplib::Response& out) {
        if (out.has_header("Access-Control-Allow-Origin")) return;
        if (in.path.rfind("/widgets/", 0) == 0) {
            out.set_header("Access-Control-Allow-Origin", "*");
            return;
        }
        if (!in.has_header("Origin")) return;
        for (const auto& [k, v] : CorsHeaders(app, ToRequest(in, trust))) out.set_header(k, v);
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
    DeepenListenBacklog(port);
    return port;
}

void Server::Run() { m_impl->http.listen_after_bind(); }

void Server::Stop() {
    if (m_impl) m_impl->http.stop();
}

bool Server::IsRunning() const { return m_impl->http.is_running(); }

Store& Server::GetStore() { return m_impl->store; }

AppContext& Server::App() { return m_impl->app; }

} // namespace quartier

// The httplib adapter: the only file in the backend that includes httplib. It turns
// httplib requests into plain Request structs, runs the routing table's handler, and
// maps anything unexpected to the same JSON error envelope. It also owns each connection
// (httplib's thread-per-connection model let slow or idle clients hold every worker).
//
// Index of this file:
// [SECTION] Requests and responses
// [SECTION] Connections: deadlines and a cap per address
// [SECTION] Server
#include "backend/http/server.h"

#include "backend/http/static_files.h"
#include "backend/mail/mailer.h"

#include "backend/routes.h"
#include "backend/store/store.h"

#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <mutex>
#include <set>
#include <stdexcept>
#include <unordered_map>

namespace quartier {

//-----------------------------------------------------------------------------
// [SECTION] Requests and responses
//-----------------------------------------------------------------------------

namespace {

// The client: the peer, or behind trusted proxies the rightmost X-Forwarded-For hop they did
// not add themselves (every header of that name, in order, as one list).
Request ToRequest(const httplib::Request& in, const std::vector<AddressBlock>* trusted = nullptr) {
    Request r;
    r.remote_addr = in.remote_addr;
    if (trusted && !trusted->empty()) {
        std::string xff;
        const auto range = in.headers.equal_range("X-Forwarded-For");
        for (auto it = range.first; it != range.second; ++it) xff += (xff.empty() ? "" : ",") + it->second;
        r.remote_addr = ClientAddress(in.remote_addr, xff, *trusted);
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
    for (const auto& [name, part] : in.files) r.parts.push_back({name, part.filename, part.content_type, part.content});
    return r;
}

void Apply(const Response& from, httplib::Response& to) {
    to.status = from.status;
    for (const auto& [k, v] : from.headers) to.set_header(k, v);
    if (!from.content_type.empty()) to.set_content(from.body, from.content_type);
}

// A text or JSON answer, compressed here for a client that accepts it (see CompressedByUs),
// through a content provider: httplib compresses only bodies it is given.
// An answer with an entity tag (AddValidator) is compressed once per encoding, then taken
// from cache.
void SendCompressed(const httplib::Request& in, const Response& from, httplib::Response& to, EncodedCache& cache) {
    const std::string encoding = ChooseEncoding(in.get_header_value("Accept-Encoding"), true, true);
    if (encoding.empty()) return;
    const auto tag = from.headers.find("ETag");
    std::shared_ptr<const std::string> shared = tag != from.headers.end() ? cache.Find(tag->second, encoding) : nullptr;
    if (!shared) {
        auto bytes = Compress(from.body, encoding);
        if (!bytes) return;
        shared = std::make_shared<const std::string>(std::move(*bytes));
        if (tag != from.headers.end()) cache.Keep(tag->second, encoding, shared);
    }
    to.headers.erase("Content-Type");
    to.body.clear();
    to.set_header("Content-Encoding", encoding);
    to.set_header("Vary", "Accept-Encoding");
    to.set_content_provider(shared->size(), from.content_type,
                            [shared](size_t offset, size_t length, httplib::DataSink& sink) {
                                sink.write(shared->data() + offset, std::min(length, shared->size() - offset));
                                return true;
                            });
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

//-----------------------------------------------------------------------------
// [SECTION] Connections: deadlines and a cap per address
//-----------------------------------------------------------------------------

using Clock = std::chrono::steady_clock;

std::string SocketAddress(int sock, bool peer, int* port) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    auto* sa = reinterpret_cast<sockaddr*>(&addr);
    if ((peer ? getpeername(sock, sa, &len) : getsockname(sock, sa, &len)) != 0) return {};
    char host[INET6_ADDRSTRLEN] = {};
    int p = 0;
    if (addr.ss_family == AF_INET) {
        const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
        inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
        p = ntohs(a->sin_port);
    } else if (addr.ss_family == AF_INET6) {
        const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
        inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
        p = ntohs(a->sin6_port);
    }
    if (port) *port = p;
    return host;
}

// Closes a connection without losing the answer just written: closing a socket that still has
// unread input (a refused request line, a header past its limit) makes the kernel send a reset,
// which can discard the answer before the client reads it. So: end our side, read what is
// left for a moment (bounded in time and bytes), then close.
void LingeringClose(int sock) {
    shutdown(sock, SHUT_WR);
    const auto until = Clock::now() + std::chrono::milliseconds(200);
    char sink[4096];
    for (size_t drained = 0; drained < (1u << 16);) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
        if (left <= 0) break;
        pollfd p{sock, POLLIN, 0};
        if (poll(&p, 1, static_cast<int>(left)) <= 0) break;
        const ssize_t n = recv(sock, sink, sizeof sink, MSG_DONTWAIT);
        if (n <= 0) break;
        drained += static_cast<size_t>(n);
    }
    close(sock);
}

// One connection as httplib reads it, with deadlines of our own: a request's line and
// headers must arrive within the header timeout in all (httplib's read timeout restarts at
// each byte, so one byte every 2 s held a worker for ever); bodies keep httplib's timeout per
// read (a large .pb on a slow line); waiting for a request gives up when the server stops.
class ConnectionStream final : public httplib::Stream {
public:
    ConnectionStream(int sock, Clock::duration read_timeout, Clock::duration write_timeout,
                     const std::atomic<socket_t>& listening)
        : m_sock(sock), m_read_timeout(read_timeout), m_write_timeout(write_timeout), m_listening(listening) {}

    void BeginRequest(Clock::time_point head_deadline) {
        m_in_head = true;
        m_head_deadline = head_deadline;
        m_tail = 0;
    }
    bool Buffered() const { return m_off < m_len; }
    bool HeadFailed() const { return m_head_failed; }
    // The request's head never reached its empty line (httplib refused its request line or a
    // header): what follows on the connection cannot be read as a next request.
    bool HeadUnfinished() const { return m_in_head; }
    // Keep-alive: true once the next request's first byte is here; false at the deadline, or
    // as soon as give_up() says so (the server is crowded or stopping).
    template <class F> bool WaitForRequest(Clock::time_point deadline, F&& give_up) const {
        while (!Buffered()) {
            if (give_up()) return false;
            if (Wait(POLLIN, std::min(deadline, Clock::now() + std::chrono::milliseconds(50)), false)) return true;
            if (Clock::now() >= deadline) return false;
        }
        return true;
    }

    bool is_readable() const override { return Buffered() || Wait(POLLIN, Clock::now() + m_read_timeout, false); }
    bool is_writable() const override { return Wait(POLLOUT, Clock::now() + m_write_timeout, false); }

    ssize_t read(char* ptr, size_t size) override {
        if (!Buffered()) {
            Clock::time_point deadline = Clock::now() + m_read_timeout;
            if (m_in_head) deadline = std::min(deadline, m_head_deadline);
            if (!Wait(POLLIN, deadline, m_in_head)) {
                m_head_failed |= m_in_head;
                return -1;
            }
            ssize_t n;
            do n = recv(m_sock, m_buffer, sizeof m_buffer, 0);
            while (n < 0 && errno == EINTR);
            if (n <= 0) {
                m_head_failed |= m_in_head;
                return n;
            }
            m_off = 0;
            m_len = static_cast<size_t>(n);
        }
        const size_t n = std::min(size, m_len - m_off);
        std::memcpy(ptr, m_buffer + m_off, n);
        m_off += n;
        // The head ends at its empty line ("\n\r\n"); httplib reads it a byte at a time.
        for (size_t i = 0; i < n && m_in_head; ++i) {
            m_tail = ((m_tail << 8) | static_cast<unsigned char>(ptr[i])) & 0xffffff;
            if (m_tail == 0x0a0d0a) m_in_head = false;
        }
        return static_cast<ssize_t>(n);
    }

    ssize_t write(const char* ptr, size_t size) override {
        if (!is_writable()) return -1;
        ssize_t n;
        do n = send(m_sock, ptr, size, MSG_NOSIGNAL);
        while (n < 0 && errno == EINTR);
        return n;
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override { ip = SocketAddress(m_sock, true, &port); }
    void get_local_ip_and_port(std::string& ip, int& port) const override { ip = SocketAddress(m_sock, false, &port); }
    socket_t socket() const override { return m_sock; }

private:
    // Polls until ready or deadline; while waiting for a request head, in slices, so that a
    // stop() (which closes the listening socket) ends the wait at once.
    bool Wait(short events, Clock::time_point deadline, bool stop_aware) const {
        for (;;) {
            const auto now = Clock::now();
            if (now >= deadline) return false;
            auto slice = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count() + 1;
            if (stop_aware) slice = std::min<long long>(slice, 100);
            pollfd p{m_sock, events, 0};
            const int rc = poll(&p, 1, static_cast<int>(slice));
            if (rc > 0) return true; // hang-ups and errors too: recv or send tells
            if (rc < 0 && errno != EINTR) return false;
            if (stop_aware && m_listening == INVALID_SOCKET) return false;
        }
    }

    int m_sock;
    Clock::duration m_read_timeout, m_write_timeout;
    const std::atomic<socket_t>& m_listening;
    char m_buffer[4096];
    size_t m_off = 0, m_len = 0;
    bool m_in_head = false, m_head_failed = false;
    unsigned m_tail = 0;
    Clock::time_point m_head_deadline;
};

// httplib's Server with connections handled here. Each client address (IPv6 by /64; not
// trusted proxies, which limit their own clients) has at most `cap` connections served at once;
// its further connections wait in a queue that holds no worker, so that 200 slow or idle
// connections from one address leave the others' requests free workers. Idle keep-alive
// connections are closed as soon as workers run short.
class HttpServer final : public httplib::Server {
public:
    void Configure(const ServerOptions& o) {
        m_threads = std::max(2, o.threads);
        m_cap = o.max_connections_per_address > 0 ? o.max_connections_per_address : std::max(2, m_threads / 4);
        m_header_timeout = std::chrono::milliseconds(std::max(100, o.header_timeout_ms));
        m_trusted = o.trusted_proxies;
    }
    ~HttpServer() override {
        std::lock_guard<std::mutex> lock(m_mutex);
        for (auto& [key, a] : m_addresses)
            for (const auto& w : a.waiting) Refuse(w.sock);
    }

private:
    static constexpr size_t kMaxWaiting = 256;                     // per address; more: 503 at once
    static constexpr std::chrono::seconds kMaxWaitingTime{30};     // in the queue; then 503

    struct Waiting {
        int sock;
        Clock::time_point since;
    };
    struct PerAddress {
        int active = 0;
        std::deque<Waiting> waiting;
    };

    bool Stopping() const { return svr_sock_ == INVALID_SOCKET; }
    bool Crowded() const { return m_busy * 4 >= m_threads * 3; }

    // The base version cannot be called (private in httplib); this one does what it did:
    // serve requests on sock until it closes, then shut it down and close it.
    bool process_and_close_socket(socket_t sock) override {
        const std::string peer = SocketAddress(sock, true, nullptr);
        if (InBlocks(peer, m_trusted)) {
            Serve(sock, {});
            return true;
        }
        const std::string key = AddressKey(peer);
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            PerAddress& a = m_addresses[key];
            if (a.active >= m_cap) {
                if (a.waiting.size() >= kMaxWaiting) Refuse(sock);
                else a.waiting.push_back({sock, Clock::now()});
                return true;
            }
            ++a.active;
        }
        for (int next = sock; next >= 0; next = NextWaiting(key)) Serve(next, key);
        return true;
    }

    // The next connection from key to serve, -1 when none (key's slot is then given back).
    int NextWaiting(const std::string& key) {
        std::lock_guard<std::mutex> lock(m_mutex);
        PerAddress& a = m_addresses[key];
        while (!a.waiting.empty()) {
            const Waiting w = a.waiting.front();
            a.waiting.pop_front();
            if (!Stopping() && Clock::now() - w.since < kMaxWaitingTime) return w.sock;
            Refuse(w.sock);
        }
        if (--a.active == 0) m_addresses.erase(key);
        return -1;
    }

    bool HasWaiting(const std::string& key) {
        if (key.empty()) return false;
        std::lock_guard<std::mutex> lock(m_mutex);
        const auto it = m_addresses.find(key);
        return it != m_addresses.end() && !it->second.waiting.empty();
    }

    void Serve(int sock, const std::string& key) {
        ++m_busy;
        ConnectionStream strm(sock,
                              std::chrono::seconds(read_timeout_sec_) + std::chrono::microseconds(read_timeout_usec_),
                              std::chrono::seconds(write_timeout_sec_) + std::chrono::microseconds(write_timeout_usec_),
                              svr_sock_);
        Clock::time_point head_deadline = Clock::now() + m_header_timeout;
        for (size_t left = keep_alive_max_count_; left > 0 && !Stopping(); --left) {
            strm.BeginRequest(head_deadline);
            bool closed = false;
            const bool ok = process_request(strm, left == 1 || Crowded(), closed, nullptr);
            if (!ok || closed || strm.HeadFailed() || strm.HeadUnfinished()) break;
            const auto idle_until = Clock::now() + std::chrono::seconds(keep_alive_timeout_sec_);
            if (!strm.WaitForRequest(idle_until, [&] { return Stopping() || Crowded() || HasWaiting(key); })) break;
            head_deadline = Clock::now() + m_header_timeout;
        }
        --m_busy;
        LingeringClose(sock);
    }

    // 503 without reading the request: written only if the socket takes it at once.
    static void Refuse(int sock) {
        static const std::string reply = [] {
            const Response r = ErrorResponse(503, "too_many_connections", Msg("Trop de connexions depuis votre adresse à la fois ; réessayez dans un instant."), "en");
            return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: " + r.content_type +
                   "\r\nRetry-After: 5\r\nConnection: close\r\nContent-Length: " + std::to_string(r.body.size()) +
                   "\r\n\r\n" + r.body;
        }();
        (void)send(sock, reply.data(), reply.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
        shutdown(sock, SHUT_RDWR);
        close(sock);
    }

    int m_threads = 64;
    int m_cap = 16;
    Clock::duration m_header_timeout = std::chrono::seconds(10);
    std::vector<AddressBlock> m_trusted;
    std::atomic<int> m_busy{0};
    std::mutex m_mutex;
    std::unordered_map<std::string, PerAddress> m_addresses;
};

// httplib answers some requests itself, with a bare status: in words here. It reads the
// request line (method, target, version), then the headers, then the body, and says 400 for
// a failure at any of these steps; what it had filled in tells which step failed.
Response RefusalOf(const httplib::Request& req, int status, const std::string& lang) {
    static const std::set<std::string> methods{"GET",     "HEAD",  "POST", "PUT", "DELETE",
                                               "CONNECT", "OPTIONS", "TRACE", "PATCH", "PRI"};
    switch (status) {
    case 404:
        return ErrorResponse(404, "not_found", Msg("Rien ici : {}", req.path), lang);
    case 405:
        return ErrorResponse(405, "method_not_allowed", Msg("Cette méthode n’est pas permise ici."), lang);
    case 413:
        return ErrorResponse(413, "too_large", Msg("Le corps de la requête est trop volumineux."), lang);
    case 414:
        return ErrorResponse(414, "uri_too_long", Msg("L’adresse est trop longue (au plus {} caractères avec sa requête).", CPPHTTPLIB_REQUEST_URI_MAX_LENGTH), lang);
    case 416:
        return ErrorResponse(416, "range_not_satisfiable", Msg("La plage d’octets demandée n’est pas dans le fichier."), lang);
    case 400:
        if (!req.version.empty() && !methods.count(req.method)) // a whole line, an unknown first word
            return ErrorResponse(501, "unknown_method", Msg("La méthode {} n’est pas une méthode HTTP connue de ce serveur.", req.method.substr(0, 20)), lang);
        if (req.path.empty()) // the request line did not parse
            return ErrorResponse(400, "bad_request_line", Msg("La ligne de requête est mal formée : elle doit s’écrire MÉTHODE /chemin HTTP/1.1."), lang);
        if (!req.has_header("REMOTE_ADDR")) // set once the headers are read
            return ErrorResponse(400, "bad_headers", Msg("Une ligne d’en-tête dépasse {} octets, ou les en-têtes sont tronqués.", CPPHTTPLIB_HEADER_MAX_LENGTH), lang);
        return ErrorResponse(400, "bad_body", Msg("Le corps de la requête est illisible : son Content-Length ou son découpage (chunked) est mal formé."), lang);
    case 417:
        return ErrorResponse(417, "expectation_failed", Msg("Le serveur ne satisfait pas l’en-tête Expect de la requête."), lang);
    default: // 500 and 503 come with their words from the handlers; this is the fail-safe
        return ErrorResponse(status, "refused", Msg("Le serveur n’a pas pu servir cette requête (statut HTTP {}).", status), lang);
    }
}

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Server
//-----------------------------------------------------------------------------

class Server::Impl {
public:
    explicit Impl(ServerOptions o)
        : options(std::move(o)), store(options.db_path, options.store), app(store, options.app) {}

    ServerOptions options;
    Store store;
    AppContext app;
    HttpServer http;
    std::vector<Route> routes;
    std::unique_ptr<StaticFiles> files;
    EncodedCache encoded{64u << 20}; // compressed answers by entity tag: 64 MiB at most
    Mailer mailer{app};             // the outbox's thread, from Bind to Stop
};

Server::Server(ServerOptions options) : m_impl(std::make_unique<Impl>(std::move(options))) {
    auto& http = m_impl->http;
    auto& options_ = m_impl->options;
    // httplib's limit is the largest any route takes (a photo upload's); each route's own is
    // held below while its body is read.
    std::size_t largest_body = options_.max_body_bytes;
    m_impl->routes = ApiRoutes(m_impl->app);
    for (const auto& route : m_impl->routes) largest_body = std::max(largest_body, route.max_body);
    http.set_payload_max_length(largest_body);
    const int threads = std::max(2, options_.threads);
    http.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
    http.set_keep_alive_max_count(100000);
    http.set_tcp_nodelay(true);
    http.Configure(options_);
    AppContext& app = m_impl->app;
    const std::vector<AddressBlock>* trust = &options_.trusted_proxies;
    for (const auto& route : m_impl->routes) {
        auto handler = [h = route.handler, &app, trust, &encoded = m_impl->encoded](const httplib::Request& in,
                                                                                     httplib::Response& out) {
            const Request req = ToRequest(in, trust);
            Response res = h(req);
            AddValidator(res, in.method, in.get_header_value("If-None-Match"),
                         in.has_header("Authorization") || in.has_header("Cookie"));
            if (req.headers.count("origin"))
                for (auto& [k, v] : CorsHeaders(app, req)) res.headers.emplace(k, v);
            Apply(res, out);
            if (res.body.size() >= 1024 && CompressedByUs(res.content_type)) SendCompressed(in, res, out, encoded);
        };
        // A request has a body only when it announces one (Content-Length or chunked
        // Transfer-Encoding, RFC 9112 §6.3): `curl -X POST` sends neither. httplib would read
        // such a POST until the connection closed, then answer 400; here the body is read
        // only when announced, else it is empty, so that every bodiless POST, PATCH or DELETE
        // (a support, a logout) reaches its handler at once.
        const std::size_t limit = route.max_body ? route.max_body : options_.max_body_bytes;
        auto with_body = [handler, trust, limit](const httplib::Request& in, httplib::Response& out,
                                                 const httplib::ContentReader& read) {
            if (!in.has_header("Content-Length") && !in.has_header("Transfer-Encoding")) return handler(in, out);
            httplib::Request copy = in;
            bool ok = true, too_large = false;
            std::size_t seen = 0;
            auto part_at = copy.files.end();
            // Past this route's own limit: 413, as httplib says past its (the largest) one.
            auto within = [&](size_t n) { return (seen += n) <= limit || (too_large = true, false); };
            if (in.is_multipart_form_data()) // a plain page's file upload; read and dropped elsewhere
                ok = read([&copy, &part_at](const httplib::MultipartFormData& part) {
                              part_at = copy.files.emplace(part.name, part);
                              return true;
                          },
                          [&copy, &part_at, &within](const char* data, size_t n) {
                              if (!within(n) || part_at == copy.files.end()) return false;
                              part_at->second.content.append(data, n);
                              return true;
                          });
            else
                ok = read([&copy, &within](const char* data, size_t n) { return within(n) && (copy.body.append(data, n), true); });
            // httplib set 413 (past the body limit) or 400 (a malformed length or chunk).
            if (too_large) return Apply(RefusalOf(in, 413, LanguageOf(in)), out);
            if (!ok) return Apply(RefusalOf(in, out.status > 0 ? out.status : 400, LanguageOf(in)), out);
            handler(copy, out);
        };
        if (route.method == "GET") http.Get(route.pattern, handler);
        else if (route.method == "POST") http.Post(route.pattern, with_body);
        else if (route.method == "PUT") http.Put(route.pattern, with_body);
        else if (route.method == "PATCH") http.Patch(route.pattern, with_body);
        else if (route.method == "DELETE") http.Delete(route.pattern, with_body);
        else if (route.method == "OPTIONS") http.Options(route.pattern, handler);
        else throw std::logic_error("unsupported method in routing table: " + route.method);
    }
    // Static files, looked up in this order: the built widgets at /widgets/, the web build's
    // own files for / (the minified embed.js naming the hashed module, dist/root/), then the
    // site. StaticFiles adds validators, caching and precompressed copies to each.
    std::vector<StaticMount> mounts;
    if (!options_.widgets_dir.empty()) {
        if (!http.set_mount_point("/widgets", options_.widgets_dir))
            throw std::runtime_error("widgets directory not found: " + options_.widgets_dir);
        mounts.push_back({"/widgets/", options_.widgets_dir});
        const std::string built_root = options_.widgets_dir + "/root";
        struct stat st {};
        if (::stat(built_root.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && http.set_mount_point("/", built_root))
            mounts.push_back({"/", built_root});
    }
    if (!options_.site_dir.empty()) {
        if (!http.set_mount_point("/", options_.site_dir))
            throw std::runtime_error("site directory not found: " + options_.site_dir);
        mounts.push_back({"/", options_.site_dir});
    }
    m_impl->files = std::make_unique<StaticFiles>(std::move(mounts));
    http.set_file_request_handler([files = m_impl->files.get()](const httplib::Request& in, httplib::Response& out) {
        const StaticRequest request{in.path, in.get_header_value("If-None-Match"),
                                    in.get_header_value("Accept-Encoding"), in.has_header("Range")};
        StaticAnswer a = files->Answer(request, out.body);
        for (const auto& [k, v] : a.headers) out.set_header(k, v);
        if (a.status == 304) {
            out.status = 304;
            out.body.clear();
            return;
        }
        if (!a.encoded_body) return;
        // Sent through a content provider: httplib compresses a body it is given (text and
        // JavaScript types), and these bytes are compressed already.
        auto bytes = std::make_shared<std::string>(std::move(*a.encoded_body));
        const std::string type = out.get_header_value("Content-Type");
        out.headers.erase("Content-Type");
        out.body.clear();
        out.set_content_provider(bytes->size(), type,
                                 [bytes](size_t offset, size_t length, httplib::DataSink& sink) {
                                     sink.write(bytes->data() + offset, std::min(length, bytes->size() - offset));
                                     return true;
                                 });
    });
    http.set_file_extension_and_mimetype_mapping("wasm", "application/wasm");
    http.set_file_extension_and_mimetype_mapping("mjs", "text/javascript");

    // Whatever produced an error status without a body (404 on an unknown path, 413 past
    // the body limit, what httplib refuses before any route runs, ...) gets the JSON envelope,
    // saying what was wrong.
    http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
        // A body already: in the response, or compressed behind a content provider (a
        // refusal page sent gzip or brotli, SendCompressed).
        if (!res.body.empty() || res.content_provider_) return;
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
        Apply(ErrorResponse(500, "internal", Msg("Une erreur s’est produite sur le serveur."), LanguageOf(req)),
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
    // Links in e-mails lead here unless the operator named the public address.
    if (m_impl->app.options.public_url.empty())
        m_impl->app.options.public_url = "http://" + (o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host) +
                                         ":" + std::to_string(port);
    m_impl->mailer.Start();
    return port;
}

void Server::Run() { m_impl->http.listen_after_bind(); }

void Server::Stop() {
    if (!m_impl) return;
    m_impl->http.stop();
    m_impl->mailer.Stop();
}

bool Server::IsRunning() const { return m_impl->http.is_running(); }

Store& Server::GetStore() { return m_impl->store; }

AppContext& Server::App() { return m_impl->app; }

} // namespace quartier

// The HTTP server: adapts httplib to the plain Request/Response handlers of the routing
// table, serves the site and the built widgets as static files, and owns the store.
#pragma once

#include "backend/app_context.h"
#include "backend/http/net_address.h"
#include "backend/store/store.h"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace quartier {

class Store;

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 8080;                 // 0: any free port (tests)
    std::string db_path = "quartier.db";
    std::string site_dir;            // served at /, when set
    std::string widgets_dir;         // served at /widgets/, when set
    std::size_t max_body_bytes = 1 << 20;
    int threads = 64;                // HTTP worker threads (each open connection holds one)
    // Reverse proxies whose X-Forwarded-For is believed (addresses or blocks); none: the peer is
    // the client. Their own connections are not capped per address.
    std::vector<AddressBlock> trusted_proxies;
    int max_connections_per_address = 0; // served at once per client address (IPv6 /64); more
                                         // wait their turn; 0: a quarter of the threads
    int header_timeout_ms = 10000;      // a request's line and headers arrive within this, in all
    StoreOptions store;
    AppOptions app;
};

class Server {
public:
    explicit Server(ServerOptions options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds the listening socket; returns the port (useful with port 0). Throws on failure.
    int Bind();
    // Serves until Stop(); call after Bind(), typically in its own thread.
    void Run();
    void Stop();
    bool IsRunning() const;
    Store& GetStore();
    AppContext& App();

    class Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace quartier

// The HTTP server: adapts httplib to the plain Request/Response handlers of the routing
// table, serves the site and the built widgets as static files, and owns the store.
#pragma once

#include "backend/app_context.h"
#include "backend/store.h"

#include <cstddef>
#include <memory>
#include <string>

namespace quartier {

class Store;

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 8080;                 // 0: any free port (tests)
    std::string db_path = "quartier.db";
    std::string site_dir;            // served at /, when set
    std::string widgets_dir;         // served at /widgets/, when set
    std::size_t max_body_bytes = 1 << 20;
    int threads = 64;                // HTTP worker threads (each keep-alive connection holds one)
    bool trust_forwarded_for = false; // behind a reverse proxy: client address from X-Forwarded-For
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

// quartier-server: the entry point. Parses flags, opens the database, serves until
// SIGTERM or SIGINT, then stops cleanly.
#include "backend/demo_data.h"
#include "backend/server.h"
#include "backend/store.h"

#include <csignal>
#include <cstdio>
#include <cstring>
#include <pthread.h>
#include <string>
#include <thread>

namespace {

void Usage() {
    std::fputs("usage: quartier-server [--listen HOST:PORT] [--db PATH] [--site DIR]\n"
               "                       [--widgets DIR] [--demo]\n"
               "  --listen   address to serve on (default 127.0.0.1:8080)\n"
               "  --db       SQLite database file, created and migrated on first start\n"
               "  --site     folder served at / (the demo site, the embed loader)\n"
               "  --widgets  folder of built widgets (.js, .wasm) served at /widgets/\n"
               "  --demo     add the demo proposals when the database has none\n",
               stderr);
}

} // namespace

int main(int argc, char** argv) {
    quartier::ServerOptions options;
    bool demo = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "quartier-server: %s needs a value\n", arg.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (arg == "--listen") {
            const std::string v = value();
            const auto colon = v.rfind(':');
            if (colon == std::string::npos) {
                std::fprintf(stderr, "quartier-server: --listen wants HOST:PORT, got %s\n", v.c_str());
                return 2;
            }
            options.host = v.substr(0, colon);
            options.port = std::atoi(v.c_str() + colon + 1);
        } else if (arg == "--db") {
            options.db_path = value();
        } else if (arg == "--site") {
            options.site_dir = value();
        } else if (arg == "--widgets") {
            options.widgets_dir = value();
        } else if (arg == "--demo") {
            demo = true;
        } else if (arg == "--help" || arg == "-h") {
            Usage();
            return 0;
        } else {
            std::fprintf(stderr, "quartier-server: unknown option %s\n", arg.c_str());
            Usage();
            return 2;
        }
    }

    // Signals are taken by one thread with sigwait, so stopping is not done in a handler.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    try {
        quartier::Server server(options);
        if (demo) {
            const int added = quartier::SeedDemoData(server.GetStore());
            if (added > 0) std::fprintf(stderr, "quartier-server: added %d demo proposals\n", added);
        }
        const int port = server.Bind();
        std::thread waiter([&] {
            int sig = 0;
            sigwait(&signals, &sig);
            std::fprintf(stderr, "quartier-server: stopping (%s)\n", strsignal(sig));
            server.Stop();
        });
        waiter.detach();
        std::printf("quartier-server: listening on http://%s:%d/\n", options.host.c_str(), port);
        std::fflush(stdout);
        server.Run();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "quartier-server: %s\n", e.what());
        return 1;
    }
    return 0;
}

// quartier-server: the entry point. Parses flags, opens the database, serves until
// SIGTERM or SIGINT, then stops cleanly.
#include "shared/i18n.h"
#include "backend/demo_data.h"
#include "backend/http/net_address.h"
#include "backend/routes.h"
#include "backend/http/server.h"
#include "backend/store/store.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <pthread.h>
#include <string>
#include <thread>

namespace {

void Usage() {
    std::fputs("usage: quartier-server [--listen HOST:PORT] [--db PATH] [--site DIR]\n"
               "                       [--widgets DIR] [--demo] [--demo-data DIR] [options]\n"
               "  --listen        address to serve on (default 127.0.0.1:8080)\n"
               "  --db            SQLite database file, created and migrated on first start; its\n"
               "                  secret key is kept beside it in PATH.key (mode 0600; back it up apart)\n"
               "  --site          folder served at / (the demo site, the embed loader)\n"
               "  --widgets       folder of built widgets (.js, .wasm) served at /widgets/\n"
               "  --tiles DIR     folder of base maps: each NAME.mbtiles (raster) is served at\n"
               "                  /tiles/NAME/{z}/{x}/{y}.png, its TileJSON at /tiles/NAME.json\n"
               "  --demo          add the demo commune (toulouse), its processes, accounts and\n"
               "                  voter codes when missing; prints the codes and accounts\n"
               "  --demo-data     folder with pabulib/ and geo/ (default: the source tree's tests/data)\n"
               "  --create-admin EMAIL  create (or reset) an instance admin; the password is read\n"
               "                  from the QUARTIER_ADMIN_PASSWORD environment variable or stdin, then exit\n"
               "  --reset-password EMAIL  give an existing account (e.g. a commune's only admin) a new password,\n"
               "                  read the same way; it is enabled again and signed out everywhere, then exit\n"
               "  --default-tenant SLUG  tenant served by the /api/v1/proposals aliases (default: default,\n"
               "                  or toulouse with --demo)\n"
               "  --threads N     HTTP worker threads (default 64)\n"
               "  --max-body-mb N largest request body accepted, in MiB (default 1; a big .pb import needs more)\n"
               "  --sync full     fsync every commit (survives power loss; default survives process crashes)\n"
               "  --conn-per-address N  connections served at once per client address (IPv6: per /64);\n"
               "                  more wait their turn (default: a quarter of --threads)\n"
               "  --smtp-url URL  the platform's SMTP relay for e-mail to residents (smtp://HOST:PORT, STARTTLS when\n"
               "                  offered, or smtps://HOST:PORT); its account, if it wants one, from the\n"
               "                  QUARTIER_SMTP_USER and QUARTIER_SMTP_PASSWORD environment variables (never\n"
               "                  on the command line); a commune may set its own relay in its console\n"
               "  --smtp-from ADDR the sender (\"Participation <participation@example.fr>\")\n"
               "  --public-url URL where residents reach this server, for the links in e-mails\n"
               "                  (default http://HOST:PORT of --listen)\n"
               "  --trust-proxy[=LIST]  behind reverse proxies: believe X-Forwarded-For from these\n"
               "                  addresses or blocks (comma-separated, e.g. 10.0.0.5,fd00::/64; bare:\n"
               "                  127.0.0.0/8,::1, a proxy on this machine); the client is the rightmost\n"
               "                  hop that is not a listed proxy\n",
               stderr);
}

} // namespace

int main(int argc, char** argv) {
    quartier::AddBuiltInCatalogs(); // po/*.po, compiled in: every request is answered in its language
    quartier::ServerOptions options;
    bool demo = false;
    std::string demo_data = QUARTIER_DEFAULT_DEMO_DATA;
    std::string create_admin, reset_password;
    bool default_tenant_given = false;
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
        } else if (arg == "--tiles") {
            options.app.tiles_dir = value();
        } else if (arg == "--demo") {
            demo = true;
        } else if (arg == "--demo-data") {
            demo_data = value();
        } else if (arg == "--create-admin") {
            create_admin = value();
        } else if (arg == "--reset-password") {
            reset_password = value();
        } else if (arg == "--default-tenant") {
            options.app.default_tenant = value();
            default_tenant_given = true;
        } else if (arg == "--max-body-mb") {
            const long mb = std::atol(value().c_str());
            if (mb < 1 || mb > 1024) {
                std::fprintf(stderr, "quartier-server: --max-body-mb takes 1 to 1024\n");
                return 2;
            }
            options.max_body_bytes = static_cast<std::size_t>(mb) << 20;
        } else if (arg == "--threads") {
            options.threads = std::atoi(value().c_str());
        } else if (arg == "--sync") {
            options.store.synchronous_full = value() == "full";
        } else if (arg == "--conn-per-address") {
            options.max_connections_per_address = std::atoi(value().c_str());
            if (options.max_connections_per_address < 1) {
                std::fprintf(stderr, "quartier-server: --conn-per-address takes a number from 1\n");
                return 2;
            }
        } else if (arg == "--smtp-url") {
            options.app.smtp.url = value();
        } else if (arg == "--smtp-from") {
            options.app.smtp.from = value();
        } else if (arg == "--public-url") {
            options.app.public_url = value();
        } else if (arg == "--trust-proxy" || arg.rfind("--trust-proxy=", 0) == 0) {
            const std::string list = arg == "--trust-proxy" ? "127.0.0.0/8,::1" : arg.substr(14);
            std::string error;
            options.trusted_proxies.clear();
            if (!quartier::ParseAddressBlocks(list, options.trusted_proxies, error) || options.trusted_proxies.empty()) {
                std::fprintf(stderr, "quartier-server: --trust-proxy: %s\n", error.empty() ? "no address" : error.c_str());
                return 2;
            }
        } else if (arg == "--help" || arg == "-h") {
            Usage();
            return 0;
        } else {
            std::fprintf(stderr, "quartier-server: unknown option %s\n", arg.c_str());
            Usage();
            return 2;
        }
    }

    if (!options.app.smtp.url.empty() && options.app.smtp.from.empty()) {
        std::fprintf(stderr, "quartier-server: --smtp-url needs --smtp-from (the sender's address)\n");
        return 2;
    }
    if (const char* user = std::getenv("QUARTIER_SMTP_USER")) options.app.smtp.user = user;
    if (const char* pw = std::getenv("QUARTIER_SMTP_PASSWORD")) options.app.smtp.password = pw;

    // Signals are taken by one thread with sigwait, so stopping is not done in a handler.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    try {
        if (!create_admin.empty() || !reset_password.empty()) {
            const std::string& email = create_admin.empty() ? reset_password : create_admin;
            const char* env = std::getenv("QUARTIER_ADMIN_PASSWORD");
            std::string password = env ? env : "";
            if (password.empty()) {
                std::fprintf(stderr, "password for %s: ", email.c_str());
                std::getline(std::cin, password);
            }
            if (password.size() < 10) {
                std::fprintf(stderr, "quartier-server: the password needs at least 10 characters\n");
                return 2;
            }
            quartier::Store store(options.db_path);
            if (!create_admin.empty()) {
                quartier::CreateAdminAccount(store, create_admin, password, false);
                std::fprintf(stderr, "quartier-server: admin account %s ready\n", create_admin.c_str());
            } else if (!quartier::ResetAccountPassword(store, reset_password, password, false)) {
                std::fprintf(stderr, "quartier-server: no account has the e-mail address %s\n", reset_password.c_str());
                return 1;
            } else {
                std::fprintf(stderr, "quartier-server: new password set for %s (signed out everywhere)\n",
                             reset_password.c_str());
            }
            return 0;
        }
        // The demo commune answers the old /api/v1/proposals aliases unless told otherwise.
        if (demo && !default_tenant_given) options.app.default_tenant = quartier::kDemoTenant;
        quartier::Server server(options);
        if (demo) {
            const auto summary = quartier::SeedDemo(server.App(), demo_data);
            if (summary.tenant_created)
                std::fprintf(stderr, "quartier-server: demo commune \"%s\" created (%d proposals)\n",
                             quartier::kDemoTenant, summary.proposals_added);
            std::fprintf(stderr, "quartier-server: demo voter codes for process \"%s\":", quartier::kDemoVotingProcess);
            for (const auto& c : summary.voter_codes) std::fprintf(stderr, " %s", c.c_str());
            std::fprintf(stderr, "\nquartier-server: demo accounts (role e-mail password):\n");
            for (const auto& a : summary.accounts) std::fprintf(stderr, "  %s\n", a.c_str());
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

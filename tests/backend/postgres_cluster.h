// A throw-away PostgreSQL server for the tests that need one: started once per test process
// by scripts/pg-test-cluster (Debian's PostgreSQL, a temporary folder, a free loopback port),
// stopped when the process ends. Each caller of FreshPostgresDatabase gets an empty database
// of its own on it.
#pragma once

#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <string>

namespace quartier::testing {

inline std::string PostgresClusterDir() {
    static const std::string dir = [] {
        char tmpl[] = "/tmp/quartier-pg-XXXXXX";
        const char* made = ::mkdtemp(tmpl);
        return std::string(made ? made : "/tmp/quartier-pg");
    }();
    return dir;
}

// The cluster's URL (its maintenance database), starting the cluster on first use.
inline const std::string& TestPostgres() {
    static std::once_flag once;
    static std::string url;
    std::call_once(once, [] {
        const std::string script = std::string(QUARTIER_SOURCE_DIR) + "/scripts/pg-test-cluster";
        const std::string dir = PostgresClusterDir();
        const std::string cmd = script + " start " + dir + " > /dev/null";
        if (std::system(cmd.c_str()) != 0) FAIL("could not start a PostgreSQL test cluster (scripts/setup installs postgresql-15)");
        std::ifstream in(dir + "/url");
        std::getline(in, url);
        std::atexit([] {
            const std::string stop = std::string(QUARTIER_SOURCE_DIR) + "/scripts/pg-test-cluster stop " + PostgresClusterDir();
            if (std::system(stop.c_str()) != 0) std::fprintf(stderr, "could not stop the PostgreSQL test cluster\n");
        });
    });
    REQUIRE_MESSAGE(!url.empty(), "the PostgreSQL test cluster gave no URL");
    return url;
}

// A new empty database on the test cluster; its URL.
inline std::string FreshPostgresDatabase() {
    static std::mutex mutex;
    static int counter = 0;
    const std::string& base = TestPostgres();
    std::lock_guard<std::mutex> lock(mutex);
    const std::string name = "t" + std::to_string(++counter);
    const std::string port = base.substr(base.rfind(':') + 1, base.rfind('/') - base.rfind(':') - 1);
    const std::string cmd = "psql -q -h 127.0.0.1 -p " + port + " -U quartier -d quartier -c 'CREATE DATABASE " + name + "' > /dev/null";
    REQUIRE_MESSAGE(std::system(cmd.c_str()) == 0, "could not create a test database");
    return base.substr(0, base.rfind('/') + 1) + name;
}

} // namespace quartier::testing

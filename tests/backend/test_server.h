// A real quartier server for tests: a fresh SQLite file, a free loopback port, served from
// a thread; waits until /api/v1/health answers, stops and cleans up on destruction.
#pragma once

#include "backend/http/server.h"

#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>

namespace quartier::testing {

class TestServer {
public:
    explicit TestServer(ServerOptions options = {}) {
        std::random_device rd;
        m_dir = std::filesystem::temp_directory_path() /
                ("quartier-test-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(m_dir);
        options.host = "127.0.0.1";
        options.port = 0;
        options.threads = 16;
        options.app.password_cost_minimum = true; // argon2id at its minimum cost: tests sign in often
        if (options.db_path == "quartier.db") options.db_path = (m_dir / "test.db").string();
        m_db_path = options.db_path;
        m_server = std::make_unique<Server>(options);
        m_port = m_server->Bind();
        m_thread = std::thread([this] { m_server->Run(); });
        httplib::Client c(Url());
        for (int i = 0; i < 500; ++i) {
            if (auto r = c.Get("/api/v1/health"); r && r->status == 200) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        throw std::runtime_error("test server did not become ready");
    }
    ~TestServer() {
        m_server->Stop();
        if (m_thread.joinable()) m_thread.join();
        m_server.reset();
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }
    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;

    int Port() const { return m_port; }
    std::string Url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    httplib::Client Client() const { return httplib::Client(Url()); }
    Server& Get() { return *m_server; }
    const std::string& DbPath() const { return m_db_path; }
    const std::filesystem::path& Dir() const { return m_dir; }

private:
    std::filesystem::path m_dir;
    std::string m_db_path;
    std::unique_ptr<Server> m_server;
    int m_port = 0;
    std::thread m_thread;
};

} // namespace quartier::testing

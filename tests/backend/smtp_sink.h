// A real SMTP server on loopback for the e-mail tests: Debian's python3-aiosmtpd with its
// Mailbox handler, started on a free port into a Maildir of its own; Messages() reads what it
// received (through read_maildir.py: headers decoded, text and HTML parts). Stop() and
// Start() again on the same port play a relay that goes down and comes back.
#pragma once

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>

namespace quartier::testing {

class SmtpSink {
public:
    SmtpSink() {
        std::random_device rd;
        m_dir = std::filesystem::temp_directory_path() / ("quartier-smtp-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(m_dir);
        m_port = FreePort();
        Start();
    }
    ~SmtpSink() {
        Stop();
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }
    SmtpSink(const SmtpSink&) = delete;
    SmtpSink& operator=(const SmtpSink&) = delete;

    int Port() const { return m_port; }
    std::string Url() const { return "smtp://127.0.0.1:" + std::to_string(m_port); }

    void Start() {
        if (m_pid > 0) return;
        const std::string listen = "127.0.0.1:" + std::to_string(m_port);
        const std::string box = (m_dir / "Maildir").string();
        m_pid = fork();
        if (m_pid == 0) {
            // -n: no setuid to nobody; -c the Mailbox handler, whose argument is the Maildir.
            execl("/usr/bin/python3", "python3", "-m", "aiosmtpd", "-n", "-l", listen.c_str(), "-c",
                  "aiosmtpd.handlers.Mailbox", box.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        for (int i = 0; i < 300; ++i) {
            if (Accepts()) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        throw std::runtime_error("aiosmtpd did not start (is python3-aiosmtpd installed?)");
    }

    void Stop() {
        if (m_pid <= 0) return;
        kill(m_pid, SIGTERM);
        int status = 0;
        waitpid(m_pid, &status, 0);
        m_pid = -1;
    }

    // Every message received so far, oldest first.
    nlohmann::json Messages() const {
        const std::string box = (m_dir / "Maildir").string();
        if (!std::filesystem::exists(m_dir / "Maildir" / "new")) return nlohmann::json::array();
        const std::string cmd = "/usr/bin/python3 " + std::string(QUARTIER_SOURCE_DIR) + "/tests/backend/read_maildir.py '" + box + "'";
        FILE* p = popen(cmd.c_str(), "r");
        if (!p) throw std::runtime_error("cannot run read_maildir.py");
        std::string out;
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
        pclose(p);
        return nlohmann::json::parse(out);
    }

    // Waits (up to seconds) until pred holds for the messages received; returns them.
    nlohmann::json WaitFor(const std::function<bool(const nlohmann::json&)>& pred, double seconds = 10) const {
        const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<int>(seconds * 1000));
        nlohmann::json m = Messages();
        while (!pred(m) && std::chrono::steady_clock::now() < until) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            m = Messages();
        }
        return m;
    }
    nlohmann::json WaitForCount(size_t count, double seconds = 10) const {
        return WaitFor([&](const nlohmann::json& m) { return m.size() >= count; }, seconds);
    }

private:
    static int FreePort() {
        const int fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = 0;
        bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
        socklen_t len = sizeof a;
        getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
        close(fd);
        return ntohs(a.sin_port);
    }
    bool Accepts() const {
        const int fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(static_cast<uint16_t>(m_port));
        const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
        close(fd);
        return ok;
    }

    std::filesystem::path m_dir;
    int m_port = 0;
    pid_t m_pid = -1;
};

} // namespace quartier::testing

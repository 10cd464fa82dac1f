// The mail thread: hands the outbox's due messages to their SMTP relay (libcurl's SMTP and MIME
// API: multipart text + HTML, never a home-made SMTP client), outside any request. A relay
// that fails is tried again after AppOptions::mail_retry_seconds (1 min, 5 min, 30 min, 2 h),
// then the message is given up with the relay's last error kept for the console. A message
// sent keeps no address, subject or body; its row (kind, times) goes after a week.
#pragma once

#include "backend/app_context.h"

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <thread>

namespace quartier {

// One message, as libcurl sends it. "" when the relay accepted it, else what went wrong.
struct OutgoingMail {
    std::string to, subject, text, html, unsubscribe_url, message_id_domain;
};
std::string SendMail(const SmtpRelay& relay, const OutgoingMail& mail);

class Mailer {
public:
    explicit Mailer(AppContext& app);
    ~Mailer(); // stops the thread, after the message being sent
    Mailer(const Mailer&) = delete;
    Mailer& operator=(const Mailer&) = delete;

    void Start();
    void Stop();
    // Sends what is due now (the thread's round); the number of messages handed over.
    int SendDue();

private:
    void Loop();
    AppContext& m_app;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
    std::optional<std::chrono::steady_clock::time_point> m_last_sweep;
};

} // namespace quartier

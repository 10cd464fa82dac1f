// The mail thread and libcurl's SMTP.
#include "backend/text_util.h"
#include "backend/mail/mailer.h"

#include "backend/crypto.h"
#include "backend/mail/outbox.h"

#include <curl/curl.h>

#include <cstdio>
#include <ctime>
#include <memory>
#include <vector>

namespace quartier {

namespace {


// A header value with anything but printable ASCII as an RFC 2047 encoded word (UTF-8,
// base64): libcurl sends custom headers as given.
std::string EncodedWord(const std::string& s) {
    bool plain = true;
    for (unsigned char c : s)
        if (c < 0x20 || c > 0x7e) plain = false;
    if (plain) return s;
    // Encoded words are at most 75 characters: split on whole UTF-8 characters.
    std::string out;
    size_t i = 0;
    while (i < s.size()) {
        size_t j = i, take = 0;
        while (j < s.size() && take < 39) {
            size_t len = 1;
            const unsigned char c = static_cast<unsigned char>(s[j]);
            if (c >= 0xf0) len = 4;
            else if (c >= 0xe0) len = 3;
            else if (c >= 0xc0) len = 2;
            j += len;
            take += len;
        }
        if (j > s.size()) j = s.size();
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?" + Base64(std::string_view(s).substr(i, j - i)) + "?=";
        i = j;
    }
    return out;
}

std::string RfcDate() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
                  months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

// The address inside "Name <address>" or the whole text.
std::string BareAddress(const std::string& from) {
    const auto lt = from.find('<');
    const auto gt = from.rfind('>');
    if (lt != std::string::npos && gt != std::string::npos && gt > lt) return from.substr(lt + 1, gt - lt - 1);
    return from;
}

struct CurlDeleter {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
struct MimeDeleter {
    void operator()(curl_mime* m) const { curl_mime_free(m); }
};

void GlobalInit() {
    static const bool ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    (void)ok;
}

} // namespace

std::string SendMail(const SmtpRelay& relay, const OutgoingMail& mail) {
    GlobalInit();
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) return "libcurl could not start";
    CURL* c = curl.get();
    const std::string from = BareAddress(relay.from);
    curl_easy_setopt(c, CURLOPT_URL, relay.url.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, ("<" + from + ">").c_str());
    std::unique_ptr<curl_slist, SlistDeleter> rcpt(curl_slist_append(nullptr, ("<" + mail.to + ">").c_str()));
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
    if (!relay.user.empty()) {
        curl_easy_setopt(c, CURLOPT_USERNAME, relay.user.c_str());
        curl_easy_setopt(c, CURLOPT_PASSWORD, relay.password.c_str());
        curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL)); // no password in clear
    } else {
        curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
    }
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");

    // The headers; libcurl adds MIME-Version and the multipart's Content-Type.
    const std::string domain = from.substr(from.find('@') == std::string::npos ? 0 : from.find('@') + 1);
    std::vector<std::string> lines = {
        "Date: " + RfcDate(),
        "From: " + relay.from,
        "To: <" + mail.to + ">",
        "Subject: " + EncodedWord(mail.subject),
        "Message-ID: <" + RandomHex(16) + "@" + (domain.empty() ? "quartier.invalid" : domain) + ">",
        "Auto-Submitted: auto-generated",
    };
    if (!mail.unsubscribe_url.empty()) {
        lines.push_back("List-Unsubscribe: <" + mail.unsubscribe_url + ">");
        lines.push_back("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    }
    curl_slist* raw_headers = nullptr;
    for (const auto& l : lines) raw_headers = curl_slist_append(raw_headers, l.c_str());
    std::unique_ptr<curl_slist, SlistDeleter> headers(raw_headers);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());

    // multipart/mixed holding one multipart/alternative: text, then HTML (curl's smtp-mime).
    std::unique_ptr<curl_mime, MimeDeleter> mime(curl_mime_init(c));
    curl_mime* alt = curl_mime_init(c);
    curl_mimepart* part = curl_mime_addpart(alt);
    curl_mime_data(part, mail.text.data(), mail.text.size());
    curl_mime_type(part, "text/plain; charset=utf-8");
    curl_mime_encoder(part, "quoted-printable");
    part = curl_mime_addpart(alt);
    curl_mime_data(part, mail.html.data(), mail.html.size());
    curl_mime_type(part, "text/html; charset=utf-8");
    curl_mime_encoder(part, "quoted-printable");
    part = curl_mime_addpart(mime.get());
    curl_mime_subparts(part, alt); // the outer mime owns alt from here
    curl_mime_type(part, "multipart/alternative");
    curl_easy_setopt(c, CURLOPT_MIMEPOST, mime.get());

    char error[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
    const CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_OK) return "";
    return error[0] ? std::string(error) : std::string(curl_easy_strerror(rc));
}

Mailer::Mailer(AppContext& app) : m_app(app) {}

Mailer::~Mailer() { Stop(); }

void Mailer::Start() {
    if (m_thread.joinable()) return;
    m_stop = false;
    m_thread = std::thread([this] { Loop(); });
}

void Mailer::Stop() {
    m_stop = true;
    m_app.WakeMailer();
    if (m_thread.joinable()) m_thread.join();
}

void Mailer::Loop() {
    while (!m_stop) {
        try {
            SendDue();
        } catch (const std::exception& e) {
            std::fprintf(stderr, "quartier-server: mail: %s\n", e.what());
        }
        if (m_stop) break;
        m_app.WaitForMail(std::chrono::seconds(1));
    }
}

int Mailer::SendDue() {
    struct Due {
        std::int64_t id = 0;
        std::optional<std::int64_t> tenant;
        std::string to, subject, text, html, unsubscribe;
        int attempts = 0;
        SmtpRelay relay;
    };
    const std::string now = IsoUtc(m_app.Now());
    std::vector<Due> due = m_app.store.Read([&](Db& db) {
        std::vector<Due> out;
        auto q = db.Prepare("SELECT id, tenant_id, recipient, subject, text, html, unsubscribe, attempts FROM outbox"
                            " WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 50");
        q.Bind(1, now);
        while (q.Step()) {
            Due d;
            d.id = q.Int(0);
            if (!q.IsNull(1)) d.tenant = q.Int(1);
            d.to = q.Text(2);
            d.subject = q.Text(3);
            d.text = q.Text(4);
            d.html = q.Text(5);
            d.unsubscribe = q.Text(6);
            d.attempts = static_cast<int>(q.Int(7));
            out.push_back(std::move(d));
        }
        for (auto& d : out) d.relay = RelayFor(m_app, db, d.tenant);
        return out;
    });
    int sent = 0;
    for (auto& d : due) {
        if (m_stop) break;
        const std::string error = d.relay.Configured()
            ? SendMail(d.relay, {d.to, d.subject, d.text, d.html, d.unsubscribe, ""})
            : std::string("no SMTP relay is configured any more");
        const int attempts = d.attempts + 1;
        const auto& retry = m_app.options.mail_retry_seconds;
        m_app.store.Write([&](Db& db) {
            if (error.empty()) {
                // Sent: the address and the words go; the kind and the times stay a week.
                db.Prepare("UPDATE outbox SET sent_at = ?, attempts = ?, recipient = '', subject = '', text = '', html = '',"
                           " unsubscribe = '', last_error = NULL WHERE id = ?")
                    .Bind(1, IsoUtc(m_app.Now())).Bind(2, attempts).Bind(3, d.id).Run();
            } else if (attempts > static_cast<int>(retry.size())) {
                db.Prepare("UPDATE outbox SET failed_at = ?, attempts = ?, last_error = ?, text = '', html = '' WHERE id = ?")
                    .Bind(1, IsoUtc(m_app.Now())).Bind(2, attempts).Bind(3, error).Bind(4, d.id).Run();
            } else {
                db.Prepare("UPDATE outbox SET next_attempt_at = ?, attempts = ?, last_error = ? WHERE id = ?")
                    .Bind(1, IsoUtc(m_app.Now() + std::chrono::seconds(retry[static_cast<size_t>(attempts - 1)])))
                    .Bind(2, attempts).Bind(3, error).Bind(4, d.id).Run();
            }
        });
        if (error.empty()) ++sent;
    }
    // Housekeeping, hourly: what was sent or given up more than a week (a month) ago.
    const auto clock = std::chrono::steady_clock::now();
    if (m_last_sweep && clock - *m_last_sweep < std::chrono::hours(1)) return sent;
    m_last_sweep = clock;
    m_app.store.Write([&](Db& db) {
        db.Prepare("DELETE FROM outbox WHERE sent_at < ? OR failed_at < ?")
            .Bind(1, IsoUtc(m_app.Now() - std::chrono::hours(24 * 7)))
            .Bind(2, IsoUtc(m_app.Now() - std::chrono::hours(24 * 30)))
            .Run();
    });
    return sent;
}

} // namespace quartier

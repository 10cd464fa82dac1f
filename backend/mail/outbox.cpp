// The outbox: queueing messages for accounts, their words in plain text and HTML, the signed
// preferences link and the commune's relay.
#include "backend/mail/outbox.h"

#include "backend/crypto.h"
#include "backend/text_util.h"
#include "shared/i18n.h"

#include <ctime>

namespace quartier {

namespace {

constexpr long kConfirmationHours = 72;


} // namespace

const char* ToString(MailKind k) {
    switch (k) {
    case MailKind::Confirmation: return "confirmation";
    case MailKind::PasswordReset: return "password_reset";
    case MailKind::Decision: return "decision";
    case MailKind::Reply: return "reply";
    case MailKind::Voting: return "voting";
    }
    return "";
}

std::string RelaySealKey(Db& db, std::int64_t tenant_id) {
    return db.Mac("smtp-password", std::to_string(tenant_id));
}

SmtpRelay RelayFor(AppContext& app, Db& db, std::optional<std::int64_t> tenant_id) {
    if (tenant_id) {
        auto q = db.Prepare("SELECT smtp_url, smtp_from, smtp_user, smtp_password FROM tenant_mail WHERE tenant_id = ?");
        q.Bind(1, *tenant_id);
        if (q.Step()) {
            SmtpRelay r{q.Text(0), q.Text(1), q.Text(2), ""};
            if (!q.IsNull(3) && !Open(RelaySealKey(db, *tenant_id), q.Blob(3), r.password)) r.password.clear();
            if (r.Configured()) return r;
        }
    }
    return app.options.smtp;
}

std::string PreferencesToken(Db& db, std::int64_t user_id) {
    auto q = db.Prepare("SELECT created_at FROM users WHERE id = ?");
    q.Bind(1, user_id);
    const std::string created = q.Step() ? q.Text(0) : std::string();
    const std::string id = std::to_string(user_id);
    return id + "-" + ToHex(std::string_view(db.Mac("mail-preferences", id + "\n" + created)).substr(0, 16));
}

std::optional<std::int64_t> CheckPreferencesToken(Db& db, const std::string& token) {
    const auto dash = token.find('-');
    if (dash == std::string::npos || dash == 0 || dash > 18 || token.size() > 60) return std::nullopt;
    if (token.find_first_not_of("0123456789") < dash) return std::nullopt;
    const std::int64_t id = std::stoll(token.substr(0, dash));
    auto q = db.Prepare("SELECT 1 FROM users WHERE id = ?");
    q.Bind(1, id);
    if (!q.Step()) return std::nullopt;
    const std::string expect = PreferencesToken(db, id);
    // Constant-time enough: both are hex of the same length, compared whole.
    if (expect.size() != token.size()) return std::nullopt;
    unsigned diff = 0;
    for (size_t i = 0; i < expect.size(); ++i) diff |= static_cast<unsigned>(expect[i] ^ token[i]);
    if (diff != 0) return std::nullopt;
    return id;
}

std::string PublicUrl(AppContext& app, const std::string& path) {
    std::string base = app.options.public_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base + path;
}

RenderedMail RenderMail(const MailText& m, const std::string& lang, const std::string& sender_name,
                        const std::string& preferences_url) {
    RenderedMail out;
    out.subject = m.subject;
    std::string text, html;
    html = "<!DOCTYPE html>\n<html lang=\"" + HtmlEscape(lang) +
           "\"><head><meta charset=\"utf-8\"><title>" + HtmlEscape(m.subject) +
           "</title></head>\n<body style=\"font-family: sans-serif; line-height: 1.5; max-width: 40em\">\n";
    for (const auto& p : m.paragraphs) {
        text += p + "\n\n";
        html += "<p>" + HtmlEscape(p) + "</p>\n";
    }
    if (!m.quote.empty()) {
        std::string quoted;
        size_t start = 0;
        while (start <= m.quote.size()) {
            const size_t end = m.quote.find('\n', start);
            quoted += "> " + m.quote.substr(start, end == std::string::npos ? std::string::npos : end - start) + "\n";
            if (end == std::string::npos) break;
            start = end + 1;
        }
        text += quoted + "\n";
        html += "<blockquote style=\"border-left: 3px solid #888; margin-left: 0; padding-left: 1em\">" +
                HtmlEscape(m.quote) + "</blockquote>\n";
    }
    if (!m.action_url.empty()) {
        // TRANSLATORS: a link in a plain-text e-mail, its label then its address.
        text += Fill(Tr(lang, "{0} : {1}"), m.action_label, m.action_url) + "\n\n";
        html += "<p><a href=\"" + HtmlEscape(m.action_url) + "\">" + HtmlEscape(m.action_label) + "</a></p>\n";
    }
    const std::string signature = Fill(Tr(lang, "Ce message vous est envoyé par {} sur sa plateforme de participation."), sender_name);
    text += "-- \n" + signature + "\n";
    html += "<hr>\n<p style=\"font-size: smaller\">" + HtmlEscape(signature);
    if (!preferences_url.empty()) {
        const std::string label = Tr(lang, "Choisir les messages reçus ou ne plus en recevoir");
        text += Fill(Tr(lang, "{0} : {1}"), label, preferences_url) + "\n";
        html += "<br><a href=\"" + HtmlEscape(preferences_url) + "\">" + HtmlEscape(label) + "</a>";
    }
    html += "</p>\n</body></html>\n";
    out.text = std::move(text);
    out.html = std::move(html);
    return out;
}

bool QueueMail(AppContext& app, Db& db, const Tenant* tenant, std::int64_t user_id, MailKind kind,
               const std::function<MailText(const std::string& lang)>& compose) {
    const std::optional<std::int64_t> tenant_id = tenant ? std::optional<std::int64_t>(tenant->id) : std::nullopt;
    if (!RelayFor(app, db, tenant_id).Configured()) return false;
    auto q = db.Prepare("SELECT email, language, email_confirmed_at IS NOT NULL, mail_decisions, mail_replies, mail_voting,"
                        " disabled_at IS NOT NULL FROM users WHERE id = ?");
    q.Bind(1, user_id);
    if (!q.Step()) return false;
    const std::string email = q.Text(0), lang = SpokenLanguage(q.Text(1));
    const bool confirmed = q.Int(2) != 0, disabled = q.Int(6) != 0;
    if (disabled) return false;
    if (kind != MailKind::Confirmation && !confirmed) return false;
    if ((kind == MailKind::Decision && !q.Int(3)) || (kind == MailKind::Reply && !q.Int(4)) ||
        (kind == MailKind::Voting && !q.Int(5)))
        return false;
    const bool notification = kind == MailKind::Decision || kind == MailKind::Reply || kind == MailKind::Voting;
    const std::string preferences = notification ? PublicUrl(app, "/courriel/preferences?jeton=" + PreferencesToken(db, user_id)) : "";
    const MailText words = compose(lang);
    const RenderedMail m = RenderMail(words, lang, tenant ? tenant->name : "Quartier", preferences);
    db.Prepare("INSERT INTO outbox (tenant_id, user_id, kind, recipient, language, subject, text, html, unsubscribe,"
               " next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .Bind(1, tenant_id).Bind(2, user_id).Bind(3, ToString(kind)).Bind(4, email).Bind(5, lang)
        .Bind(6, m.subject).Bind(7, m.text).Bind(8, m.html).Bind(9, preferences).Bind(10, IsoUtc(app.Now()))
        .Run();
    app.WakeMailer();
    return true;
}

bool QueueConfirmation(AppContext& app, Db& db, const Tenant* tenant, std::int64_t user_id) {
    const std::string token = RandomHex(16);
    const std::string url = PublicUrl(app, "/courriel/confirmer?jeton=" + token);
    const bool queued = QueueMail(app, db, tenant, user_id, MailKind::Confirmation, [&](const std::string& lang) {
        MailText m;
        m.subject = Tr(lang, "Confirmez votre adresse e-mail");
        m.paragraphs.push_back(Tr(lang, "Bonjour,"));
        m.paragraphs.push_back(Tr(lang, "Vous avez créé un compte pour participer aux projets de votre commune. "
                                        "Confirmez votre adresse e-mail pour recevoir nos messages : les décisions sur "
                                        "vos propositions et les réponses à vos commentaires."));
        m.paragraphs.push_back(Tr(lang, "Ce lien reste valable trois jours. Si vous n’avez pas créé ce compte, "
                                        "ignorez ce message : aucun autre ne vous sera envoyé."));
        m.action_label = Tr(lang, "Confirmer mon adresse");
        m.action_url = url;
        return m;
    });
    if (!queued) return false;
    db.Prepare("DELETE FROM email_confirmations WHERE user_id = ?").Bind(1, user_id).Run();
    db.Prepare("INSERT INTO email_confirmations (token_hash, user_id, expires_at) VALUES (?, ?, ?)")
        .BindBlob(1, Sha256(token)).Bind(2, user_id).Bind(3, IsoUtc(app.Now() + std::chrono::hours(kConfirmationHours))).Run();
    return true;
}

bool QueueDecision(AppContext& app, Db& db, const Tenant& t, std::int64_t proposal_id, Decision d, const std::string& reason) {
    auto q = db.Prepare("SELECT author_id, title FROM proposals WHERE id = ? AND tenant_id = ?");
    q.Bind(1, proposal_id).Bind(2, t.id);
    if (!q.Step() || q.IsNull(0)) return false;
    const std::int64_t author = q.Int(0);
    const std::string title = q.Text(1);
    const std::string url = PublicUrl(app, "/simple/" + t.slug + "/propositions/" + std::to_string(proposal_id));
    return QueueMail(app, db, &t, author, MailKind::Decision, [&](const std::string& lang) {
        MailText m;
        m.paragraphs.push_back(Tr(lang, "Bonjour,"));
        switch (d) {
        case Decision::Published:
            m.subject = Fill(Tr(lang, "Votre proposition « {} » est publiée"), title);
            m.paragraphs.push_back(Fill(Tr(lang, "{0} a publié votre proposition « {1} » : chacun peut maintenant la lire et la soutenir."), t.name, title));
            break;
        case Decision::Rejected:
            m.subject = Fill(Tr(lang, "Votre proposition « {} » n’est pas retenue"), title);
            m.paragraphs.push_back(Fill(Tr(lang, "{0} n’a pas retenu votre proposition « {1} ». Voici la raison donnée par la modération :"), t.name, title));
            break;
        case Decision::OnBallot:
            m.subject = Fill(Tr(lang, "Votre proposition « {} » est soumise au vote"), title);
            m.paragraphs.push_back(Fill(Tr(lang, "Votre proposition « {1} » a été jugée faisable : {0} l’inscrit au bulletin de vote."), t.name, title));
            break;
        case Decision::Funded:
            m.subject = Fill(Tr(lang, "Votre proposition « {} » sera réalisée"), title);
            m.paragraphs.push_back(Fill(Tr(lang, "Les habitants ont voté : le projet né de votre proposition « {1} » est financé par {0}."), t.name, title));
            break;
        case Decision::Built:
            m.subject = Fill(Tr(lang, "Le projet de votre proposition « {} » est terminé"), title);
            m.paragraphs.push_back(Fill(Tr(lang, "{0} a terminé les travaux du projet né de votre proposition « {1} »."), t.name, title));
            break;
        }
        m.quote = reason;
        m.action_label = Tr(lang, "Voir la proposition");
        m.action_url = url;
        return m;
    });
}

bool QueueReply(AppContext& app, Db& db, const Tenant& t, std::int64_t reply_id) {
    auto q = db.Prepare("SELECT r.body, r.proposal_id, c.author_id, r.author_id, p.title, r.status FROM comments r"
                        " JOIN comments c ON c.id = r.parent_id JOIN proposals p ON p.id = r.proposal_id"
                        " WHERE r.id = ? AND r.tenant_id = ?");
    q.Bind(1, reply_id).Bind(2, t.id);
    if (!q.Step() || q.IsNull(2) || q.Text(5) != "published") return false;
    if (!q.IsNull(3) && q.Int(3) == q.Int(2)) return false; // her own reply
    const std::string body = q.Text(0), title = q.Text(4);
    const std::int64_t proposal = q.Int(1), parent_author = q.Int(2);
    const std::string url = PublicUrl(app, "/simple/" + t.slug + "/propositions/" + std::to_string(proposal));
    return QueueMail(app, db, &t, parent_author, MailKind::Reply, [&](const std::string& lang) {
        MailText m;
        m.subject = Fill(Tr(lang, "Réponse à votre commentaire sur « {} »"), title);
        m.paragraphs.push_back(Tr(lang, "Bonjour,"));
        m.paragraphs.push_back(Fill(Tr(lang, "Quelqu’un a répondu à votre commentaire sur la proposition « {} » :"), title));
        m.quote = body;
        m.action_label = Tr(lang, "Lire la discussion");
        m.action_url = url;
        return m;
    });
}

int QueueVotingNews(AppContext& app, Db& db, const Tenant& t, const Process& p, Phase to) {
    if (to != Phase::Voting && to != Phase::Published) return 0;
    std::vector<std::int64_t> people;
    {
        auto q = db.Prepare("SELECT id FROM users WHERE mail_voting = 1 AND email_confirmed_at IS NOT NULL AND disabled_at IS NULL"
                            " AND (id IN (SELECT author_id FROM proposals WHERE tenant_id = ?1)"
                            " OR id IN (SELECT s.user_id FROM supports s JOIN proposals pr ON pr.id = s.proposal_id WHERE pr.tenant_id = ?1)"
                            " OR id IN (SELECT author_id FROM comments WHERE tenant_id = ?1)) ORDER BY id");
        q.Bind(1, t.id);
        while (q.Step()) people.push_back(q.Int(0));
    }
    const std::string process_url = PublicUrl(app, "/simple/" + t.slug + "/consultations/" + p.slug);
    int queued = 0;
    for (const auto id : people)
        queued += QueueMail(app, db, &t, id, MailKind::Voting, [&](const std::string& lang) {
            MailText m;
            m.paragraphs.push_back(Tr(lang, "Bonjour,"));
            if (to == Phase::Voting) {
                m.subject = Fill(Tr(lang, "Le vote est ouvert : {}"), p.title);
                m.paragraphs.push_back(Fill(Tr(lang, "{0} ouvre le vote de « {1} ». Choisissez les projets que vous voulez voir réalisés."), t.name, p.title));
                m.action_label = Tr(lang, "Voter");
                m.action_url = process_url + "/vote";
            } else {
                m.subject = Fill(Tr(lang, "Les résultats sont publiés : {}"), p.title);
                m.paragraphs.push_back(Fill(Tr(lang, "{0} publie les résultats du vote « {1} » : voici les projets financés."), t.name, p.title));
                m.action_label = Tr(lang, "Voir les résultats");
                m.action_url = process_url;
            }
            return m;
        }) ? 1 : 0;
    return queued;
}

} // namespace quartier

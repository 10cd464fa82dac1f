// E-mail to residents: what is queued, for whom, in which words. A message is written in the
// recipient's language when it is queued (inside the write that caused it, so that a decision
// and its message commit together) and waits in the outbox table for the mail thread
// (mailer.h), which hands it to the commune's SMTP relay, or the platform's. Nothing is queued
// without a relay, nor for an address not confirmed (but its confirmation), nor for what the
// account does not want to hear of.
#pragma once

#include "backend/app_context.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace quartier {

enum class MailKind {
    Confirmation,  // the address's confirmation link (the only message to an unconfirmed address)
    PasswordReset, // a reset link the account asked for
    Decision,      // a decision on one's proposal (published, rejected, on the ballot, funded, built)
    Reply,         // a reply to one's comment
    Voting,        // voting opens, results published (opt-in)
};
const char* ToString(MailKind k);

// A message's words, in one language; rendered as plain text and as simple HTML.
struct MailText {
    std::string subject;
    std::vector<std::string> paragraphs; // sentences, plain text
    std::string quote;                   // quoted as said (a moderator's reason, a reply), "" : none
    std::string action_label, action_url; // the link the message is about, "" : none
};

// The relay a tenant's messages go through: its own, else the platform's (unconfigured: none).
// The password of a commune's relay is opened here from its sealed form.
SmtpRelay RelayFor(AppContext& app, Db& db, std::optional<std::int64_t> tenant_id);
// The key a commune's relay password is sealed under: derived from the store's key file.
std::string RelaySealKey(Db& db, std::int64_t tenant_id);

// The link to the page where an account's e-mail choices are changed and every message
// stopped, without signing in: signed with the store's key, never expiring.
std::string PreferencesToken(Db& db, std::int64_t user_id);
// The account a preferences token names; nullopt when it is not one of ours.
std::optional<std::int64_t> CheckPreferencesToken(Db& db, const std::string& token);
std::string PublicUrl(AppContext& app, const std::string& path);

// Queues a message for account user_id, composed in its language by compose(lang), when a
// relay is configured for tenant (nullptr: the platform's), the address is confirmed (or this
// is its confirmation) and the account wants this kind. True when queued. Wakes the mail
// thread. Inside a Store::Write job.
bool QueueMail(AppContext& app, Db& db, const Tenant* tenant, std::int64_t user_id, MailKind kind,
               const std::function<MailText(const std::string& lang)>& compose);

// The message as sent: plain text and HTML, with the commune's name and, for notifications,
// the preferences link.
struct RenderedMail {
    std::string subject, text, html;
};
RenderedMail RenderMail(const MailText& m, const std::string& lang, const std::string& sender_name,
                        const std::string& preferences_url);

// A new confirmation link for user_id's address (the previous one stops working), queued in
// the account's language. False when no relay can send it.
bool QueueConfirmation(AppContext& app, Db& db, const Tenant* tenant, std::int64_t user_id);

// What staff decided about a proposal, told to its author (when she wants decisions).
enum class Decision { Published, Rejected, OnBallot, Funded, Built };
bool QueueDecision(AppContext& app, Db& db, const Tenant& t, std::int64_t proposal_id, Decision d,
                   const std::string& reason = "");
// A published reply to comment parent_id, told to that comment's author (not when she
// replied to herself).
bool QueueReply(AppContext& app, Db& db, const Tenant& t, std::int64_t reply_id);
// When process p moves into voting or its results are published: a reminder to the
// confirmed accounts that chose these messages and took part in the commune (proposed,
// supported or commented there). The number queued.
int QueueVotingNews(AppContext& app, Db& db, const Tenant& t, const Process& p, Phase to);

} // namespace quartier

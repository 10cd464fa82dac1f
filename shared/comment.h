// A resident's comment on a proposal: its limits, its stance and its statuses, checked the
// same way in the widget (before sending) and on the server. One level of replies: a reply
// answers a comment, never another reply.
#pragma once

#include "shared/error.h"
#include "shared/i18n.h"

#include <string>

namespace quartier {

struct CommentLimits {
    static constexpr long kBodyMin = 2;    // characters (code points), after trimming
    static constexpr long kBodyMax = 2000;
    static constexpr long kEditMinutes = 15; // the author may edit this long after posting
};

// "for", "against", "neutral"; only where the commune turned stances on.
bool IsCommentStance(const std::string& s);
// "published", "pending" (awaiting a moderator), "hidden" (by a moderator), "deleted" (by its author).
bool IsCommentStatus(const std::string& s);

// The reasons a resident picks from to report a proposal or a comment (the API takes the
// reason as text: it gets the French words, which the commune's moderators read). The plain
// pages and the widgets offer the same list; id is the plain forms' value.
struct ReportReason {
    const char* id;
    const char* fr; // translated where shown
};
inline constexpr ReportReason kReportReasons[] = {
    {"injurieux", N_("Propos injurieux ou discriminatoires")},
    {"personnel", N_("Informations personnelles sur quelqu’un")},
    {"publicite", N_("Publicité ou spam")},
    {"hors-sujet", N_("Hors sujet")},
    {"autre", N_("Autre raison")},
};

// The text a resident typed (already trimmed), as the field "body".
Validation ValidateCommentBody(const std::string& body);

} // namespace quartier

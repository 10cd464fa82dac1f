// A resident's comment on a proposal: its limits, its stance and its statuses, checked the
// same way in the widget (before sending) and on the server. One level of replies: a reply
// answers a comment, never another reply.
#pragma once

#include "shared/error.h"

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

// The text a resident typed (already trimmed), as the field "body".
Validation ValidateCommentBody(const std::string& body);

} // namespace quartier

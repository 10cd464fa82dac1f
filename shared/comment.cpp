// Comment validation. Messages are written here, once, in both languages.
#include "shared/comment.h"

#include "shared/text.h"

namespace quartier {

bool IsCommentStance(const std::string& s) { return s == "for" || s == "against" || s == "neutral"; }

bool IsCommentStatus(const std::string& s) {
    return s == "published" || s == "pending" || s == "hidden" || s == "deleted";
}

Validation ValidateCommentBody(const std::string& body) {
    const long len = Utf8Length(body);
    if (len < 0)
        return FieldError{"invalid_text", "body", "The comment is not valid UTF-8 text.",
                          "Le commentaire contient des caractères invalides."};
    if (len == 0)
        return FieldError{"required", "body", "The comment is required.", "Le commentaire est obligatoire."};
    if (len < CommentLimits::kBodyMin)
        return FieldError{"too_short", "body",
                          "The comment needs at least " + std::to_string(CommentLimits::kBodyMin) + " characters.",
                          "Le commentaire doit compter au moins " + std::to_string(CommentLimits::kBodyMin) + " caractères."};
    if (len > CommentLimits::kBodyMax)
        return FieldError{"too_long", "body",
                          "The comment must be at most " + std::to_string(CommentLimits::kBodyMax) + " characters.",
                          "Le commentaire ne doit pas dépasser " + std::to_string(CommentLimits::kBodyMax) + " caractères."};
    return std::nullopt;
}

} // namespace quartier

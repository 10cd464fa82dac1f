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
        return FieldError{"invalid_text", "body", Msg("Le commentaire contient des caractères invalides.")};
    if (len == 0)
        return FieldError{"required", "body", Msg("Le commentaire est obligatoire.")};
    if (len < CommentLimits::kBodyMin)
        return FieldError{"too_short", "body", Msg("Le commentaire doit compter au moins {} caractères.", CommentLimits::kBodyMin)};
    if (len > CommentLimits::kBodyMax)
        return FieldError{"too_long", "body", Msg("Le commentaire ne doit pas dépasser {} caractères.", CommentLimits::kBodyMax)};
    return std::nullopt;
}

} // namespace quartier

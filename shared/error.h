// One error type for the whole model: a machine code, the field concerned and the words shown
// to people, kept as a message (shared/message.h: the French msgid and its values) until the
// language is known. The server turns it into the JSON envelope
// {"error":{"code","message","field","messages":{fr,en,…}}} in the request's language; the
// widgets show it next to the field in theirs.
//
//   FieldError{"too_long", "title", Msg("Le titre ne doit pas dépasser {} caractères.", max)}
#pragma once

#include "shared/message.h"

#include <optional>
#include <string>

namespace quartier {

struct FieldError {
    std::string code;  // stable machine code, e.g. "too_long"
    std::string field; // JSON field concerned, empty when not about one field
    Msg message;       // for people, said in their language by Message(lang)

    std::string Message(std::string_view lang) const { return message.In(lang); }
};

// The result of a validation: empty when the input is valid.
using Validation = std::optional<FieldError>;

} // namespace quartier

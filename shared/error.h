// One error type for the whole model: a machine code, the field concerned and the words
// shown to people in French and English. The server turns it into the JSON envelope
// {"error":{"code","message","field"}}; the widgets show it next to the field.
#pragma once

#include <optional>
#include <string>

namespace quartier {

struct FieldError {
    std::string code;       // stable machine code, e.g. "too_long"
    std::string field;      // JSON field concerned, empty when not about one field
    std::string message_en; // for people, in English
    std::string message_fr; // for people, in French

    const std::string& Message(const std::string& lang) const {
        return lang.rfind("fr", 0) == 0 ? message_fr : message_en;
    }
};

// The result of a validation: empty when the input is valid.
using Validation = std::optional<FieldError>;

} // namespace quartier

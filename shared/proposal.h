// A resident's proposal: what the map shows, moderators review and processes turn into
// projects. The same validation runs in the widget (before sending) and on the server.
#pragma once

#include "shared/error.h"
#include "shared/lifecycle.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace quartier {

// Pending: sent to a commune that pre-moderates, seen only by its author and moderators.
enum class ProposalStatus { Submitted, Published, Rejected, Hidden, Selected, Pending };

const char* ToString(ProposalStatus s);
// False when the text names no status.
bool ParseProposalStatus(const std::string& text, ProposalStatus& out);

struct Proposal {
    std::int64_t id = 0;          // assigned by the server; 0 before it is stored
    std::string title;            // 3..120 characters
    std::string description;      // 0..4000 characters
    std::string category;         // 1..60 characters
    double latitude = 0.0;        // WGS84 degrees, -90..90
    double longitude = 0.0;       // WGS84 degrees, -180..180
    std::int64_t estimated_cost = 0; // whole euros, 0..1e10
    ProposalStatus status = ProposalStatus::Submitted;
    // The name the author agreed to be credited under on the ballot ("credit_name"); empty:
    // not credited. Asked at submission, never taken from the account.
    std::string credit_name;      // 0..60 characters
    ProposalStage stage = ProposalStage::Submitted; // derived by the server, read by widgets
};

struct ProposalLimits {
    static constexpr long kTitleMin = 3;
    static constexpr long kTitleMax = 120;
    static constexpr long kDescriptionMax = 4000;
    static constexpr long kCategoryMax = 60;
    static constexpr std::int64_t kCostMax = 10'000'000'000;
    static constexpr long kCreditNameMax = 60;
};

// Checks what a resident typed; the first problem found, with its field.
Validation Validate(const Proposal& p);

// Reads a submission (title, description, category, latitude, longitude, estimated_cost,
// credit_name)
// from JSON sent by a widget or any client. Wrong types, missing fields and invalid
// values all come back as a FieldError naming the field; nothing throws. Text is trimmed.
Validation ProposalFromSubmission(const nlohmann::json& j, Proposal& out);

nlohmann::json ToJson(const Proposal& p);
// Reads a proposal as the server publishes it (ToJson's output); false on a bad shape.
bool FromJson(const nlohmann::json& j, Proposal& out);

} // namespace quartier

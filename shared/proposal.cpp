// Proposal validation and JSON. Messages are written here, once, in both languages.
#include "shared/proposal.h"

#include "shared/text.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <iterator>

namespace quartier {

namespace {

const char* const kStatusNames[] = {"submitted", "published", "rejected", "hidden", "selected", "pending"};

FieldError Error(std::string code, std::string field, Msg message) {
    return FieldError{std::move(code), std::move(field), std::move(message)};
}

Validation CheckText(const std::string& value, const char* field, long min, long max, const Word& label) {
    const long len = Utf8Length(value);
    if (len < 0) return Error("invalid_text", field, Msg("{} contient des caractères invalides.", label));
    if (len == 0 && min > 0) return Error("required", field, Msg("{} est obligatoire.", label));
    if (len < min) return Error("too_short", field, Msg("{} doit compter au moins {} caractères.", label, min));
    if (len > max) return Error("too_long", field, Msg("{} ne doit pas dépasser {} caractères.", label, max));
    return std::nullopt;
}

} // namespace

const char* ToString(ProposalStatus s) { return kStatusNames[static_cast<int>(s)]; }

bool ParseProposalStatus(const std::string& text, ProposalStatus& out) {
    for (int i = 0; i < static_cast<int>(std::size(kStatusNames)); ++i)
        if (text == kStatusNames[i]) {
            out = static_cast<ProposalStatus>(i);
            return true;
        }
    return false;
}

Validation Validate(const Proposal& p) {
    if (auto e = CheckText(p.title, "title", ProposalLimits::kTitleMin, ProposalLimits::kTitleMax, Word("Le titre")))
        return e;
    if (auto e = CheckText(p.description, "description", 0, ProposalLimits::kDescriptionMax, Word("La description")))
        return e;
    if (auto e = CheckText(p.category, "category", 1, ProposalLimits::kCategoryMax, Word("La catégorie")))
        return e;
    if (!std::isfinite(p.latitude) || p.latitude < -90.0 || p.latitude > 90.0)
        return Error("out_of_range", "latitude", Msg("La latitude doit être comprise entre -90 et 90."));
    if (!std::isfinite(p.longitude) || p.longitude < -180.0 || p.longitude > 180.0)
        return Error("out_of_range", "longitude", Msg("La longitude doit être comprise entre -180 et 180."));
    if (auto e = CheckText(p.credit_name, "credit_name", 0, ProposalLimits::kCreditNameMax, Word("Le nom à citer")))
        return e;
    if (p.estimated_cost < 0)
        return Error("negative", "estimated_cost", Msg("Le coût estimé ne peut pas être négatif."));
    if (p.estimated_cost > ProposalLimits::kCostMax)
        return Error("out_of_range", "estimated_cost", Msg("Le coût estimé est trop élevé."));
    return std::nullopt;
}

Validation ProposalFromSubmission(const nlohmann::json& j, Proposal& out) {
    if (!j.is_object())
        return Error("invalid_body", "", Msg("Le corps de la requête doit être un objet JSON."));
    Proposal p;
    const struct {
        const char* field;
        std::string* target;
        bool required;
    } texts[] = {{"title", &p.title, true},
                 {"description", &p.description, false},
                 {"category", &p.category, true},
                 {"credit_name", &p.credit_name, false}};
    for (const auto& t : texts) {
        const auto it = j.find(t.field);
        if (it == j.end() || it->is_null()) {
            if (t.required)
                return Error("required", t.field, Msg("Le champ {} est obligatoire.", t.field));
            continue;
        }
        if (!it->is_string())
            return Error("invalid_type", t.field, Msg("Le champ {} doit être du texte.", t.field));
        *t.target = Trim(it->get_ref<const std::string&>());
    }
    const struct {
        const char* field;
        double* target;
    } coords[] = {{"latitude", &p.latitude}, {"longitude", &p.longitude}};
    for (const auto& c : coords) {
        const auto it = j.find(c.field);
        if (it == j.end() || it->is_null())
            return Error("required", c.field, Msg("Placez la proposition sur la carte."));
        if (!it->is_number())
            return Error("invalid_type", c.field, Msg("Le champ {} doit être un nombre.", c.field));
        *c.target = it->get<double>();
    }
    if (const auto it = j.find("estimated_cost"); it != j.end() && !it->is_null()) {
        if (it->is_number_integer()) {
            p.estimated_cost = it->get<std::int64_t>();
        } else if (it->is_number_unsigned()) {
            // Past int64: clamp so that validation reports "too large".
            p.estimated_cost = ProposalLimits::kCostMax + 1;
        } else if (it->is_number_float() && std::isfinite(it->get<double>()) &&
                   std::floor(it->get<double>()) == it->get<double>() &&
                   std::fabs(it->get<double>()) <= 9e15) {
            p.estimated_cost = static_cast<std::int64_t>(it->get<double>());
        } else {
            return Error("invalid_type", "estimated_cost", Msg("Le coût estimé doit être un nombre entier d’euros."));
        }
    }
    if (auto e = Validate(p)) return e;
    out = std::move(p);
    return std::nullopt;
}

nlohmann::json ToJson(const Proposal& p) {
    return nlohmann::json{{"id", p.id},
                          {"title", p.title},
                          {"description", p.description},
                          {"category", p.category},
                          {"latitude", p.latitude},
                          {"longitude", p.longitude},
                          {"estimated_cost", p.estimated_cost},
                          {"status", ToString(p.status)},
                          {"stage", ToString(p.stage)}};
}

bool FromJson(const nlohmann::json& j, Proposal& out) {
    // Checked field by field rather than caught: the widgets' WebAssembly build does not catch
    // C++ exceptions, and a malformed item from a server must be skipped, not end the widget.
    if (!j.is_object()) return false;
    auto field = [&j](const char* key) -> const nlohmann::json* {
        const auto it = j.find(key);
        return it == j.end() ? nullptr : &*it;
    };
    const auto* id = field("id");
    const auto* title = field("title");
    const auto* description = field("description");
    const auto* category = field("category");
    const auto* lat = field("latitude");
    const auto* lon = field("longitude");
    const auto* cost = field("estimated_cost");
    const auto* status = field("status");
    const auto* stage = field("stage");
    if (!id || !id->is_number() || !title || !title->is_string() || !category || !category->is_string() ||
        !lat || !lat->is_number() || !lon || !lon->is_number() || (description && !description->is_string()) ||
        (cost && !cost->is_number()) || (status && !status->is_string()))
        return false;
    Proposal p;
    p.id = id->get<std::int64_t>();
    p.title = title->get<std::string>();
    p.description = description ? description->get<std::string>() : "";
    p.category = category->get<std::string>();
    p.latitude = lat->get<double>();
    p.longitude = lon->get<double>();
    p.estimated_cost = cost ? cost->get<std::int64_t>() : 0;
    if (!ParseProposalStatus(status ? status->get<std::string>() : "submitted", p.status)) return false;
    // A stage this build does not know (a newer server) reads as submitted, not as junk.
    if (stage && stage->is_string()) ParseProposalStage(stage->get<std::string>(), p.stage);
    if (const auto* credit = field("credited_as"); credit && credit->is_string()) p.credit_name = credit->get<std::string>();
    out = std::move(p);
    return true;
}

} // namespace quartier

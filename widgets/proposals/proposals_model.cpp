// ProposalsModel: commands, validation through the shared model, and the JSON state.
#include "widgets/proposals/proposals_model.h"

#include "shared/text.h"
#include "widgets/app/i18n.h"

#include <cctype>

namespace quartier {

namespace {

struct Category {
    const char* fr;
    const char* en;
};
// Stored in French (the commune's language); shown in the resident's.
const Category kCategories[] = {
    {"Cadre de vie", "Living environment"}, {"Environnement", "Environment"},
    {"Mobilités", "Getting around"},        {"Culture", "Culture"},
    {"Jeunesse", "Youth"},                  {"Santé", "Health"},
    {"Énergie", "Energy"},                  {"Solidarité", "Solidarity"},
    {"Sport", "Sport"},
};

nlohmann::json ErrorJson(const std::optional<FieldError>& e, const std::string& lang) {
    if (!e) return nullptr;
    return {{"code", e->code}, {"field", e->field}, {"message", e->Message(lang)}};
}

} // namespace

ProposalsModel::ProposalsModel(ApiClient& api, std::string lang, double center_lat,
                               double center_lon)
    : m_api(api), m_lang(std::move(lang)), m_center_lat(center_lat), m_center_lon(center_lon) {
    for (const auto& c : kCategories) m_categories.push_back({c.fr, c.fr, c.en});
}

void ProposalsModel::SetCategories(std::vector<CategoryChoice> categories) {
    m_categories = std::move(categories);
    if (m_draft.category >= static_cast<int>(m_categories.size())) m_draft.category = -1;
}

void ProposalsModel::OpenFormAt(double latitude, double longitude) {
    OpenForm();
    m_draft.latitude = latitude;
    m_draft.longitude = longitude;
}

void ProposalsModel::Refresh() {
    m_load = Load::Loading;
    m_api.Get(m_endpoint, [this](const ApiResult& r) {
        std::vector<Proposal> list;
        if (r.Ok() && r.body.is_object() && r.body.contains("items") && r.body["items"].is_array()) {
            for (const auto& item : r.body["items"]) {
                Proposal p;
                if (FromJson(item, p)) list.push_back(std::move(p));
            }
            m_proposals = std::move(list);
            m_load = Load::Ready;
            m_load_error.reset();
        } else {
            m_load = Load::Failed;
            m_load_error = r.error ? r.error
                                   : FieldError{"bad_answer", "",
                                                "The server sent an answer the widget cannot read.",
                                                "Le serveur a envoyé une réponse illisible."};
        }
    });
}

void ProposalsModel::OpenForm() {
    m_screen = Screen::Form;
    m_notice.clear();
    m_form_error.reset();
    if (m_draft.title.empty() && m_draft.description.empty()) {
        m_draft.latitude = m_center_lat;
        m_draft.longitude = m_center_lon;
    }
}

void ProposalsModel::Cancel() {
    m_screen = Screen::List;
    m_form_error.reset();
}

Validation ProposalsModel::DraftToProposal(Proposal& out) const {
    // Problems are reported in the order of the form: the shared validation first (title,
    // description, category, place), then the cost as typed.
    nlohmann::json j{{"title", m_draft.title},
                     {"description", m_draft.description},
                     {"category", ""},
                     {"latitude", m_draft.latitude},
                     {"longitude", m_draft.longitude}};
    if (m_draft.category >= 0 && m_draft.category < static_cast<int>(m_categories.size()))
        j["category"] = m_categories[m_draft.category].value;
    const FieldError bad_cost{"invalid_number", "estimated_cost",
                              "Write the cost in whole euros, digits only.",
                              "Indiquez le coût en euros, avec des chiffres uniquement."};
    bool cost_ok = true;
    const std::string cost = Trim(m_draft.cost);
    if (!cost.empty()) {
        std::string digits;
        for (const char c : cost) {
            if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
            // Spaces and dots group thousands ("15 000", "15.000"); anything else is wrong.
            else if (c != ' ' && c != '.') cost_ok = false;
        }
        if (digits.empty() || digits.size() > 12) cost_ok = false;
        if (cost_ok) j["estimated_cost"] = std::stoll(digits);
    }
    if (auto e = ProposalFromSubmission(j, out)) return e;
    if (!cost_ok) return bad_cost;
    return std::nullopt;
}

bool ProposalsModel::Submit() {
    if (m_sending) return false;
    m_notice.clear();
    Proposal p;
    if (auto e = DraftToProposal(p)) {
        m_form_error = e;
        return false;
    }
    m_form_error.reset();
    m_sending = true;
    nlohmann::json body = ToJson(p);
    body.erase("id");
    body.erase("status");
    m_api.Post(m_endpoint, body, [this](const ApiResult& r) {
        m_sending = false;
        Proposal stored;
        if (r.Ok() && FromJson(r.body, stored)) {
            m_proposals.insert(m_proposals.begin(), stored);
            m_draft = Draft{};
            m_screen = Screen::List;
            m_notice = IsFrench(m_lang) ? "Merci ! Votre proposition « " + stored.title + " » est enregistrée."
                                        : "Thank you! Your proposal “" + stored.title + "” is saved.";
            if (m_on_submitted) m_on_submitted(r.body);
        } else {
            m_form_error = r.error ? r.error
                                   : FieldError{"bad_answer", "", "The server sent an unreadable answer.",
                                                "Le serveur a envoyé une réponse illisible."};
        }
    });
    return true;
}

std::vector<std::string> ProposalsModel::Categories() const {
    std::vector<std::string> out;
    for (const auto& c : m_categories) out.push_back(IsFrench(m_lang) ? c.fr : c.en);
    return out;
}

nlohmann::json ProposalsModel::StateJson() const {
    static const char* kScreens[] = {"list", "form"};
    static const char* kLoads[] = {"idle", "loading", "ready", "failed"};
    nlohmann::json proposals = nlohmann::json::array();
    for (const auto& p : m_proposals) proposals.push_back(ToJson(p));
    const auto cats = Categories();
    return {{"widget", "proposals"},
            {"lang", m_lang},
            {"screen", kScreens[static_cast<int>(m_screen)]},
            {"load", kLoads[static_cast<int>(m_load)]},
            {"sending", m_sending},
            {"proposals", std::move(proposals)},
            {"draft",
             {{"title", m_draft.title},
              {"description", m_draft.description},
              {"category", m_draft.category >= 0 ? nlohmann::json(cats[m_draft.category]) : nlohmann::json()},
              {"cost", m_draft.cost},
              {"latitude", m_draft.latitude},
              {"longitude", m_draft.longitude}}},
            {"form_error", ErrorJson(m_form_error, m_lang)},
            {"load_error", ErrorJson(m_load_error, m_lang)},
            {"notice", m_notice}};
}

} // namespace quartier

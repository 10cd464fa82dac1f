// ProposalsModel: commands, validation through the shared model, and the JSON state.
#include "widgets/proposals/proposals_model.h"

#include "shared/json_read.h"
#include "shared/text.h"
#include "widgets/app/accessible.h"
#include "widgets/app/i18n.h"
#include "widgets/app/platform.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>

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
    : m_api(api), m_lang(std::move(lang)), m_center_lat(center_lat), m_center_lon(center_lon), m_comments(api, m_lang) {
    m_comments.SetOnCount([this](std::int64_t id, std::int64_t count) {
        for (std::size_t i = 0; i < m_proposals.size() && i < m_comment_counts.size(); ++i)
            if (m_proposals[i].id == id) m_comment_counts[i] = count;
    });
    for (const auto& c : kCategories) m_categories.push_back({c.fr, c.fr, c.en});
}

void ProposalsModel::UseTenant(const std::string& slug, bool keep_center) {
    m_tenant = slug;
    m_tenant_path = "/api/v1/tenants/" + slug;
    m_endpoint = m_tenant_path + "/proposals";
    m_keep_center = keep_center;
    m_comments.UseTenant(slug);
}

void ProposalsModel::SetTenantInfo(const nlohmann::json& tenant) {
    if (!tenant.is_object()) return;
    // A commune without a list of its own takes any category: the built-in list stays.
    if (auto cats = CategoriesFromJson(JsonOr(tenant, "categories", nlohmann::json())); !cats.empty())
        SetCategories(std::move(cats));
    const auto& center = JsonOr(tenant, "center", nlohmann::json());
    if (!m_keep_center && center.is_array() && center.size() == 2 && center[0].is_number() && center[1].is_number()) {
        // A form already open at the old centre, untouched, moves with it.
        const bool at_old = m_draft.latitude == m_center_lat && m_draft.longitude == m_center_lon;
        m_center_lat = center[0].get<double>();
        m_center_lon = center[1].get<double>();
        if (m_screen == Screen::Form && at_old) {
            m_draft.latitude = m_center_lat;
            m_draft.longitude = m_center_lon;
        }
    }
}

std::string ProposalsModel::CategoryLabel(const std::string& value) const {
    return quartier::CategoryLabel(m_categories, value, m_lang);
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
    if (!m_tenant_path.empty())
        m_api.Get(m_tenant_path, [this](const ApiResult& r) {
            // Unknown commune: the list below fails with the server's words.
            if (r.Ok()) SetTenantInfo(r.body);
        });
    m_api.Get(m_endpoint, [this](const ApiResult& r) {
        std::vector<Proposal> list;
        std::vector<std::int64_t> counts;
        if (r.Ok() && r.body.is_object() && r.body.contains("items") && r.body["items"].is_array()) {
            m_photos.clear();
            for (const auto& item : r.body["items"]) {
                Proposal p;
                if (FromJson(item, p)) {
                    if (auto photos = quartier::PhotosOf(item, m_api.BaseUrl()); !photos.empty()) m_photos[p.id] = std::move(photos);
                    list.push_back(std::move(p));
                    counts.push_back(JsonOr(item, "comments", std::int64_t{0}));
                }
            }
            // The page open stays open on the same proposal, wherever the list puts it.
            const std::int64_t open = m_detail >= 0 && m_detail < static_cast<int>(m_proposals.size())
                                          ? m_proposals[m_detail].id : 0;
            m_proposals = std::move(list);
            m_comment_counts = std::move(counts);
            m_detail = -1;
            for (std::size_t i = 0; open && i < m_proposals.size(); ++i)
                if (m_proposals[i].id == open) m_detail = static_cast<int>(i);
            if (open && m_detail < 0) CloseDetail();
            m_load = Load::Ready;
            m_load_error.reset();
        } else {
            m_load = Load::Failed;
            m_load_error = r.error ? r.error
                                   : FieldError{"bad_answer", "", Msg("Le serveur a envoyé une réponse illisible.")};
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

void ProposalsModel::OpenDetail(int index) {
    if (index < 0 || index >= static_cast<int>(m_proposals.size())) return;
    m_detail = index;
    m_screen = Screen::Detail;
    m_notice.clear();
    m_comments.Open(m_proposals[index].id);
}

void ProposalsModel::CloseDetail() {
    m_detail = -1;
    m_comments.Close();
    if (m_screen == Screen::Detail) m_screen = Screen::List;
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
                     {"longitude", m_draft.longitude},
                     {"credit_name", m_draft.credit_name}};
    if (m_draft.category >= 0 && m_draft.category < static_cast<int>(m_categories.size()))
        j["category"] = m_categories[m_draft.category].id;
    const FieldError bad_cost{"invalid_number", "estimated_cost", Msg("Indiquez le coût en euros, avec des chiffres uniquement.")};
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
    body.erase("stage");
    // Sent only when given: an empty name is no consent to be credited.
    if (!p.credit_name.empty()) body["credit_name"] = p.credit_name;
    m_api.Post(m_endpoint, body, [this](const ApiResult& r) {
        m_sending = false;
        Proposal stored;
        if (r.Ok() && FromJson(r.body, stored)) {
            m_proposals.insert(m_proposals.begin(), stored);
            m_comment_counts.insert(m_comment_counts.begin(), 0);
            m_draft = Draft{};
            m_screen = Screen::List;
            m_notice = Fill(Tr(m_lang, "Merci ! Votre proposition « {} » est enregistrée."), stored.title);
            // The host page hears of it; never who proposed or what they wrote.
            EmitEvent("proposal-submitted", nlohmann::json{{"tenant", m_tenant},
                                                           {"id", stored.id},
                                                           {"status", ToString(stored.status)}}.dump());
            if (m_on_submitted) m_on_submitted(r.body);
        } else {
            m_form_error = r.error ? r.error
                                   : FieldError{"bad_answer", "", Msg("Le serveur a envoyé une réponse illisible.")};
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
    static const char* kScreens[] = {"list", "form", "detail"};
    static const char* kLoads[] = {"idle", "loading", "ready", "failed"};
    nlohmann::json proposals = nlohmann::json::array();
    for (std::size_t i = 0; i < m_proposals.size(); ++i) {
        auto j = ToJson(m_proposals[i]);
        j["comments"] = CommentCount(static_cast<int>(i));
        proposals.push_back(std::move(j));
    }
    const auto cats = Categories();
    return {{"widget", "proposals"},
            {"lang", m_lang},
            {"tenant", m_tenant},
            {"categories", cats},
            {"center", {m_center_lat, m_center_lon}},
            {"screen", kScreens[static_cast<int>(m_screen)]},
            {"load", kLoads[static_cast<int>(m_load)]},
            {"sending", m_sending},
            {"proposals", std::move(proposals)},
            {"draft",
             {{"title", m_draft.title},
              {"description", m_draft.description},
              {"category", m_draft.category >= 0 ? nlohmann::json(cats[m_draft.category]) : nlohmann::json()},
              {"cost", m_draft.cost},
              {"credit_name", m_draft.credit_name},
              {"latitude", m_draft.latitude},
              {"longitude", m_draft.longitude}}},
            {"form_error", ErrorJson(m_form_error, m_lang)},
            {"load_error", ErrorJson(m_load_error, m_lang)},
            {"notice", m_notice},
            {"detail", m_detail >= 0 ? nlohmann::json(m_proposals[m_detail].id) : nlohmann::json()},
            {"thread", m_screen == Screen::Detail ? m_comments.StateJson() : nlohmann::json()}};
}

// [SECTION] Accessibility mirror

namespace {
std::string Coordinate(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.5f", v);
    return buf;
}
} // namespace

nlohmann::json ProposalsModel::FormAccessibility(bool with_place) const {
    using namespace a11y;
    const std::string& l = m_lang;
    auto field_error = [this](json node, const char* field) {
        if (m_form_error && m_form_error->field == field) node["error"] = m_form_error->Message(m_lang);
        return node;
    };
    json out = json::array();
    out.push_back(field_error(Input("title", Tr(l, "Titre (obligatoire)"), m_draft.title,
                                    InputKind::Line, true),
                              "title"));
    out.push_back(field_error(Input("description", Tr(l, "Description"), m_draft.description,
                                    InputKind::Multiline),
                              "description"));
    std::vector<Option> cats{{"", Tr(l, "Choisissez une catégorie")}};
    const auto names = Categories();
    for (size_t i = 0; i < names.size(); ++i) cats.push_back({std::to_string(i), names[i]});
    out.push_back(field_error(Select("category", Tr(l, "Catégorie (obligatoire)"), cats,
                                     m_draft.category >= 0 ? std::to_string(m_draft.category) : ""),
                              "category"));
    out.push_back(field_error(Input("cost", Tr(l, "Coût estimé en euros"), m_draft.cost,
                                    InputKind::Numeric),
                              "estimated_cost"));
    out.push_back(field_error(Input("credit_name", Tr(l, kCreditLabel), m_draft.credit_name,
                                    InputKind::Line),
                              "credit_name"));
    if (with_place) {
        out.push_back(field_error(Input("latitude", Tr(l, "Latitude du lieu"),
                                        Coordinate(m_draft.latitude), InputKind::Numeric),
                                  "latitude"));
        out.push_back(field_error(Input("longitude", Tr(l, "Longitude du lieu"),
                                        Coordinate(m_draft.longitude), InputKind::Numeric),
                                  "longitude"));
    }
    out.push_back(Button("submit", m_sending ? Tr(l, "Envoi…") : Tr(l, "Envoyer ma proposition"),
                         !m_sending));
    out.push_back(Button("cancel", Tr(l, "Annuler"), !m_sending));
    return out;
}

bool ProposalsModel::FormCommand(const std::string& id, const nlohmann::json& value) {
    const std::string text = a11y::ValueText(value);
    if (id == "title") return m_draft.title = text, true;
    if (id == "description") return m_draft.description = text, true;
    if (id == "cost") return m_draft.cost = text, true;
    if (id == "credit_name") return m_draft.credit_name = text, true;
    if (id == "category") {
        if (text.empty()) return m_draft.category = -1, true;
        const int i = std::atoi(text.c_str());
        if (i < 0 || i >= static_cast<int>(m_categories.size())) return false;
        m_draft.category = i;
        return true;
    }
    if (id == "latitude" || id == "longitude") {
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (text.empty() || end == text.c_str() || *end != '\0') {
            m_form_error = FieldError{"invalid_number", id, Msg("Indiquez la coordonnée en chiffres, par exemple 43.60450.")};
            return false;
        }
        (id == "latitude" ? m_draft.latitude : m_draft.longitude) = v;
        if (m_form_error && m_form_error->field == id) m_form_error.reset();
        return true;
    }
    if (id == "submit") return Submit();
    if (id == "cancel") return Cancel(), true;
    return false;
}

bool ProposalsModel::Command(const std::string& id, const nlohmann::json& value) {
    if (id == "propose") return OpenForm(), true;
    if (id == "retry") return Refresh(), true;
    if (m_screen == Screen::Detail) {
        if (id == "back") return CloseDetail(), true;
        return m_comments.Command(id, value);
    }
    if (id.rfind("comments-", 0) == 0) {
        for (std::size_t i = 0; i < m_proposals.size(); ++i)
            if (id == "comments-" + std::to_string(m_proposals[i].id)) return OpenDetail(static_cast<int>(i)), true;
        return false;
    }
    if (m_screen == Screen::Form) return FormCommand(id, value);
    return false;
}

nlohmann::json ProposalsModel::AccessibilityTree() const {
    using namespace a11y;
    const std::string& l = m_lang;
    json children = json::array();
    const std::string alert = m_load == Load::Failed && m_load_error ? m_load_error->Message(l)
                            : m_form_error                          ? m_form_error->Message(l)
                                                                    : "";
    if (m_screen == Screen::List) {
        children.push_back(Heading(Tr(l, "Propositions des habitants")));
        const auto n = m_proposals.size();
        std::string count = m_load == Load::Loading && m_proposals.empty()
            ? std::string(Tr(l, "Chargement des propositions…"))
            : CountOf(static_cast<std::int64_t>(n), l, "proposition", "propositions") + ".";
        if (!m_notice.empty()) count = m_notice + " " + count;
        children.push_back(Status("count", count));
        children.push_back(Alert("alert", alert));
        if (m_load == Load::Failed) children.push_back(Button("retry", Tr(l, "Réessayer")));
        children.push_back(Button("propose", Tr(l, "Proposer un projet")));
        json items = json::array();
        for (std::size_t i = 0; i < m_proposals.size(); ++i) {
            const Proposal& p = m_proposals[i];
            std::string text = p.title + ". " + CategoryLabel(p.category) + ". ";
            text += p.estimated_cost > 0 ? std::string(Tr(l, "Coût estimé : ")) + FormatEuros(p.estimated_cost, l)
                                         : std::string(Tr(l, "Coût non estimé"));
            text += ".";
            if (!p.description.empty()) text += " " + p.description;
            const std::int64_t n = CommentCount(static_cast<int>(i));
            for (const auto& t : PhotoTexts(PhotosOf(p.id), l)) text += " " + t + ".";
            text += " " + CountOf(n, l, "commentaire", "commentaires") + ".";
            json actions = json::array();
            actions.push_back(Button("comments-" + std::to_string(p.id), Fill(Tr(l, "Lire et commenter : {}"), p.title)));
            items.push_back(ListItem("proposal-" + std::to_string(p.id), text, std::move(actions)));
        }
        children.push_back(List(Tr(l, "Propositions"), std::move(items)));
    } else if (m_screen == Screen::Detail && m_detail >= 0) {
        const Proposal& p = m_proposals[m_detail];
        children.push_back(Heading(p.title, 3));
        children.push_back(Status("count", ""));
        children.push_back(Alert("alert", alert));
        json back = Button("back", Tr(l, "Retour aux propositions"));
        back["focus"] = true;
        children.push_back(std::move(back));
        std::string text = CategoryLabel(p.category) + ". ";
        text += p.estimated_cost > 0 ? std::string(Tr(l, "Coût estimé : ")) + FormatEuros(p.estimated_cost, l)
                                     : std::string(Tr(l, "Coût non estimé"));
        children.push_back(Text(text + "."));
        if (!p.description.empty()) children.push_back(Text(p.description));
        for (auto& n : m_comments.Accessibility()) children.push_back(std::move(n));
    } else {
        children.push_back(Heading(Tr(l, "Proposer un projet"), 3));
        children.push_back(Status("count", ""));
        children.push_back(Alert("alert", alert));
        children.push_back(Text(Tr(l, "Décrivez votre idée pour la commune.")));
        for (auto& n : FormAccessibility(true)) children.push_back(std::move(n));
    }
    return Landmark(Tr(l, "Propositions des habitants"), std::move(children));
}

const std::vector<PhotoThumb>& ProposalsModel::PhotosOf(std::int64_t id) const {
    static const std::vector<PhotoThumb> none;
    const auto it = m_photos.find(id);
    return it == m_photos.end() ? none : it->second;
}

} // namespace quartier

// The proposals widget's view-model: the list of proposals and the "propose" form, with
// every command a resident can give. No ImGui here: tests drive it natively.
#pragma once

#include "shared/category.h"
#include "shared/i18n.h"
#include "shared/proposal.h"
#include "widgets/app/api_client.h"
#include "widgets/app/photo_strip.h"
#include "widgets/app/comments_model.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace quartier {

// The author's consent to be credited on the ballot project, worded once for the form, its
// mirror and the map's form: the name given is published; none given, nobody is named.
inline constexpr const char* kCreditLabel = N_("Votre nom, à citer si votre idée devient un projet (facultatif)");

class ProposalsModel {
public:
    enum class Screen { List, Form, Detail };
    enum class Load { Idle, Loading, Ready, Failed };

    // What the resident is typing; text as typed, converted when submitting.
    struct Draft {
        std::string title;
        std::string description;
        int category = -1; // index into Categories(), -1: none chosen
        std::string cost;  // euros, digits (spaces allowed)
        std::string credit_name; // the name to credit if it reaches the ballot; "": not credited
        double latitude = 0.0;
        double longitude = 0.0;
    };

    // A category a resident can pick: the value sent to the server (id) and its names.
    using CategoryChoice = Category;

    ProposalsModel(ApiClient& api, std::string lang, double center_lat, double center_lon);

    // [Configuration] (the map widget reuses this form for its tenant)
    // The commune the widget serves (data-tenant): its proposals are listed and sent under
    // /api/v1/tenants/{slug}/proposals, and Refresh reads its categories and centre (the
    // centre only when keep_center is false: the host page named none).
    void UseTenant(const std::string& slug, bool keep_center = false);
    // Takes a tenant's categories and centre as GET /api/v1/tenants/{slug} describes them.
    void SetTenantInfo(const nlohmann::json& tenant);
    // Where proposals are listed and sent; default "/api/v1/proposals".
    void SetEndpoint(std::string collection_path) { m_endpoint = std::move(collection_path); }
    // The categories offered (e.g. the tenant's); default: the built-in French list.
    void SetCategories(std::vector<CategoryChoice> categories);
    // Called with the server's answer after a proposal is stored.
    void SetOnSubmitted(std::function<void(const nlohmann::json&)> f) { m_on_submitted = std::move(f); }
    // The commune, named in the quartier:proposal-submitted event ("" when not known).
    void SetTenant(std::string tenant) { m_tenant = std::move(tenant); }

    // [Commands]
    void Refresh();   // reloads the list from the server
    void OpenForm();  // shows an empty form, placed at the town's centre
    void OpenFormAt(double latitude, double longitude); // the form, for a place picked on a map
    void Cancel();    // back to the list, the draft is kept
    // A proposal's page: its whole text and its residents' comments (index into Proposals()).
    void OpenDetail(int index);
    void CloseDetail();
    // A resident's sign-in token (data-token): comments are posted with it.
    void SetToken(std::string token) { m_comments.SetToken(std::move(token)); }
    // Checks the draft with the shared model and sends it. False when the draft is refused
    // here (FormError() says why); server refusals arrive later in FormError() too.
    bool Submit();

    // [State]
    Screen CurrentScreen() const { return m_screen; }
    Load LoadState() const { return m_load; }
    bool Sending() const { return m_sending; }
    const std::vector<Proposal>& Proposals() const { return m_proposals; }
    // A listed proposal's photos (none when it has none).
    const std::vector<PhotoThumb>& PhotosOf(std::int64_t id) const;
    // Published comments and replies of Proposals()[i], as the list counted them.
    std::int64_t CommentCount(int i) const {
        return i >= 0 && i < static_cast<int>(m_comment_counts.size()) ? m_comment_counts[i] : 0;
    }
    int DetailIndex() const { return m_detail; } // the proposal whose page is open, -1: none
    CommentsModel& Comments() { return m_comments; }
    const CommentsModel& Comments() const { return m_comments; }
    Draft& EditDraft() { return m_draft; }
    const Draft& GetDraft() const { return m_draft; }
    const std::optional<FieldError>& FormError() const { return m_form_error; }
    const std::optional<FieldError>& LoadError() const { return m_load_error; }
    // Shown once after a successful submission, until the next command.
    const std::string& Notice() const { return m_notice; }
    const std::string& Language() const { return m_lang; }

    // Category names in the widget's language, in display order.
    std::vector<std::string> Categories() const;
    const std::vector<CategoryChoice>& CategoryList() const { return m_categories; }
    // The label of a proposal's category in the widget's language (never the stored id).
    std::string CategoryLabel(const std::string& value) const;

    // The whole state as JSON, for the JS API (window.quartier.widgets[i].state()).
    nlohmann::json StateJson() const;

    // [Accessibility mirror] (docs/embedding.md)
    // The widget as an accessible tree: the list with its count, or the form.
    nlohmann::json AccessibilityTree() const;
    // Runs a command named like the view's controls ("propose", "retry", and the form's).
    // False for an unknown command or one refused (the reason is then in FormError()).
    bool Command(const std::string& id, const nlohmann::json& value = nullptr);
    // The form's part, shared with the map widget: labelled fields ("title", "description",
    // "category", "cost", "credit_name", and with_place "latitude", "longitude"), each carrying its error,
    // then "submit" and "cancel".
    nlohmann::json FormAccessibility(bool with_place) const;
    bool FormCommand(const std::string& id, const nlohmann::json& value);

private:
    Validation DraftToProposal(Proposal& out) const;

    ApiClient& m_api;
    std::string m_endpoint = "/api/v1/proposals";
    std::vector<CategoryChoice> m_categories;
    std::function<void(const nlohmann::json&)> m_on_submitted;
    std::string m_tenant;
    std::string m_tenant_path;  // "/api/v1/tenants/{slug}" once UseTenant named one
    bool m_keep_center = false;
    std::string m_lang;
    double m_center_lat, m_center_lon;
    Screen m_screen = Screen::List;
    Load m_load = Load::Idle;
    bool m_sending = false;
    std::vector<Proposal> m_proposals;
    std::map<std::int64_t, std::vector<PhotoThumb>> m_photos; // by proposal id
    std::vector<std::int64_t> m_comment_counts; // beside m_proposals
    int m_detail = -1;
    CommentsModel m_comments;
    Draft m_draft;
    std::optional<FieldError> m_form_error;
    std::optional<FieldError> m_load_error;
    std::string m_notice;
};

} // namespace quartier

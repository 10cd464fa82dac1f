// The moderation console's view-model: sign-in, the queue sorted by flags and age, counts
// per status, filters, selection for bulk actions, approve / reject with a reason / hide /
// merge a duplicate, an undo window before an action is sent, likely duplicates (similar titles
// at nearby places), the author's other submissions under the server's pseudonym, the
// tenant's districts for the small map, the audit log with its hash-chain verdict, and the
// accessible description of all that. No ImGui here: tests drive it natively.
#pragma once

#include "shared/category.h"
#include "shared/proposal.h"
#include "widgets/app/api_client.h"
#include "widgets/app/map_viewport.h"

#include "shared/duplicates.h"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace quartier {

class ModerationModel {
public:
    enum class Screen { SignIn, Queue, Audit };
    enum class Load { Idle, Loading, Ready, Failed };
    // What the queue shows: proposals, or residents' comments (pending or reported). The same
    // keys and actions work on either; comments are approved or hidden, never rejected.
    enum class Kind { Proposals, Comments };

    // Another proposal shown beside the current one (a likely duplicate, the same author's).
    struct Related {
        std::int64_t id = 0;
        std::string title;
        ProposalStatus status = ProposalStatus::Submitted;
        double distance_m = -1;    // to the current proposal; -1: not known
        LonLat place{};            // when known (has_place)
        bool has_place = false;
    };

    struct Item {
        Proposal proposal;
        std::int64_t flags = 0;
        std::int64_t supports = 0;
        std::vector<std::string> flag_reasons;
        std::string district;
        std::string created_at; // ISO 8601, sorts as text
        std::string author;     // the server's pseudonym for the author (per tenant); "" once erased
        bool has_place = false; // the queue gave coordinates
        bool server_duplicates = false;  // the server suggested duplicates (duplicates below)
        std::vector<Related> duplicates; // as the server found them, the nearest first
    };

    // A comment in the queue: awaiting a moderator (pending) or published and reported.
    struct CommentItem {
        std::int64_t id = 0, proposal = 0, parent = 0, flags = 0;
        std::string proposal_title, body, stance, status, created_at, author;
        bool edited = false;
        std::vector<std::string> reasons;
    };

    // A moderation action waiting for its undo window to pass.
    struct Pending {
        std::string action; // approve, reject, hide, merge
        std::vector<std::int64_t> ids;
        std::string reason;
        std::int64_t into = 0; // merge target
        double send_at = 0;    // NowSeconds() after which it is sent
        bool comments = false; // ids are comments'
    };

    // Reasons a moderator picks from when rejecting (words residents will read).
    static const std::vector<std::pair<std::string, std::string>>& RejectReasons(); // {fr, en}

    ModerationModel(ApiClient& api, std::string lang, std::string tenant, double undo_seconds = 5.0);

    // [Commands]
    std::string& EditEmail() { return m_email; }
    std::string& EditPassword() { return m_password; }
    void SignIn();
    void Refresh();                 // reloads the queue
    void SetStatusFilter(std::string status); // "" for the queue; else every proposal in that status
    void SetFlaggedOnly(bool only);
    void SetDistrictFilter(std::string district); // "" for all
    void SetCategoryFilter(std::string category); // "" for all
    void Select(size_t visible_index); // makes a row of Visible() the current one
    void Next();                    // j
    void Previous();                // k
    void ToggleSelected();          // x: adds/removes the current item to the bulk selection
    void Approve();                 // a (the selection, or the current item)
    void Reject(int reason_index);  // r then a reason
    void Hide();                    // h
    void MergeInto(std::int64_t target_id); // the current item is a duplicate of target
    bool Undo();                    // u: cancels the last pending action
    bool ExtendUndo(double seconds); // more time to undo every pending action (WCAG 2.2.1)
    void Tick(double now);          // sends the actions whose undo window has passed
    void ShowAudit();
    void ShowQueue();
    void ShowKind(Kind kind);       // proposals or comments in the queue
    void SetPickingReason(bool picking) { m_picking_reason = picking; } // r: the reason picker is open
    // The accessibility mirror's commands (button and input ids of AccessibilityTree()).
    bool Command(const std::string& id, const nlohmann::json& value = nullptr);

    // [State]
    Screen CurrentScreen() const { return m_screen; }
    Kind CurrentKind() const { return m_kind; }
    // The comments in the queue (most reported first, then oldest), with the actions still in
    // their undo window applied; the current one; the bulk selection; counts per status.
    const std::vector<CommentItem>& Comments() const { return m_comments; }
    const CommentItem* CurrentComment() const;
    size_t CurrentCommentIndex() const { return m_comment_current; }
    void SelectComment(size_t index);
    const std::set<std::int64_t>& CommentSelection() const { return m_comment_selection; }
    const std::map<std::string, std::int64_t>& CommentCounts() const { return m_comment_counts; }
    // Comments awaiting a decision (pending, or published and reported), as the tab counts them.
    std::int64_t CommentsToReview() const;
    Load LoadState() const { return m_load; }
    const std::string& Language() const { return m_lang; }
    const std::string& Token() const { return m_token; }
    // The queue after filters, sorted: most flags first, then oldest first.
    // The reference holds until the next call after a change.
    const std::vector<const Item*>& Visible() const;
    const Item* Current() const;
    size_t CurrentIndex() const { return m_current; }
    const std::set<std::int64_t>& Selection() const { return m_selection; }
    // Every proposal of the tenant by status (as the server counted them, with the actions
    // still in their undo window applied), or the queue's when the server sent no counts.
    std::map<std::string, std::int64_t> CountsByStatus() const;
    std::int64_t FlaggedCount() const;
    const std::vector<Pending>& PendingActions() const { return m_pending; }
    // Proposals that look like the current one: similar titles at nearby places (the server's
    // suggestions over the whole tenant, else the queue's own), hidden and rejected ones left out.
    std::vector<Related> LikelyDuplicates() const;
    // The author's other submissions in this tenant, every status, newest first.
    std::vector<Related> SameAuthor() const;
    // Filter choices found in the queue (kept, like Visible(), until something changes).
    const std::vector<std::string>& Districts() const;
    const std::vector<std::string>& Categories() const;
    // The accessibility mirror lists the queue a page at a time (a screen reader's list of
    // 10,000 entries is no use, and building it would stall the page): the page of the
    // proposal under review, unless the moderator turned pages (commands page-next and
    // page-previous).
    static constexpr size_t kMirrorPage = 50;
    static constexpr double kUndoExtension = 30.0; // seconds "More time to undo" adds
    size_t MirrorFirst() const;
    const std::string& DistrictFilter() const { return m_district; }
    const std::string& CategoryFilter() const { return m_category; }
    // A category as the commune names it in the console's language ("Mobilités"), never its
    // stored id ("mobilite"); the value itself when the commune has no such category.
    std::string CategoryLabel(const std::string& value) const;
    bool PickingReason() const { return m_picking_reason; }
    // The tenant's districts, for the small map (empty until loaded).
    const std::vector<Region>& Regions() const { return m_regions; }
    const std::vector<MapShape>& Shapes() const { return m_shapes; }
    int DistrictIndexOf(const Item& item) const; // index into Regions(), or -1
    const nlohmann::json& AuditEntries() const { return m_audit; }
    std::optional<bool> AuditChainValid() const { return m_audit_valid; }
    const std::optional<FieldError>& Error() const { return m_error; }
    const std::string& Notice() const { return m_notice; }
    const std::string& StatusFilter() const { return m_status; }
    bool FlaggedOnly() const { return m_flagged_only; }

    nlohmann::json StateJson() const;
    nlohmann::json AccessibilityTree() const;

private:
    std::string Base() const { return "/api/v1/tenants/" + m_tenant + "/moderation"; }
    void LoadDistricts();
    void LoadCategories();
    Related RelatedFromJson(const nlohmann::json& j) const;
    ProposalStatus LocalStatus(std::int64_t id, ProposalStatus fallback) const;
    void Queue(Pending p, const std::string& words);
    void Send(const Pending& p);
    std::vector<std::int64_t> Targets() const;
    void Apply(const std::vector<std::int64_t>& ids, ProposalStatus s);
    void ApplyToComments(const std::vector<std::int64_t>& ids, const std::string& action);
    void ReadComments(const nlohmann::json& queue);
    // Visible() is asked several times a frame, over queues of 10 000: kept until the items,
    // their statuses or the filters change (Changed()). Duplicates come from the server.
    void Changed() { ++m_version; }

    ApiClient& m_api;
    std::string m_lang, m_tenant;
    double m_undo_seconds;
    Screen m_screen = Screen::SignIn;
    Load m_load = Load::Idle;
    std::string m_email, m_password, m_token, m_role;
    std::vector<Item> m_items;
    Kind m_kind = Kind::Proposals;
    std::vector<CommentItem> m_comments;
    size_t m_comment_current = 0;
    std::set<std::int64_t> m_comment_selection;
    std::map<std::string, std::int64_t> m_comment_counts;
    std::map<std::int64_t, std::pair<std::string, std::int64_t>> m_comment_before; // status, flags to restore on undo
    std::string m_status; // "": everything in the queue (to review, and flagged published ones)
    bool m_flagged_only = false;
    std::string m_district, m_category;
    bool m_picking_reason = false;
    std::map<std::string, std::int64_t> m_counts; // the server's, per status
    std::int64_t m_flagged = -1;                  // the server's; -1: not sent
    std::map<std::string, std::vector<Related>> m_authors; // pseudonym -> proposals
    std::vector<Region> m_regions;
    std::vector<MapShape> m_shapes;
    size_t m_current = 0;
    std::set<std::int64_t> m_selection;
    std::vector<Pending> m_pending;
    std::map<std::int64_t, ProposalStatus> m_before; // statuses to restore on undo
    nlohmann::json m_audit = nlohmann::json::array();
    std::optional<bool> m_audit_valid;
    std::uint64_t m_version = 0;
    mutable std::uint64_t m_visible_version = ~std::uint64_t{0};
    mutable std::vector<const Item*> m_visible;
    mutable std::uint64_t m_choices_version = ~std::uint64_t{0};
    mutable std::vector<std::string> m_districts, m_categories;
    std::vector<Category> m_category_names; // the commune's, for their labels
    std::optional<size_t> m_mirror_first; // set by turning the mirror's pages
    bool m_page_turned = false;           // the last command turned a page: its heading takes focus
    std::optional<FieldError> m_error;
    std::string m_notice;
};

// Words the console and its mirror share: a status filter's name ("" is the queue), a
// proposal's status, "3 signalements" (audit entries: AuditSentence in shared/audit_text.h).
std::string StatusFilterLabel(const std::string& status, const std::string& lang);
std::string ProposalStatusLabel(ProposalStatus s, const std::string& lang);
std::string FlagsLabel(std::int64_t flags, const std::string& lang);
// A comment's status ("en attente", "publié", "masqué") in the console.
std::string CommentStatusLabel(const std::string& status, const std::string& lang);

} // namespace quartier

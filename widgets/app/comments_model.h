// Residents' comments on one proposal, as the map's card and the proposals widget show them:
// the thread (newest or oldest first, paged, one level of replies), and for a signed-in
// resident the commands the server takes (comment_handlers.cpp): post, reply, choose a stance
// where the commune turned stances on, edit one's own while the server still allows it,
// delete one's own, report another's with one of the reasons of the plain pages. Its part of
// the accessibility mirror (a list, replies nested, actions as buttons) and its commands.
// No ImGui here: tests drive it natively.
#pragma once

#include "shared/error.h"
#include "widgets/app/api_client.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace quartier {

// A comment's stance in words ("pour", "contre", "neutre"); "" for none.
std::string CommentStanceLabel(const std::string& stance, const std::string& lang);

class CommentsModel {
public:
    enum class Load { Idle, Loading, Ready, Failed };
    // What the resident is writing: nothing, a reply to a comment, a new text for one of
    // theirs, a report of someone else's. The new comment's field is always there.
    enum class Compose { None, Reply, Edit, Report };

    struct Comment {
        std::int64_t id = 0;
        std::int64_t parent = 0;    // 0: a comment; else the comment it answers
        std::string body;           // "" once deleted or hidden
        std::string stance;         // "for", "against", "neutral" or ""
        std::string status;         // published, pending, hidden, deleted
        std::string created_at;     // ISO 8601, UTC
        bool edited = false;
        bool mine = false;
        double edit_until = 0;      // NowSeconds() until which its author may edit it
        std::vector<Comment> replies;
    };

    static constexpr int kPerPage = 10;
    // The stances in the order the chips and the mirror offer them.
    static const std::vector<std::string>& Stances();

    CommentsModel(ApiClient& api, std::string lang);

    // [Configuration]
    void UseTenant(const std::string& slug) { m_base = "/api/v1/tenants/" + slug; }
    void SetToken(std::string token) { m_token = std::move(token); }
    bool SignedIn() const { return !m_token.empty(); }
    // Told the proposal's count of published comments each time the thread loads or changes.
    void SetOnCount(std::function<void(std::int64_t proposal, std::int64_t count)> f) { m_on_count = std::move(f); }

    // [Commands]
    void Open(std::int64_t proposal);  // the thread of that proposal, first page (again when open)
    void Close();
    void Reload();
    void SetSort(const std::string& sort); // "newest" or "oldest"
    void NextPage();
    void PreviousPage();
    std::string& EditDraft() { return m_draft; }    // the new comment
    int& EditDraftStance() { return m_draft_stance; } // index into Stances(), -1: none
    std::string& EditInline() { return m_inline; }  // the reply or the edited text
    int& EditInlineStance() { return m_inline_stance; }
    void StartReply(std::int64_t id);
    void StartEdit(std::int64_t id);
    void StartReport(std::int64_t id);
    void CancelCompose();
    bool Post();                  // the new comment
    bool SendInline();            // the reply or the edit
    bool Report(int reason);      // index into kReportReasons
    void AskDelete(std::int64_t id) { m_confirm_delete = id; }
    bool Delete(std::int64_t id); // after AskDelete (the view asks "sure?")

    // [State]
    std::int64_t Proposal() const { return m_proposal; }
    Load LoadState() const { return m_load; }
    const std::vector<Comment>& Items() const { return m_items; }
    std::int64_t Total() const { return m_total; }    // comments (not replies) on every page
    std::int64_t Count() const { return m_count; }    // published comments and replies
    int Page() const { return m_page; }
    int Pages() const;
    const std::string& Sort() const { return m_sort; }
    bool StancesOn() const { return m_stances; }
    bool Premoderation() const { return m_premoderation; }
    bool Sending() const { return m_sending; }
    Compose Composing() const { return m_compose; }
    std::int64_t Target() const { return m_target; }
    std::int64_t ConfirmingDelete() const { return m_confirm_delete; }
    const Comment* Find(std::int64_t id) const;
    bool CanEdit(const Comment& c) const;
    bool CanReply(const Comment& c) const { return SignedIn() && !c.parent && c.status == "published"; }
    bool CanReport(const Comment& c) const { return SignedIn() && !c.mine && c.status == "published"; }
    bool CanDelete(const Comment& c) const { return c.mine && c.status != "deleted" && c.status != "hidden"; }
    const std::optional<FieldError>& Error() const { return m_error; }
    const std::string& Notice() const { return m_notice; }
    const std::string& Language() const { return m_lang; }

    // Words the view and the mirror share.
    std::string StanceLabel(const std::string& stance) const;
    // "7 décembre 2026 · pour · modifié", or what became of a comment deleted or hidden.
    std::string MetaLine(const Comment& c) const;
    std::string CountLabel() const; // "3 commentaires"

    nlohmann::json StateJson() const;
    // The mirror's nodes for the thread: heading, count, the new comment's form, the list
    // (replies nested), pages. Command ids start with "comment-" (see Command).
    nlohmann::json Accessibility() const;
    // comment-text, comment-stance, comment-post, comment-sort, comment-next, comment-previous,
    // comment-reply-ID, comment-edit-ID, comment-delete-ID (asks), comment-confirm-delete,
    // comment-report-ID, comment-reason-N, comment-inline, comment-inline-stance,
    // comment-send, comment-cancel. False when unknown or refused.
    bool Command(const std::string& id, const nlohmann::json& value = nullptr);

private:
    std::string Path() const;
    bool Ready(const char* what);
    void Loaded(const ApiResult& r);
    Comment Read(const nlohmann::json& j) const;
    void Failed(const ApiResult& r);

    ApiClient& m_api;
    std::string m_lang;
    std::string m_base, m_token;
    std::function<void(std::int64_t, std::int64_t)> m_on_count;
    std::int64_t m_proposal = 0;
    Load m_load = Load::Idle;
    std::vector<Comment> m_items;
    std::int64_t m_total = 0, m_count = 0;
    int m_page = 1;
    std::string m_sort = "newest";
    bool m_stances = false, m_premoderation = false;
    bool m_sending = false;
    std::string m_draft, m_inline;
    int m_draft_stance = -1, m_inline_stance = -1;
    Compose m_compose = Compose::None;
    std::int64_t m_target = 0, m_confirm_delete = 0;
    unsigned m_generation = 0; // answers for a thread no longer shown are dropped
    std::optional<FieldError> m_error;
    std::string m_notice;
};

} // namespace quartier

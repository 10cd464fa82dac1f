// The moderation console's view-model: sign-in, the queue sorted by flags and age, counts
// per status, filters, selection for bulk actions, approve / reject with a reason / hide /
// merge a duplicate, an undo window before an action is sent, likely duplicates, and the
// audit log with its hash-chain verdict. No ImGui here: tests drive it natively.
#pragma once

#include "shared/proposal.h"
#include "widgets/app/api_client.h"

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

    struct Item {
        Proposal proposal;
        std::int64_t flags = 0;
        std::vector<std::string> flag_reasons;
        std::string district;
        std::string created_at; // ISO 8601, sorts as text
        std::string author;     // pseudonymous author id, when the server gives one
        bool has_place = false; // the queue gave coordinates
    };

    // A moderation action waiting for its undo window to pass.
    struct Pending {
        std::string action; // approve, reject, hide, merge
        std::vector<std::int64_t> ids;
        std::string reason;
        std::int64_t into = 0; // merge target
        double send_at = 0;    // NowSeconds() after which it is sent
    };

    // Reasons a moderator picks from when rejecting (words residents will read).
    static const std::vector<std::pair<std::string, std::string>>& RejectReasons(); // {fr, en}

    ModerationModel(ApiClient& api, std::string lang, std::string tenant, double undo_seconds = 5.0);

    // [Commands]
    std::string& EditEmail() { return m_email; }
    std::string& EditPassword() { return m_password; }
    void SignIn();
    void Refresh();                 // reloads the queue
    void SetStatusFilter(std::string status); // "" for all
    void SetFlaggedOnly(bool only);
    void Next();                    // j
    void Previous();                // k
    void ToggleSelected();          // x: adds/removes the current item to the bulk selection
    void Approve();                 // a (the selection, or the current item)
    void Reject(int reason_index);  // r then a reason
    void Hide();                    // h
    void MergeInto(std::int64_t target_id); // the current item is a duplicate of target
    bool Undo();                    // u: cancels the last pending action
    void Tick(double now);          // sends the actions whose undo window has passed
    void ShowAudit();
    void ShowQueue();

    // [State]
    Screen CurrentScreen() const { return m_screen; }
    Load LoadState() const { return m_load; }
    const std::string& Language() const { return m_lang; }
    const std::string& Token() const { return m_token; }
    // The queue after filters, sorted: most flags first, then oldest first.
    std::vector<const Item*> Visible() const;
    const Item* Current() const;
    size_t CurrentIndex() const { return m_current; }
    const std::set<std::int64_t>& Selection() const { return m_selection; }
    std::map<std::string, std::int64_t> CountsByStatus() const;
    const std::vector<Pending>& PendingActions() const { return m_pending; }
    // Other items that look like the current one: similar title or within 150 m.
    std::vector<const Item*> LikelyDuplicates() const;
    // The author's other submissions in the queue.
    std::vector<const Item*> SameAuthor() const;
    const nlohmann::json& AuditEntries() const { return m_audit; }
    std::optional<bool> AuditChainValid() const { return m_audit_valid; }
    const std::optional<FieldError>& Error() const { return m_error; }
    const std::string& Notice() const { return m_notice; }
    const std::string& StatusFilter() const { return m_status; }
    bool FlaggedOnly() const { return m_flagged_only; }

    nlohmann::json StateJson() const;

private:
    std::string Base() const { return "/api/v1/tenants/" + m_tenant + "/moderation"; }
    void Queue(Pending p, const std::string& words);
    void Send(const Pending& p);
    std::vector<std::int64_t> Targets() const;
    void Apply(const std::vector<std::int64_t>& ids, ProposalStatus s);
    // Visible(), CountsByStatus() and LikelyDuplicates() are asked every frame, over queues of
    // 10 000: kept until the items, their statuses or the filters change (Changed()) or, for
    // the duplicates, the current item does.
    void Changed() { ++m_version; }

    ApiClient& m_api;
    std::string m_lang, m_tenant;
    double m_undo_seconds;
    Screen m_screen = Screen::SignIn;
    Load m_load = Load::Idle;
    std::string m_email, m_password, m_token, m_role;
    std::vector<Item> m_items;
    std::string m_status; // "": everything in the queue (to review, and flagged published ones)
    bool m_flagged_only = false;
    size_t m_current = 0;
    std::set<std::int64_t> m_selection;
    std::vector<Pending> m_pending;
    std::map<std::int64_t, ProposalStatus> m_before; // statuses to restore on undo
    nlohmann::json m_audit = nlohmann::json::array();
    std::optional<bool> m_audit_valid;
    std::uint64_t m_version = 0;
    mutable std::uint64_t m_visible_version = ~std::uint64_t{0}, m_dups_version = ~std::uint64_t{0},
                          m_counts_version = ~std::uint64_t{0};
    mutable std::map<std::string, std::int64_t> m_counts;
    mutable std::vector<const Item*> m_visible, m_dups;
    mutable const Item* m_dups_of = nullptr;
    mutable std::vector<std::set<std::string>> m_words; // each item's title words, as m_items
    std::optional<FieldError> m_error;
    std::string m_notice;
};

// Word overlap of two titles (0..1), accents and case folded: "Jardin partagé rue X" and
// "jardin partage rue x" score 1.
double TitleSimilarity(const std::string& a, const std::string& b);

} // namespace quartier

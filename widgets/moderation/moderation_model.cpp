// ModerationModel: the queue, its keyboard-driven actions with an undo window, duplicate
// hints, the author's other submissions, the districts for the small map, the audit log and
// the accessible tree.
#include "widgets/moderation/moderation_model.h"
#include "shared/audit_text.h"
#include "shared/json_read.h"

#include "shared/geo/geo.h"
#include "shared/text.h"
#include "widgets/app/a11y_tree.h"
#include "widgets/app/comments_model.h"
#include "widgets/app/i18n.h"
#include "widgets/app/platform.h"

#include <algorithm>
#include <cstdlib>

namespace quartier {

namespace {

std::int64_t Count(const nlohmann::json& j) {
    if (j.is_number_integer()) return j.get<std::int64_t>();
    if (j.is_array()) return static_cast<std::int64_t>(j.size());
    return 0;
}

} // namespace

const std::vector<std::pair<std::string, std::string>>& ModerationModel::RejectReasons() {
    static const std::vector<std::pair<std::string, std::string>> kReasons = {
        {"Hors du champ du budget participatif", "Outside what the participatory budget can fund"},
        {"Déjà prévu ou réalisé par la commune", "Already planned or done by the town"},
        {"Propos injurieux ou discriminatoires", "Abusive or discriminatory content"},
        {"Doublon d’une autre proposition", "Duplicate of another proposal"},
        {"Hors du territoire de la commune", "Outside the town's territory"},
    };
    return kReasons;
}

ModerationModel::ModerationModel(ApiClient& api, std::string lang, std::string tenant, double undo_seconds)
    : m_api(api), m_lang(std::move(lang)), m_tenant(std::move(tenant)), m_undo_seconds(undo_seconds) {}

void ModerationModel::SignIn() {
    m_error.reset();
    m_api.Post("/api/v1/auth/login", {{"email", m_email}, {"password", m_password}}, [this](const ApiResult& r) {
        m_password.clear(); // never kept longer than the request
        if (!r.Ok() || JsonOr(r.body, "token", "").empty()) {
            m_error = r.error ? r.error
                              : FieldError{"bad_answer", "", Msg("Le serveur a envoyé une réponse illisible.")};
            return;
        }
        m_role = JsonOr(r.body, "role", "");
        if (m_role != "moderator" && m_role != "admin") {
            m_error = FieldError{"forbidden", "email", Msg("Ce compte n’a pas le droit de modérer.")};
            return;
        }
        m_token = r.body["token"].get<std::string>();
        m_screen = Screen::Queue;
        Refresh();
        LoadDistricts();
        LoadCategories();
    });
}

void ModerationModel::LoadCategories() {
    m_api.Get("/api/v1/tenants/" + m_tenant, [this](const ApiResult& r) {
        if (r.Ok()) m_category_names = CategoriesFromJson(JsonOr(r.body, "categories", nlohmann::json()));
    });
}

std::string ModerationModel::CategoryLabel(const std::string& value) const {
    return quartier::CategoryLabel(m_category_names, value, m_lang);
}

void ModerationModel::LoadDistricts() {
    m_api.Get("/api/v1/tenants/" + m_tenant + "/districts", [this](const ApiResult& r) {
        std::vector<Region> regions;
        if (!r.Ok() || ParseRegions(r.body, regions)) return; // the map then shows the place alone
        m_regions = std::move(regions);
        m_shapes = BuildMapShapes(m_regions);
    });
}

ModerationModel::Related ModerationModel::RelatedFromJson(const nlohmann::json& j) const {
    Related r;
    r.id = JsonOr(j, "id", std::int64_t{0});
    r.title = JsonOr(j, "title", "");
    ParseProposalStatus(JsonOr(j, "status", "submitted"), r.status);
    if (j.contains("distance_m") && j["distance_m"].is_number()) r.distance_m = j["distance_m"].get<double>();
    return r;
}

void ModerationModel::Refresh() {
    m_load = Load::Loading;
    m_api.Get(
        Base() + "/queue" + (m_status.empty() ? "" : "?status=" + m_status),
        [this](const ApiResult& r) {
            const auto& items = r.body.is_object() ? JsonOr(r.body, "items", nlohmann::json()) : r.body;
            if (!r.Ok() || !items.is_array()) {
                m_load = Load::Failed;
                m_error = r.error ? r.error
                                  : FieldError{"bad_answer", "", Msg("La file de modération n’a pas pu être lue.")};
                return;
            }
            m_items.clear();
            Changed();
            for (const auto& j : items) {
                if (!j.is_object() || !j.contains("id") || !j["id"].is_number_integer()) continue;
                Item it;
                Proposal& p = it.proposal;
                p.id = j["id"].get<std::int64_t>();
                p.title = JsonOr(j, "title", "");
                p.description = JsonOr(j, "description", "");
                p.category = JsonOr(j, "category", "");
                p.latitude = JsonOr(j, "latitude", 0.0);
                p.longitude = JsonOr(j, "longitude", 0.0);
                p.estimated_cost = JsonOr(j, "estimated_cost", nlohmann::json()).is_number_integer()
                                       ? j["estimated_cost"].get<std::int64_t>() : 0;
                ParseProposalStatus(JsonOr(j, "status", "submitted"), p.status);
                it.has_place = j.contains("latitude") && j["latitude"].is_number();
                it.flags = Count(JsonOr(j, "flags", nlohmann::json()));
                for (const char* key : {"reasons", "flag_reasons"})
                    for (const auto& reason : j.value(key, nlohmann::json::array()))
                        if (reason.is_string()) it.flag_reasons.push_back(reason.get<std::string>());
                const auto d = JsonOr(j, "district", nlohmann::json());
                it.district = d.is_object() ? JsonOr(d, "name", "") : d.is_string() ? d.get<std::string>() : "";
                it.created_at = JsonOr(j, "created_at", "");
                const auto author = JsonOr(j, "author", nlohmann::json());
                it.author = author.is_string() ? author.get<std::string>() : author.is_number() ? author.dump() : "";
                it.supports = JsonOr(j, "supports", nlohmann::json()).is_number_integer() ? j["supports"].get<std::int64_t>() : 0;
                if (j.contains("duplicates") && j["duplicates"].is_array()) {
                    it.server_duplicates = true;
                    for (const auto& d : j["duplicates"])
                        if (d.is_object() && d.contains("id")) it.duplicates.push_back(RelatedFromJson(d));
                }
                m_items.push_back(std::move(it));
            }
            ReadComments(r.body.is_object() ? JsonOr(r.body, "comments", nlohmann::json()) : nlohmann::json());
            m_counts.clear();
            if (r.body.is_object() && r.body.contains("counts") && r.body["counts"].is_object())
                for (const auto& [status, n] : r.body["counts"].items())
                    if (n.is_number_integer()) m_counts[status] = n.get<std::int64_t>();
            m_flagged = r.body.is_object() && JsonOr(r.body, "flagged", nlohmann::json()).is_number_integer()
                            ? r.body["flagged"].get<std::int64_t>() : -1;
            m_authors.clear();
            if (r.body.is_object() && r.body.contains("authors") && r.body["authors"].is_object())
                for (const auto& [key, list] : r.body["authors"].items())
                    if (list.is_array())
                        for (const auto& p : list)
                            if (p.is_object()) m_authors[key].push_back(RelatedFromJson(p));
            // Actions still in their undo window keep their effect on screen.
            for (const auto& p : m_pending)
                if (p.comments) ApplyToComments(p.ids, p.action);
                else Apply(p.ids, p.action == "approve" ? ProposalStatus::Published
                             : p.action == "reject" ? ProposalStatus::Rejected
                                                    : ProposalStatus::Hidden);
            m_load = Load::Ready;
            m_current = std::min(m_current, Visible().empty() ? 0 : Visible().size() - 1);
        },
        m_token);
}

const std::vector<const ModerationModel::Item*>& ModerationModel::Visible() const {
    if (m_visible_version == m_version) return m_visible;
    std::vector<const Item*>& out = m_visible;
    out.clear();
    for (const auto& it : m_items) {
        if (!m_status.empty() && ToString(it.proposal.status) != m_status) continue;
        if (m_flagged_only && it.flags == 0) continue;
        if (!m_district.empty() && it.district != m_district) continue;
        if (!m_category.empty() && it.proposal.category != m_category) continue;
        out.push_back(&it);
    }
    std::stable_sort(out.begin(), out.end(), [](const Item* a, const Item* b) {
        if (a->flags != b->flags) return a->flags > b->flags;
        if (a->created_at != b->created_at) return a->created_at < b->created_at;
        return a->proposal.id < b->proposal.id;
    });
    m_visible_version = m_version;
    return out;
}

const ModerationModel::Item* ModerationModel::Current() const {
    const auto& v = Visible();
    return m_current < v.size() ? v[m_current] : nullptr;
}

std::map<std::string, std::int64_t> ModerationModel::CountsByStatus() const {
    std::map<std::string, std::int64_t> counts;
    if (m_counts.empty()) {
        for (const auto& it : m_items) ++counts[ToString(it.proposal.status)];
        return counts;
    }
    counts = m_counts;
    // Actions in their undo window (and sent since the last load) move proposals between counts.
    for (const auto& [id, before] : m_before)
        for (const auto& it : m_items)
            if (it.proposal.id == id && it.proposal.status != before) {
                --counts[ToString(before)];
                ++counts[ToString(it.proposal.status)];
            }
    return counts;
}

std::int64_t ModerationModel::FlaggedCount() const {
    if (m_flagged >= 0) return m_flagged;
    std::int64_t n = 0;
    for (const auto& it : m_items) n += it.flags > 0;
    return n;
}

void ModerationModel::SetStatusFilter(std::string status) {
    if (status == m_status) return;
    m_status = std::move(status);
    Changed();
    m_current = 0;
    if (!m_token.empty()) Refresh(); // hidden and rejected proposals are not in the queue itself
}

void ModerationModel::SetDistrictFilter(std::string district) {
    m_district = std::move(district);
    Changed();
    m_current = 0;
}

void ModerationModel::SetCategoryFilter(std::string category) {
    m_category = std::move(category);
    Changed();
    m_current = 0;
}

void ModerationModel::Select(size_t visible_index) {
    if (visible_index < Visible().size()) m_current = visible_index;
}

const std::vector<std::string>& ModerationModel::Districts() const {
    if (m_choices_version != m_version) {
        std::set<std::string> districts, categories;
        for (const auto& it : m_items) {
            if (!it.district.empty()) districts.insert(it.district);
            if (!it.proposal.category.empty()) categories.insert(it.proposal.category);
        }
        if (!m_district.empty()) districts.insert(m_district);
        if (!m_category.empty()) categories.insert(m_category);
        m_districts.assign(districts.begin(), districts.end());
        m_categories.assign(categories.begin(), categories.end());
        m_choices_version = m_version;
    }
    return m_districts;
}

const std::vector<std::string>& ModerationModel::Categories() const {
    Districts(); // both lists are made together
    return m_categories;
}

size_t ModerationModel::MirrorFirst() const {
    const size_t n = Visible().size();
    const size_t last = n == 0 ? 0 : (n - 1) / kMirrorPage * kMirrorPage;
    return std::min(m_mirror_first ? *m_mirror_first : m_current / kMirrorPage * kMirrorPage, last);
}

int ModerationModel::DistrictIndexOf(const Item& item) const {
    if (!item.has_place) return -1;
    return FindRegion(m_regions, {item.proposal.longitude, item.proposal.latitude});
}

void ModerationModel::SetFlaggedOnly(bool only) {
    m_flagged_only = only;
    Changed();
    m_current = 0;
}

void ModerationModel::ReadComments(const nlohmann::json& queue) {
    m_comments.clear();
    m_comment_counts.clear();
    if (!queue.is_object()) return;
    for (const auto& j : JsonOr(queue, "items", nlohmann::json::array())) {
        if (!j.is_object() || !j.contains("id") || !j["id"].is_number_integer()) continue;
        CommentItem c;
        c.id = j["id"].get<std::int64_t>();
        c.proposal = JsonOr(j, "proposal", std::int64_t{0});
        const auto parent = JsonOr(j, "parent", nlohmann::json());
        c.parent = parent.is_number_integer() ? parent.get<std::int64_t>() : 0;
        c.proposal_title = JsonOr(j, "proposal_title", "");
        c.body = JsonOr(j, "body", "");
        const auto stance = JsonOr(j, "stance", nlohmann::json());
        c.stance = stance.is_string() ? stance.get<std::string>() : "";
        c.status = JsonOr(j, "status", "pending");
        c.flags = JsonOr(j, "flags", std::int64_t{0});
        c.created_at = JsonOr(j, "created_at", "");
        c.edited = JsonOr(j, "edited_at", nlohmann::json()).is_string();
        const auto author = JsonOr(j, "author", nlohmann::json());
        c.author = author.is_string() ? author.get<std::string>() : "";
        for (const auto& reason : JsonOr(j, "reasons", nlohmann::json::array()))
            if (reason.is_string()) c.reasons.push_back(reason.get<std::string>());
        m_comments.push_back(std::move(c));
    }
    const auto counts = JsonOr(queue, "counts", nlohmann::json::object()); // kept: items() refers to it
    for (const auto& [status, n] : counts.items())
        if (n.is_number_integer()) m_comment_counts[status] = n.get<std::int64_t>();
    m_comment_current = std::min(m_comment_current, m_comments.empty() ? 0 : m_comments.size() - 1);
    for (auto it = m_comment_selection.begin(); it != m_comment_selection.end();) {
        const bool present = std::any_of(m_comments.begin(), m_comments.end(), [&](const CommentItem& c) { return c.id == *it; });
        it = present ? std::next(it) : m_comment_selection.erase(it);
    }
}

std::int64_t ModerationModel::CommentsToReview() const {
    std::int64_t n = 0;
    for (const auto& c : m_comments) n += c.status == "pending" || (c.status == "published" && c.flags > 0);
    return n;
}

const ModerationModel::CommentItem* ModerationModel::CurrentComment() const {
    return m_comment_current < m_comments.size() ? &m_comments[m_comment_current] : nullptr;
}

void ModerationModel::SelectComment(size_t index) {
    if (index < m_comments.size()) m_comment_current = index;
}

void ModerationModel::ShowKind(Kind kind) {
    m_kind = kind;
    m_picking_reason = false;
}

void ModerationModel::ApplyToComments(const std::vector<std::int64_t>& ids, const std::string& action) {
    for (auto& c : m_comments)
        if (std::count(ids.begin(), ids.end(), c.id)) {
            m_comment_before.emplace(c.id, std::make_pair(c.status, c.flags));
            c.status = action == "approve" ? "published" : "hidden";
            if (action == "approve") c.flags = 0; // approving settles its reports
        }
}

void ModerationModel::Next() {
    if (m_kind == Kind::Comments) {
        if (m_comment_current + 1 < m_comments.size()) ++m_comment_current;
        return;
    }
    if (m_current + 1 < Visible().size()) ++m_current;
}

void ModerationModel::Previous() {
    if (m_kind == Kind::Comments) {
        if (m_comment_current > 0) --m_comment_current;
        return;
    }
    if (m_current > 0) --m_current;
}

void ModerationModel::ToggleSelected() {
    if (m_kind == Kind::Comments) {
        if (const CommentItem* c = CurrentComment())
            if (!m_comment_selection.erase(c->id)) m_comment_selection.insert(c->id);
        return;
    }
    if (const Item* it = Current()) {
        const auto id = it->proposal.id;
        if (!m_selection.erase(id)) m_selection.insert(id);
    }
}

std::vector<std::int64_t> ModerationModel::Targets() const {
    if (m_kind == Kind::Comments) {
        if (!m_comment_selection.empty()) return {m_comment_selection.begin(), m_comment_selection.end()};
        if (const CommentItem* c = CurrentComment()) return {c->id};
        return {};
    }
    if (!m_selection.empty()) return {m_selection.begin(), m_selection.end()};
    if (const Item* it = Current()) return {it->proposal.id};
    return {};
}

void ModerationModel::Apply(const std::vector<std::int64_t>& ids, ProposalStatus s) {
    for (auto& it : m_items)
        if (std::count(ids.begin(), ids.end(), it.proposal.id)) {
            m_before.emplace(it.proposal.id, it.proposal.status);
            it.proposal.status = s;
        }
    Changed();
}

void ModerationModel::Queue(Pending p, const std::string& words) {
    if (p.ids.empty()) return;
    p.send_at = NowSeconds() + m_undo_seconds;
    if (p.comments) {
        ApplyToComments(p.ids, p.action);
        m_pending.push_back(std::move(p));
        m_comment_selection.clear();
        const auto n = m_pending.back().ids.size();
        m_notice = words + (n > 1 ? " (" + std::to_string(n) + ")" : "") + Tr(m_lang, " — touche u pour annuler.");
        return;
    }
    const ProposalStatus s = p.action == "approve" ? ProposalStatus::Published
                           : p.action == "reject"  ? ProposalStatus::Rejected
                                                   : ProposalStatus::Hidden;
    Apply(p.ids, s);
    m_pending.push_back(std::move(p));
    m_selection.clear();
    const auto n = m_pending.back().ids.size();
    m_notice = words + (n > 1 ? " (" + std::to_string(n) + ")" : "") +
               Tr(m_lang, " — touche u pour annuler.");
    const auto& v = Visible();
    m_current = std::min(m_current, v.empty() ? 0 : v.size() - 1);
}

void ModerationModel::Approve() {
    if (m_kind == Kind::Comments) return Queue({"approve", Targets(), "", 0, 0, true}, Tr(m_lang, "Commentaire approuvé"));
    Queue({"approve", Targets(), "", 0, 0}, Tr(m_lang, "Approuvée"));
}

void ModerationModel::Reject(int reason_index) {
    if (m_kind == Kind::Comments) return; // a comment is approved or hidden
    const auto& reasons = RejectReasons();
    if (reason_index < 0 || reason_index >= static_cast<int>(reasons.size())) return;
    Queue({"reject", Targets(), reasons[static_cast<size_t>(reason_index)].first, 0, 0},
          Tr(m_lang, "Rejetée"));
}

void ModerationModel::Hide() {
    if (m_kind == Kind::Comments) return Queue({"hide", Targets(), "", 0, 0, true}, Tr(m_lang, "Commentaire masqué"));
    Queue({"hide", Targets(), "", 0, 0}, Tr(m_lang, "Masquée"));
}

void ModerationModel::MergeInto(std::int64_t target_id) {
    if (m_kind == Kind::Comments) return;
    const Item* it = Current();
    if (!it || it->proposal.id == target_id) return;
    Queue({"merge", {it->proposal.id}, "", target_id, 0},
          Tr(m_lang, "Fusionnée dans la n° ") + std::to_string(target_id));
}

bool ModerationModel::Undo() {
    if (m_pending.empty()) return false;
    const Pending p = m_pending.back();
    m_pending.pop_back();
    if (p.comments) {
        for (auto& c : m_comments)
            if (const auto before = m_comment_before.find(c.id);
                before != m_comment_before.end() && std::count(p.ids.begin(), p.ids.end(), c.id)) {
                c.status = before->second.first;
                c.flags = before->second.second;
                m_comment_before.erase(before);
            }
        m_notice = Tr(m_lang, "Action annulée.");
        return true;
    }
    for (auto& it : m_items)
        if (std::count(p.ids.begin(), p.ids.end(), it.proposal.id)) {
            const auto before = m_before.find(it.proposal.id);
            if (before != m_before.end()) {
                it.proposal.status = before->second;
                m_before.erase(before);
            }
        }
    Changed();
    m_notice = Tr(m_lang, "Action annulée.");
    return true;
}

bool ModerationModel::ExtendUndo(double seconds) {
    if (m_pending.empty()) return false;
    for (auto& p : m_pending) p.send_at += seconds;
    m_notice = Tr(m_lang, "Délai d’annulation prolongé.");
    return true;
}

void ModerationModel::Tick(double now) {
    while (!m_pending.empty() && m_pending.front().send_at <= now) {
        Send(m_pending.front());
        if (m_pending.front().comments) {
            // Sent: the comments' counts as the server now holds them.
            for (auto id : m_pending.front().ids) {
                const auto before = m_comment_before.find(id);
                if (before == m_comment_before.end()) continue;
                for (const auto& c : m_comments)
                    if (c.id == id && c.status != before->second.first) {
                        --m_comment_counts[before->second.first];
                        ++m_comment_counts[c.status];
                    }
                m_comment_before.erase(before);
            }
            m_pending.erase(m_pending.begin());
            continue;
        }
        // Sent: its effect now belongs to the counts as the server holds them.
        for (auto id : m_pending.front().ids) {
            const auto before = m_before.find(id);
            if (before == m_before.end()) continue;
            for (const auto& it : m_items)
                if (it.proposal.id == id && !m_counts.empty()) {
                    --m_counts[ToString(before->second)];
                    ++m_counts[ToString(it.proposal.status)];
                }
            m_before.erase(before);
        }
        m_pending.erase(m_pending.begin());
    }
}

void ModerationModel::Send(const Pending& p) {
    auto done = [this](const ApiResult& r) {
        if (!r.Ok()) {
            m_error = r.error;
            Refresh(); // show what the server really holds
        }
    };
    if (p.comments) {
        if (p.ids.size() > 1)
            m_api.Post(Base() + "/comments/bulk", {{"ids", p.ids}, {"action", p.action}}, done, m_token);
        else
            m_api.Post(Base() + "/comments/" + std::to_string(p.ids[0]) + "/" + p.action, nlohmann::json::object(), done,
                       m_token);
        return;
    }
    if (p.ids.size() > 1) {
        m_api.Post(Base() + "/bulk", {{"ids", p.ids}, {"action", p.action}, {"reason", p.reason}}, done, m_token);
        return;
    }
    nlohmann::json body{{"reason", p.reason}};
    if (p.action == "merge") body["into"] = p.into;
    m_api.Post(Base() + "/proposals/" + std::to_string(p.ids[0]) + "/" + p.action, body, done, m_token);
}

ProposalStatus ModerationModel::LocalStatus(std::int64_t id, ProposalStatus fallback) const {
    for (const auto& it : m_items)
        if (it.proposal.id == id) return it.proposal.status;
    return fallback;
}

std::vector<ModerationModel::Related> ModerationModel::LikelyDuplicates() const {
    std::vector<Related> out;
    const Item* cur = Current();
    if (!cur) return out;
    auto live = [](ProposalStatus s) { return s != ProposalStatus::Rejected && s != ProposalStatus::Hidden; };
    if (cur->server_duplicates) {
        for (Related r : cur->duplicates) {
            r.status = LocalStatus(r.id, r.status);
            for (const auto& it : m_items)
                if (it.proposal.id == r.id && it.has_place) {
                    r.place = {it.proposal.longitude, it.proposal.latitude};
                    r.has_place = true;
                }
            if (live(r.status)) out.push_back(std::move(r));
        }
        return out;
    }
    // An older server: the same rule over the queue itself.
    if (!cur->has_place) return out;
    const LonLat here{cur->proposal.longitude, cur->proposal.latitude};
    const auto words = TitleWords(cur->proposal.title);
    for (const auto& it : m_items) {
        if (&it == cur || !it.has_place || !live(it.proposal.status)) continue;
        const LonLat there{it.proposal.longitude, it.proposal.latitude};
        double metres = 0;
        if (LikelyDuplicate(words, here, TitleWords(it.proposal.title), there, &metres))
            out.push_back({it.proposal.id, it.proposal.title, it.proposal.status, metres, there, true});
    }
    std::sort(out.begin(), out.end(), [](const Related& a, const Related& b) { return a.distance_m < b.distance_m; });
    return out;
}

std::vector<ModerationModel::Related> ModerationModel::SameAuthor() const {
    std::vector<Related> out;
    const Item* cur = Current();
    if (!cur || cur->author.empty()) return out;
    const auto found = m_authors.find(cur->author);
    if (found != m_authors.end()) {
        for (Related r : found->second)
            if (r.id != cur->proposal.id) {
                r.status = LocalStatus(r.id, r.status);
                out.push_back(std::move(r));
            }
        return out;
    }
    for (const auto& it : m_items) // an older server: what the queue shows of them
        if (&it != cur && it.author == cur->author)
            out.push_back({it.proposal.id, it.proposal.title, it.proposal.status, -1, {}, false});
    return out;
}

void ModerationModel::ShowAudit() {
    m_screen = Screen::Audit;
    m_api.Get(Base() + "/audit", [this](const ApiResult& r) {
        if (r.Ok()) m_audit = r.body.is_object() ? JsonOr(r.body, "items", nlohmann::json::array()) : r.body;
        else m_error = r.error;
    }, m_token);
    m_api.Get(Base() + "/audit/verify", [this](const ApiResult& r) {
        if (r.Ok() && r.body.is_object()) m_audit_valid = JsonOr(r.body, "valid", JsonOr(r.body, "ok", false));
        else m_error = r.error;
    }, m_token);
}

void ModerationModel::ShowQueue() { m_screen = Screen::Queue; }

bool ModerationModel::Command(const std::string& id, const nlohmann::json& value) {
    auto after = [&id](const char* prefix, std::string& rest) { return CommandAfter(id, prefix, rest); };
    auto index = [](const std::string& text) { return static_cast<size_t>(std::strtoull(text.c_str(), nullptr, 10)); };
    std::string rest;
    // Pages of the mirror's list; any other command brings it back to the proposal under review.
    if (id == "page-next" || id == "page-previous") {
        const size_t first = MirrorFirst();
        if (id == "page-next" && first + kMirrorPage < Visible().size()) m_mirror_first = first + kMirrorPage;
        else if (id == "page-previous" && first >= kMirrorPage) m_mirror_first = first - kMirrorPage;
        else return false;
        m_page_turned = true;
        return true;
    }
    m_mirror_first.reset();
    m_page_turned = false;
    if (id == "email" && value.is_string()) return m_email = value.get<std::string>(), true;
    if (id == "password" && value.is_string()) return m_password = value.get<std::string>(), true;
    if (id == "sign-in") return SignIn(), true;
    if (id == "keep-undo") return ExtendUndo(kUndoExtension);
    if (id == "status-all") return SetStatusFilter(""), true;
    if (after("status-", rest)) {
        ProposalStatus s;
        if (!ParseProposalStatus(rest, s)) return false;
        SetStatusFilter(rest);
        return true;
    }
    if (id == "flagged-only") return SetFlaggedOnly(!m_flagged_only), true;
    // district-all, district-N, category-all, category-N: N indexes Districts() / Categories().
    for (const bool district : {true, false}) {
        const auto all = district ? Districts() : Categories();
        std::string chosen;
        if (id == (district ? "district-all" : "category-all")) {
        } else if (after(district ? "district-" : "category-", rest)) {
            if (index(rest) >= all.size()) return false;
            chosen = all[index(rest)];
        } else {
            continue;
        }
        district ? SetDistrictFilter(chosen) : SetCategoryFilter(chosen);
        return true;
    }
    if (id == "kind-proposals") return ShowKind(Kind::Proposals), true;
    if (id == "kind-comments") return ShowKind(Kind::Comments), true;
    if (after("open-comment-", rest) || after("check-comment-", rest)) {
        for (size_t i = 0; i < m_comments.size(); ++i)
            if (std::to_string(m_comments[i].id) == rest) {
                m_kind = Kind::Comments;
                m_comment_current = i;
                if (id[0] == 'c') ToggleSelected();
                return true;
            }
        return false;
    }
    if (after("open-", rest) || after("check-", rest)) {
        const auto& v = Visible();
        for (size_t i = 0; i < v.size(); ++i)
            if (std::to_string(v[i]->proposal.id) == rest) {
                m_current = i;
                if (id[0] == 'c') ToggleSelected();
                return true;
            }
        return false;
    }
    if (id == "next") return Next(), true;
    if (id == "previous") return Previous(), true;
    if (id == "approve") return Approve(), true;
    if (id == "reject") return m_kind == Kind::Proposals && (m_picking_reason = !m_picking_reason, true);
    if (after("reason-", rest)) {
        if (index(rest) >= RejectReasons().size()) return false;
        Reject(static_cast<int>(index(rest)));
        m_picking_reason = false;
        return true;
    }
    if (id == "hide") return Hide(), true;
    if (after("merge-", rest)) return MergeInto(std::strtoll(rest.c_str(), nullptr, 10)), true;
    if (id == "undo") return Undo();
    if (id == "audit") return ShowAudit(), true;
    if (id == "back") return ShowQueue(), true;
    if (id == "retry") return Refresh(), true;
    return false;
}

namespace {

const char* StatusLabel(ProposalStatus s, const std::string& lang) {
    switch (s) {
    case ProposalStatus::Submitted: return Tr(lang, "à modérer");
    case ProposalStatus::Published: return Tr(lang, "publiée");
    case ProposalStatus::Rejected: return Tr(lang, "rejetée");
    case ProposalStatus::Hidden: return Tr(lang, "masquée");
    case ProposalStatus::Selected: return Tr(lang, "retenue");
    case ProposalStatus::Pending: return Tr(lang, "en attente de modération");
    }
    return "";
}

} // namespace

std::string StatusFilterLabel(const std::string& status, const std::string& lang) {
    if (status == "submitted") return Tr(lang, "À modérer");
    if (status == "published") return Tr(lang, "Publiées");
    if (status == "rejected") return Tr(lang, "Rejetées");
    if (status == "hidden") return Tr(lang, "Masquées");
    if (status == "selected") return Tr(lang, "Retenues");
    if (status == "pending") return Tr(lang, "En attente");
    return Tr(lang, "File à traiter");
}

std::string ProposalStatusLabel(ProposalStatus s, const std::string& lang) { return StatusLabel(s, lang); }

std::string CommentStatusLabel(const std::string& status, const std::string& lang) {
    if (status == "pending") return TrC(lang, "comment status", "en attente");
    if (status == "published") return TrC(lang, "comment status", "publié");
    if (status == "hidden") return TrC(lang, "comment status", "masqué");
    if (status == "deleted") return TrC(lang, "comment status", "supprimé par son auteur");
    return status;
}

std::string FlagsLabel(std::int64_t flags, const std::string& lang) {
    if (flags <= 0) return "";
    return std::to_string(flags) + (IsFrench(lang) ? (flags > 1 ? " signalements" : " signalement")
                                                   : (flags > 1 ? " reports" : " report"));
}

nlohmann::json ModerationModel::AccessibilityTree() const {
    using nlohmann::json;
    const bool fr = IsFrench(m_lang);
    json children = json::array();
    const std::string alert = m_error ? m_error->Message(m_lang) : m_notice;
    if (m_screen == Screen::SignIn) {
        children.push_back(json{{"role", "heading"}, {"level", 2}, {"text", Tr(m_lang, "Espace de modération")}});
        children.push_back(A11yText(Tr(m_lang, "Connectez-vous avec votre compte de modérateur.")));
        children.push_back(json{{"role", "input"}, {"id", "email"}, {"label", Tr(m_lang, "Adresse électronique")}, {"value", m_email}, {"autocomplete", "email"}, {"submit", "sign-in"}});
        children.push_back(json{{"role", "input"}, {"id", "password"}, {"secret", true}, {"label", Tr(m_lang, "Mot de passe")}, {"value", ""}, {"submit", "sign-in"}});
        children.push_back(json{{"role", "alert"}, {"id", "alert"}, {"text", alert}});
        children.push_back(A11yButton("sign-in", Tr(m_lang, "Se connecter")));
        return json{{"role", "region"}, {"label", Tr(m_lang, "Modération")}, {"children", children}};
    }
    if (m_screen == Screen::Audit) {
        children.push_back(json{{"role", "heading"}, {"level", 2}, {"text", Tr(m_lang, "Journal d’audit")}});
        children.push_back(json{{"role", "status"}, {"id", "chain"},
                                {"text", !m_audit_valid ? Tr(m_lang, "Vérification de la chaîne…")
                                         : *m_audit_valid ? Tr(m_lang, "Chaîne intacte : aucune entrée n’a été modifiée ni supprimée.")
                                                          : Tr(m_lang, "La chaîne d’audit est ROMPUE : une entrée a été modifiée ou supprimée.")}});
        children.push_back(A11yButton("back", Tr(m_lang, "Retour à la file")));
        json entries = json::array();
        for (const auto& e : m_audit)
            if (e.is_object()) entries.push_back(json{{"role", "listitem"}, {"text", AuditSentence(e, m_lang)}});
        children.push_back(json{{"role", "list"}, {"label", Tr(m_lang, "Entrées du journal")}, {"children", entries}});
        return json{{"role", "region"}, {"label", Tr(m_lang, "Modération")}, {"children", children}};
    }

    // focus: after signing in, focus lands on the queue rather than on the page's body.
    children.push_back(json{{"role", "heading"}, {"level", 2}, {"focus", true}, {"text", Tr(m_lang, "File de modération")}});
    const auto counts = CountsByStatus();
    std::string summary;
    for (const char* s : {"submitted", "published", "hidden", "rejected"}) {
        const auto it = counts.find(s);
        summary += StatusFilterLabel(s, m_lang) + " : " + std::to_string(it == counts.end() ? 0 : it->second) + ". ";
    }
    summary += (fr ? "Signalées : " : "Reported: ") + std::to_string(FlaggedCount()) + ".";
    children.push_back(json{{"role", "status"}, {"id", "counts"}, {"text", summary}});
    // The canvas's "press u" means nothing in the mirror, whose keys stay its own: there the
    // notice names the buttons, one of which gives more time (the window is timed, 2.2.1).
    std::string said = alert;
    const std::string key_hint = Tr(m_lang, " — touche u pour annuler.");
    if (said.size() >= key_hint.size() && said.compare(said.size() - key_hint.size(), key_hint.size(), key_hint) == 0)
        said = said.substr(0, said.size() - key_hint.size()) +
               Tr(m_lang, " — « Annuler la dernière action » l’annule ; « Plus de temps pour annuler » prolonge le délai.");
    children.push_back(json{{"role", "alert"}, {"id", "alert"}, {"text", said}});
    children.push_back(A11yButton("undo", Tr(m_lang, "Annuler la dernière action"), !m_pending.empty()));
    children.push_back(A11yButton("keep-undo", Tr(m_lang, "Plus de temps pour annuler"), !m_pending.empty()));
    {
        json kinds = json::array();
        json a = A11yButton("kind-proposals", Tr(m_lang, "Propositions"));
        a["pressed"] = m_kind == Kind::Proposals;
        json b = A11yButton("kind-comments", Fill(Tr(m_lang, "Commentaires à modérer ({})"), std::to_string(CommentsToReview())));
        b["pressed"] = m_kind == Kind::Comments;
        kinds.push_back(std::move(a));
        kinds.push_back(std::move(b));
        children.push_back(json{{"role", "group"}, {"label", Tr(m_lang, "Ce que montre la file")}, {"children", kinds}});
    }
    if (m_kind == Kind::Comments) {
        if (const CommentItem* cur = CurrentComment()) {
            json detail = json::array();
            detail.push_back(json{{"role", "heading"}, {"level", 3},
                                  {"text", Fill(Tr(m_lang, "Commentaire sur « {} »"), cur->proposal_title)}});
            std::string meta = CommentStatusLabel(cur->status, m_lang) + ".";
            if (cur->parent) meta += " " + std::string(Tr(m_lang, "Réponse à un autre commentaire."));
            if (!cur->stance.empty()) meta += " " + Fill(Tr(m_lang, "Position : {}"), CommentStanceLabel(cur->stance, m_lang)) + ".";
            detail.push_back(A11yText(meta));
            detail.push_back(A11yText(cur->body));
            if (cur->flags > 0) {
                json reasons = json::array();
                for (const auto& r : cur->reasons) reasons.push_back(json{{"role", "listitem"}, {"text", r}});
                detail.push_back(json{{"role", "list"}, {"label", FlagsLabel(cur->flags, m_lang)}, {"children", reasons}});
            }
            detail.push_back(A11yButton("approve", Tr(m_lang, "Approuver")));
            detail.push_back(A11yButton("hide", Tr(m_lang, "Masquer")));
            children.push_back(json{{"role", "region"}, {"label", Tr(m_lang, "Commentaire examiné")}, {"children", detail}});
        }
        children.push_back(A11yButton("audit", Tr(m_lang, "Journal d’audit")));
        json items = json::array();
        for (size_t i = 0; i < m_comments.size() && i < kMirrorPage; ++i) {
            const CommentItem& c = m_comments[i];
            std::string line = c.proposal_title + " : « " + c.body + " ». " + CommentStatusLabel(c.status, m_lang) + ".";
            if (c.flags > 0) line += " " + FlagsLabel(c.flags, m_lang) + ".";
            if (i == m_comment_current) line += fr ? " (examiné)" : " (under review)";
            const std::string id = std::to_string(c.id);
            const bool checked = m_comment_selection.count(c.id) > 0;
            items.push_back(json{{"role", "listitem"}, {"id", "comment-item-" + id}, {"text", line},
                                 {"children", json::array({A11yButton("open-comment-" + id, Fill(Tr(m_lang, "Examiner le commentaire n° {}"), id)),
                                                           A11yButton("check-comment-" + id,
                                                                      Fill(checked ? Tr(m_lang, "Retirer de la sélection : commentaire n° {}")
                                                                                   : Tr(m_lang, "Sélectionner pour une action groupée : commentaire n° {}"),
                                                                           id))})}});
        }
        if (items.empty()) children.push_back(A11yText(Tr(m_lang, "Aucun commentaire à modérer.")));
        children.push_back(json{{"role", "list"}, {"id", "comment-queue"}, {"label", Tr(m_lang, "Commentaires à modérer")}, {"children", items}});
        return json{{"role", "region"}, {"label", Tr(m_lang, "Modération")}, {"children", children}};
    }

    // The current proposal and its actions come before the long list.
    if (const Item* cur = Current()) {
        const auto& p = cur->proposal;
        json detail = json::array();
        detail.push_back(json{{"role", "heading"}, {"level", 3}, {"text", p.title}});
        std::string meta = std::string(fr ? "Statut : " : "Status: ") + StatusLabel(p.status, m_lang) + ". " + CategoryLabel(p.category);
        if (!cur->district.empty()) meta += ", " + cur->district;
        meta += ", " + FormatEuros(p.estimated_cost, m_lang) + ".";
        if (cur->supports > 0) meta += " " + std::to_string(cur->supports) + (fr ? " soutiens." : " supports.");
        detail.push_back(A11yText(meta));
        if (!p.description.empty()) detail.push_back(A11yText(p.description));
        if (cur->flags > 0) {
            json reasons = json::array();
            for (const auto& r : cur->flag_reasons) reasons.push_back(json{{"role", "listitem"}, {"text", r}});
            detail.push_back(json{{"role", "list"}, {"label", FlagsLabel(cur->flags, m_lang)}, {"children", reasons}});
        }
        detail.push_back(A11yButton("approve", Tr(m_lang, "Approuver")));
        detail.push_back(A11yButton("reject", m_picking_reason ? Tr(m_lang, "Fermer les motifs de rejet")
                                                           : Tr(m_lang, "Rejeter… (choisir un motif)")));
        detail.push_back(A11yButton("hide", Tr(m_lang, "Masquer")));
        if (m_picking_reason) {
            json reasons = json::array();
            const auto& all = RejectReasons();
            for (size_t i = 0; i < all.size(); ++i)
                reasons.push_back(json{{"role", "listitem"}, {"children", json::array({A11yButton("reason-" + std::to_string(i),
                                                                            (fr ? "Rejeter : " : "Reject: ") + (fr ? all[i].first : all[i].second))})}});
            detail.push_back(json{{"role", "list"}, {"label", Tr(m_lang, "Motif du rejet")}, {"children", reasons}});
        }
        json dups = json::array();
        for (const auto& d : LikelyDuplicates()) {
            std::string line = "n° " + std::to_string(d.id) + " " + d.title + " (" + StatusLabel(d.status, m_lang);
            if (d.distance_m >= 0) line += ", " + std::to_string(static_cast<long>(d.distance_m)) + " m";
            line += ")";
            dups.push_back(json{{"role", "listitem"}, {"text", line},
                                {"children", json::array({A11yButton("merge-" + std::to_string(d.id),
                                                                 (fr ? "Fusionner dans la n° " : "Merge into #") + std::to_string(d.id))})}});
        }
        if (!dups.empty()) detail.push_back(json{{"role", "list"}, {"label", Tr(m_lang, "Doublons probables")}, {"children", dups}});
        json mine = json::array();
        for (const auto& o : SameAuthor())
            mine.push_back(json{{"role", "listitem"}, {"text", "n° " + std::to_string(o.id) + " " + o.title + " (" + StatusLabel(o.status, m_lang) + ")"}});
        if (!mine.empty()) detail.push_back(json{{"role", "list"}, {"label", Tr(m_lang, "Autres propositions du même auteur")}, {"children", mine}});
        children.push_back(json{{"role", "region"}, {"label", Tr(m_lang, "Proposition examinée")}, {"children", detail}});
    }
    children.push_back(A11yButton("audit", Tr(m_lang, "Journal d’audit")));

    // Filters.
    json filters = json::array();
    auto chip = [&](const std::string& id, std::string label, bool on) {
        if (on) label += fr ? " (choisi)" : " (chosen)";
        filters.push_back(A11yButton(id, label));
    };
    for (const char* s : {"", "submitted", "published", "hidden", "rejected"}) {
        std::string label = StatusFilterLabel(s, m_lang);
        if (*s) label += " (" + std::to_string(counts.count(s) ? counts.at(s) : 0) + ")";
        chip(*s ? std::string("status-") + s : "status-all", label, m_status == s);
    }
    chip("flagged-only", Tr(m_lang, "Signalées seulement"), m_flagged_only);
    const auto districts = Districts();
    chip("district-all", Tr(m_lang, "Tous les quartiers"), m_district.empty());
    for (size_t i = 0; i < districts.size(); ++i) chip("district-" + std::to_string(i), districts[i], m_district == districts[i]);
    const auto categories = Categories();
    chip("category-all", Tr(m_lang, "Toutes les catégories"), m_category.empty());
    for (size_t i = 0; i < categories.size(); ++i) chip("category-" + std::to_string(i), CategoryLabel(categories[i]), m_category == categories[i]);
    children.push_back(json{{"role", "region"}, {"label", Tr(m_lang, "Filtres")}, {"children", filters}});

    json items = json::array();
    const auto& visible = Visible();
    const size_t first = MirrorFirst(), end = std::min(visible.size(), first + kMirrorPage);
    for (size_t i = first; i < end; ++i) {
        const Item* it = visible[i];
        const auto& p = it->proposal;
        std::string line = p.title + ". " + StatusLabel(p.status, m_lang) + ".";
        if (it->flags > 0) {
            line += " " + FlagsLabel(it->flags, m_lang) + " :";
            for (size_t i = 0; i < it->flag_reasons.size(); ++i) line += (i ? " ; " : " ") + it->flag_reasons[i];
            line += ".";
        }
        if (Current() == it) line += fr ? " (examinée)" : " (under review)";
        const bool checked = m_selection.count(p.id) > 0;
        items.push_back(json{{"role", "listitem"}, {"id", "item-" + std::to_string(p.id)}, {"text", line},
                             {"children", json::array({A11yButton("open-" + std::to_string(p.id), (fr ? "Examiner " : "Review ") + p.title),
                                                       A11yButton("check-" + std::to_string(p.id),
                                                              (checked ? (fr ? "Retirer de la sélection : " : "Unselect: ")
                                                                       : (fr ? "Sélectionner pour une action groupée : " : "Select for a bulk action: ")) + p.title)})}});
    }
    if (items.empty()) children.push_back(A11yText(Tr(m_lang, "Rien à modérer ici.")));
    const std::string label = visible.size() <= kMirrorPage
        ? std::string(Tr(m_lang, "Propositions"))
        : (fr ? "Propositions " + std::to_string(first + 1) + " à " + std::to_string(end) + " sur " + std::to_string(visible.size())
              : "Proposals " + std::to_string(first + 1) + " to " + std::to_string(end) + " of " + std::to_string(visible.size()));
    if (first > 0)
        children.push_back(A11yButton("page-previous", fr ? "Propositions précédentes (" + std::to_string(first - kMirrorPage + 1) + " à " + std::to_string(first) + ")"
                                                          : "Previous proposals (" + std::to_string(first - kMirrorPage + 1) + " to " + std::to_string(first) + ")"));
    // A page turned is said: focus goes to the new page's heading ("Propositions 51 à 100 sur
    // 120"), which a screen reader reads, rather than staying on a button that silently
    // changed its label.
    if (visible.size() > kMirrorPage) {
        json h{{"role", "heading"}, {"level", 3}, {"id", "queue-page"}, {"text", label}};
        if (m_page_turned) h["take_focus"] = true;
        children.push_back(std::move(h));
    }
    children.push_back(json{{"role", "list"}, {"id", "queue-list"}, {"label", label}, {"children", items}});
    if (end < visible.size()) {
        const std::string to = std::to_string(std::min(visible.size(), end + kMirrorPage));
        children.push_back(A11yButton("page-next", fr ? "Propositions suivantes (" + std::to_string(end + 1) + " à " + to + ")"
                                                      : "Next proposals (" + std::to_string(end + 1) + " to " + to + ")"));
    }
    return json{{"role", "region"}, {"label", Tr(m_lang, "Modération")}, {"children", children}};
}


nlohmann::json ModerationModel::StateJson() const {
    static const char* kScreens[] = {"sign_in", "queue", "audit"};
    static const char* kLoads[] = {"idle", "loading", "ready", "failed"};
    nlohmann::json queue = nlohmann::json::array();
    for (const Item* it : Visible())
        queue.push_back({{"id", it->proposal.id}, {"title", it->proposal.title}, {"status", ToString(it->proposal.status)},
                         {"flags", it->flags}, {"selected", m_selection.count(it->proposal.id) > 0}});
    nlohmann::json duplicates = nlohmann::json::array();
    for (const auto& d : LikelyDuplicates()) duplicates.push_back(d.id);
    nlohmann::json same_author = nlohmann::json::array();
    for (const auto& o : SameAuthor()) same_author.push_back({{"id", o.id}, {"status", ToString(o.status)}});
    const Item* cur = Current();
    return {{"widget", "moderation"},
            {"screen", kScreens[static_cast<int>(m_screen)]},
            {"load", kLoads[static_cast<int>(m_load)]},
            {"signed_in", !m_token.empty()},
            {"queue", std::move(queue)},
            {"current", Current() ? nlohmann::json(Current()->proposal.id) : nlohmann::json()},
            {"counts", CountsByStatus()},
            {"status_filter", m_status},
            {"flagged_only", m_flagged_only},
            {"pending", m_pending.size()},
            {"duplicates", std::move(duplicates)},
            {"same_author", std::move(same_author)},
            {"author", cur && !cur->author.empty() ? nlohmann::json(cur->author) : nlohmann::json()},
            {"place", cur && cur->has_place ? nlohmann::json{cur->proposal.latitude, cur->proposal.longitude} : nlohmann::json()},
            {"district_filter", m_district},
            {"category_filter", m_category},
            {"flagged", FlaggedCount()},
            {"picking_reason", m_picking_reason},
            {"kind", m_kind == Kind::Comments ? "comments" : "proposals"},
            {"comments", [this] {
                 nlohmann::json out = nlohmann::json::array();
                 for (const auto& c : m_comments)
                     out.push_back({{"id", c.id}, {"proposal", c.proposal}, {"body", c.body}, {"status", c.status},
                                    {"flags", c.flags}, {"selected", m_comment_selection.count(c.id) > 0}});
                 return out;
             }()},
            {"comment_current", CurrentComment() ? nlohmann::json(CurrentComment()->id) : nlohmann::json()},
            {"comment_counts", m_comment_counts},
            {"districts_loaded", m_regions.size()},
            {"audit_valid", m_audit_valid ? nlohmann::json(*m_audit_valid) : nlohmann::json()},
            {"notice", m_notice},
            {"error", m_error ? nlohmann::json{{"code", m_error->code}, {"message", m_error->Message(m_lang)}}
                              : nlohmann::json()}};
}

} // namespace quartier

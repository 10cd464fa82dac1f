// ModerationModel: the queue, its keyboard-driven actions with an undo window, duplicate
// hints and the audit log.
#include "widgets/moderation/moderation_model.h"

#include "shared/geo/geo.h"
#include "widgets/app/i18n.h"
#include "widgets/app/platform.h"

#include <algorithm>
#include <cctype>

namespace quartier {

namespace {

// Lower-case ASCII words of a title, French accents folded, short and common words dropped.
std::set<std::string> Words(const std::string& text) {
    static const std::pair<const char*, char> kFold[] = {
        {"à", 'a'}, {"â", 'a'}, {"ä", 'a'}, {"ç", 'c'}, {"é", 'e'}, {"è", 'e'}, {"ê", 'e'}, {"ë", 'e'},
        {"î", 'i'}, {"ï", 'i'}, {"ô", 'o'}, {"ö", 'o'}, {"ù", 'u'}, {"û", 'u'}, {"ü", 'u'}, {"ÿ", 'y'},
        {"À", 'a'}, {"Â", 'a'}, {"Ç", 'c'}, {"É", 'e'}, {"È", 'e'}, {"Ê", 'e'}, {"Î", 'i'}, {"Ô", 'o'},
        {"Ù", 'u'}, {"Û", 'u'}};
    static const std::set<std::string> kStop = {"les", "des", "une", "pour", "aux", "dans", "sur", "avec",
                                                "the", "and", "for", "par", "rue", "de", "du", "la", "le"};
    std::string folded;
    for (size_t i = 0; i < text.size();) {
        bool done = false;
        for (const auto& [from, to] : kFold) {
            const size_t n = std::char_traits<char>::length(from);
            if (text.compare(i, n, from) == 0) {
                folded += to;
                i += n;
                done = true;
                break;
            }
        }
        if (done) continue;
        const auto c = static_cast<unsigned char>(text[i++]);
        folded += std::isalnum(c) ? static_cast<char>(std::tolower(c)) : ' ';
    }
    std::set<std::string> words;
    size_t start = 0;
    while (start < folded.size()) {
        const size_t end = folded.find(' ', start);
        const std::string w = folded.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (w.size() >= 3 && !kStop.count(w)) words.insert(w);
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return words;
}

double Similarity(const std::set<std::string>& wa, const std::set<std::string>& wb) {
    if (wa.empty() || wb.empty()) return 0.0;
    size_t common = 0;
    for (const auto& w : wa) common += wb.count(w);
    return static_cast<double>(common) / static_cast<double>(wa.size() + wb.size() - common);
}

std::int64_t Count(const nlohmann::json& j) {
    if (j.is_number_integer()) return j.get<std::int64_t>();
    if (j.is_array()) return static_cast<std::int64_t>(j.size());
    return 0;
}

} // namespace

double TitleSimilarity(const std::string& a, const std::string& b) {
    return Similarity(Words(a), Words(b));
}

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
        if (!r.Ok() || !r.body.is_object() || !r.body.contains("token")) {
            m_error = r.error ? r.error
                              : FieldError{"bad_answer", "", "The server sent an unreadable answer.",
                                           "Le serveur a envoyé une réponse illisible."};
            return;
        }
        m_role = r.body.value("role", "");
        if (m_role != "moderator" && m_role != "admin") {
            m_error = FieldError{"forbidden", "email", "This account may not moderate.",
                                 "Ce compte n’a pas le droit de modérer."};
            return;
        }
        m_token = r.body["token"].get<std::string>();
        m_screen = Screen::Queue;
        Refresh();
    });
}

void ModerationModel::Refresh() {
    m_load = Load::Loading;
    m_api.Get(
        Base() + "/queue",
        [this](const ApiResult& r) {
            const auto& items = r.body.is_object() ? r.body.value("items", nlohmann::json()) : r.body;
            if (!r.Ok() || !items.is_array()) {
                m_load = Load::Failed;
                m_error = r.error ? r.error
                                  : FieldError{"bad_answer", "", "The queue could not be read.",
                                               "La file de modération n’a pas pu être lue."};
                return;
            }
            m_items.clear();
            m_words.clear();
            for (const auto& j : items) {
                if (!j.is_object() || !j.contains("id") || !j["id"].is_number_integer()) continue;
                Item it;
                Proposal& p = it.proposal;
                p.id = j["id"].get<std::int64_t>();
                p.title = j.value("title", "");
                p.description = j.value("description", "");
                p.category = j.value("category", "");
                p.latitude = j.value("latitude", nlohmann::json()).is_number() ? j["latitude"].get<double>() : 0.0;
                p.longitude = j.value("longitude", nlohmann::json()).is_number() ? j["longitude"].get<double>() : 0.0;
                p.estimated_cost = j.value("estimated_cost", nlohmann::json()).is_number_integer()
                                       ? j["estimated_cost"].get<std::int64_t>() : 0;
                ParseProposalStatus(j.value("status", "submitted"), p.status);
                it.has_place = j.contains("latitude") && j["latitude"].is_number();
                it.flags = Count(j.value("flags", nlohmann::json()));
                for (const char* key : {"reasons", "flag_reasons"})
                    for (const auto& reason : j.value(key, nlohmann::json::array()))
                        if (reason.is_string()) it.flag_reasons.push_back(reason.get<std::string>());
                const auto d = j.value("district", nlohmann::json());
                it.district = d.is_object() ? d.value("name", "") : d.is_string() ? d.get<std::string>() : "";
                it.created_at = j.value("created_at", "");
                const auto author = j.value("author", nlohmann::json());
                it.author = author.is_string() ? author.get<std::string>() : author.is_number() ? author.dump() : "";
                m_items.push_back(std::move(it));
            }
            Changed();
            // Actions still in their undo window keep their effect on screen.
            for (const auto& p : m_pending)
                Apply(p.ids, p.action == "approve" ? ProposalStatus::Published
                             : p.action == "reject" ? ProposalStatus::Rejected
                                                    : ProposalStatus::Hidden);
            m_load = Load::Ready;
            m_current = std::min(m_current, Visible().empty() ? 0 : Visible().size() - 1);
        },
        m_token);
}

std::vector<const ModerationModel::Item*> ModerationModel::Visible() const {
    if (m_visible_version == m_version) return m_visible;
    std::vector<const Item*>& out = m_visible;
    out.clear();
    for (const auto& it : m_items) {
        if (!m_status.empty() && ToString(it.proposal.status) != m_status) continue;
        if (m_flagged_only && it.flags == 0) continue;
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
    const auto v = Visible();
    return m_current < v.size() ? v[m_current] : nullptr;
}

std::map<std::string, std::int64_t> ModerationModel::CountsByStatus() const {
    if (m_counts_version == m_version) return m_counts;
    m_counts.clear();
    for (const auto& it : m_items) ++m_counts[ToString(it.proposal.status)];
    m_counts_version = m_version;
    return m_counts;
}

void ModerationModel::SetStatusFilter(std::string status) {
    m_status = std::move(status);
    Changed();
    m_current = 0;
}

void ModerationModel::SetFlaggedOnly(bool only) {
    m_flagged_only = only;
    Changed();
    m_current = 0;
}

void ModerationModel::Next() {
    if (m_current + 1 < Visible().size()) ++m_current;
}

void ModerationModel::Previous() {
    if (m_current > 0) --m_current;
}

void ModerationModel::ToggleSelected() {
    if (const Item* it = Current()) {
        const auto id = it->proposal.id;
        if (!m_selection.erase(id)) m_selection.insert(id);
    }
}

std::vector<std::int64_t> ModerationModel::Targets() const {
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
    const ProposalStatus s = p.action == "approve" ? ProposalStatus::Published
                           : p.action == "reject"  ? ProposalStatus::Rejected
                                                   : ProposalStatus::Hidden;
    Apply(p.ids, s);
    m_pending.push_back(std::move(p));
    m_selection.clear();
    const auto n = m_pending.back().ids.size();
    m_notice = words + (n > 1 ? " (" + std::to_string(n) + ")" : "") +
               Tr(m_lang, " — touche u pour annuler.", " — press u to undo.");
    const auto v = Visible();
    m_current = std::min(m_current, v.empty() ? 0 : v.size() - 1);
}

void ModerationModel::Approve() { Queue({"approve", Targets(), "", 0, 0}, Tr(m_lang, "Approuvée", "Approved")); }

void ModerationModel::Reject(int reason_index) {
    const auto& reasons = RejectReasons();
    if (reason_index < 0 || reason_index >= static_cast<int>(reasons.size())) return;
    Queue({"reject", Targets(), reasons[static_cast<size_t>(reason_index)].first, 0, 0},
          Tr(m_lang, "Rejetée", "Rejected"));
}

void ModerationModel::Hide() { Queue({"hide", Targets(), "", 0, 0}, Tr(m_lang, "Masquée", "Hidden")); }

void ModerationModel::MergeInto(std::int64_t target_id) {
    const Item* it = Current();
    if (!it || it->proposal.id == target_id) return;
    Queue({"merge", {it->proposal.id}, "", target_id, 0}, Tr(m_lang, "Fusionnée", "Merged"));
}

bool ModerationModel::Undo() {
    if (m_pending.empty()) return false;
    const Pending p = m_pending.back();
    m_pending.pop_back();
    for (auto& it : m_items)
        if (std::count(p.ids.begin(), p.ids.end(), it.proposal.id)) {
            const auto before = m_before.find(it.proposal.id);
            if (before != m_before.end()) {
                it.proposal.status = before->second;
                m_before.erase(before);
            }
        }
    Changed();
    m_notice = Tr(m_lang, "Action annulée.", "Action undone.");
    return true;
}

void ModerationModel::Tick(double now) {
    while (!m_pending.empty() && m_pending.front().send_at <= now) {
        Send(m_pending.front());
        for (auto id : m_pending.front().ids) m_before.erase(id);
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
    if (p.ids.size() > 1) {
        m_api.Post(Base() + "/bulk", {{"ids", p.ids}, {"action", p.action}, {"reason", p.reason}}, done, m_token);
        return;
    }
    nlohmann::json body{{"reason", p.reason}};
    if (p.action == "merge") body["into"] = p.into;
    m_api.Post(Base() + "/proposals/" + std::to_string(p.ids[0]) + "/" + p.action, body, done, m_token);
}

std::vector<const ModerationModel::Item*> ModerationModel::LikelyDuplicates() const {
    const Item* cur = Current();
    if (m_dups_version == m_version && m_dups_of == cur) return m_dups;
    m_dups_version = m_version;
    m_dups_of = cur;
    std::vector<const Item*>& out = m_dups;
    out.clear();
    if (!cur) return out;
    if (m_words.size() != m_items.size()) { // each title's words, once per queue
        m_words.clear();
        for (const auto& it : m_items) m_words.push_back(Words(it.proposal.title));
    }
    const auto& mine = m_words[static_cast<size_t>(cur - m_items.data())];
    const LonLat here{cur->proposal.longitude, cur->proposal.latitude};
    for (size_t i = 0; i < m_items.size(); ++i) {
        const Item& it = m_items[i];
        if (&it == cur || it.proposal.status == ProposalStatus::Rejected) continue;
        const bool near = cur->has_place && it.has_place &&
                          DistanceMetres(here, {it.proposal.longitude, it.proposal.latitude}) < 150.0;
        const double similar = Similarity(mine, m_words[i]);
        if (similar >= 0.5 || (near && similar >= 0.2)) out.push_back(&it);
    }
    return out;
}

std::vector<const ModerationModel::Item*> ModerationModel::SameAuthor() const {
    std::vector<const Item*> out;
    const Item* cur = Current();
    if (!cur || cur->author.empty()) return out;
    for (const auto& it : m_items)
        if (&it != cur && it.author == cur->author) out.push_back(&it);
    return out;
}

void ModerationModel::ShowAudit() {
    m_screen = Screen::Audit;
    m_api.Get(Base() + "/audit", [this](const ApiResult& r) {
        if (r.Ok()) m_audit = r.body.is_object() ? r.body.value("items", nlohmann::json::array()) : r.body;
        else m_error = r.error;
    }, m_token);
    m_api.Get(Base() + "/audit/verify", [this](const ApiResult& r) {
        if (r.Ok() && r.body.is_object()) m_audit_valid = r.body.value("valid", r.body.value("ok", false));
        else m_error = r.error;
    }, m_token);
}

void ModerationModel::ShowQueue() { m_screen = Screen::Queue; }

nlohmann::json ModerationModel::StateJson() const {
    static const char* kScreens[] = {"sign_in", "queue", "audit"};
    static const char* kLoads[] = {"idle", "loading", "ready", "failed"};
    nlohmann::json queue = nlohmann::json::array();
    for (const Item* it : Visible())
        queue.push_back({{"id", it->proposal.id}, {"title", it->proposal.title}, {"status", ToString(it->proposal.status)},
                         {"flags", it->flags}, {"selected", m_selection.count(it->proposal.id) > 0}});
    nlohmann::json duplicates = nlohmann::json::array();
    for (const Item* it : LikelyDuplicates()) duplicates.push_back(it->proposal.id);
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
            {"audit_valid", m_audit_valid ? nlohmann::json(*m_audit_valid) : nlohmann::json()},
            {"notice", m_notice},
            {"error", m_error ? nlohmann::json{{"code", m_error->code}, {"message", m_error->Message(m_lang)}}
                              : nlohmann::json()}};
}

} // namespace quartier

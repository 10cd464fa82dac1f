// CommentsModel: the thread of one proposal, its commands and its accessible description.
#include "widgets/app/comments_model.h"

#include "shared/comment.h"
#include "shared/i18n.h"
#include "shared/json_read.h"
#include "shared/text.h"
#include "widgets/app/accessible.h"
#include "widgets/app/i18n.h"
#include "widgets/app/platform.h"

#include <cstdlib>

namespace quartier {

namespace {

nlohmann::json ErrorJson(const std::optional<FieldError>& e, const std::string& lang) {
    if (!e) return nullptr;
    return {{"code", e->code}, {"field", e->field}, {"message", e->Message(lang)}};
}

const FieldError kUnreadable{"bad_answer", "", Msg("Le serveur a envoyé une réponse illisible.")};

// "2026-12-07T…" → "07/12/2026" (French, Spanish) or "2026-12-07" (English): the day only,
// which the server's UTC clock gives right but for the night's first hours.
std::string DayOf(const std::string& iso, const std::string& lang) {
    if (iso.size() < 10) return iso;
    if (lang.rfind("en", 0) == 0) return iso.substr(0, 10);
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

// "ID" after prefix in id, as a number; 0 when id does not start so.
std::int64_t IdAfter(const std::string& id, const std::string& prefix) {
    if (id.rfind(prefix, 0) != 0) return 0;
    const std::string rest = id.substr(prefix.size());
    if (rest.empty() || rest.size() > 18 || rest.find_first_not_of("0123456789") != std::string::npos) return 0;
    return std::stoll(rest);
}

} // namespace

const std::vector<std::string>& CommentsModel::Stances() {
    static const std::vector<std::string> kStances{"for", "against", "neutral"};
    return kStances;
}

CommentsModel::CommentsModel(ApiClient& api, std::string lang) : m_api(api), m_lang(std::move(lang)) {}

std::string CommentsModel::Path() const { return m_base + "/proposals/" + std::to_string(m_proposal) + "/comments"; }

int CommentsModel::Pages() const {
    return m_total <= 0 ? 1 : static_cast<int>((m_total + kPerPage - 1) / kPerPage);
}

void CommentsModel::Open(std::int64_t proposal) {
    if (proposal != m_proposal) {
        m_items.clear();
        m_total = m_count = 0;
        m_page = 1;
        m_draft.clear();
        m_draft_stance = -1;
        CancelCompose();
        m_notice.clear();
    }
    m_proposal = proposal;
    m_error.reset();
    Reload();
}

void CommentsModel::Close() {
    m_proposal = 0;
    ++m_generation;
    m_items.clear();
    m_load = Load::Idle;
    CancelCompose();
}

void CommentsModel::Reload() {
    if (!m_proposal) return;
    m_load = Load::Loading;
    const unsigned gen = ++m_generation;
    m_api.Get(Path() + "?sort=" + m_sort + "&page=" + std::to_string(m_page) + "&per_page=" + std::to_string(kPerPage),
              [this, gen](const ApiResult& r) {
                  if (gen != m_generation) return;
                  Loaded(r);
              },
              m_token);
}

CommentsModel::Comment CommentsModel::Read(const nlohmann::json& j) const {
    Comment c;
    c.id = JsonOr(j, "id", std::int64_t{0});
    const auto& parent = JsonOr(j, "parent", nlohmann::json());
    c.parent = parent.is_number_integer() ? parent.get<std::int64_t>() : 0;
    c.body = JsonOr(j, "body", std::string());
    const auto& stance = JsonOr(j, "stance", nlohmann::json());
    c.stance = stance.is_string() ? stance.get<std::string>() : "";
    c.status = JsonOr(j, "status", std::string("published"));
    c.created_at = JsonOr(j, "created_at", std::string());
    c.edited = JsonOr(j, "edited_at", nlohmann::json()).is_string() && c.status != "deleted";
    c.mine = JsonOr(j, "mine", false);
    const auto& left = JsonOr(j, "edit_seconds_left", nlohmann::json());
    if (left.is_number()) c.edit_until = NowSeconds() + left.get<double>();
    const auto& replies = JsonOr(j, "replies", nlohmann::json());
    if (replies.is_array())
        for (const auto& r : replies) c.replies.push_back(Read(r));
    return c;
}

void CommentsModel::Loaded(const ApiResult& r) {
    if (!r.Ok() || !r.body.is_object() || !r.body.contains("items") || !r.body["items"].is_array()) {
        m_load = Load::Failed;
        m_error = r.error ? r.error : kUnreadable;
        return;
    }
    m_items.clear();
    for (const auto& item : r.body["items"]) m_items.push_back(Read(item));
    m_total = JsonOr(r.body, "total", std::int64_t{0});
    m_count = JsonOr(r.body, "comments", std::int64_t{0});
    m_stances = JsonOr(r.body, "stances", false);
    m_premoderation = JsonOr(r.body, "premoderation", false);
    m_load = Load::Ready;
    // A page emptied (the last comment of the last page went): the one before.
    if (m_items.empty() && m_page > 1) {
        m_page = Pages();
        Reload();
        return;
    }
    if (m_on_count) m_on_count(m_proposal, m_count);
}

void CommentsModel::Failed(const ApiResult& r) { m_error = r.error ? r.error : kUnreadable; }

void CommentsModel::SetSort(const std::string& sort) {
    if (sort != "newest" && sort != "oldest") return;
    m_sort = sort;
    m_page = 1;
    Reload();
}

void CommentsModel::NextPage() {
    if (m_page >= Pages()) return;
    ++m_page;
    Reload();
}

void CommentsModel::PreviousPage() {
    if (m_page <= 1) return;
    --m_page;
    Reload();
}

const CommentsModel::Comment* CommentsModel::Find(std::int64_t id) const {
    for (const auto& c : m_items) {
        if (c.id == id) return &c;
        for (const auto& r : c.replies)
            if (r.id == id) return &r;
    }
    return nullptr;
}

bool CommentsModel::CanEdit(const Comment& c) const {
    return c.mine && (c.status == "published" || c.status == "pending") && NowSeconds() < c.edit_until;
}

void CommentsModel::StartReply(std::int64_t id) {
    const Comment* c = Find(id);
    if (!c || !CanReply(*c)) return;
    m_compose = Compose::Reply;
    m_target = id;
    m_inline.clear();
    m_inline_stance = -1;
    m_error.reset();
    m_notice.clear();
}

void CommentsModel::StartEdit(std::int64_t id) {
    const Comment* c = Find(id);
    if (!c || !CanEdit(*c)) return;
    m_compose = Compose::Edit;
    m_target = id;
    m_inline = c->body;
    m_inline_stance = -1;
    for (std::size_t i = 0; i < Stances().size(); ++i)
        if (Stances()[i] == c->stance) m_inline_stance = static_cast<int>(i);
    m_error.reset();
    m_notice.clear();
}

void CommentsModel::StartReport(std::int64_t id) {
    const Comment* c = Find(id);
    if (!c || !CanReport(*c)) return;
    m_compose = Compose::Report;
    m_target = id;
    m_error.reset();
    m_notice.clear();
}

void CommentsModel::CancelCompose() {
    m_compose = Compose::None;
    m_target = 0;
    m_confirm_delete = 0;
    m_inline.clear();
    m_inline_stance = -1;
    if (m_error && m_error->field == "inline") m_error.reset();
}

bool CommentsModel::Ready(const char* field) {
    if (m_sending || !m_proposal) return false;
    m_notice.clear();
    if (m_token.empty()) {
        m_error = FieldError{"login_required", field, Msg("Connectez-vous en tant qu’habitant pour commenter.")};
        return false;
    }
    return true;
}

bool CommentsModel::Post() {
    if (!Ready("body")) return false;
    const std::string text = Trim(m_draft);
    if (auto e = ValidateCommentBody(text)) {
        m_error = e;
        return false;
    }
    nlohmann::json body{{"body", text}};
    if (m_stances && m_draft_stance >= 0 && m_draft_stance < static_cast<int>(Stances().size()))
        body["stance"] = Stances()[m_draft_stance];
    m_error.reset();
    m_sending = true;
    const unsigned gen = m_generation;
    m_api.Post(Path(), body, [this, gen](const ApiResult& r) {
        m_sending = false;
        if (gen != m_generation && !m_proposal) return;
        if (!r.Ok()) return Failed(r);
        m_draft.clear();
        m_draft_stance = -1;
        m_notice = JsonOr(r.body, "status", std::string()) == "pending"
            ? Tr(m_lang, "Votre commentaire est enregistré. Il sera publié quand un modérateur l’aura accepté.")
            : Tr(m_lang, "Votre commentaire est publié.");
        // Newest first, it shows at the top of the first page.
        if (m_sort == "newest") m_page = 1;
        Reload();
    }, m_token);
    return true;
}

bool CommentsModel::SendInline() {
    if (m_compose != Compose::Reply && m_compose != Compose::Edit) return false;
    if (!Ready("inline")) return false;
    const std::string text = Trim(m_inline);
    if (auto e = ValidateCommentBody(text)) {
        e->field = "inline";
        m_error = e;
        return false;
    }
    nlohmann::json body{{"body", text}};
    const Comment* target = Find(m_target);
    const bool top = target && !target->parent;
    // A stance goes with a comment, not with a reply (as on the plain pages).
    if (m_stances && m_compose == Compose::Edit && top && m_inline_stance >= 0 &&
        m_inline_stance < static_cast<int>(Stances().size()))
        body["stance"] = Stances()[m_inline_stance];
    if (m_compose == Compose::Reply) body["parent"] = m_target;
    m_error.reset();
    m_sending = true;
    const bool reply = m_compose == Compose::Reply;
    auto done = [this, reply](const ApiResult& r) {
        m_sending = false;
        if (!r.Ok()) {
            Failed(r);
            if (m_error && (m_error->field == "body" || m_error->field.empty())) m_error->field = "inline";
            return;
        }
        CancelCompose();
        const bool pending = JsonOr(r.body, "status", std::string()) == "pending";
        m_notice = pending ? Tr(m_lang, "Votre texte est enregistré. Il sera publié quand un modérateur l’aura accepté.")
                 : reply   ? Tr(m_lang, "Votre réponse est publiée.")
                           : Tr(m_lang, "Votre commentaire est modifié.");
        Reload();
    };
    if (reply)
        m_api.Post(Path(), body, done, m_token);
    else
        m_api.Patch(m_base + "/comments/" + std::to_string(m_target), body, done, m_token);
    return true;
}

bool CommentsModel::Report(int reason) {
    if (m_compose != Compose::Report || reason < 0 || reason >= static_cast<int>(std::size(kReportReasons))) return false;
    if (!Ready("inline")) return false;
    m_sending = true;
    m_api.Post(m_base + "/comments/" + std::to_string(m_target) + "/flags", {{"reason", kReportReasons[reason].fr}},
               [this](const ApiResult& r) {
                   m_sending = false;
                   if (!r.Ok() && !(r.error && r.error->code == "already_flagged")) {
                       Failed(r);
                       if (m_error && m_error->field.empty()) m_error->field = "inline";
                       return;
                   }
                   CancelCompose();
                   m_notice = r.Ok() ? Tr(m_lang, "Merci : les modérateurs de la commune liront ce commentaire.")
                                     : Tr(m_lang, "Vous avez déjà signalé ce commentaire.");
               },
               m_token);
    return true;
}

bool CommentsModel::Delete(std::int64_t id) {
    const Comment* c = Find(id);
    if (!c || !CanDelete(*c) || m_confirm_delete != id) return false;
    if (!Ready("inline")) return false;
    m_sending = true;
    m_api.Delete(m_base + "/comments/" + std::to_string(id), [this](const ApiResult& r) {
        m_sending = false;
        m_confirm_delete = 0;
        if (!r.Ok()) return Failed(r);
        CancelCompose();
        m_notice = Tr(m_lang, "Votre commentaire est supprimé.");
        Reload();
    }, m_token);
    return true;
}

// [SECTION] Words

std::string CommentStanceLabel(const std::string& stance, const std::string& lang) {
    if (stance == "for") return TrC(lang, "comment stance", "pour");
    if (stance == "against") return TrC(lang, "comment stance", "contre");
    if (stance == "neutral") return TrC(lang, "comment stance", "neutre");
    return "";
}

std::string CommentsModel::StanceLabel(const std::string& stance) const { return CommentStanceLabel(stance, m_lang); }

std::string CommentsModel::MetaLine(const Comment& c) const {
    if (c.status == "deleted") return Tr(m_lang, "Commentaire supprimé par son auteur.");
    if (c.status == "hidden") return Tr(m_lang, "Commentaire masqué par la modération.");
    std::string meta = c.mine ? Fill(Tr(m_lang, "Vous, le {}"), DayOf(c.created_at, m_lang))
                              : Fill(Tr(m_lang, "Un habitant, le {}"), DayOf(c.created_at, m_lang));
    if (!c.stance.empty()) meta += " · " + StanceLabel(c.stance);
    if (c.edited) meta += " · " + std::string(Tr(m_lang, "modifié"));
    if (c.status == "pending") meta += " · " + std::string(Tr(m_lang, "en attente de modération"));
    return meta;
}

std::string CommentsModel::CountLabel() const { return CountOf(m_count, m_lang, "commentaire", "commentaires"); }

nlohmann::json CommentsModel::StateJson() const {
    static const char* kLoads[] = {"idle", "loading", "ready", "failed"};
    static const char* kCompose[] = {"none", "reply", "edit", "report"};
    auto one = [this](const Comment& c) {
        return nlohmann::json{{"id", c.id},         {"parent", c.parent},   {"body", c.body},
                              {"stance", c.stance}, {"status", c.status},   {"mine", c.mine},
                              {"edited", c.edited}, {"editable", CanEdit(c)}, {"meta", MetaLine(c)}};
    };
    nlohmann::json items = nlohmann::json::array();
    for (const auto& c : m_items) {
        auto j = one(c);
        j["replies"] = nlohmann::json::array();
        for (const auto& r : c.replies) j["replies"].push_back(one(r));
        items.push_back(std::move(j));
    }
    return {{"proposal", m_proposal},
            {"load", kLoads[static_cast<int>(m_load)]},
            {"items", std::move(items)},
            {"total", m_total},
            {"count", m_count},
            {"page", m_page},
            {"pages", Pages()},
            {"sort", m_sort},
            {"stances", m_stances},
            {"signed_in", SignedIn()},
            {"sending", m_sending},
            {"draft", m_draft},
            {"compose", kCompose[static_cast<int>(m_compose)]},
            {"target", m_target},
            {"error", ErrorJson(m_error, m_lang)},
            {"notice", m_notice}};
}

// [SECTION] Accessibility mirror

nlohmann::json CommentsModel::Accessibility() const {
    using namespace a11y;
    const std::string& l = m_lang;
    json out = json::array();
    out.push_back(Heading(Fill(Tr(l, "Commentaires ({})"), FormatCount(m_count, l)), 4, "comments-heading"));
    out.push_back(Status("comment-notice", m_load == Load::Loading ? std::string(Tr(l, "Chargement des commentaires…"))
                                                                    : m_notice));
    out.push_back(Alert("comment-alert", m_error ? m_error->Message(l) : ""));
    const std::vector<Option> stances = [&] {
        std::vector<Option> o{{"", Tr(l, "Sans position")}};
        for (const auto& s : Stances()) o.push_back({s, StanceLabel(s)});
        return o;
    }();
    auto inline_form = [&](json& actions) {
        if (m_compose == Compose::Report) {
            for (std::size_t i = 0; i < std::size(kReportReasons); ++i)
                actions.push_back(Button("comment-reason-" + std::to_string(i),
                                         Fill(Tr(l, "Signaler : {}"), Tr(l, kReportReasons[i].fr)), !m_sending));
        } else {
            json input = Input("comment-inline", m_compose == Compose::Reply ? Tr(l, "Votre réponse") : Tr(l, "Votre commentaire"),
                               m_inline, InputKind::Multiline, true);
            if (m_error && m_error->field == "inline") input["error"] = m_error->Message(l);
            actions.push_back(std::move(input));
            const Comment* t = Find(m_target);
            if (m_stances && m_compose == Compose::Edit && t && !t->parent)
                actions.push_back(Select("comment-inline-stance", Tr(l, "Votre position"), stances,
                                         m_inline_stance >= 0 ? Stances()[m_inline_stance] : ""));
            actions.push_back(Button("comment-send", m_compose == Compose::Reply ? Tr(l, "Répondre") : Tr(l, "Enregistrer"),
                                     !m_sending));
        }
        actions.push_back(Button("comment-cancel", Tr(l, "Annuler")));
    };
    auto item = [&](const Comment& c, json children) {
        std::string text = MetaLine(c);
        if (!c.body.empty()) text += " — " + c.body;
        json actions = json::array();
        const std::string id = std::to_string(c.id);
        if (CanReply(c)) actions.push_back(Button("comment-reply-" + id, Tr(l, "Répondre"), !m_sending));
        if (CanEdit(c)) actions.push_back(Button("comment-edit-" + id, Tr(l, "Modifier"), !m_sending));
        if (CanDelete(c)) {
            if (m_confirm_delete == c.id)
                actions.push_back(Button("comment-confirm-delete", Tr(l, "Confirmer la suppression"), !m_sending));
            else
                actions.push_back(Button("comment-delete-" + id, Tr(l, "Supprimer"), !m_sending));
        }
        if (CanReport(c)) actions.push_back(Button("comment-report-" + id, Tr(l, "Signaler"), !m_sending));
        if (m_compose != Compose::None && m_target == c.id) inline_form(actions);
        if (!children.empty()) actions.push_back(List(Tr(l, "Réponses"), std::move(children)));
        return ListItem("comment-" + id, text, std::move(actions));
    };
    if (SignedIn()) {
        json input = Input("comment-text", Tr(l, "Votre commentaire"), m_draft, InputKind::Multiline, true);
        if (m_error && m_error->field == "body") input["error"] = m_error->Message(l);
        out.push_back(std::move(input));
        if (m_stances)
            out.push_back(Select("comment-stance", Tr(l, "Votre position"), stances,
                                 m_draft_stance >= 0 ? Stances()[m_draft_stance] : ""));
        out.push_back(Button("comment-post", m_sending ? Tr(l, "Envoi…") : Tr(l, "Publier mon commentaire"), !m_sending));
    } else {
        out.push_back(Text(Tr(l, "Connectez-vous pour commenter.")));
    }
    out.push_back(Select("comment-sort", Tr(l, "Ordre des commentaires"),
                         {{"newest", Tr(l, "Les plus récents d’abord")}, {"oldest", Tr(l, "Les plus anciens d’abord")}},
                         m_sort));
    json list = json::array();
    for (const auto& c : m_items) {
        json replies = json::array();
        for (const auto& r : c.replies) replies.push_back(item(r, json::array()));
        list.push_back(item(c, std::move(replies)));
    }
    if (m_load == Load::Ready && m_items.empty()) out.push_back(Text(Tr(l, "Aucun commentaire pour le moment.")));
    else out.push_back(List(Tr(l, "Commentaires"), std::move(list)));
    if (Pages() > 1) {
        out.push_back(Text(Fill(Tr(l, "Page {0} sur {1}"), std::to_string(m_page), std::to_string(Pages()))));
        if (m_page > 1) out.push_back(Button("comment-previous", Tr(l, "Page précédente")));
        if (m_page < Pages()) out.push_back(Button("comment-next", Tr(l, "Page suivante")));
    }
    return out;
}

bool CommentsModel::Command(const std::string& id, const nlohmann::json& value) {
    const std::string text = a11y::ValueText(value);
    auto stance_index = [](const std::string& s) {
        for (std::size_t i = 0; i < Stances().size(); ++i)
            if (Stances()[i] == s) return static_cast<int>(i);
        return -1;
    };
    if (id == "comment-text") return m_draft = text, true;
    if (id == "comment-stance") return m_draft_stance = stance_index(text), true;
    if (id == "comment-post") return Post();
    if (id == "comment-sort") return SetSort(text), true;
    if (id == "comment-next") return NextPage(), true;
    if (id == "comment-previous") return PreviousPage(), true;
    if (id == "comment-inline") return m_inline = text, true;
    if (id == "comment-inline-stance") return m_inline_stance = stance_index(text), true;
    if (id == "comment-send") return SendInline();
    if (id == "comment-cancel") return CancelCompose(), true;
    if (id == "comment-confirm-delete") return Delete(m_confirm_delete);
    if (auto n = IdAfter(id, "comment-reply-")) return StartReply(n), m_compose == Compose::Reply;
    if (auto n = IdAfter(id, "comment-edit-")) return StartEdit(n), m_compose == Compose::Edit;
    if (auto n = IdAfter(id, "comment-report-")) return StartReport(n), m_compose == Compose::Report;
    if (auto n = IdAfter(id, "comment-delete-")) {
        const Comment* c = Find(n);
        if (!c || !CanDelete(*c)) return false;
        return AskDelete(n), true;
    }
    if (id.rfind("comment-reason-", 0) == 0) {
        const std::string n = id.substr(15);
        if (n.size() != 1 || n[0] < '0' || n[0] > '9') return false;
        return Report(n[0] - '0');
    }
    return false;
}

} // namespace quartier

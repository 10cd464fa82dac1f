// The comments' view (see comments_view.h).
#include "widgets/app/comments_view.h"

#include "shared/comment.h"
#include "shared/text.h"
#include "widgets/app/comments_model.h"
#include "widgets/app/i18n.h"
#include "widgets/app/text_field.h"
#include "widgets/app/theme.h"
#include "widgets/app/ui.h"

#include <imgui.h>

#include <string>

namespace quartier {

namespace {

float Css(float v) { return v * UiScale(); }

// The field's error under it, when the model's error concerns it.
void ErrorFor(const CommentsModel& m, const char* field) {
    const auto& e = m.Error();
    if (e && e->field == field) ErrorLine(*e, m.Language());
}

// A secondary button that flows with the others on the line, noted under id.
bool Action(const char* label, const std::string& id, bool& first, bool enabled = true) {
    if (!first) SameLineIfFits(ButtonWidth(label));
    first = false;
    ImGui::BeginDisabled(!enabled);
    const bool clicked = SecondaryButton((std::string(label) + "###" + id).c_str());
    ImGui::EndDisabled();
    NoteControl(id);
    return clicked;
}

// Stance chips ("pour", "contre", "neutre"), −1 for none; prefix names them.
bool StanceChips(CommentsModel& m, int& stance, const std::string& prefix) {
    std::vector<std::string> names;
    for (const auto& s : CommentsModel::Stances()) names.push_back(m.StanceLabel(s));
    MutedLine(Tr(m.Language(), "Votre position (facultatif)"));
    return ChoiceChips(names, stance, prefix);
}

bool DrawInline(CommentsModel& m, const CommentsModel::Comment& c) {
    const std::string& l = m.Language();
    bool changed = false;
    if (m.Composing() == CommentsModel::Compose::Report) {
        MutedLine(Tr(l, "Pourquoi signalez-vous ce commentaire ?"));
        bool first = true;
        for (std::size_t i = 0; i < std::size(kReportReasons); ++i) {
            const char* reason = Tr(l, kReportReasons[i].fr);
            if (!first) SameLineIfFits(ButtonWidth(reason));
            first = false;
            ImGui::BeginDisabled(m.Sending());
            if (Chip((std::string(reason) + "###reason" + std::to_string(i)).c_str(), false)) {
                m.Report(static_cast<int>(i));
                changed = true;
            }
            ImGui::EndDisabled();
            NoteControl("comment-reason-" + std::to_string(i));
        }
        ErrorFor(m, "inline");
        bool f = true;
        if (Action(Tr(l, "Annuler"), "comment-cancel", f)) m.CancelCompose(), changed = true;
        return changed;
    }
    const bool reply = m.Composing() == CommentsModel::Compose::Reply;
    TextFieldOptions o;
    o.multiline = true;
    o.height = ImGui::GetTextLineHeight() * 3.5f;
    o.label = reply ? Tr(l, "Votre réponse") : Tr(l, "Votre commentaire");
    MutedLine(o.label);
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
    changed |= TextField("##comment-inline", &m.EditInline(), o);
    NoteControl("comment-inline");
    ErrorFor(m, "inline");
    if (!reply && m.StancesOn() && !c.parent) changed |= StanceChips(m, m.EditInlineStance(), "comment-inline-stance-");
    ImGui::BeginDisabled(m.Sending());
    if (PrimaryButton((std::string(reply ? Tr(l, "Répondre") : Tr(l, "Enregistrer")) + "###comment-send").c_str())) {
        m.SendInline();
        changed = true;
    }
    ImGui::EndDisabled();
    NoteControl("comment-send");
    SameLineIfFits(ButtonWidth(Tr(l, "Annuler")));
    if (SecondaryButton((std::string(Tr(l, "Annuler")) + "###comment-cancel").c_str())) {
        m.CancelCompose();
        changed = true;
    }
    NoteControl("comment-cancel");
    return changed;
}

bool DrawOne(CommentsModel& m, const CommentsModel::Comment& c) {
    const std::string& l = m.Language();
    bool changed = false;
    ImGui::PushID(static_cast<int>(c.id));
    MutedLine(m.MetaLine(c));
    NoteControl("comment-" + std::to_string(c.id));
    if (!c.body.empty()) ImGui::TextWrapped("%s", c.body.c_str());
    const std::string id = std::to_string(c.id);
    bool first = true;
    if (m.CanReply(c) && Action(Tr(l, "Répondre"), "comment-reply-" + id, first, !m.Sending()))
        m.StartReply(c.id), changed = true;
    if (m.CanEdit(c) && Action(Tr(l, "Modifier"), "comment-edit-" + id, first, !m.Sending()))
        m.StartEdit(c.id), changed = true;
    if (m.CanDelete(c)) {
        if (m.ConfirmingDelete() == c.id) {
            if (Action(Tr(l, "Confirmer la suppression"), "comment-confirm-delete", first, !m.Sending()))
                m.Delete(c.id), changed = true;
            if (Action(Tr(l, "Garder"), "comment-keep", first)) m.CancelCompose(), changed = true;
        } else if (Action(Tr(l, "Supprimer"), "comment-delete-" + id, first, !m.Sending())) {
            m.AskDelete(c.id);
            changed = true;
        }
    }
    if (m.CanReport(c) && Action(Tr(l, "Signaler"), "comment-report-" + id, first, !m.Sending()))
        m.StartReport(c.id), changed = true;
    if (m.Composing() != CommentsModel::Compose::None && m.Target() == c.id) changed |= DrawInline(m, c);
    ImGui::PopID();
    return changed;
}

} // namespace

bool DrawComments(CommentsModel& m) {
    const std::string& l = m.Language();
    bool changed = false;
    ImGui::PushID("comments");
    ImGui::PushFont(HeadingFont());
    ImGui::TextUnformatted(Fill(Tr(l, "Commentaires ({})"), FormatCount(m.Count(), l)).c_str());
    ImGui::PopFont();
    NoteControl("comments-heading");

    if (m.SignedIn()) {
        TextFieldOptions o;
        o.multiline = true;
        o.height = ImGui::GetTextLineHeight() * 3.5f;
        o.label = Tr(l, "Votre commentaire");
        MutedLine(m.Premoderation() ? Tr(l, "Votre commentaire (lu par un modérateur avant publication)")
                                    : Tr(l, "Votre commentaire"));
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
        changed |= TextField("##comment-text", &m.EditDraft(), o);
        NoteControl("comment-text");
        ErrorFor(m, "body");
        ErrorFor(m, "stance");
        if (m.StancesOn()) changed |= StanceChips(m, m.EditDraftStance(), "comment-stance-");
        ImGui::BeginDisabled(m.Sending());
        if (PrimaryButton((std::string(m.Sending() ? Tr(l, "Envoi…") : Tr(l, "Publier mon commentaire")) + "###comment-post")
                              .c_str())) {
            m.Post();
            changed = true;
        }
        ImGui::EndDisabled();
        NoteControl("comment-post");
    } else {
        MutedLine(Tr(l, "Connectez-vous pour commenter."));
    }
    if (!m.Notice().empty()) SuccessLine(m.Notice());
    if (const auto& e = m.Error(); e && e->field.empty()) ErrorLine(*e, l);

    if (m.Total() > 1) {
        int order = m.Sort() == "oldest" ? 1 : 0;
        const std::vector<std::string> orders{Tr(l, "Les plus récents"), Tr(l, "Les plus anciens")};
        if (ChoiceChips(orders, order, "comment-sort-")) {
            m.SetSort(order == 1 ? "oldest" : "newest");
            changed = true;
        }
    }
    if (m.LoadState() == CommentsModel::Load::Loading && m.Items().empty())
        MutedLine(Tr(l, "Chargement des commentaires…"));
    if (m.LoadState() == CommentsModel::Load::Ready && m.Items().empty())
        MutedLine(Tr(l, "Aucun commentaire pour le moment."));

    const ImU32 rule = ImGui::GetColorU32(ImGuiCol_Border);
    for (const auto& c : m.Items()) {
        ImGui::Spacing();
        const ImVec2 a = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddLine(a, ImVec2(a.x + ImGui::GetContentRegionAvail().x, a.y), rule);
        ImGui::Spacing();
        changed |= DrawOne(m, c);
        if (!c.replies.empty()) {
            // Replies indented, a rule at their left as a thread's.
            ImGui::Indent(Css(16));
            const float top = ImGui::GetCursorScreenPos().y;
            for (const auto& r : c.replies) {
                ImGui::Spacing();
                changed |= DrawOne(m, r);
            }
            const float x = ImGui::GetCursorScreenPos().x - Css(10);
            ImGui::GetWindowDrawList()->AddLine(ImVec2(x, top), ImVec2(x, ImGui::GetCursorScreenPos().y), rule, Css(2));
            ImGui::Unindent(Css(16));
        }
    }
    if (m.Pages() > 1) {
        ImGui::Spacing();
        MutedLine(Fill(Tr(l, "Page {0} sur {1}"), std::to_string(m.Page()), std::to_string(m.Pages())));
        bool first = true;
        if (m.Page() > 1 && Action(Tr(l, "Page précédente"), "comment-previous", first)) m.PreviousPage(), changed = true;
        if (m.Page() < m.Pages() && Action(Tr(l, "Page suivante"), "comment-next", first)) m.NextPage(), changed = true;
    }
    ImGui::PopID();
    return changed;
}

} // namespace quartier

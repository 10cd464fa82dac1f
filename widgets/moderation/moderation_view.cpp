// The moderation console's view: sign-in, then the queue on the left and the current
// proposal on the right (its flags, likely duplicates, the author's other submissions),
// or the audit log. Only draws, and turns keys into model commands.
#include "widgets/moderation/moderation_view.h"

#include "shared/text.h"
#include "widgets/app/i18n.h"
#include "widgets/app/platform.h"
#include "widgets/app/theme.h"
#include "widgets/app/ui.h"
#include "widgets/moderation/moderation_model.h"

#include <imgui.h>
#include <misc/cpp/imgui_stdlib.h>

namespace quartier {

namespace {

const char* StatusWord(const std::string& status, const std::string& lang) {
    if (status == "submitted") return Tr(lang, "À modérer", "To review");
    if (status == "published") return Tr(lang, "Publiées", "Published");
    if (status == "rejected") return Tr(lang, "Rejetées", "Rejected");
    if (status == "hidden") return Tr(lang, "Masquées", "Hidden");
    if (status == "selected") return Tr(lang, "Retenues", "Selected");
    return Tr(lang, "Toutes", "All");
}

bool DrawSignIn(ModerationModel& m) {
    const std::string& lang = m.Language();
    bool changed = false;
    Heading(Tr(lang, "Espace de modération", "Moderation"));
    MutedLine(Tr(lang, "Connectez-vous avec votre compte de modérateur.", "Sign in with your moderator account."));
    const float w = std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 22);
    ImGui::TextUnformatted(Tr(lang, "Adresse électronique", "Email address"));
    ImGui::SetNextItemWidth(w);
    changed |= ImGui::InputText("##email", &m.EditEmail());
    NoteControl("email");
    ImGui::TextUnformatted(Tr(lang, "Mot de passe", "Password"));
    ImGui::SetNextItemWidth(w);
    changed |= ImGui::InputText("##password", &m.EditPassword(), ImGuiInputTextFlags_Password);
    NoteControl("password");
    if (m.Error()) ErrorLine(*m.Error(), lang);
    if (PrimaryButton(Tr(lang, "Se connecter", "Sign in"))) {
        m.SignIn();
        changed = true;
    }
    NoteControl("sign-in");
    return changed;
}

// Keyboard shortcuts, read as typed characters so that they follow the keyboard layout.
bool Shortcuts(ModerationModel& m, bool& picking_reason) {
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return false;
    bool changed = false;
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
        const ImWchar c = io.InputQueueCharacters[i];
        if (picking_reason) {
            if (c >= '1' && c <= '9') {
                m.Reject(c - '1');
                picking_reason = false;
                changed = true;
            } else if (c == 27 || c == 'r') {
                picking_reason = false;
            }
            continue;
        }
        switch (c) {
        case 'j': m.Next(); break;
        case 'k': m.Previous(); break;
        case 'x': m.ToggleSelected(); break;
        case 'a': m.Approve(); break;
        case 'r': picking_reason = true; break;
        case 'h': m.Hide(); break;
        case 'u': m.Undo(); break;
        default: continue;
        }
        changed = true;
    }
    return changed;
}

bool DrawQueue(ModerationModel& m) {
    static bool picking_reason = false;
    const std::string& lang = m.Language();
    bool changed = Shortcuts(m, picking_reason);

    Heading(Tr(lang, "File de modération", "Moderation queue"));
    // Status filters with their counts.
    const auto counts = m.CountsByStatus();
    const char* statuses[] = {"submitted", "published", "hidden", "rejected", ""};
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    for (size_t i = 0; i < std::size(statuses); ++i) {
        std::string label = StatusWord(statuses[i], lang);
        if (*statuses[i]) {
            const auto it = counts.find(statuses[i]);
            label += " (" + std::to_string(it == counts.end() ? 0 : it->second) + ")";
        }
        if (i > 0 && ImGui::GetItemRectMax().x + ImGui::CalcTextSize(label.c_str()).x + 40 * UiScale() <= right)
            ImGui::SameLine();
        ImGui::PushID(static_cast<int>(i));
        if (Chip(label.c_str(), m.StatusFilter() == statuses[i])) {
            m.SetStatusFilter(statuses[i]);
            changed = true;
        }
        ImGui::PopID();
        NoteControl(std::string("status-") + (*statuses[i] ? statuses[i] : "all"));
    }
    ImGui::SameLine();
    bool flagged = m.FlaggedOnly();
    if (ImGui::Checkbox(Tr(lang, "Signalées seulement", "Flagged only"), &flagged)) {
        m.SetFlaggedOnly(flagged);
        changed = true;
    }
    NoteControl("flagged-only");
    MutedLine(Tr(lang, "Clavier : j/k suivante/précédente · x sélectionner · a approuver · r rejeter · h masquer · u annuler",
                 "Keys: j/k next/previous · x select · a approve · r reject · h hide · u undo"));
    if (!m.Notice().empty()) SuccessLine(m.Notice());
    if (m.Error()) ErrorLine(*m.Error(), lang);

    const auto visible = m.Visible();
    const bool wide = ImGui::GetContentRegionAvail().x > 700 * UiScale();
    const float list_w = wide ? ImGui::GetContentRegionAvail().x * 0.42f : 0.0f;
    const float list_h = wide ? 0.0f : ImGui::GetContentRegionAvail().y * 0.4f;
    ImGui::BeginChild("queue", ImVec2(list_w, list_h), true);
    ImGuiListClipper clipper; // 10 000 items: only the visible rows are drawn
    clipper.Begin(static_cast<int>(visible.size()), ImGui::GetFrameHeightWithSpacing());
    while (clipper.Step())
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const auto* it = visible[static_cast<size_t>(i)];
            ImGui::PushID(i);
            std::string label = (m.Selection().count(it->proposal.id) ? "\u2713 " : "") + it->proposal.title;
            if (it->flags > 0) label += "  (" + std::to_string(it->flags) + Tr(lang, " signal.)", " flags)");
            if (ImGui::Selectable(label.c_str(), static_cast<size_t>(i) == m.CurrentIndex())) {
                while (m.CurrentIndex() < static_cast<size_t>(i)) m.Next();
                while (m.CurrentIndex() > static_cast<size_t>(i)) m.Previous();
                changed = true;
            }
            NoteControl("item-" + std::to_string(it->proposal.id));
            ImGui::PopID();
        }
    if (visible.empty()) MutedLine(Tr(lang, "Rien à modérer ici.", "Nothing to review here."));
    ImGui::EndChild();
    if (wide) ImGui::SameLine();

    ImGui::BeginChild("detail", ImVec2(0, 0), false);
    if (const auto* cur = m.Current()) {
        const auto& p = cur->proposal;
        Heading(p.title.c_str());
        MutedLine(p.category + (cur->district.empty() ? "" : "  •  " + cur->district) + "  •  " +
                  FormatEuros(p.estimated_cost, lang) + "  •  " + StatusWord(ToString(p.status), lang));
        if (!p.description.empty()) ImGui::TextWrapped("%s", p.description.c_str());
        if (!cur->flag_reasons.empty()) {
            ImGui::TextUnformatted(Tr(lang, "Signalements :", "Flags:"));
            for (const auto& r : cur->flag_reasons) {
                ImGui::Bullet();
                ImGui::TextWrapped("%s", r.c_str());
            }
        }
        if (PrimaryButton(Tr(lang, "Approuver (a)", "Approve (a)"))) {
            m.Approve();
            changed = true;
        }
        NoteControl("approve");
        ImGui::SameLine();
        if (SecondaryButton(Tr(lang, "Rejeter… (r)", "Reject… (r)"))) {
            picking_reason = !picking_reason;
            changed = true;
        }
        NoteControl("reject");
        ImGui::SameLine();
        if (SecondaryButton(Tr(lang, "Masquer (h)", "Hide (h)"))) {
            m.Hide();
            changed = true;
        }
        NoteControl("hide");
        if (picking_reason) {
            MutedLine(Tr(lang, "Motif du rejet (il sera communiqué à l’auteur) :", "Reason (the author will see it):"));
            const auto& reasons = ModerationModel::RejectReasons();
            for (size_t i = 0; i < reasons.size(); ++i) {
                const std::string label = std::to_string(i + 1) + ". " + (IsFrench(lang) ? reasons[i].first : reasons[i].second);
                if (SecondaryButton(label.c_str())) {
                    m.Reject(static_cast<int>(i));
                    picking_reason = false;
                    changed = true;
                }
                NoteControl("reason-" + std::to_string(i));
            }
        }
        const auto dups = m.LikelyDuplicates();
        if (!dups.empty()) {
            ImGui::Spacing();
            ImGui::TextUnformatted(Tr(lang, "Doublons probables :", "Likely duplicates:"));
            for (const auto* d : dups) {
                ImGui::PushID(static_cast<int>(d->proposal.id));
                ImGui::Bullet();
                ImGui::TextWrapped("%s", d->proposal.title.c_str());
                if (SecondaryButton(Tr(lang, "Fusionner dans celle-ci", "Merge into this one"))) {
                    m.MergeInto(d->proposal.id);
                    changed = true;
                }
                NoteControl("merge-" + std::to_string(d->proposal.id));
                ImGui::PopID();
            }
        }
        const auto mine = m.SameAuthor();
        if (!mine.empty()) {
            ImGui::Spacing();
            ImGui::TextUnformatted(Tr(lang, "Autres propositions du même auteur :", "The author's other proposals:"));
            for (const auto* o : mine) {
                ImGui::Bullet();
                ImGui::TextWrapped("%s (%s)", o->proposal.title.c_str(), StatusWord(ToString(o->proposal.status), lang));
            }
        }
    }
    ImGui::Spacing();
    if (SecondaryButton(Tr(lang, "Journal d’audit", "Audit log"))) {
        m.ShowAudit();
        changed = true;
    }
    NoteControl("audit");
    DragToScroll();
    ImGui::EndChild();
    return changed;
}

bool DrawAudit(ModerationModel& m) {
    const std::string& lang = m.Language();
    bool changed = false;
    Heading(Tr(lang, "Journal d’audit", "Audit log"));
    if (!m.AuditChainValid()) MutedLine(Tr(lang, "Vérification de la chaîne…", "Checking the chain…"));
    else if (*m.AuditChainValid())
        SuccessLine(Tr(lang, "\u2713 Chaîne intacte : aucune entrée n’a été modifiée ni supprimée.",
                       "\u2713 Chain intact: no entry was changed or removed."));
    else
        ErrorLine(FieldError{"chain_broken", "", "The audit chain is BROKEN: an entry was changed or removed.",
                             "La chaîne d’audit est ROMPUE : une entrée a été modifiée ou supprimée."},
                  lang);
    NoteControl("chain");
    if (SecondaryButton(Tr(lang, "Retour à la file", "Back to the queue"))) {
        m.ShowQueue();
        changed = true;
    }
    NoteControl("back");
    ImGui::BeginChild("audit", ImVec2(0, 0), true);
    for (const auto& e : m.AuditEntries()) {
        if (!e.is_object()) continue;
        std::string line = e.value("at", e.value("created_at", "")) + "  " + e.value("actor", nlohmann::json("")).dump() +
                           "  " + e.value("action", "") + "  " + e.value("target", nlohmann::json("")).dump();
        if (e.contains("reason") && e["reason"].is_string()) line += "  — " + e["reason"].get<std::string>();
        ImGui::TextWrapped("%s", line.c_str());
    }
    DragToScroll();
    ImGui::EndChild();
    return changed;
}

} // namespace

bool DrawModeration(ModerationModel& m) {
    m.Tick(NowSeconds());
    BeginSurface("##moderation");
    bool changed = false;
    switch (m.CurrentScreen()) {
    case ModerationModel::Screen::SignIn: changed = DrawSignIn(m); break;
    case ModerationModel::Screen::Queue: changed = DrawQueue(m); break;
    case ModerationModel::Screen::Audit: changed = DrawAudit(m); break;
    }
    EndSurface();
    return changed;
}

} // namespace quartier

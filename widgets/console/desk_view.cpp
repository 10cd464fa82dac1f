// The agents' desk, drawn: the code field (focused at start), the numbered projects with the
// cursor and the running total, the ballot in words to confirm, the session's count. Keys
// are read before the controls are drawn, so that the Enter which leaves the code field
// does not also send the ballot on.
#include "widgets/console/desk_view.h"

#include "shared/text.h"
#include "widgets/app/i18n.h"
#include "widgets/app/text_field.h"
#include "widgets/app/theme.h"
#include "widgets/app/ui.h"
#include "widgets/console/desk_model.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>

namespace quartier {

namespace {

bool Pressed(ImGuiKey key) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key)); }

// The desk's keys, for the step the frame started in. Typed characters follow the keyboard
// layout (digits, +, −, Space); Enter, Escape and arrows are keys.
void Keys(DeskModel& m) {
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || TextOverlayOpen()) return;
    const auto step = m.CurrentStep();
    const bool cumulative = m.Ballot() && m.Ballot()->Config().kind == "cumulative";
    if (step == DeskModel::Step::Choose) {
        for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
            const ImWchar c = io.InputQueueCharacters[i];
            if (c >= '0' && c <= '9') m.TypeDigit(c - '0');
            else if (c == ' ') m.ToggleCursor();
            else if (c == '+') m.PointsAtCursor(1);
            else if (c == '-' || c == 0x2212) m.PointsAtCursor(-1);
        }
        if (Pressed(ImGuiKey_UpArrow)) io.KeyShift ? m.RankAtCursor(-1) : m.MoveCursor(-1);
        if (Pressed(ImGuiKey_DownArrow)) io.KeyShift ? m.RankAtCursor(1) : m.MoveCursor(1);
        if (cumulative && Pressed(ImGuiKey_RightArrow)) m.PointsAtCursor(1);
        if (cumulative && Pressed(ImGuiKey_LeftArrow)) m.PointsAtCursor(-1);
        if (Pressed(ImGuiKey_Enter) || Pressed(ImGuiKey_KeyPadEnter)) m.Review();
        else if (Pressed(ImGuiKey_Escape)) m.Back();
    } else if (step == DeskModel::Step::Confirm) {
        if (Pressed(ImGuiKey_Enter) || Pressed(ImGuiKey_KeyPadEnter)) m.Confirm();
        else if (Pressed(ImGuiKey_Escape)) m.Back();
    }
    if (step == DeskModel::Step::Choose || step == DeskModel::Step::Confirm) io.InputQueueCharacters.resize(0);
}

void DrawProcesses(DeskModel& m) {
    const std::string& lang = m.Language();
    Heading(Tr(lang, "Guichet : bulletins papier"));
    MutedLine(m.KeysText());
    if (m.Processes().empty()) MutedLine(Tr(lang, "Aucune consultation pour l’instant."));
    for (const auto& p : m.Processes()) {
        const bool voting = p.phase == "voting";
        ImGui::PushID(p.id.c_str());
        ImGui::BeginDisabled(!voting);
        std::string label = voting ? p.title : Fill(Tr(lang, "{}  (vote non ouvert)"), p.title);
        if (SecondaryButton(label.c_str())) m.Command("process-" + p.id, nullptr);
        ImGui::EndDisabled();
        NoteControl("process-" + p.id);
        ImGui::PopID();
    }
}

void DrawCode(DeskModel& m) {
    const std::string& lang = m.Language();
    ImGui::TextUnformatted(Tr(lang, "Code de l’électeur"));
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 14));
    if (m.TakeFocusRequest()) ImGui::SetKeyboardFocusHere();
    bool entered = false;
    TextFieldOptions code;
    code.hint = "XXXX-XXXX";
    code.code = true;
    code.label = Tr(lang, "Code de l’électeur");
    code.entered = &entered;
    TextField("##desk-code", &m.EditCode(), code);
    NoteControl("code");
    if (entered) m.CodeEntered();
    ImGui::SameLine();
    if (PrimaryButton(Tr(lang, "Passer aux projets"))) m.CodeEntered();
    NoteControl("code-entered");
    if (m.Ballot() && m.Ballot()->UncodedPaperAllowed()) {
        ImGui::SameLine();
        if (SecondaryButton(Tr(lang, "Bulletin sans code"))) m.WithoutCode();
        NoteControl("without-code");
    }
}

void DrawProjects(DeskModel& m) {
    const std::string& lang = m.Language();
    const BallotModel& b = *m.Ballot();
    const auto& kind = b.Config().kind;
    ImGui::TextUnformatted(m.ProgressText().c_str());
    NoteControl("progress");
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, ImGui::GetStyle().Colors[ImGuiCol_Button]);
    ImGui::ProgressBar(b.ProgressFraction(), ImVec2(-1, ImGui::GetFontSize() * 0.5f), "");
    ImGui::PopStyleColor();
    if (!m.PendingDigits().empty())
        MutedLine(Fill(Tr(lang, "Numéro tapé : {} (Espace pour le cocher)"), m.PendingDigits()));
    const auto list = m.Numbered();
    const float footer = TouchTargetHeight() + ImGui::GetStyle().ItemSpacing.y * 3;
    ImGui::BeginChild("desk-projects", ImVec2(0, -footer), false);
    for (size_t i = 0; i < list.size(); ++i) {
        const auto& p = *list[i];
        ImGui::PushID(p.id.c_str());
        const bool chosen = b.IsChosen(p.id);
        const bool here = m.Cursor() == i;
        std::string mark = kind == "cumulative" ? std::to_string(b.PointsOf(p.id)) + " pt"
                         : kind == "ranked"     ? (chosen ? "#" + std::to_string(b.RankOf(p.id)) : "  ")
                                                : (chosen ? "\u2611" : "\u2610");
        std::string line = mark + "   " + std::to_string(i + 1) + ".  " + p.name + "  —  " + FormatEuros(p.cost, lang);
        if (!p.district.empty()) line += "  •  " + p.district;
        if (here) ImGui::PushStyleColor(ImGuiCol_Header, ImGui::GetStyle().Colors[ImGuiCol_FrameBgActive]);
        const bool disabled = kind != "cumulative" && !chosen && !b.CanAdd(p.id);
        if (disabled) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
        if (ImGui::Selectable(line.c_str(), here || chosen, 0, ImVec2(ImGui::GetContentRegionAvail().x - 2, TouchTargetHeight() * 0.8f)))
            m.Toggle(p.id);
        if (disabled) ImGui::PopStyleColor();
        if (here) {
            ImGui::PopStyleColor();
            // Keeps the cursor in view when it moves (not every frame: the wheel scrolls too).
            static size_t shown = static_cast<size_t>(-1);
            if (shown != i) ImGui::SetScrollHereY(0.5f);
            shown = i;
        }
        NoteControl("toggle-" + p.id);
        ImGui::PopID();
    }
    ImGui::EndChild();
    if (PrimaryButton(Tr(lang, "Vérifier le bulletin (Entrée)"))) m.Review();
    NoteControl("review");
    ImGui::SameLine();
    if (SecondaryButton(Tr(lang, "Corriger le code (Échap)"))) m.Back();
    NoteControl("back");
}

void DrawConfirm(DeskModel& m) {
    const std::string& lang = m.Language();
    BeginCard(true);
    ImGui::PushFont(HeadingFont());
    ImGui::TextWrapped("%s", m.Summary().c_str());
    ImGui::PopFont();
    NoteControl("summary");
    for (const auto& line : m.ChoiceLines()) {
        ImGui::Bullet();
        ImGui::TextWrapped("%s", line.c_str());
    }
    if (m.Ballot()->Chosen().empty()) MutedLine(Tr(lang, "Bulletin blanc : aucun projet coché."));
    EndCard();
    ImGui::Spacing();
    ImGui::BeginDisabled(m.Sending());
    if (PrimaryButton(m.Sending() ? Tr(lang, "Enregistrement…") : Tr(lang, "Confirmer (Entrée)"))) m.Confirm();
    NoteControl("confirm");
    ImGui::SameLine();
    if (SecondaryButton(Tr(lang, "Revenir corriger (Échap)"))) m.Back();
    NoteControl("back");
    ImGui::EndDisabled();
}

} // namespace

void DrawDesk(DeskModel& m) {
    const std::string& lang = m.Language();
    Keys(m);
    ImGui::BeginChild("desk", ImGui::GetContentRegionAvail(), false);
    if (!m.Ballot() || m.CurrentStep() == DeskModel::Step::Pick) {
        DrawProcesses(m);
        ImGui::EndChild();
        return;
    }
    const BallotModel& b = *m.Ballot();
    Heading(Fill(Tr(lang, "Guichet — {}"), b.Title()).c_str());
    const std::string count = Fill(Tr(lang, "Bulletins saisis pendant cette session : {}"), std::to_string(m.Entered()));
    ImGui::TextUnformatted(count.c_str());
    NoteControl("entered");
    if (b.LoadState() != BallotModel::Load::Ready) {
        if (b.LoadError()) ErrorLine(*b.LoadError(), lang);
        else MutedLine(Tr(lang, "Chargement du vote…"));
    } else if (!b.VotingOpen()) {
        ErrorLine(FieldError{"voting_closed", "", Msg::Verbatim(b.ClosedText())}, lang);
        if (SecondaryButton(Tr(lang, "Changer de consultation"))) m.Command("change-process", nullptr);
        NoteControl("change-process");
    } else {
        MutedLine(m.RulesText());
        if (!m.Notice().empty()) SuccessLine(m.Notice());
        if (m.Error()) ErrorLine(*m.Error(), lang);
        MutedLine(m.KeysText());
        ImGui::Spacing();
        // The desk reads its own keys: ImGui's keyboard navigation would press the focused
        // button on Space or Enter a second time.
        const bool own_keys = m.CurrentStep() != DeskModel::Step::Code;
        if (own_keys) ImGui::PushItemFlag(ImGuiItemFlags_NoNav, true);
        if (m.CurrentStep() == DeskModel::Step::Code) DrawCode(m);
        else {
            ImGui::TextUnformatted(m.Uncoded() ? Tr(lang, "Bulletin sans code")
                                               : (std::string("Code ") + m.Code()).c_str());
            if (m.CurrentStep() == DeskModel::Step::Choose) DrawProjects(m);
            else DrawConfirm(m);
        }
        if (own_keys) ImGui::PopItemFlag();
    }
    ImGui::EndChild();
}

} // namespace quartier

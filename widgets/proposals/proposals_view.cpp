// The proposals widget's view: a list of cards and the "propose" form.
#include "widgets/proposals/proposals_view.h"

#include "shared/text.h"
#include "widgets/app/comments_view.h"
#include "widgets/app/i18n.h"
#include "widgets/app/text_field.h"
#include "widgets/app/ui.h"
#include "widgets/proposals/proposals_model.h"

#include <imgui.h>
#include <misc/cpp/imgui_stdlib.h>

namespace quartier {

namespace {

// The field's error, if the model's current error concerns it.
void FieldErrorBelow(const ProposalsModel& m, const char* field) {
    const auto& e = m.FormError();
    if (e && e->field == field) ErrorLine(*e, m.Language());
}

void Label(const char* text) {
    ImGui::TextUnformatted(text);
}

bool DrawCard(ProposalsModel& m, const Proposal& p, const std::string& lang, int index) {
    bool changed = false;
    ImGui::PushID(index);
    BeginCard();
    ImGui::TextWrapped("%s", p.title.c_str());
    std::string meta = m.CategoryLabel(p.category);
    if (p.estimated_cost > 0) meta += "  •  " + FormatEuros(p.estimated_cost, lang);
    MutedLine(meta);
    if (!p.description.empty()) ImGui::TextWrapped("%s", p.description.c_str());
    DrawPhotoStrip(m.PhotosOf(p.id));
    const std::string label = Fill(Tr(lang, "Commentaires ({})"), FormatCount(m.CommentCount(index), lang));
    if (SecondaryButton((label + "###comments").c_str())) {
        m.OpenDetail(index);
        changed = true;
    }
    NoteControl("comments-" + std::to_string(p.id));
    EndCard();
    ImGui::PopID();
    return changed;
}

// A proposal's page: its whole text, then the residents' comments.
bool DrawDetail(ProposalsModel& m) {
    const std::string& lang = m.Language();
    bool changed = false;
    ImGui::BeginChild("detail", ImVec2(0, 0), false);
    if (SecondaryButton(Tr(lang, "← Retour aux propositions"))) {
        m.CloseDetail();
        changed = true;
    }
    NoteControl("back");
    if (m.DetailIndex() >= 0) {
        const Proposal& p = m.Proposals()[m.DetailIndex()];
        ImGui::Spacing();
        Heading(p.title.c_str());
        std::string meta = m.CategoryLabel(p.category);
        meta += "  •  " + (p.estimated_cost > 0 ? std::string(Tr(lang, "Coût estimé : ")) + FormatEuros(p.estimated_cost, lang)
                                                : std::string(Tr(lang, "Coût non estimé")));
        MutedLine(meta);
        if (!p.description.empty()) ImGui::TextWrapped("%s", p.description.c_str());
        ImGui::Spacing();
        ImGui::Separator();
        ImGui::Spacing();
        changed |= DrawComments(m.Comments());
    }
    DragToScroll();
    ImGui::EndChild();
    return changed;
}

bool DrawList(ProposalsModel& m) {
    const std::string& lang = m.Language();
    bool changed = false;
    Heading(Tr(lang, "Propositions des habitants"));
    if (m.LoadState() == ProposalsModel::Load::Ready) {
        const auto n = m.Proposals().size();
        MutedLine(CountOf(static_cast<std::int64_t>(n), lang, "proposition", "propositions"));
    }
    if (PrimaryButton(Tr(lang, "Proposer un projet"))) {
        m.OpenForm();
        changed = true;
    }
    NoteControl("propose");
    if (!m.Notice().empty()) SuccessLine(m.Notice());
    if (m.LoadState() == ProposalsModel::Load::Loading && m.Proposals().empty())
        MutedLine(Tr(lang, "Chargement des propositions…"));
    if (m.LoadState() == ProposalsModel::Load::Failed && m.LoadError()) {
        ErrorLine(*m.LoadError(), lang);
        if (SecondaryButton(Tr(lang, "Réessayer"))) {
            m.Refresh();
            changed = true;
        }
        NoteControl("retry");
    }
    ImGui::Spacing();
    ImGui::BeginChild("list", ImVec2(0, 0), false);
    int i = 0;
    for (const auto& p : m.Proposals()) changed |= DrawCard(m, p, lang, i++);
    if (m.LoadState() == ProposalsModel::Load::Ready && m.Proposals().empty())
        MutedLine(Tr(lang, "Aucune proposition pour l’instant : soyez le premier !"));
    DragToScroll();
    ImGui::EndChild();
    return changed;
}

bool DrawForm(ProposalsModel& m) {
    const std::string& lang = m.Language();
    auto& d = m.EditDraft();
    bool changed = false;
    ImGui::BeginChild("form", ImVec2(0, 0), false);
    Heading(Tr(lang, "Proposer un projet"));
    MutedLine(Tr(lang, "Décrivez votre idée pour la commune. Les champs marqués * sont obligatoires."));
    const float full = ImGui::GetContentRegionAvail().x;

    Label(Tr(lang, "Titre *"));
    ImGui::SetNextItemWidth(full);
    TextFieldOptions title;
    title.label = Tr(lang, "Titre");
    changed |= TextField("##title", &d.title, title);
    NoteControl("title");
    FieldErrorBelow(m, "title");

    Label(Tr(lang, "Description"));
    ImGui::SetNextItemWidth(full);
    TextFieldOptions desc;
    desc.multiline = true;
    desc.height = ImGui::GetTextLineHeight() * 5;
    desc.label = Tr(lang, "Description");
    changed |= TextField("##description", &d.description, desc);
    NoteControl("description");
    FieldErrorBelow(m, "description");

    Label(Tr(lang, "Catégorie *"));
    changed |= ChoiceChips(m.Categories(), d.category, "category-");
    FieldErrorBelow(m, "category");

    Label(Tr(lang, "Coût estimé (en euros)"));
    ImGui::SetNextItemWidth(std::min(full, ImGui::GetFontSize() * 12));
    TextFieldOptions cost;
    cost.numeric = true;
    cost.label = Tr(lang, "Coût estimé en euros");
    changed |= TextField("##cost", &d.cost, cost);
    NoteControl("cost");
    FieldErrorBelow(m, "estimated_cost");

    Label(Tr(lang, kCreditLabel));
    ImGui::SetNextItemWidth(full);
    TextFieldOptions credit;
    credit.label = Tr(lang, kCreditLabel);
    changed |= TextField("##credit_name", &d.credit_name, credit);
    NoteControl("credit_name");
    FieldErrorBelow(m, "credit_name");

    Label(Tr(lang, "Lieu (latitude, longitude)"));
    const float half = (full - ImGui::GetStyle().ItemSpacing.x) / 2;
    ImGui::SetNextItemWidth(half);
    changed |= ImGui::InputDouble("##latitude", &d.latitude, 0.0, 0.0, "%.5f");
    NoteControl("latitude");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(half);
    changed |= ImGui::InputDouble("##longitude", &d.longitude, 0.0, 0.0, "%.5f");
    NoteControl("longitude");
    FieldErrorBelow(m, "latitude");
    FieldErrorBelow(m, "longitude");

    ImGui::Spacing();
    if (const auto& e = m.FormError(); e && e->field.empty()) ErrorLine(*e, lang);
    ImGui::BeginDisabled(m.Sending());
    if (PrimaryButton(m.Sending() ? Tr(lang, "Envoi…")
                                  : Tr(lang, "Envoyer ma proposition"))) {
        m.Submit();
        changed = true;
    }
    ImGui::EndDisabled();
    NoteControl("submit");
    SameLineIfFits(ButtonWidth(Tr(lang, "Annuler")));
    if (SecondaryButton(Tr(lang, "Annuler"))) {
        m.Cancel();
        changed = true;
    }
    NoteControl("cancel");
    DragToScroll();
    ImGui::EndChild();
    return changed;
}

} // namespace

bool DrawProposals(ProposalsModel& m) {
    BeginSurface("##proposals");
    const auto screen = m.CurrentScreen();
    const bool changed = screen == ProposalsModel::Screen::Form     ? DrawForm(m)
                       : screen == ProposalsModel::Screen::Detail ? DrawDetail(m)
                                                                  : DrawList(m);
    EndSurface();
    return changed;
}

} // namespace quartier

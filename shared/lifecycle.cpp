// Stages and progress statuses: names on the wire, words for people, and the one derivation.
#include "shared/lifecycle.h"

#include <iterator>

namespace quartier {

namespace {

struct Words {
    const char* name;
    const char* fr;
    const char* en;
};

const Words kStages[] = {
    {"submitted", "Déposée", "Submitted"},
    {"under_review", "À l’étude", "Under review"},
    {"rejected", "Non retenue après étude", "Not feasible"},
    {"on_ballot", "Sur le bulletin de vote", "On the ballot"},
    {"funded", "Lauréate, financée", "Funded"},
    {"not_funded", "Non retenue par le vote", "Not funded by the vote"},
    {"in_progress", "En cours de réalisation", "Being built"},
    {"done", "Réalisée", "Done"},
    {"abandoned", "Abandonnée", "Abandoned"},
    {"merged", "Fusionnée avec une proposition semblable", "Merged with a similar proposal"},
};

const Words kProgress[] = {
    {"planned", "Programmé", "Planned"},
    {"studies", "Études en cours", "Being studied"},
    {"works", "Travaux en cours", "Works under way"},
    {"done", "Réalisé", "Done"},
    {"abandoned", "Abandonné", "Abandoned"},
};

bool French(const std::string& lang) { return lang.rfind("fr", 0) == 0; }

} // namespace

const char* ToString(ProposalStage s) { return kStages[static_cast<int>(s)].name; }

bool ParseProposalStage(const std::string& text, ProposalStage& out) {
    for (int i = 0; i < static_cast<int>(std::size(kStages)); ++i)
        if (text == kStages[i].name) {
            out = static_cast<ProposalStage>(i);
            return true;
        }
    return false;
}

std::string StageLabel(ProposalStage s, const std::string& lang) {
    const Words& w = kStages[static_cast<int>(s)];
    return French(lang) ? w.fr : w.en;
}

std::vector<ProposalStage> AllStages() {
    std::vector<ProposalStage> out;
    for (int i = 0; i < static_cast<int>(std::size(kStages)); ++i) out.push_back(static_cast<ProposalStage>(i));
    return out;
}

const char* ToString(ProgressStatus s) { return kProgress[static_cast<int>(s)].name; }

bool ParseProgressStatus(const std::string& text, ProgressStatus& out) {
    for (int i = 0; i < static_cast<int>(std::size(kProgress)); ++i)
        if (text == kProgress[i].name) {
            out = static_cast<ProgressStatus>(i);
            return true;
        }
    return false;
}

std::string ProgressLabel(ProgressStatus s, const std::string& lang) {
    const Words& w = kProgress[static_cast<int>(s)];
    return French(lang) ? w.fr : w.en;
}

ProposalStage DeriveStage(const StageFacts& f) {
    if (f.merged) return ProposalStage::Merged;
    if (f.on_ballot) {
        if (!f.results_published) return ProposalStage::OnBallot;
        if (!f.funded) return ProposalStage::NotFunded;
        if (!f.has_progress) return ProposalStage::Funded;
        switch (f.progress) {
        case ProgressStatus::Planned: return ProposalStage::Funded;
        case ProgressStatus::Studies:
        case ProgressStatus::Works: return ProposalStage::InProgress;
        case ProgressStatus::Done: return ProposalStage::Done;
        case ProgressStatus::Abandoned: return ProposalStage::Abandoned;
        }
    }
    if (f.feasible_decided && !f.feasible) return ProposalStage::Rejected;
    if (f.reviewed) return ProposalStage::UnderReview;
    return ProposalStage::Submitted;
}

} // namespace quartier

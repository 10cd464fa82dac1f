// Proposals: list them, submit one. Validation is the shared model's, as in the widget.
#include "backend/routes.h"

#include "backend/store.h"

namespace quartier {

Response HandleListProposals(AppContext& app, const Request&) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& p : app.store.ListProposals()) items.push_back(ToJson(p));
    const auto total = items.size();
    return JsonResponse(200, {{"items", std::move(items)}, {"total", total}});
}

Response HandleCreateProposal(AppContext& app, const Request& req) {
    const auto body = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded())
        return ErrorResponse(400, "invalid_json", "The request body is not valid JSON.",
                             "Le corps de la requête n’est pas du JSON valide.", req.Language());
    Proposal p;
    if (auto error = ProposalFromSubmission(body, p)) return ErrorResponse(400, *error, req.Language());
    const Proposal stored = app.store.InsertProposal(p);
    Response r = JsonResponse(201, ToJson(stored));
    r.headers["Location"] = "/api/v1/proposals/" + std::to_string(stored.id);
    return r;
}

} // namespace quartier

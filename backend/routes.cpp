// The API's routes, and the health check.
#include "backend/routes.h"

#include "backend/store.h"

namespace quartier {

std::vector<Route> ApiRoutes(AppContext& app) {
    auto bind = [&app](Response (*fn)(AppContext&, const Request&)) {
        return [&app, fn](const Request& r) { return fn(app, r); };
    };
    return {
        {"GET", "/api/v1/health", bind(HandleHealth)},
        {"GET", "/api/v1/proposals", bind(HandleListProposals)},
        {"POST", "/api/v1/proposals", bind(HandleCreateProposal)},
    };
}

Response HandleHealth(AppContext& app, const Request&) {
    return JsonResponse(200, {{"status", "ok"}, {"schema_version", app.store.SchemaVersion()}});
}

} // namespace quartier

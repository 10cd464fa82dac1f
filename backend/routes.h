// The routing table: every route of the API is listed here, in one place.
#pragma once

#include "backend/http_types.h"

#include <string>
#include <vector>

namespace quartier {

class Store;

// What handlers need from the running server.
struct AppContext {
    Store& store;
};

struct Route {
    std::string method;  // GET, POST, ...
    std::string pattern; // ECMAScript regex over the path; captures become path_params
    Handler handler;
};

std::vector<Route> ApiRoutes(AppContext& app);

// Handlers (one file per resource), exposed for tests that call them without a socket.
Response HandleHealth(AppContext& app, const Request& req);
Response HandleListProposals(AppContext& app, const Request& req);
Response HandleCreateProposal(AppContext& app, const Request& req);

} // namespace quartier

// What every part of the staff console shares: the API client, the console's language, the
// commune it runs, and the signed-in account (its bearer token and role). The console's
// model (console_model.h) owns one and hands it by reference to each part (the commune,
// people, a budget's timeline, the agents' desk), so that a part never signs in on its own
// and every request carries the same token. No ImGui here: tests drive the parts natively.
#pragma once

#include "widgets/app/api_client.h"

#include <cstdint>
#include <string>

namespace quartier {

struct ConsoleSession {
    ConsoleSession(ApiClient& client, std::string language, std::string commune)
        : api(client), lang(std::move(language)), tenant(std::move(commune)) {}

    ApiClient& api;
    std::string lang;   // "fr", "en", "es"…: the console's words (a language of po/)
    std::string tenant; // the commune's slug, as in /api/v1/tenants/{tenant}
    std::string token;  // bearer after sign-in; "" when signed out
    std::string role;   // "admin" (instance admin when instance_admin), "moderator" or "agent"
    bool instance_admin = false; // an admin of the whole server (no commune of their own)
    std::int64_t user_id = 0;
    std::string email;

    bool SignedIn() const { return !token.empty(); }
    bool IsAdmin() const { return role == "admin"; }
    // "/api/v1/tenants/{tenant}" and, under it, a process's path.
    std::string TenantPath() const { return "/api/v1/tenants/" + tenant; }
    std::string ProcessPath(const std::string& process) const { return TenantPath() + "/processes/" + process; }
};

} // namespace quartier

// The API's routes in one table (and the plain-HTML pages'), the guard that turns thrown
// errors into the JSON envelope and holds JSON routes to JSON bodies, the health check, and
// CORS (per-tenant allowed origins) with the embed check that lets embed.js tell a refused
// site from an unreachable server.
#include "backend/routes.h"

#include "shared/i18n.h"

#include "backend/pages/html_page.h"
#include "shared/text.h"

#include <algorithm>
#include <cctype>
#include <regex>

namespace quartier {

// The console's companions (pages/console_page.cpp), declared here rather than in routes.h:
// only this table calls them.
Response HandleConsoleRoot(AppContext& app, const Request& req);
Response HandleConsoleModerationPage(AppContext& app, const Request& req);
Response HandleBallotPreviewPage(AppContext& app, const Request& req);
// The resident's plain forms (pages/html_handlers.cpp): only this table calls them.
Response HandlePlainSignInPage(AppContext& app, const Request& req);
Response HandlePlainSignIn(AppContext& app, const Request& req);
Response HandlePlainRegister(AppContext& app, const Request& req);
Response HandlePlainSignOut(AppContext& app, const Request& req);
Response HandlePlainProposeForm(AppContext& app, const Request& req);
Response HandlePlainPropose(AppContext& app, const Request& req);
Response HandlePlainSupport(AppContext& app, const Request& req);
Response HandlePlainReport(AppContext& app, const Request& req);
Response HandlePlainComment(AppContext& app, const Request& req);
Response HandlePlainReportComment(AppContext& app, const Request& req);
Response HandlePlainEditComment(AppContext& app, const Request& req);
Response HandlePlainDeleteComment(AppContext& app, const Request& req);
Response HandlePlainMyProposals(AppContext& app, const Request& req);
Response HandlePlainAddPhoto(AppContext& app, const Request& req);
// The agents' desk (pages/html_handlers.cpp): paper and assisted ballots, without JavaScript.
Response HandlePlainDesk(AppContext& app, const Request& req);
Response HandlePlainDeskEntry(AppContext& app, const Request& req);

namespace {

// The routes whose body is not JSON: the census (CSV), the Pabulib import (a .pb file) and
// the plain pages' forms (the vote, the receipt lookup, a resident's account and actions, the
// agents' desk).
bool TakesOtherBodies(AppHandler fn) {
    return fn == HandleImportCensus || fn == HandleImportPabulib || fn == HandlePlainCastBallot ||
           fn == HandlePlainReceipt || fn == HandlePlainSignIn || fn == HandlePlainRegister ||
           fn == HandlePlainSignOut || fn == HandlePlainPropose || fn == HandlePlainSupport || fn == HandlePlainReport ||
           fn == HandlePlainDeskEntry || fn == HandlePlainComment || fn == HandlePlainReportComment ||
           // the pages e-mails link to: their forms, and a mail client's one-click unsubscription
           fn == HandleMailPreferencesPost || fn == HandleResetPasswordPost || fn == HandleForgotPasswordPost ||
           fn == HandleAddProposalPhoto || fn == HandleAddUpdatePhoto || fn == HandlePlainAddPhoto ||
           fn == HandlePlainEditComment || fn == HandlePlainDeleteComment;
}

// Photo uploads take a larger body than every other route.
std::size_t MaxBodyOf(AppHandler fn) {
    return fn == HandleAddProposalPhoto || fn == HandleAddUpdatePhoto || fn == HandlePlainAddPhoto ? kPhotoBodyBytes : 0;
}

// Every other route reads a body as JSON only when it is labelled so: a text/plain or form
// body is what another site's page can send without asking first (no CORS preflight).
void RequireJsonBody(const Request& req) {
    if (req.body.empty() || req.method == "GET") return; // a support, a logout: no body at all
    std::string type = req.Header("content-type");
    type = Trim(type.substr(0, std::min<size_t>(type.find(';'), 80))); // echoed below: kept short
    std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (type == "application/json" || (type.rfind("application/", 0) == 0 && type.size() > 5 &&
                                       type.compare(type.size() - 5, 5, "+json") == 0))
        return;
    if (type.empty())
        Fail(415, "unsupported_media_type",
             Msg("Cette adresse attend un corps JSON, envoyé avec Content-Type: application/json (la requête n’a pas "
                 "de Content-Type)."));
    Fail(415, "unsupported_media_type",
         Msg("Cette adresse attend un corps JSON, envoyé avec Content-Type: application/json (et non {}).", type));
}

// Every handler runs inside this: errors thrown anywhere below become the one envelope.
Handler Guard(AppContext& app, AppHandler fn) {
    return [&app, fn, json_only = !TakesOtherBodies(fn)](const Request& req) {
        try {
            if (json_only) RequireJsonBody(req);
            return fn(app, req);
        } catch (const ApiError& e) {
            Response r = ErrorResponse(e.status, e.error, req.Language());
            if (e.status == 503) r.headers["Retry-After"] = "5"; // busy: the message says "in a few seconds"
            return r;
        } catch (const ConstraintError&) {
            return ErrorResponse(409, "conflict", Msg("Cela entre en conflit avec ce qui est déjà enregistré."), req.Language());
        } catch (const nlohmann::json::exception&) {
            return ErrorResponse(400, "invalid_body", Msg("Le corps de la requête n’a pas la forme attendue."), req.Language());
        }
    };
}

const std::string T = "/api/v1/tenants/([a-z0-9][a-z0-9-]{0,62})";
const std::string P = T + "/processes/([A-Za-z0-9][A-Za-z0-9_-]{0,62})";
const std::string ID = "([0-9]{1,18})";
// The plain-HTML pages: /simple/{tenant}/..., /simple/{tenant}/consultations/{process}/...
const std::string S = std::string(kPlainRoot) + "/([a-z0-9][a-z0-9-]{0,62})";
const std::string SP = S + "/consultations/([A-Za-z0-9][A-Za-z0-9_-]{0,62})";

} // namespace

std::vector<Route> ApiRoutes(AppContext& app) {
    const std::vector<std::tuple<const char*, std::string, AppHandler>> table = {
        {"GET", "/api/v1/health", HandleHealth},
        {"OPTIONS", "/api/v1/.*", HandlePreflight},
        {"GET", "/api/v1/embed-check", HandleEmbedCheck},
        {"GET", "/api/v1/catalogs/([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?)\\.mo", HandleCatalog},
        // Base maps (--tiles): a tile, a set's TileJSON
        {"GET", "/tiles/([a-z0-9_-]{1,63})/([0-9]{1,2})/([0-9]{1,8})/([0-9]{1,8})\\.(png|jpg|webp)", HandleTile},
        {"GET", "/tiles/([a-z0-9_-]{1,63})\\.json", HandleTileJson},
        // Accounts
        {"POST", "/api/v1/auth/register", HandleRegister},
        {"POST", "/api/v1/auth/login", HandleLogin},
        {"POST", "/api/v1/auth/logout", HandleLogout},
        {"GET", "/api/v1/me", HandleMe},
        {"GET", "/api/v1/me/export", HandleMeExport},
        {"DELETE", "/api/v1/me", HandleMeDelete},
        {"POST", "/api/v1/users", HandleCreateUser},
        {"GET", "/api/v1/users", HandleListUsers},
        {"PATCH", "/api/v1/users/" + ID, HandleUpdateUser},
        {"POST", "/api/v1/users/" + ID + "/password-reset", HandleIssuePasswordReset},
        {"POST", "/api/v1/auth/password-reset", HandlePasswordReset},
        {"POST", "/api/v1/auth/password-forgot", HandleForgotPassword},
        {"GET", "/api/v1/me/email", HandleGetMailPreferences},
        {"PATCH", "/api/v1/me/email", HandleUpdateMailPreferences},
        {"POST", "/api/v1/me/email/confirmation", HandleResendConfirmation},
        // The pages e-mails link to (pages/mail_pages.cpp)
        {"GET", "/courriel/confirmer", HandleConfirmEmailPage},
        {"GET", "/courriel/preferences", HandleMailPreferencesPage},
        {"POST", "/courriel/preferences", HandleMailPreferencesPost},
        {"GET", "/courriel/mot-de-passe", HandleResetPasswordPage},
        {"POST", "/courriel/mot-de-passe", HandleResetPasswordPost},
        {"GET", "/courriel/mot-de-passe-oublie", HandleForgotPasswordPage},
        {"POST", "/courriel/mot-de-passe-oublie", HandleForgotPasswordPost},
        // Tenants
        {"GET", "/api/v1/tenants", HandleListTenants},
        {"POST", "/api/v1/tenants", HandleCreateTenant},
        {"GET", T, HandleGetTenant},
        {"PATCH", T, HandleUpdateTenant},
        {"DELETE", T, HandleDeleteTenant},
        {"POST", T + "/archive", HandleArchiveTenant},
        {"POST", T + "/restore", HandleRestoreTenant},
        {"GET", T + "/mail", HandleGetMailRelay},
        {"PATCH", T + "/mail", HandleSetMailRelay},
        {"GET", T + "/districts", HandleGetDistricts},
        {"GET", T + "/map-points", HandleMapPoints},
        // Proposals
        {"GET", T + "/proposals", HandleListTenantProposals},
        {"POST", T + "/proposals", HandleCreateTenantProposal},
        {"GET", T + "/proposals\\.csv", HandleProposalsCsv},
        {"GET", T + "/proposals\\.geojson", HandleProposalsGeoJson},
        {"GET", T + "/proposals/" + ID, HandleGetProposal},
        {"POST", T + "/proposals/" + ID + "/supports", HandleSupport},
        {"DELETE", T + "/proposals/" + ID + "/supports", HandleWithdrawSupport},
        {"POST", T + "/proposals/" + ID + "/flags", HandleFlag},
        // Comments (comment_handlers.cpp)
        {"GET", T + "/proposals/" + ID + "/comments", HandleListComments},
        {"POST", T + "/proposals/" + ID + "/comments", HandleCreateComment},
        {"PATCH", T + "/comments/" + ID, HandleEditComment},
        {"DELETE", T + "/comments/" + ID, HandleDeleteComment},
        {"POST", T + "/comments/" + ID + "/flags", HandleFlagComment},
        {"GET", T + "/comments\\.csv", HandleCommentsCsv},
        // Photos (photo_handlers.cpp)
        {"POST", T + "/proposals/" + ID + "/photos", HandleAddProposalPhoto},
        {"PATCH", T + "/photos/" + ID, HandleDescribePhoto},
        {"DELETE", T + "/photos/" + ID, HandleRemovePhoto},
        {"GET", T + "/photos/" + ID + "-([0-9a-f]{16})-(320|800|1600)\\.jpg", HandleServePhoto},
        {"POST", P + "/projects/([^/]{1,100})/updates/" + ID + "/photos", HandleAddUpdatePhoto},
        // Moderation
        {"GET", T + "/moderation/queue", HandleModerationQueue},
        {"POST", T + "/moderation/proposals/" + ID + "/(approve|reject|hide|merge)", HandleModerate},
        {"POST", T + "/moderation/bulk", HandleModerateBulk},
        {"POST", T + "/moderation/comments/" + ID + "/(approve|hide)", HandleModerateComment},
        {"POST", T + "/moderation/comments/bulk", HandleModerateCommentsBulk},
        {"GET", T + "/moderation/audit", HandleAuditLog},
        {"GET", T + "/moderation/audit/verify", HandleAuditVerify},
        {"GET", T + "/audit/head", HandleAuditHead},
        // Review: proposals become ballot projects; funded projects are followed
        {"POST", T + "/proposals/" + ID + "/review", HandleReviewProposal},
        {"POST", P + "/promote", HandlePromoteProposals},
        {"PATCH", P + "/projects/([^/]{1,100})/follow-up", HandleProjectFollowUp},
        {"POST", P + "/projects/([^/]{1,100})/updates", HandleProjectUpdate},
        // Processes
        {"GET", T + "/processes", HandleListProcesses},
        {"POST", T + "/processes", HandleCreateProcess},
        {"POST", T + "/processes/import", HandleImportPabulib},
        {"GET", P, HandleGetProcess},
        {"PATCH", P, HandleUpdateProcess},
        {"POST", P + "/phase", HandleSetPhase},
        {"DELETE", P, HandleDeleteProcess},
        {"POST", P + "/archive", HandleArchiveProcess},
        {"POST", P + "/restore", HandleRestoreProcess},
        // Voter roll and ballot box
        {"POST", P + "/voter-codes", HandleGenerateCodes},
        {"GET", P + "/voter-codes", HandleCodeStats},
        {"POST", P + "/census", HandleImportCensus},
        {"POST", P + "/census/remove", HandleRemoveCensusLine},
        {"POST", P + "/ballot-tokens", HandleBallotToken},
        {"POST", P + "/ballots", HandleCastBallot},
        {"POST", P + "/paper-ballots", HandlePaperBallot},
        {"GET", P + "/receipts", HandleReceipts},
        // Results and open data
        {"GET", P + "/results", HandleResults},
        {"GET", P + "/results/explanations", HandleResultsExplanations},
        {"GET", P + "/ballots\\.pb", HandleBallotsPb},
        {"GET", P + "/proposals\\.csv", HandleProcessProjectsCsv},
        {"GET", P + "/proposals\\.geojson", HandleProcessProjectsGeoJson},
        // Aliases on the default tenant, for clients written before tenants existed
        {"GET", "/api/v1/proposals", HandleListProposals},
        {"POST", "/api/v1/proposals", HandleCreateProposal},
        // Plain-HTML pages, without JavaScript (html_handlers.cpp)
        {"GET", std::string(kPlainRoot) + "/style\\.css", HandlePlainStyle},
        {"GET", std::string(kPlainRoot) + "/?", HandlePlainIndex},
        {"GET", S + "/?", HandlePlainCommune},
        {"GET", S + "/propositions/?", HandlePlainProposals},
        {"GET", S + "/propositions/" + ID, HandlePlainProposal},
        {"GET", S + "/propositions/nouvelle", HandlePlainProposeForm},
        {"POST", S + "/propositions/nouvelle", HandlePlainPropose},
        {"POST", S + "/propositions/" + ID + "/soutien", HandlePlainSupport},
        {"POST", S + "/propositions/" + ID + "/signalement", HandlePlainReport},
        {"POST", S + "/propositions/" + ID + "/commentaires", HandlePlainComment},
        {"POST", S + "/propositions/" + ID + "/photos", HandlePlainAddPhoto},
        {"POST", S + "/propositions/" + ID + "/commentaires/" + ID + "/signalement", HandlePlainReportComment},
        {"POST", S + "/propositions/" + ID + "/commentaires/" + ID + "/modification", HandlePlainEditComment},
        {"POST", S + "/propositions/" + ID + "/commentaires/" + ID + "/suppression", HandlePlainDeleteComment},
        {"GET", S + "/mes-propositions/?", HandlePlainMyProposals},
        {"GET", S + "/connexion/?", HandlePlainSignInPage},
        {"POST", S + "/connexion", HandlePlainSignIn},
        {"POST", S + "/inscription", HandlePlainRegister},
        {"POST", S + "/deconnexion", HandlePlainSignOut},
        {"GET", SP + "/?", HandlePlainProcess},
        {"GET", SP + "/projets/([^/]{1,100})", HandlePlainProject},
        {"GET", SP + "/vote", HandlePlainBallot},
        {"POST", SP + "/vote", HandlePlainCastBallot},
        {"POST", SP + "/recu", HandlePlainReceipt}, // the receipt in the body, never in a URL
        {"GET", SP + "/guichet", HandlePlainDesk},
        {"POST", SP + "/guichet", HandlePlainDeskEntry},
        // The commune's console for its staff (pages/console_page.cpp)
        {"GET", "/console/([a-z0-9][a-z0-9-]{0,62})/?", HandleConsolePage},
        {"GET", "/console/?", HandleConsoleRoot},
        {"GET", "/console/([a-z0-9][a-z0-9-]{0,62})/moderation/?", HandleConsoleModerationPage},
        {"GET", "/console/([a-z0-9][a-z0-9-]{0,62})/apercu/([A-Za-z0-9][A-Za-z0-9_-]{0,62})/?", HandleBallotPreviewPage},
    };
    std::vector<Route> routes;
    for (const auto& [method, pattern, fn] : table) routes.push_back({method, pattern, Guard(app, fn), MaxBodyOf(fn)});
    return routes;
}

Router::Router(std::vector<Route> routes) : m_routes(std::move(routes)) {
    for (const auto& r : m_routes) m_patterns.emplace_back(r.pattern);
}

std::optional<Response> Router::Dispatch(Request& req) const {
    if (req.path.size() > kMaxPathLength) return std::nullopt;
    const std::string method = req.method == "HEAD" ? "GET" : req.method;
    for (size_t i = 0; i < m_routes.size(); ++i) {
        std::smatch m;
        if (m_routes[i].method != method || !std::regex_match(req.path, m, m_patterns[i])) continue;
        req.path_params.clear();
        for (size_t k = 1; k < m.size(); ++k) req.path_params.push_back(m[k].str());
        return m_routes[i].handler(req);
    }
    return std::nullopt;
}

Response HandleHealth(AppContext& app, const Request&) {
    return JsonResponse(200, {{"status", "ok"}, {"schema_version", app.store.SchemaVersion()}});
}

//-----------------------------------------------------------------------------
// CORS
//-----------------------------------------------------------------------------

// The server's own origin (the page it serves calls it): scheme + Host.
bool SameOrigin(const Request& req) {
    const std::string origin = req.Header("origin"), host = req.Header("host");
    return !host.empty() && (origin == "http://" + host || origin == "https://" + host);
}

bool OriginAllowed(AppContext& app, const Tenant* t, const Request& req) {
    const std::string origin = req.Header("origin");
    if (origin.empty() || SameOrigin(req)) return true;
    auto allows = [&](const Tenant& x) {
        for (const auto& o : x.allowed_origins)
            if (o == origin || o == "*") return true;
        return false;
    };
    if (t) return allows(*t);
    for (const auto& x : app.AllTenants())
        if (allows(*x)) return true;
    return false;
}

std::map<std::string, std::string> CorsHeaders(AppContext& app, const Request& req) {
    const std::string origin = req.Header("origin");
    if (origin.empty()) return {};
    // /api/v1/tenants/{slug}[/...], read without std::regex: its recursion over a long path
    // (any client chooses it) would need megabytes of stack.
    const std::string prefix = "/api/v1/tenants/";
    std::string slug;
    if (req.path.compare(0, prefix.size(), prefix) == 0) {
        slug = req.path.substr(prefix.size(), req.path.find('/', prefix.size()) - prefix.size());
        const bool ok = !slug.empty() && slug[0] != '-' &&
                        slug.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos;
        if (!ok) slug.clear();
    }
    bool allowed = false;
    if (!slug.empty()) {
        // An unknown tenant: only the server's own origin.
        const auto t = app.FindTenant(slug);
        allowed = t ? OriginAllowed(app, t.get(), req) : SameOrigin(req);
    } else {
        // Accounts and health: any origin some tenant embeds on.
        allowed = OriginAllowed(app, nullptr, req);
    }
    if (!allowed) return {};
    return {{"Access-Control-Allow-Origin", origin},
            {"Vary", "Origin"},
            {"Access-Control-Expose-Headers", "Location, Retry-After"}};
}

Response HandlePreflight(AppContext& app, const Request& req) {
    auto headers = CorsHeaders(app, req);
    if (headers.empty())
        Fail(403, "origin_not_allowed", Msg("Ce site n’est pas autorisé à utiliser les modules de cette commune."));
    Response r;
    r.status = 204;
    r.content_type.clear();
    r.headers = std::move(headers);
    r.headers["Access-Control-Allow-Methods"] = "GET, POST, PATCH, DELETE, OPTIONS";
    r.headers["Access-Control-Allow-Headers"] = "Authorization, Content-Type, Accept-Language";
    r.headers["Access-Control-Max-Age"] = "600";
    return r;
}

// A browser never tells a page why a cross-origin request failed. This route answers every
// origin (Access-Control-Allow-Origin: *; it reveals only whether the asking origin may embed
// the tenant, and the tenant's name) so that embed.js can say "this site is not allowed"
// rather than "the server is unreachable".
Response HandleEmbedCheck(AppContext& app, const Request& req) {
    const std::string slug = req.Query("tenant", app.options.default_tenant);
    const std::string lang = req.Language();
    Response r;
    const auto t = app.FindTenant(slug);
    if (!t) {
        r = ErrorResponse(404, "unknown_tenant", Msg("Ce serveur ne connaît pas de commune « {} ».", slug), lang);
    } else {
        // ?origin= asks for another site than the caller (the console checks each of the
        // commune's allowed sites); anyone can learn the same by sending that Origin header.
        const std::string asked = req.Query("origin");
        const std::string origin = asked.empty() ? req.Header("origin") : asked;
        bool allowed = asked.empty() && OriginAllowed(app, t.get(), req);
        for (const auto& o : t->allowed_origins) allowed = allowed || (!asked.empty() && (o == asked || o == "*"));
        nlohmann::json body{{"allowed", allowed},
                            {"origin", origin},
                            {"tenant", t->slug},
                            {"name", t->name},
                            {"of_name", FrenchOf(t->name)}, // "d’Angers": French's "de" and the name
                            {"plain_url", std::string(kPlainRoot) + "/" + t->slug}};
        if (!allowed) {
            // TRANSLATORS: {0} the commune's name, in French with its "de" ("d’Angers"); {1} a site's address.
            const Msg said = Msg("Ce site n’est pas autorisé à afficher ce module {0}. Responsable du site : demandez à la "
                           "commune d’ajouter {1} à sa liste de sites autorisés.",
                           OfPlace(t->name), origin);
            body["message"] = said.In(lang);
            body["messages"] = nlohmann::json::object();
            for (const auto& l : Languages()) body["messages"][l] = said.In(l);
        }
        r = JsonResponse(200, body);
    }
    r.headers["Access-Control-Allow-Origin"] = "*";
    r.headers["Cache-Control"] = "no-store";
    return r;
}

// A language's catalog cut to the texts the widgets show (widgets/, shared/, site/): what the
// server sends a widget. Written with the catalogs (cmake/EmbedCatalogs.cmake) into
// quartier_catalogs, beside BuiltInCatalogBytes.
const unsigned char* BuiltInWidgetCatalogBytes(const std::string& lang, std::size_t* size);

Response HandleCatalog(AppContext&, const Request& req) {
    const std::string lang = SpokenLanguage(req.path_params.at(0));
    std::size_t size = 0;
    const unsigned char* bytes = IsSourceLanguage(lang) ? nullptr : BuiltInWidgetCatalogBytes(lang, &size);
    if (!bytes)
        throw ApiError(404, FieldError{"no_catalog", "", Msg("Pas de catalogue : le français est la langue des modules eux-mêmes.")});
    Response r;
    r.content_type = "application/x-gettext-translation";
    r.body.assign(reinterpret_cast<const char*>(bytes), size);
    r.headers["Content-Language"] = lang;
    // Public words, fetched by embed.js from any site that embeds a widget; revalidated by ETag.
    r.headers["Access-Control-Allow-Origin"] = "*";
    return r;
}

} // namespace quartier

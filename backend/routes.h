// The routing table: every route of the API is listed in ApiRoutes, in one place, and
// every handler is declared here (one file per resource), so that tests can call them
// without a socket.
#pragma once

#include "backend/app_context.h"
#include "backend/http/http_types.h"

#include <optional>
#include <set>
#include <regex>
#include <string>
#include <vector>

namespace quartier {

struct Route {
    std::string method;  // GET, POST, PATCH, DELETE, OPTIONS
    std::string pattern; // ECMAScript regex over the path; captures become path_params
    Handler handler;     // errors thrown as ApiError come back as the JSON envelope
    std::size_t max_body = 0; // the most bytes its body may have; 0: the server's limit (--max-body-mb)
};

// The body a photo upload may have: the photo's limit, and a form's fields around it.
constexpr std::size_t kPhotoBodyBytes = (10u << 20) + (64u << 10);

std::vector<Route> ApiRoutes(AppContext& app);

// Dispatch as the server's HTTP library does it, without a socket (the request fuzz target
// and tests): the first route of the request's method (HEAD as GET) whose pattern matches the
// whole path, its captures as path_params. nullopt when no route matches (the server's 404).
// Paths longer than kMaxPathLength match nothing: the library refuses such URIs (414), and
// std::regex's recursion over a path of that length would need megabytes of stack.
class Router {
public:
    static constexpr std::size_t kMaxPathLength = 8192;
    explicit Router(std::vector<Route> routes);
    std::optional<Response> Dispatch(Request& req) const;
    const std::vector<Route>& Routes() const { return m_routes; }

private:
    std::vector<Route> m_routes;
    std::vector<std::regex> m_patterns;
};

// CORS headers for req's Origin (empty when there is none or it is not allowed), and the
// answer to a preflight. The server's own origin is always allowed.
std::map<std::string, std::string> CorsHeaders(AppContext& app, const Request& req);
// Whether req's Origin may call tenant t's routes (t null: routes of no tenant, allowed to
// any origin some tenant embeds on). True without an Origin header.
bool OriginAllowed(AppContext& app, const Tenant* t, const Request& req);
// Whether req's Origin is the server's own (scheme + Host).
bool SameOrigin(const Request& req);

using AppHandler = Response (*)(AppContext&, const Request&);

// routes.cpp
Response HandleHealth(AppContext& app, const Request& req);
Response HandlePreflight(AppContext& app, const Request& req);
Response HandleEmbedCheck(AppContext& app, const Request& req);
// A widget's words: GET /api/v1/catalogs/{lang}.mo, the compiled catalog of po/ its
// language reads (English for a language without one; none for French, the code's own).
Response HandleCatalog(AppContext& app, const Request& req);

// tiles_handlers.cpp: base maps from the operator's MBTiles files
Response HandleTile(AppContext& app, const Request& req);
Response HandleTileJson(AppContext& app, const Request& req);

// html_handlers.cpp: the plain-HTML pages (no JavaScript), under /simple/
Response HandlePlainStyle(AppContext& app, const Request& req);
Response HandlePlainIndex(AppContext& app, const Request& req);
Response HandlePlainCommune(AppContext& app, const Request& req);
Response HandlePlainProposals(AppContext& app, const Request& req);
Response HandlePlainProposal(AppContext& app, const Request& req);
Response HandlePlainProcess(AppContext& app, const Request& req);
Response HandlePlainProject(AppContext& app, const Request& req);
Response HandlePlainBallot(AppContext& app, const Request& req);
Response HandlePlainCastBallot(AppContext& app, const Request& req);
Response HandlePlainReceipt(AppContext& app, const Request& req);
// pages/console_page.cpp: the console widget's own page, /console/{tenant}
Response HandleConsolePage(AppContext& app, const Request& req);

// tenant_handlers.cpp
Response HandleListTenants(AppContext& app, const Request& req);
Response HandleGetTenant(AppContext& app, const Request& req);
Response HandleGetDistricts(AppContext& app, const Request& req);
Response HandleMapPoints(AppContext& app, const Request& req); // map_handlers.cpp
Response HandleCreateTenant(AppContext& app, const Request& req);
Response HandleUpdateTenant(AppContext& app, const Request& req);
Response HandleArchiveTenant(AppContext& app, const Request& req);
Response HandleRestoreTenant(AppContext& app, const Request& req);
Response HandleDeleteTenant(AppContext& app, const Request& req);

// proposal_handlers.cpp
Response HandleListProposals(AppContext& app, const Request& req);   // alias, default tenant
Response HandleCreateProposal(AppContext& app, const Request& req);  // alias, default tenant
Response HandleListTenantProposals(AppContext& app, const Request& req);
Response HandleCreateTenantProposal(AppContext& app, const Request& req);
Response HandleGetProposal(AppContext& app, const Request& req);
Response HandleSupport(AppContext& app, const Request& req);
Response HandleWithdrawSupport(AppContext& app, const Request& req);
Response HandleFlag(AppContext& app, const Request& req);
Response HandleProposalsCsv(AppContext& app, const Request& req);
Response HandleProposalsGeoJson(AppContext& app, const Request& req);

// comment_handlers.cpp: residents' comments on proposals, one level of replies
Response HandleListComments(AppContext& app, const Request& req);
Response HandleCreateComment(AppContext& app, const Request& req);
Response HandleEditComment(AppContext& app, const Request& req);
Response HandleDeleteComment(AppContext& app, const Request& req);
Response HandleFlagComment(AppContext& app, const Request& req);
Response HandleCommentsCsv(AppContext& app, const Request& req);

// photo_handlers.cpp: photos on proposals and on follow-up updates, checked and re-encoded
// by backend/photo.cpp; the file is the request's body, its description ?alt=
Response HandleAddProposalPhoto(AppContext& app, const Request& req);
Response HandleAddUpdatePhoto(AppContext& app, const Request& req);
Response HandleDescribePhoto(AppContext& app, const Request& req);
Response HandleRemovePhoto(AppContext& app, const Request& req);
Response HandleServePhoto(AppContext& app, const Request& req);
// process_handlers.cpp
Response HandleListProcesses(AppContext& app, const Request& req);
Response HandleGetProcess(AppContext& app, const Request& req);
Response HandleCreateProcess(AppContext& app, const Request& req);
Response HandleUpdateProcess(AppContext& app, const Request& req);
Response HandleSetPhase(AppContext& app, const Request& req);
Response HandleImportPabulib(AppContext& app, const Request& req);
Response HandleArchiveProcess(AppContext& app, const Request& req);
Response HandleRestoreProcess(AppContext& app, const Request& req);
Response HandleDeleteProcess(AppContext& app, const Request& req);

// vote_handlers.cpp
Response HandleGenerateCodes(AppContext& app, const Request& req);
Response HandleImportCensus(AppContext& app, const Request& req);
Response HandleRemoveCensusLine(AppContext& app, const Request& req);
Response HandleCodeStats(AppContext& app, const Request& req);
Response HandleBallotToken(AppContext& app, const Request& req);
Response HandleCastBallot(AppContext& app, const Request& req);
Response HandlePaperBallot(AppContext& app, const Request& req);
Response HandleReceipts(AppContext& app, const Request& req);

// results_handlers.cpp
Response HandleResults(AppContext& app, const Request& req);
Response HandleResultsExplanations(AppContext& app, const Request& req);
Response HandleBallotsPb(AppContext& app, const Request& req);
Response HandleProcessProjectsCsv(AppContext& app, const Request& req);
Response HandleProcessProjectsGeoJson(AppContext& app, const Request& req);

// auth_handlers.cpp
Response HandleRegister(AppContext& app, const Request& req);
Response HandleLogin(AppContext& app, const Request& req);
Response HandleLogout(AppContext& app, const Request& req);
Response HandleMe(AppContext& app, const Request& req);
Response HandleMeExport(AppContext& app, const Request& req);
Response HandleMeDelete(AppContext& app, const Request& req);
Response HandleCreateUser(AppContext& app, const Request& req);
Response HandleListUsers(AppContext& app, const Request& req);
Response HandleUpdateUser(AppContext& app, const Request& req);
Response HandleIssuePasswordReset(AppContext& app, const Request& req);
Response HandlePasswordReset(AppContext& app, const Request& req);

// mail_handlers.cpp: e-mail choices, confirmation, forgot password, a commune's relay
Response HandleGetMailPreferences(AppContext& app, const Request& req);
Response HandleUpdateMailPreferences(AppContext& app, const Request& req);
Response HandleResendConfirmation(AppContext& app, const Request& req);
Response HandleForgotPassword(AppContext& app, const Request& req);
Response HandleGetMailRelay(AppContext& app, const Request& req);
Response HandleSetMailRelay(AppContext& app, const Request& req);
// An account's e-mail choices as the API and the export give them; changed from a JSON body.
nlohmann::json MailPreferences(Db& db, std::int64_t user_id);
void UpdateMailPreferences(Db& db, std::int64_t user_id, const nlohmann::json& body);
// pages/mail_pages.cpp: the pages e-mails link to, without signing in
Response HandleConfirmEmailPage(AppContext& app, const Request& req);
Response HandleMailPreferencesPage(AppContext& app, const Request& req);
Response HandleMailPreferencesPost(AppContext& app, const Request& req);
Response HandleResetPasswordPage(AppContext& app, const Request& req);
Response HandleResetPasswordPost(AppContext& app, const Request& req);
Response HandleForgotPasswordPage(AppContext& app, const Request& req);
Response HandleForgotPasswordPost(AppContext& app, const Request& req);

// moderation_handlers.cpp
Response HandleModerationQueue(AppContext& app, const Request& req);
Response HandleModerate(AppContext& app, const Request& req);
Response HandleModerateBulk(AppContext& app, const Request& req);
Response HandleModerateComment(AppContext& app, const Request& req);
Response HandleModerateCommentsBulk(AppContext& app, const Request& req);
Response HandleAuditLog(AppContext& app, const Request& req);
Response HandleAuditVerify(AppContext& app, const Request& req);
Response HandleAuditHead(AppContext& app, const Request& req); // public: the chain's head

// review_handlers.cpp: from proposals to ballot projects, then their follow-up (staff)
Response HandleReviewProposal(AppContext& app, const Request& req);
Response HandlePromoteProposals(AppContext& app, const Request& req);
Response HandleProjectFollowUp(AppContext& app, const Request& req);
Response HandleProjectUpdate(AppContext& app, const Request& req);

} // namespace quartier

namespace quartier {
// vote_handlers.cpp: the ballot box for the plain-HTML form (html_handlers.cpp). Validates
// ballot with the shared model, then spends the voter code and casts in one transaction (a
// refused ballot never costs the code); the same form sent again with the same request_id
// and ballot gets the same receipt. Refusals are ApiError with the JSON routes' codes.
[[noreturn]] void FailVotingClosed(); // 409 voting_closed
// The same saying when voting opens or opened, from p's calendar ("Le vote ouvre dans 5 jours").
[[noreturn]] void FailVotingClosed(AppContext& app, const Tenant& t, const Process& p);
std::string CastBallotWithCode(AppContext& app, const Tenant& t, const Process& p, const std::string& remote_addr,
                               const std::string& code, const std::string& request_id, const nlohmann::json& ballot);
// Whether process p's box holds a ballot with this receipt.
bool BallotReceiptExists(AppContext& app, const Process& p, const std::string& receipt);
// Who may enter paper and assisted ballots at the desk (POST .../paper-ballots and the plain
// desk page): the commune's agents, and admins.
bool MayEnterPaperBallots(const Principal& who, const Tenant& t);
// When voting closes: one audit line per agent, "entered N paper ballots" (inside a Write job).
// Logged then rather than per ballot, so that the log's times single out nobody.
void AppendPaperBallotCounts(Db& db, std::int64_t tenant_id, const Process& p);

// process_handlers.cpp: a process as the API sends it: its fields, its commune's time zone and
// "calendar_text" {"fr","en"}, the calendar's sentence for residents at the server's now.
nlohmann::json ProcessJson(AppContext& app, const Tenant& t, const Process& p);

// results_handlers.cpp: the ids of process p's funded projects (its published results'
// winners); empty before the results are published.
std::set<std::string> FundedProjects(AppContext& app, const Tenant& t, const Process& p);
// comment_handlers.cpp: the comments awaiting a moderator (pending, or published and reported)
// of tenant t, {"items": [...], "counts": {...}}, for the moderation queue (inside a Read).
nlohmann::json CommentQueue(AppContext& app, Db& db, const Tenant& t);
// photo_handlers.cpp: adds a photo to proposal (of tenant t) for who, its author or a moderator,
// as the API and the plain pages' form do: rate-limited per client, at most
// PhotoLimits::kPerProposal; the photo's JSON, or ApiError (refusals in both languages).
nlohmann::json AddProposalPhoto(AppContext& app, const Tenant& t, const Principal& who, std::int64_t proposal,
                                std::string_view bytes, const std::string& alt, const std::string& remote_addr);
// proposal_handlers.cpp: adds to each proposal's JSON (tenant t's, with its "id") where it
// stands after submission: "stage", the public "review", the "project" it became.
void AddLifecycle(AppContext& app, const Tenant& t, const std::vector<nlohmann::json*>& proposals);

// auth_handlers.cpp: accounts made outside HTTP (first admin; demo and test accounts).
std::int64_t CreateAdminAccount(Store& store, const std::string& email, const std::string& password, bool fast);
// A new password for an existing account (any role), which is enabled again and signed out
// everywhere (quartier-server --reset-password). False when no account has this e-mail.
bool ResetAccountPassword(Store& store, const std::string& email, const std::string& password, bool fast);
// Returns 0 when an account with this e-mail exists already (left untouched).
std::int64_t EnsureAccount(Store& store, const std::string& email, const std::string& password, Role role,
                           std::optional<std::int64_t> tenant_id, bool fast);
} // namespace quartier

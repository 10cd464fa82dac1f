// The plain-HTML path, served by the server itself: residents without JavaScript, or with a
// screen reader, read a commune's proposals and a process's projects and cast a ballot with
// their voter code through ordinary forms (answered with the receipt page itself: a receipt
// never travels in a URL). The pages only
// present: proposals come from the JSON handlers, a ballot is validated by the shared model
// (shared/ballot) and cast through the widgets' ballot box (CastBallotWithCode), and every
// refusal comes back next to the form with every choice kept. A resident signs in (a session
// cookie holding the API's own session token), proposes, supports and reports through forms
// that call the same JSON handlers as the widgets, each form carrying a token bound to the
// session. A municipal agent signed in the same way enters paper and assisted ballots at the
// desk page (/guichet), whose form is the resident's ballot form, sent through the API's own
// paper-ballot handler.
//
// Index of this file:
// [SECTION] Page context (language, links, errors as pages)
// [SECTION] Words (phases, rules, statuses)
// [SECTION] Commune and proposals
// [SECTION] Process and projects
// [SECTION] Ballot form
// [SECTION] Receipt
// [SECTION] Resident: sign in, propose, support, report, my proposals
// [SECTION] Agent's desk: paper and assisted ballots
#include "backend/routes.h"

#include "backend/pages/html_page.h"
#include "backend/text_util.h"
#include "backend/crypto.h"
#include "backend/photo.h"
#include "shared/category.h"
#include "shared/comment.h"
#include "shared/i18n.h"
#include "shared/lifecycle.h"

#include <algorithm>
#include <set>

namespace quartier {

//-----------------------------------------------------------------------------
// [SECTION] Page context (language, links, errors as pages)
//-----------------------------------------------------------------------------

namespace {

const std::string kRoot = kPlainRoot;

// The resident's session, in a cookie the plain pages alone read (Path=/simple): the same
// session token as the API's Bearer token (auth_handlers.cpp's sessions table), so that
// signing out anywhere ends it. The form cookie holds the sign-in forms' anti-forgery secret,
// before any session exists.
const std::string kSessionCookie = "quartier_session";
const std::string kFormCookie = "quartier_formulaire";

// name's value in the request's Cookie header, "" when absent.
std::string CookieValue(const Request& req, const std::string& name) {
    const std::string all = req.Header("cookie");
    size_t start = 0;
    while (start < all.size()) {
        size_t end = all.find(';', start);
        if (end == std::string::npos) end = all.size();
        const std::string part = Trim(all.substr(start, end - start));
        if (part.size() > name.size() && part.compare(0, name.size(), name) == 0 && part[name.size()] == '=')
            return part.substr(name.size() + 1);
        start = end + 1;
    }
    return {};
}

// A 128-bit token as RandomHex makes them: anything else in a cookie is ignored.
bool IsToken(const std::string& s) {
    return s.size() == 32 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// A copy of req that carries token as the API's Bearer token.
Request WithBearer(const Request& req, const std::string& token) {
    Request r = req;
    r.headers["authorization"] = "Bearer " + token;
    return r;
}

// What every page of one request shares: its language, links that keep a language chosen
// in the URL, and the commune.
class PageContext {
public:
    PageContext(AppContext& app_, const Request& req_)
        : app(app_), req(req_), lang(PageLanguage(req_)), fr(lang == "fr"),
          session(IsToken(CookieValue(req_, kSessionCookie)) ? CookieValue(req_, kSessionCookie) : ""),
          who(session.empty() ? Principal{} : app_.Identify(WithBearer(req_, session))),
          m_lang_in_url(!req_.Query("lang").empty()) {}

    AppContext& app;
    const Request& req;
    const std::string lang;
    const bool fr;
    const std::string session; // the session cookie's token ("" : none)
    const Principal who;       // its account; anonymous when none, expired or disabled
    std::shared_ptr<const Tenant> tenant; // set once known

    bool SignedIn() const { return !who.Anonymous(); }

    std::string T(const char* french) const { return Tr(lang, french); }
    // A name the commune wrote (in French) on a page in another language, escaped and marked
    // so that a screen reader reads it with French sounds (RGAA 8.7).
    std::string Theirs(const std::string& text) const {
        return fr ? HtmlEscape(text) : "<span lang=\"fr\">" + HtmlEscape(text) + "</span>";
    }

    // path with query (already encoded "a=b&c=d"), keeping ?lang= when it was chosen in the URL.
    std::string Link(const std::string& path, std::string query = "") const {
        if (m_lang_in_url) query += std::string(query.empty() ? "" : "&") + "lang=" + lang;
        return query.empty() ? path : path + "?" + query;
    }
    std::string CommuneHome() const { return tenant ? kRoot + "/" + tenant->slug : kRoot; }
    std::string ProcessPath(const Process& p) const { return CommuneHome() + "/consultations/" + p.slug; }

    PageShell Shell(const std::string& title, const std::string& current = "") const {
        PageShell s;
        s.lang = lang;
        s.title = title;
        s.site_name = tenant ? tenant->name : "Quartier";
        s.home = Link(CommuneHome());
        if (tenant) {
            s.nav.push_back({Link(CommuneHome()), T("Accueil")});
            s.nav.push_back({Link(CommuneHome() + "/propositions"), T("Propositions")});
            s.nav.push_back({Link(CommuneHome() + "/propositions/nouvelle"), T("Proposer une idée")});
            if (SignedIn()) s.nav.push_back({Link(CommuneHome() + "/mes-propositions"), T("Mes propositions")});
            else s.nav.push_back({Link(CommuneHome() + "/connexion"), T("Se connecter")});
        }
        s.current = current.empty() ? "" : Link(current);
        // The same page in each other language (a form's page switches to its empty form).
        std::string query;
        for (const auto& [k, v] : req.query)
            if (k != "lang" && (k == "page" || k == "q")) query += (query.empty() ? "" : "&") + k + "=" + UrlEncode(v);
        for (const std::string& other : Languages())
            if (other != lang)
                s.languages.push_back({other, req.path + "?" + query + (query.empty() ? "" : "&") + "lang=" + other});
        return s;
    }

    Response Page(int status, const PageShell& shell, const std::string& main) const {
        return HtmlResponse(status, RenderPage(shell, main));
    }

private:
    bool m_lang_in_url;
};

std::string E(const std::string& s) { return HtmlEscape(s); }

// Errors thrown below (unknown commune, bad page number, ...) become a page, not JSON.
template <class F> Response Plain(AppContext& app, const Request& req, F&& body) {
    PageContext c(app, req);
    try {
        return body(c);
    } catch (const ApiError& e) {
        const std::string title = e.status == 404   ? c.T("Page introuvable")
                                  : e.status == 410 ? c.T("Page archivée")
                                  : e.status == 429 ? c.T("Veuillez patienter")
                                                    : c.T("Impossible pour le moment");
        std::string main = "<h1>" + E(title) + "</h1>\n<p>" + E(e.error.Message(c.lang)) + "</p>\n<p><a href=\"" +
                           E(c.Link(c.CommuneHome())) + "\">" +
                           E(c.tenant ? (c.fr ? "Retour à l’accueil " + FrenchOf(c.tenant->name) : Fill(c.T("Retour à l’accueil de {}"), c.tenant->name))
                                      : c.T("Retour à l’accueil")) +
                           "</a></p>\n";
        return c.Page(e.status, c.Shell(title), main);
    }
}

// A copy of req for a JSON handler, with the given path parameters and query.
Request Inner(const Request& req, std::vector<std::string> params, std::multimap<std::string, std::string> query) {
    Request r = req;
    r.method = "GET";
    r.body.clear();
    r.path_params = std::move(params);
    r.query = std::move(query);
    r.headers.erase("authorization"); // the plain pages are public: what anyone sees
    return r;
}

nlohmann::json JsonOf(const Response& r) { return nlohmann::json::parse(r.body, nullptr, false); }

// [resident forms] What every form of a signed-in resident shares: the anti-forgery token
// bound to the session (a hash of the session token under a purpose of its own: nobody
// without the cookie can make it), the refusal of a post from another site, the way back to
// the sign-in page, and the return path after signing in (a page of this commune only).

std::string FormToken(const std::string& session) {
    return session.empty() ? std::string() : Sha256Hex("quartier plain form|" + session);
}

bool SameSecret(const std::string& a, const std::string& b) {
    if (a.size() != b.size() || a.empty()) return false;
    unsigned char diff = 0;
    for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

std::string HiddenToken(const std::string& token) {
    return "<input type=\"hidden\" name=\"jeton\" value=\"" + HtmlEscape(token) + "\">\n";
}

// Whether the browser says that a post comes from another site (an old browser or curl says
// nothing: the token alone decides then).
bool CrossSite(const Request& req) {
    const std::string site = req.Header("sec-fetch-site");
    if (!site.empty() && site != "same-origin" && site != "none") return true;
    const std::string origin = req.Header("origin");
    return !origin.empty() && !SameOrigin(req);
}

std::string Field(const std::multimap<std::string, std::string>& fields, const std::string& name) {
    const auto it = fields.find(name);
    return it == fields.end() ? std::string() : it->second;
}

// A form posted from another site, or with a token that is not this session's: nothing done.
Response FormRefused(const PageContext& c) {
    const std::string title = c.T("Formulaire refusé");
    const std::string main =
        "<h1>" + HtmlEscape(title) + "</h1>\n<p>" +
        HtmlEscape(c.T("Ce formulaire n’a pas été accepté : il a été envoyé depuis un autre site, ou il a expiré "
                       "(après une déconnexion, par exemple). Rien n’a été enregistré. Revenez à la page et "
                       "envoyez-le de nouveau.")) +
        "</p>\n<p><a href=\"" + HtmlEscape(c.Link(c.CommuneHome())) + "\">" +
        HtmlEscape(c.T("Retour à l’accueil")) + "</a></p>\n";
    return c.Page(403, c.Shell(title), main);
}

// nullopt when a signed-in resident's post may go on; otherwise the 403 page.
std::optional<Response> CheckResidentPost(const PageContext& c, const std::multimap<std::string, std::string>& fields) {
    if (CrossSite(c.req) || !SameSecret(Field(fields, "jeton"), FormToken(c.session))) return FormRefused(c);
    return std::nullopt;
}

// A local path of this commune's plain pages to come back to, or the commune's home: never
// another site (//host, https://…), never out of /simple/{tenant}.
std::string SafeReturn(const PageContext& c, const std::string& path) {
    const std::string home = c.CommuneHome();
    const bool inside = path == home || path.rfind(home + "/", 0) == 0 || path.rfind(home + "?", 0) == 0;
    const bool plain = path.size() <= 300 && path.find("//") == std::string::npos && path.find("..") == std::string::npos &&
                       path.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-_.?=&%~") ==
                           std::string::npos;
    return inside && plain ? path : c.Link(home);
}

Response ToSignIn(const PageContext& c, const std::string& back) {
    return SeeOther(c.Link(c.CommuneHome() + "/connexion", "retour=" + UrlEncode(back)));
}

// The JSON handler's request for a resident's action: body as JSON, the session as Bearer.
Request ApiCall(const PageContext& c, std::vector<std::string> params, const nlohmann::json& body) {
    Request r = WithBearer(c.req, c.session);
    r.method = "POST";
    r.body = body.dump();
    r.headers["content-type"] = "application/json";
    r.path_params = std::move(params);
    r.query.clear();
    return r;
}

// The error summary above a form: each message linked to its field (when it has one).
std::string ErrorSummary(const PageContext& c, const std::string& title,
                         const std::vector<std::pair<std::string, std::string>>& errors) {
    std::string html = "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus aria-labelledby=\"erreurs-titre\">\n"
                       "<h2 id=\"erreurs-titre\">" + HtmlEscape(title) + "</h2>\n<ul>\n";
    for (const auto& [id, message] : errors)
        html += id.empty() ? "<li>" + HtmlEscape(message) + "</li>\n"
                           : "<li><a href=\"#" + HtmlEscape(id) + "\">" + HtmlEscape(message) + "</a></li>\n";
    (void)c;
    return html + "</ul>\n</div>\n";
}

// One labelled field: the label, its hint, its error, then the control, which control()
// makes from the aria attributes it must carry.
template <class F>
std::string FieldBlock(const std::string& id, const std::string& label, const std::string& hint,
                       const std::vector<std::pair<std::string, std::string>>& errors, F&& control) {
    std::string html = "<div class=\"field\">\n<label for=\"" + id + "\">" + HtmlEscape(label) + "</label>\n";
    std::string described;
    if (!hint.empty()) {
        html += "<p class=\"hint\" id=\"" + id + "-aide\">" + HtmlEscape(hint) + "</p>\n";
        described = id + "-aide";
    }
    bool invalid = false;
    for (const auto& [field, message] : errors)
        if (field == id && !invalid) {
            html += "<p class=\"field-error\" id=\"" + id + "-erreur\">" + HtmlEscape(message) + "</p>\n";
            described += (described.empty() ? "" : " ") + id + "-erreur";
            invalid = true;
        }
    std::string aria = described.empty() ? "" : " aria-describedby=\"" + described + "\"";
    if (invalid) aria += " aria-invalid=\"true\"";
    return html + control(aria) + "\n</div>\n";
}

// One line of a <dl class="facts">.
std::string Fact(const std::string& term, const std::string& value) {
    return "<dt>" + E(term) + "</dt><dd>" + E(value) + "</dd>\n";
}

std::string Paragraphs(const std::string& text) {
    std::string out;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string line = Trim(text.substr(start, end - start));
        if (!line.empty()) out += "<p>" + E(line) + "</p>\n";
        start = end + 1;
    }
    return out;
}

//-----------------------------------------------------------------------------
// [SECTION] Words (phases, rules, statuses)
//-----------------------------------------------------------------------------

std::string PhaseLabel(Phase p, const PageContext& c) {
    switch (p) {
    case Phase::Submission: return c.T("Dépôt des idées");
    case Phase::Review: return c.T("Étude des projets");
    case Phase::Voting: return c.T("Vote ouvert");
    case Phase::Closed: return c.T("Vote clos, dépouillement en cours");
    case Phase::Published: return c.T("Résultats publiés");
    case Phase::FollowUp: return c.T("Réalisation des projets lauréats");
    }
    return {};
}

// The calendar's sentence ("Vote du 3 au 17 mars", "Le vote ouvre dans 5 jours") at the
// server's now in the commune's time zone; empty without dates.
std::string CalendarLine(AppContext& app, const PageContext& c, const Tenant& t, const Process& p) {
    return CalendarText(p.calendar, p.phase, app.LocalNow(t), c.lang);
}

std::string StatusLabel(const std::string& status, const PageContext& c) {
    if (status == "submitted") return c.T("En cours de modération");
    // Only its author (and moderators) see these.
    if (status == "pending") return c.T("En attente de modération, visible par vous seul");
    if (status == "rejected") return c.T("Refusée par la modération");
    if (status == "hidden") return c.T("Masquée par la modération");
    if (status == "selected") return c.T("Retenue pour le vote");
    return c.T("Publiée");
}

// Where a proposal stands: its moderation until staff review it, then its stage (the words
// the map widget uses too).
std::string StateLabel(const nlohmann::json& item, const PageContext& c) {
    ProposalStage stage = ProposalStage::Submitted;
    if (!item.contains("stage") || !item["stage"].is_string() || !ParseProposalStage(item["stage"].get<std::string>(), stage) ||
        stage == ProposalStage::Submitted)
        return StatusLabel(item.value("status", ""), c);
    return StageLabel(stage, c.lang);
}

// The shared label (shared/category.h): the server's pages and the widgets say it alike.
std::string CategoryLabel(const Tenant& t, const std::string& category, const PageContext& c) {
    return quartier::CategoryLabel(CategoriesFromJson(t.categories), category, c.lang);
}

std::string Money(const Decimal& d, const PageContext& c) { return FormatEuros(d, c.lang); }

} // namespace

std::string BallotRulesSentence(const BallotConfig& b, const std::string& lang) {
    struct {
        std::string lang;
        std::string T(const char* french) const { return Tr(lang, french); }
    } c{lang};
    std::string count;
    if (b.min_projects > 0 && b.max_projects > 0 && b.min_projects == b.max_projects)
        count = c.T("exactement ") + CountOf(b.max_projects, lang, "projet", "projets");
    else if (b.min_projects > 0 && b.max_projects > 0)
        count = c.T("de ") + std::to_string(b.min_projects) + c.T(" à ") +
                CountOf(b.max_projects, lang, "projet", "projets");
    else if (b.min_projects > 0)
        count = c.T("au moins ") + CountOf(b.min_projects, lang, "projet", "projets");
    else if (b.max_projects > 0)
        count = c.T("au plus ") + CountOf(b.max_projects, lang, "projet", "projets");
    if (b.kind == "knapsack")
        return c.T("Choisissez les projets que vous voulez voir réalisés, pour un coût total d’au plus ") +
               FormatEuros(b.budget, lang) + (count.empty() ? "" : c.T(" (") + count + ")") + ".";
    if (b.kind == "cumulative") {
        std::string s = c.T("Répartissez jusqu’à ") + FormatCount(b.max_points, lang) +
                        c.T(" points entre les projets que vous soutenez");
        if (b.max_points_per_project > 0)
            s += c.T(", au plus ") + FormatCount(b.max_points_per_project, lang) +
                 c.T(" par projet");
        return s + (count.empty() ? "" : " (" + count + ")") + ".";
    }
    if (b.kind == "ranked")
        return c.T("Classez les projets que vous soutenez, du préféré (1) au moins préféré") +
               (count.empty() ? "" : " : " + count) + ".";
    return count.empty() ? c.T("Cochez les projets que vous soutenez.")
                         : c.T("Cochez ") + count + c.T(" que vous soutenez.");
}

namespace {

// Easy to read (FALC): how to vote and how the count works, a sentence a line, folded under
// its title (details: open and closed without JavaScript, by keyboard too).
std::string EasyReadSection(const PageContext& c, const Process& p) {
    std::string html = "<details class=\"easy-read\" id=\"facile-a-lire\">\n<summary>" +
                       E(c.T("Facile à lire : comment voter, comment on compte")) +
                       "</summary>\n";
    const std::pair<const char*, std::string> parts[] = {
        {"vote", c.T("Comment voter")}, {"count", c.T("Comment on compte les votes")}};
    for (const auto& [which, title] : parts) {
        html += "<h2>" + E(title) + "</h2>\n";
        const std::string text = p.EasyReadText(which, c.lang);
        size_t start = 0;
        while (start <= text.size()) {
            const size_t end = std::min(text.find('\n', start), text.size());
            const std::string line = Trim(text.substr(start, end - start));
            if (!line.empty()) html += "<p>" + E(line) + "</p>\n";
            start = end + 1;
        }
    }
    return html + "</details>\n";
}

const char* kPlaced = N_("Les données d’origine ne donnent pas l’emplacement de ce projet : sur les cartes, il est "
                        "placé en un point choisi à l’intérieur de son quartier (ou de la commune), qui n’indique pas "
                        "son emplacement réel.");

} // namespace

//-----------------------------------------------------------------------------
// [SECTION] Commune and proposals
//-----------------------------------------------------------------------------

Response HandlePlainStyle(AppContext&, const Request&) {
    Response r;
    r.content_type = "text/css; charset=utf-8";
    r.body = PlainStylesheet();
    r.headers["Cache-Control"] = "public, max-age=3600";
    return r;
}

Response HandlePlainIndex(AppContext& app, const Request& req) {
    return Plain(app, req, [&](PageContext& c) {
        std::string main = "<h1>" + E(c.T("Participation citoyenne")) + "</h1>\n<p class=\"lead\">" +
                           E(c.T("Choisissez votre commune.")) + "</p>\n<ul class=\"items\">\n";
        for (const auto& t : app.AllTenants())
            if (!t->archived) // the public's list: an archived commune answers 410 to everyone
                main += "<li><a href=\"" + E(c.Link(kRoot + "/" + t->slug)) + "\">" + E(t->name) + "</a></li>\n";
        main += "</ul>\n";
        return c.Page(200, c.Shell(c.T("Participation citoyenne"), kRoot), main);
    });
}

Response HandlePlainCommune(AppContext& app, const Request& req) {
    return Plain(app, req, [&](PageContext& c) {
        c.tenant = app.TenantOf(req);
        const Tenant& t = *c.tenant;
        const auto processes = JsonOf(HandleListProcesses(app, Inner(req, {t.slug}, {})));
        const auto proposals = JsonOf(HandleListTenantProposals(app, Inner(req, {t.slug}, {{"per_page", "1"}})));
        std::string main = "<h1>" + E(t.name + c.T(" : participation citoyenne")) +
                           "</h1>\n<p class=\"lead\">" +
                           E(c.T("Lisez les idées des habitants et les projets soumis au vote, et votez avec votre "
                                 "code de vote. Cette version fonctionne sans JavaScript.")) +
                           "</p>\n<h2>" + E(c.T("Les consultations")) + "</h2>\n";
        if (processes["items"].empty())
            main += "<p>" + E(c.T("Aucune consultation pour le moment.")) + "</p>\n";
        else
            main += "<ul class=\"items\">\n";
        for (const auto& item : processes["items"]) {
            auto p = app.FindProcess(t, item["id"].get<std::string>());
            if (!p) continue;
            main += "<li><h3><a href=\"" + E(c.Link(c.ProcessPath(*p))) + "\">" + c.Theirs(p->title) +
                    "</a></h3>\n<p class=\"meta\">" + E(PhaseLabel(p->phase, c)) + " · " +
                    [&] {
                        const std::string when = CalendarLine(app, c, t, *p);
                        return when.empty() ? std::string() : E(when) + " · ";
                    }() +
                    E(CountOf(static_cast<std::int64_t>(p->projects.size()), c.lang, "projet", "projets")) +
                    " · " + E(c.T("budget ") + Money(p->budget, c)) + "</p>\n";
            if (p->phase == Phase::Voting)
                main += "<p><a href=\"" + E(c.Link(c.ProcessPath(*p) + "/vote")) + "\">" +
                        E(c.T("Voter pour ") + p->title) + "</a></p>\n";
            main += "</li>\n";
        }
        if (!processes["items"].empty()) main += "</ul>\n";
        const std::int64_t total = proposals.value("total", std::int64_t{0});
        main += "<h2>" + E(c.T("Les propositions des habitants")) + "</h2>\n<p>" +
                E(CountOf(total, c.lang, "proposition publiée.", "propositions publiées.")) +
                "</p>\n<p><a href=\"" + E(c.Link(c.CommuneHome() + "/propositions")) + "\">" +
                E(c.T("Lire les propositions")) + "</a></p>\n<p><a href=\"" +
                E(c.Link(c.CommuneHome() + "/propositions/nouvelle")) + "\">" + E(c.T("Proposer une idée")) +
                "</a>" +
                (c.SignedIn() ? std::string(" · <a href=\"") + E(c.Link(c.CommuneHome() + "/mes-propositions")) + "\">" +
                                    E(c.T("Mes propositions")) + "</a>"
                              : std::string()) +
                "</p>\n";
        return c.Page(200, c.Shell(c.T("Participation citoyenne"), c.CommuneHome()), main);
    });
}

Response HandlePlainProposals(AppContext& app, const Request& req) {
    return Plain(app, req, [&](PageContext& c) {
        c.tenant = app.TenantOf(req);
        const Tenant& t = *c.tenant;
        const std::string page = req.Query("page", "1");
        const std::string q = Trim(req.Query("q"));
        std::multimap<std::string, std::string> query{{"page", page}, {"per_page", "20"}, {"sort", "newest"}};
        if (!q.empty()) query.emplace("q", q);
        const auto list = JsonOf(HandleListTenantProposals(app, Inner(req, {t.slug}, query)));
        const std::int64_t total = list["total"], current = list["page"], per_page = list["per_page"];
        const std::int64_t pages = std::max<std::int64_t>(1, (total + per_page - 1) / per_page);
        const std::string here = c.CommuneHome() + "/propositions";

        std::string main = "<h1>" + E(c.T("Les propositions des habitants")) + "</h1>\n<p><a href=\"" +
                           E(c.Link(here + "/nouvelle")) + "\">" + E(c.T("Proposer une idée")) + "</a></p>\n";
        main += "<form class=\"search\" method=\"get\" action=\"" + E(here) + "\" role=\"search\">\n<div>" +
                "<label for=\"q\">" + E(c.T("Rechercher une proposition")) +
                "</label><br><input type=\"search\" id=\"q\" name=\"q\" value=\"" + E(q) + "\"></div>\n";
        if (!req.Query("lang").empty()) main += "<input type=\"hidden\" name=\"lang\" value=\"" + E(c.lang) + "\">\n";
        main += "<button type=\"submit\" class=\"secondary\">" + E(c.T("Rechercher")) + "</button>\n</form>\n";
        main += "<p>" +
                E(CountOf(total, c.lang, "proposition", "propositions") +
                  (q.empty() ? "" : Fill(c.T(" pour « {} »"), q)) +
                  (pages > 1 ? c.T(", page ") + std::to_string(current) + c.T(" sur ") + std::to_string(pages) : "")) +
                ".</p>\n";
        if (!list["items"].empty()) main += "<ul class=\"items\">\n";
        for (const auto& item : list["items"]) {
            const std::string id = std::to_string(item["id"].get<std::int64_t>());
            std::string meta = CategoryLabel(t, item.value("category", ""), c);
            if (item["district"].is_object()) meta += " · " + item["district"].value("name", "");
            if (item["estimated_cost"].is_number() && item["estimated_cost"].get<std::int64_t>() > 0)
                meta += " · " + c.T("coût estimé ") + FormatEuros(item["estimated_cost"].get<std::int64_t>(), c.lang);
            meta += " · " + CountOf(item.value("supports", std::int64_t{0}), c.lang, "soutien", "soutiens");
            meta += " · " + StateLabel(item, c);
            main += "<li><h2><a href=\"" + E(c.Link(here + "/" + id)) + "\">" + E(item.value("title", "")) +
                    "</a></h2>\n<p class=\"meta\">" + E(meta) + "</p></li>\n";
        }
        if (!list["items"].empty()) main += "</ul>\n";
        if (pages > 1) {
            const std::string qpart = q.empty() ? "" : "&q=" + UrlEncode(q);
            main += "<nav class=\"pages\" aria-label=\"" + E(c.T("Pages")) + "\">\n";
            if (current > 1)
                main += "<a href=\"" + E(c.Link(here, "page=" + std::to_string(current - 1) + qpart)) + "\">" +
                        E(c.T("← Page précédente")) + "</a>\n";
            if (current < pages)
                main += "<a href=\"" + E(c.Link(here, "page=" + std::to_string(current + 1) + qpart)) + "\">" +
                        E(c.T("Page suivante →")) + "</a>\n";
            main += "</nav>\n";
        }
        return c.Page(200, c.Shell(c.T("Les propositions des habitants"), here), main);
    });
}

namespace {

// Support and report, for a visible proposal: forms for a signed-in resident, a link to the
// sign-in page (coming back here) for anyone else.
// [photos] A proposal's photos, each at the size the screen needs (srcset of its sizes), with
// its description as alt text; for its author, the form that adds one (multipart: the file
// itself), with the description, while the proposal has room for more.
std::string PhotoForm(const PageContext& c, const std::string& here, const std::string& alt, const std::string& error) {
    const std::vector<std::pair<std::string, std::string>> errors =
        error.empty() ? std::vector<std::pair<std::string, std::string>>{} : std::vector<std::pair<std::string, std::string>>{{"photo", error}};
    std::string html = "<form method=\"post\" enctype=\"multipart/form-data\" action=\"" + E(c.Link(here + "/photos")) + "\">\n" +
                       HiddenToken(FormToken(c.session));
    html += FieldBlock("photo", c.T("Photo"), c.T("JPEG, PNG ou WebP, 10 Mo au plus. Sa position GPS et ses autres métadonnées sont retirées."),
                       errors, [&](const std::string& aria) {
                           return "<input type=\"file\" id=\"photo\" name=\"photo\" accept=\"image/jpeg,image/png,image/webp\" required" + aria + ">";
                       });
    html += FieldBlock("description", c.T("Description de la photo"),
                       c.T("Ce qu’elle montre, pour les personnes qui ne la voient pas (300 caractères au plus)."), {},
                       [&](const std::string& aria) {
                           return "<input type=\"text\" class=\"wide\" id=\"description\" name=\"description\" maxlength=\"300\" value=\"" +
                                  E(alt) + "\"" + aria + ">";
                       });
    return html + "<div class=\"actions\"><button type=\"submit\">" + E(c.T("Ajouter la photo")) + "</button></div>\n</form>\n";
}

std::string PhotosSection(const PageContext& c, const nlohmann::json& item, const std::string& here) {
    const auto photos = item.value("photos", nlohmann::json::array());
    const bool mine = item.value("mine", false);
    if (photos.empty() && !mine) return "";
    std::string html = "<h2 id=\"photos\">" + E(c.T("Photos")) + "</h2>\n";
    if (!photos.empty()) html += "<ul class=\"photos\">\n";
    int n = 0;
    for (const auto& p : photos) {
        ++n;
        std::string srcset, src = p.value("url", "");
        for (const auto& v : p.value("sizes", nlohmann::json::array())) {
            srcset += (srcset.empty() ? "" : ", ") + v.value("url", "") + " " + std::to_string(v.value("width", 0)) + "w";
            if (v.value("box", 0) == 800) src = v.value("url", "");
        }
        std::string alt = p.value("alt", "");
        if (alt.empty()) alt = Fill(c.T("Photo {} de la proposition"), std::to_string(n));
        html += "<li><img src=\"" + E(src) + "\" srcset=\"" + E(srcset) + "\" sizes=\"(max-width: 40em) 100vw, 40em\" width=\"" +
                std::to_string(p.value("width", 0)) + "\" height=\"" + std::to_string(p.value("height", 0)) + "\" alt=\"" + E(alt) +
                "\" loading=\"lazy\" decoding=\"async\"></li>\n";
    }
    if (!photos.empty()) html += "</ul>\n";
    if (mine && c.SignedIn()) {
        if (photos.size() < static_cast<size_t>(PhotoLimits::kPerProposal))
            html += PhotoForm(c, here, "", "");
        else
            html += "<p>" + E(Fill(c.T("Votre proposition a {} photos, le maximum."), std::to_string(PhotoLimits::kPerProposal))) + "</p>\n";
    }
    return html;
}

std::string ProposalActions(const PageContext& c, const nlohmann::json& item, const std::string& here) {
    std::string html = "<h2>" + E(c.T("Soutenir ou signaler")) + "</h2>\n";
    if (!c.SignedIn())
        return html + "<p><a href=\"" + E(c.Link(c.CommuneHome() + "/connexion", "retour=" + UrlEncode(here))) + "\">" +
               E(c.T("Connectez-vous pour soutenir ou signaler cette proposition")) +
               "</a></p>\n";
    const std::string token = FormToken(c.session);
    if (item.value("supported", false))
        html += "<p>" + E(c.T("Vous soutenez cette proposition.")) + "</p>\n";
    else
        html += "<form method=\"post\" action=\"" + E(c.Link(here + "/soutien")) + "\">\n" + HiddenToken(token) +
                "<div class=\"actions\"><button type=\"submit\">" + E(c.T("Soutenir cette proposition")) +
                "</button></div>\n</form>\n";
    html += "<details class=\"report\" id=\"signaler\">\n<summary>" + E(c.T("Signaler cette proposition aux modérateurs")) +
            "</summary>\n<form method=\"post\" action=\"" + E(c.Link(here + "/signalement")) + "\">\n" + HiddenToken(token);
    const std::vector<std::pair<std::string, std::string>> none;
    html += FieldBlock("motif", c.T("Motif"), "", none, [&](const std::string& aria) {
        std::string select = "<select id=\"motif\" name=\"motif\"" + aria + ">\n";
        for (const auto& r : kReportReasons) select += "<option value=\"" + std::string(r.id) + "\">" + E(c.T(r.fr)) + "</option>\n";
        return select + "</select>";
    });
    html += FieldBlock("precisions", c.T("Précisions (facultatif)"),
                       c.T("Jusqu’à 400 caractères."), none, [&](const std::string& aria) {
                           return "<textarea class=\"wide\" id=\"precisions\" name=\"precisions\" rows=\"3\" maxlength=\"400\"" + aria + "></textarea>";
                       });
    return html + "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">" + E(c.T("Signaler")) +
           "</button></div>\n</form>\n</details>\n";
}

// [comments] The thread under a proposal: published comments newest first, 20 a page, each
// with its replies; a comment deleted or hidden while answered stays as a mark. Signed in, a
// resident comments, answers a comment (not a reply: one level) and reports one; the forms
// carry the session's token as the support and report forms do.

constexpr long kCommentsPerPage = 20;

std::string StanceLabel(const std::string& stance, const PageContext& c) {
    if (stance == "for") return c.T("Pour");
    if (stance == "against") return c.T("Contre");
    if (stance == "neutral") return c.T("Neutre");
    return "";
}

std::string DateOf(const std::string& iso, const PageContext& c) {
    if (iso.size() < 16) return iso;
    return c.fr ? iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4) + " à " + iso.substr(11, 2) + " h " + iso.substr(14, 2)
                : iso.substr(0, 10) + " " + iso.substr(11, 5);
}

// The comment form (a reply's when parent is not 0): its text, its stance where the commune
// asks for one. text and stance are kept after a refusal; error is the API's words. With
// edit, the author's form to change comment edit (a reply when parent is not 0), its text given.
std::string CommentForm(const PageContext& c, const std::string& here, std::int64_t parent, const std::string& text,
                        const std::string& stance, const std::string& error, std::int64_t edit = 0) {
    const std::string id = edit ? "modifier-" + std::to_string(edit) : parent ? "reponse-" + std::to_string(parent) : "commentaire";
    const std::string action = edit ? here + "/commentaires/" + std::to_string(edit) + "/modification" : here + "/commentaires";
    std::string html = "<form method=\"post\" action=\"" + E(c.Link(action)) + "\" novalidate>\n" +
                       HiddenToken(FormToken(c.session));
    if (parent && !edit) html += "<input type=\"hidden\" name=\"parent\" value=\"" + std::to_string(parent) + "\">\n";
    const std::vector<std::pair<std::string, std::string>> errors = error.empty()
        ? std::vector<std::pair<std::string, std::string>>{} : std::vector<std::pair<std::string, std::string>>{{id, error}};
    html += FieldBlock(id, parent ? c.T("Votre réponse") : c.T("Votre commentaire"),
                       c.T("De 2 à 2 000 caractères. Restez courtois : les commentaires sont lus par tous."),
                       errors, [&](const std::string& aria) {
                           return "<textarea class=\"wide\" id=\"" + id + "\" name=\"texte\" rows=\"4\" maxlength=\"2000\"" + aria +
                                  ">" + E(text) + "</textarea>";
                       });
    if (c.tenant && c.tenant->comment_stances && !parent) {
        const std::vector<std::pair<std::string, std::string>> none;
        html += FieldBlock(id + "-position", c.T("Votre position (facultatif)"), "", none,
                           [&](const std::string& aria) {
                               std::string select = "<select id=\"" + id + "-position\" name=\"position\"" + aria + ">\n";
                               for (const char* s : {"", "for", "against", "neutral"})
                                   select += "<option value=\"" + std::string(s) + "\"" + (stance == s ? " selected" : "") + ">" +
                                             E(*s ? StanceLabel(s, c) : c.T("Sans position")) + "</option>\n";
                               return select + "</select>";
                           });
    }
    return html + "<div class=\"actions\"><button type=\"submit\"" + (parent || edit ? " class=\"secondary\"" : "") + ">" +
           E(edit ? c.T("Enregistrer la modification") : parent ? c.T("Répondre") : c.T("Publier mon commentaire")) +
           "</button></div>\n</form>\n";
}

// The author's own comment: change it while the API still allows it (its edit_seconds_left),
// delete it after a second, confirming press. Both folded, as the report form is.
std::string OwnCommentForms(const PageContext& c, const nlohmann::json& item, const std::string& here) {
    const std::int64_t id = item.value("id", std::int64_t{0});
    std::string html;
    if (item.value("edit_seconds_left", std::int64_t{0}) > 0) {
        const std::int64_t minutes = (item.value("edit_seconds_left", std::int64_t{0}) + 59) / 60;
        html += "<details class=\"edit\">\n<summary>" + E(c.T("Modifier mon commentaire")) + "</summary>\n<p class=\"hint\">" +
                E(Fill(c.T("Encore {} min pour le modifier."), std::to_string(minutes))) + "</p>\n" +
                CommentForm(c, here, item["parent"].is_number_integer() ? item["parent"].get<std::int64_t>() : 0,
                            item.value("body", ""), item["stance"].is_string() ? item["stance"].get<std::string>() : "", "", id) +
                "</details>\n";
    }
    html += "<details class=\"delete\">\n<summary>" + E(c.T("Supprimer mon commentaire")) + "</summary>\n<form method=\"post\" action=\"" +
            E(c.Link(here + "/commentaires/" + std::to_string(id) + "/suppression")) + "\">\n" + HiddenToken(FormToken(c.session)) +
            "<p>" + E(c.T("Son texte sera effacé ; les réponses restent.")) + "</p>\n<div class=\"actions\"><button type=\"submit\" class=\"secondary\">" +
            E(c.T("Confirmer la suppression")) + "</button></div>\n</form>\n</details>\n";
    return html;
}

std::string CommentReportForm(const PageContext& c, const std::string& here, std::int64_t comment) {
    const std::string id = "motif-" + std::to_string(comment);
    const std::vector<std::pair<std::string, std::string>> none;
    std::string html = "<details class=\"report\">\n<summary>" + E(c.T("Signaler ce commentaire")) +
                       "</summary>\n<form method=\"post\" action=\"" +
                       E(c.Link(here + "/commentaires/" + std::to_string(comment) + "/signalement")) + "\">\n" +
                       HiddenToken(FormToken(c.session));
    html += FieldBlock(id, c.T("Motif"), "", none, [&](const std::string& aria) {
        std::string select = "<select id=\"" + id + "\" name=\"motif\"" + aria + ">\n";
        for (const auto& r : kReportReasons) select += "<option value=\"" + std::string(r.id) + "\">" + E(c.T(r.fr)) + "</option>\n";
        return select + "</select>";
    });
    html += FieldBlock("precisions-" + std::to_string(comment), c.T("Précisions (facultatif)"),
                       c.T("Jusqu’à 400 caractères."), none, [&](const std::string& aria) {
                           return "<textarea class=\"wide\" id=\"precisions-" + std::to_string(comment) +
                                  "\" name=\"precisions\" rows=\"2\" maxlength=\"400\"" + aria + "></textarea>";
                       });
    return html + "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">" + E(c.T("Signaler")) +
           "</button></div>\n</form>\n</details>\n";
}

// One comment or reply as the thread shows it.
std::string CommentItem(const PageContext& c, const nlohmann::json& item, const std::string& here, bool reply) {
    const std::int64_t id = item.value("id", std::int64_t{0});
    const std::string status = item.value("status", "");
    std::string html = "<li id=\"commentaire-" + std::to_string(id) + "\">\n<article class=\"comment\">\n";
    if (status != "published" && status != "pending") {
        html += "<p class=\"meta\">" + E(status == "deleted" ? c.T("Commentaire supprimé par son auteur.")
                                                              : c.T("Commentaire masqué par la modération.")) +
                "</p>\n";
    } else {
        const bool mine = item.value("mine", false);
        std::string meta = (reply ? c.T("Réponse du ") : c.T("Le ")) + DateOf(item.value("created_at", ""), c);
        if (mine) meta += " — " + c.T("par vous");
        if (item["stance"].is_string()) meta += " — " + StanceLabel(item["stance"].get<std::string>(), c);
        if (item["edited_at"].is_string()) meta += " — " + c.T("modifié");
        if (status == "pending") meta += " — " + c.T("en attente de modération");
        html += "<p class=\"meta\">" + E(meta) + "</p>\n" + Paragraphs(item.value("body", ""));
        if (mine) html += OwnCommentForms(c, item, here);
        else if (c.SignedIn() && status == "published") html += CommentReportForm(c, here, id);
    }
    const auto replies = item.value("replies", nlohmann::json::array());
    if (!replies.empty()) {
        html += "<ul class=\"replies\">\n";
        for (const auto& r : replies) html += CommentItem(c, r, here, true);
        html += "</ul>\n";
    }
    if (!reply && status == "published" && c.SignedIn())
        html += "<details class=\"reply\">\n<summary>" + E(c.T("Répondre à ce commentaire")) +
                "</summary>\n" + CommentForm(c, here, id, "", "", "") + "</details>\n";
    return html + "</article>\n</li>\n";
}

std::string CommentsSection(AppContext& app, const PageContext& c, const std::string& here, const std::string& proposal) {
    const Tenant& t = *c.tenant;
    const std::string page = c.req.Query("page", "1");
    // Signed in, the thread as its reader sees it: their own comments marked (to change or
    // delete), and those awaiting a moderator.
    Request read = Inner(c.req, {t.slug, proposal}, {{"page", page}, {"per_page", std::to_string(kCommentsPerPage)}});
    if (c.SignedIn()) read = WithBearer(read, c.session);
    const auto thread = JsonOf(HandleListComments(app, read));
    const std::int64_t count = thread.value("comments", std::int64_t{0});
    std::string html = "<section aria-labelledby=\"commentaires\">\n<h2 id=\"commentaires\">" +
                       E(c.T("Commentaires") + " (" + FormatCount(count, c.lang) + ")") + "</h2>\n";
    if (c.SignedIn()) {
        if (t.premoderation)
            html += "<p class=\"hint\">" + E(c.T("Un modérateur de la commune lit chaque commentaire avant de le publier.")) + "</p>\n";
        html += CommentForm(c, here, 0, "", "", "");
    } else {
        html += "<p><a href=\"" + E(c.Link(c.CommuneHome() + "/connexion", "retour=" + UrlEncode(here))) + "\">" +
                E(c.T("Connectez-vous pour commenter")) + "</a></p>\n";
    }
    const auto items = thread.value("items", nlohmann::json::array());
    if (items.empty()) {
        html += "<p>" + E(c.T("Aucun commentaire pour le moment.")) + "</p>\n";
    } else {
        html += "<ul class=\"comments\">\n";
        for (const auto& item : items) html += CommentItem(c, item, here, false);
        html += "</ul>\n";
    }
    const std::int64_t total = thread.value("total", std::int64_t{0}), at = thread.value("page", std::int64_t{1});
    if (at > 1 || at * kCommentsPerPage < total) {
        html += "<nav class=\"pages\" aria-label=\"" + E(c.T("Pages des commentaires")) + "\"><p>\n";
        if (at > 1) html += "<a href=\"" + E(c.Link(here, "page=" + std::to_string(at - 1))) + "#commentaires\">" +
                            E(c.T("Commentaires plus récents")) + "</a>\n";
        if (at * kCommentsPerPage < total)
            html += "<a href=\"" + E(c.Link(here, "page=" + std::to_string(at + 1))) + "#commentaires\">" +
                    E(c.T("Commentaires plus anciens")) + "</a>\n";
        html += "</p></nav>\n";
    }
    return html + "</section>\n";
}

} // namespace

Response HandlePlainProposal(AppContext& app, const Request& req) {
    return Plain(app, req, [&](PageContext& c) {
        c.tenant = app.TenantOf(req);
        const Tenant& t = *c.tenant;
        // Signed in, the resident sees her own proposal while it awaits moderation, and
        // whether she supports this one.
        Request inner = Inner(req, {t.slug, req.path_params.at(1)}, {});
        if (c.SignedIn()) inner = WithBearer(inner, c.session);
        const auto item = JsonOf(HandleGetProposal(app, inner));
        const std::string title = item.value("title", "");
        const std::string here = c.CommuneHome() + "/propositions/" + req.path_params.at(1);
        std::string main = "<p class=\"back\"><a href=\"" + E(c.Link(c.CommuneHome() + "/propositions")) + "\">" +
                           E(c.T("← Toutes les propositions")) + "</a></p>\n<h1>" + E(title) +
                           "</h1>\n";
        // What the resident just did (after the redirect that follows each form).
        const std::string done = req.Query("fait");
        std::string notice;
        if (done == "proposition")
            notice = item.value("status", "") == "pending"
                         ? c.T("Votre proposition est enregistrée. Elle sera publiée quand un modérateur l’aura acceptée.")
                         : c.T("Votre proposition est enregistrée ; elle est déjà visible de tous.");
        else if (done == "soutien")
            notice = c.T("Votre soutien est compté.");
        else if (done == "signalement")
            notice = c.T("Votre signalement est transmis aux modérateurs. Merci.");
        else if (done == "deja-signalee")
            notice = c.T("Vous avez déjà signalé cette proposition.");
        else if (done == "commentaire")
            notice = c.T("Votre commentaire est publié.");
        else if (done == "commentaire-en-attente")
            notice = c.T("Votre commentaire est enregistré. Il sera publié quand un modérateur l’aura accepté.");
        else if (done == "commentaire-signale")
            notice = c.T("Votre signalement est transmis aux modérateurs. Merci.");
        else if (done == "commentaire-deja-signale")
            notice = c.T("Vous avez déjà signalé ce commentaire.");
        else if (done == "photo")
            notice = c.T("Votre photo est ajoutée, sans sa position GPS ni ses autres métadonnées.");
        else if (done == "commentaire-modifie")
            notice = c.T("Votre commentaire est modifié.");
        else if (done == "commentaire-modifie-en-attente")
            notice = c.T("Votre commentaire est modifié. Il sera publié à nouveau quand un modérateur l’aura accepté.");
        else if (done == "commentaire-supprime")
            notice = c.T("Votre commentaire est supprimé.");
        if (!notice.empty()) main += "<p class=\"notice\" role=\"status\">" + E(notice) + "</p>\n";
        main += "<dl class=\"facts\">\n";
        main += Fact(c.T("Catégorie"), CategoryLabel(t, item.value("category", ""), c));
        if (item["district"].is_object()) main += Fact(c.T("Quartier"), item["district"].value("name", ""));
        if (item["estimated_cost"].is_number() && item["estimated_cost"].get<std::int64_t>() > 0)
            main += Fact(c.T("Coût estimé"), FormatEuros(item["estimated_cost"].get<std::int64_t>(), c.lang));
        main += Fact(c.T("Soutiens"), FormatCount(item.value("supports", std::int64_t{0}), c.lang));
        main += Fact(c.T("État"), StateLabel(item, c));
        if (item.contains("credited_as")) main += Fact(c.T("Proposée par"), item.value("credited_as", ""));
        const std::string created = item.value("created_at", "");
        if (created.size() >= 10)
            main += Fact(c.T("Déposée le"),
                 c.fr ? created.substr(8, 2) + "/" + created.substr(5, 2) + "/" + created.substr(0, 4) : created.substr(0, 10));
        main += "</dl>\n";
        // review: staff's public answer, then the project it became.
        if (item.contains("review") && item["review"].is_object()) {
            const auto& r = item["review"];
            if (r["reason"].is_string())
                main += "<h2>" + E(r["feasible"] == false ? c.T("Pourquoi elle n’est pas retenue")
                                                         : c.T("L’avis des services")) +
                        "</h2>\n<p>" + c.Theirs(r["reason"].get<std::string>()) + "</p>\n";
            if (r["estimated_cost"].is_number() && r["feasible"] == true)
                main += "<p>" + E(c.T("Coût estimé par les services : ") +
                                  FormatEuros(r["estimated_cost"].get<std::int64_t>(), c.lang)) + "</p>\n";
        }
        if (item.contains("project") && item["project"].is_object()) {
            const auto& pj = item["project"];
            main += "<p><a href=\"" +
                    E(c.Link(c.CommuneHome() + "/consultations/" + pj.value("process", "") + "/projets/" +
                             UrlEncode(pj.value("id", "")))) + "\">" +
                    E(c.T("Voir le projet sur le bulletin et son avancement")) +
                    "</a></p>\n";
        }
        if (item.contains("merged_into") && item["merged_into"].is_number())
            main += "<p><a href=\"" + E(c.Link(c.CommuneHome() + "/propositions/" + std::to_string(item["merged_into"].get<std::int64_t>()))) +
                    "\">" + E(c.T("Voir la proposition qu’elle a rejointe")) + "</a></p>\n";
        main += "<h2>" + E(c.T("Description")) + "</h2>\n" + Paragraphs(item.value("description", ""));
        main += PhotosSection(c, item, here);
        const std::string status = item.value("status", "");
        if (status == "submitted" || status == "published" || status == "selected") {
            main += ProposalActions(c, item, here);
            main += CommentsSection(app, c, here, req.path_params.at(1));
        }
        return c.Page(200, c.Shell(title, c.CommuneHome() + "/propositions"), main);
    });
}

//-----------------------------------------------------------------------------
// [SECTION] Process and projects
//-----------------------------------------------------------------------------

namespace {

// Projects by district (alphabetical; those without one last), as indexes into p.projects.
std::vector<std::pair<std::string, std::vector<size_t>>> ByDistrict(const Process& p, const PageContext& c) {
    std::map<std::string, std::vector<size_t>> groups;
    std::vector<size_t> none;
    for (size_t i = 0; i < p.projects.size(); ++i) {
        if (p.projects[i].district.empty()) none.push_back(i);
        else groups[p.projects[i].district].push_back(i);
    }
    std::vector<std::pair<std::string, std::vector<size_t>>> out(groups.begin(), groups.end());
    if (!none.empty()) out.emplace_back(out.empty() ? "" : c.T("Toute la commune"), none);
    return out;
}

std::string DistrictName(const Tenant& t, const std::string& district) {
    for (const auto& d : t.districts)
        if (d.code == district) return d.name;
    return district;
}

size_t ProjectIndexOf(const Process& p, const std::string& id) {
    for (size_t i = 0; i < p.projects.size(); ++i)
        if (p.projects[i].id == id) return i;
    return p.projects.size();
}

bool AnyPlaced(const Process& p) {
    return std::any_of(p.projects.begin(), p.projects.end(), [](const ProcessProject& x) { return x.placed; });
}

// Why each project came out as it did, in the page's language: {id: [sentences]} (the
// same sentences as the results widget's "Understand a result").
nlohmann::json Explanations(const PageContext& c, const Process& p) {
    Request inner = Inner(c.req, {c.tenant->slug, p.slug}, {{"lang", c.lang}});
    const auto j = JsonOf(HandleResultsExplanations(c.app, inner));
    return j.is_object() && j.contains("projects") && j["projects"].is_object() ? j["projects"] : nlohmann::json::object();
}

// review: a funded project's progress, dates, money spent and updates, newest first.
std::string FollowUpSection(const PageContext& c, const nlohmann::json& f) {
    ProgressStatus status = ProgressStatus::Planned;
    ParseProgressStatus(f.value("status", "planned"), status);
    const std::int64_t percent = f.value("percent", std::int64_t{0});
    auto day = [&](const nlohmann::json& v) {
        const std::string d = v.is_string() ? v.get<std::string>() : "";
        return d.size() == 10 && c.fr ? d.substr(8, 2) + "/" + d.substr(5, 2) + "/" + d.substr(0, 4) : d;
    };
    std::string out = "<h2>" + E(c.T("Avancement")) + "</h2>\n<dl class=\"facts\">\n";
    out += Fact(c.T("État"), ProgressLabel(status, c.lang));
    out += "<dt>" + E(c.T("Réalisé")) + "</dt><dd><progress max=\"100\" value=\"" + std::to_string(percent) + "\">" +
           std::to_string(percent) + " %</progress> " + std::to_string(percent) + " %</dd>\n";
    if (f["start_date"].is_string()) out += Fact(c.T("Début"), day(f["start_date"]));
    if (f["end_date"].is_string()) out += Fact(c.T("Fin prévue"), day(f["end_date"]));
    if (f["spent"].is_string()) {
        Decimal spent;
        if (Decimal::Parse(f["spent"].get<std::string>(), spent)) out += Fact(c.T("Dépensé à ce jour"), FormatEuros(spent, c.lang));
    }
    out += "</dl>\n";
    if (f.contains("updates") && !f["updates"].empty()) {
        out += "<h3>" + E(c.T("Actualités du chantier")) + "</h3>\n<ul class=\"items\">\n";
        for (auto u = f["updates"].rbegin(); u != f["updates"].rend(); ++u) {
            std::string meta = day((*u)["date"]);
            Decimal spent;
            if ((*u)["spent"].is_string() && Decimal::Parse((*u)["spent"].get<std::string>(), spent))
                meta += c.T(" · dépensé : ") + FormatEuros(spent, c.lang);
            out += "<li><p class=\"meta\">" + E(meta) + "</p>\n<p>" + c.Theirs((*u).value("text", "")) + "</p></li>\n";
        }
        out += "</ul>\n";
    }
    return out;
}

// The published outcome: the funded projects, in the order the rule chose them, with their
// votes and cost (what the results widget shows first).
std::string ResultsSection(const PageContext& c, const Process& p) {
    const auto results = JsonOf(HandleResults(c.app, Inner(c.req, {c.tenant->slug, p.slug}, {})));
    std::string out = "<h2>" + E(c.T("Les résultats")) + "</h2>\n";
    if (!results.is_object() || !results.contains("winners")) return out;
    Decimal spent;
    Decimal::Parse(results.value("total_cost", "0"), spent);
    const std::int64_t ballots = results["turnout"].value("ballots", std::int64_t{0});
    out += "<p>" +
           E(CountOf(ballots, c.lang, "bulletin", "bulletins") + c.T(" dépouillés. ") +
             CountOf(static_cast<std::int64_t>(results["winners"].size()), c.lang, "projet retenu", "projets retenus") +
             c.T(", pour ") + Money(spent, c) + c.T(" sur un budget de ") + Money(p.budget, c) + ".") +
           "</p>\n";
    auto winners = [&](const nlohmann::json& ids) {
        std::string list = "<ol class=\"items\">\n";
        for (const auto& id : ids) {
            const size_t i = ProjectIndexOf(p, id.get<std::string>());
            if (i >= p.projects.size()) continue;
            const auto& pr = p.projects[i];
            const std::int64_t votes = results["votes"].value(pr.id, std::int64_t{0});
            std::string progress; // where the funded project stands
            ProgressStatus status;
            if (!pr.follow_up.is_null() && ParseProgressStatus(pr.follow_up.value("status", ""), status))
                progress = " · " + ProgressLabel(status, c.lang) + " (" + std::to_string(pr.follow_up.value("percent", 0)) + " %)";
            list += "<li><a href=\"" + E(c.Link(c.ProcessPath(p) + "/projets/" + UrlEncode(pr.id))) + "\">" +
                    c.Theirs(pr.name) + "</a>\n<p class=\"meta\">" +
                    E(Money(pr.cost, c) + " · " + CountOf(votes, c.lang, "voix", "voix") + progress) +
                    "</p></li>\n";
        }
        return list + "</ol>\n";
    };
    if (!results.contains("districts")) {
        out += winners(results["winners"]);
    } else {
        // Each district decided within its own budget: its winners under its name, as /results
        // and each district's .pb file give them.
        for (const auto& d : results["districts"]) {
            Decimal budget, used;
            Decimal::Parse(d.value("budget", "0"), budget);
            Decimal::Parse(d.value("total_cost", "0"), used);
            const std::string name = d.value("city_wide", false) ? E(c.T("Toute la commune"))
                                                                 : c.Theirs(d.value("district", ""));
            out += "<h3>" + name + "</h3>\n<p>" +
                   E(Money(used, c) + c.T(" sur un budget de ") + Money(budget, c) + ".") + "</p>\n" +
                   winners(d["winners"]);
        }
    }
    // The projects the rule did not fund, most voted first: the chart shows them too.
    std::vector<std::pair<std::int64_t, size_t>> others;
    for (size_t i = 0; i < p.projects.size(); ++i) {
        const auto& w = results["winners"];
        if (std::find(w.begin(), w.end(), p.projects[i].id) == w.end())
            others.emplace_back(results["votes"].value(p.projects[i].id, std::int64_t{0}), i);
    }
    if (others.empty()) return out;
    std::stable_sort(others.begin(), others.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    // Each with the first sentence of its explanation: why it was not funded.
    const auto why = Explanations(c, p);
    out += "<h3>" + E(c.T("Projets non retenus")) + "</h3>\n<ul class=\"items\">\n";
    for (const auto& [votes, i] : others) {
        const auto& pr = p.projects[i];
        out += "<li><a href=\"" + E(c.Link(c.ProcessPath(p) + "/projets/" + UrlEncode(pr.id))) + "\">" + c.Theirs(pr.name) +
               "</a>\n<p class=\"meta\">" +
               E(Money(pr.cost, c) + " · " + CountOf(votes, c.lang, "voix", "voix")) + "</p>\n";
        if (const auto lines = why.find(pr.id); lines != why.end() && lines->is_array() && !lines->empty())
            out += "<p>" + E(lines->front().get<std::string>()) + "</p>\n";
        out += "</li>\n";
    }
    return out + "</ul>\n";
}

} // namespace

Response HandlePlainProcess(AppContext& app, const Request& req) {
    return Plain(app, req, [&](PageContext& c) {
        c.tenant = app.TenantOf(req);
        auto p = app.ProcessOf(*c.tenant, req);
        const std::string here = c.ProcessPath(*p);
        std::string main = "<p class=\"back\"><a href=\"" + E(c.Link(c.CommuneHome())) + "\">" +
                           E(c.T("← Toutes les consultations")) + "</a></p>\n<h1>" + c.Theirs(p->title) +
                           "</h1>\n" + Paragraphs(p->description) + "<dl class=\"facts\">\n";
        main += Fact(c.T("Étape"), PhaseLabel(p->phase, c));
        if (const std::string when = CalendarLine(app, c, *c.tenant, *p); !when.empty())
            main += Fact(c.T("Calendrier"), when);
        main += Fact(c.T("Budget"), Money(p->budget, c));
        main += Fact(c.T("Projets"), FormatCount(static_cast<std::int64_t>(p->projects.size()), c.lang));
        main += Fact(p->phase <= Phase::Voting ? c.T("Comment voter") : c.T("Le bulletin"),
                     BallotRulesSentence(p->ballot, c.lang));
        main += "</dl>\n";
        main += EasyReadSection(c, *p);
        if (p->phase == Phase::Voting)
            main += "<p class=\"actions\"><a class=\"button\" href=\"" + E(c.Link(here + "/vote")) + "\">" +
                    E(c.T("Voter")) + "</a></p>\n";
        // The commune's agents only: the desk where they enter paper and assisted ballots.
        if (p->phase == Phase::Voting && c.SignedIn() && MayEnterPaperBallots(c.who, *c.tenant))
            main += "<p><a href=\"" + E(c.Link(here + "/guichet")) + "\">" +
                    E(c.T("Guichet des agents : saisir un bulletin papier ou un vote assisté")) +
                    "</a></p>\n";
        if (p->phase >= Phase::Published) main += ResultsSection(c, *p);
        main += "<h2>" + E(c.T("Les projets")) + "</h2>\n";
        if (AnyPlaced(*p))
            main += "<p class=\"notice\">" +
                    E(c.T("Les données d’origine ne donnent pas l’emplacement de certains projets : sur les cartes, "
                          "ils sont placés en un point choisi à l’intérieur de leur quartier ou de la commune, qui "
                          "n’indique pas leur emplacement réel.")) +
                    "</p>\n";
        for (const auto& [district, indexes] : ByDistrict(*p, c)) {
            if (!district.empty())
                main += "<h3>" + E(DistrictName(*c.tenant, district)) + " <span class=\"meta\">(" +
                        E(CountOf(static_cast<std::int64_t>(indexes.size()), c.lang, "projet", "projets")) +
                        ")</span></h3>\n";
            main += "<ul class=\"items\">\n";
            for (size_t i : indexes) {
                const auto& pr = p->projects[i];
                std::string meta = Money(pr.cost, c);
                if (!pr.category.empty()) meta += " · " + CategoryLabel(*c.tenant, pr.category, c);
                main += "<li><a href=\"" + E(c.Link(here + "/projets/" + UrlEncode(pr.id))) + "\">" + c.Theirs(pr.name) +
                        "</a>\n<p class=\"meta\">" + E(meta) + "</p></li>\n";
            }
            main += "</ul>\n";
        }
        return c.Page(200, c.Shell(p->title), main);
    });
}

Response HandlePlainProject(AppContext& app, const Request& req) {
    return Plain(app, req, [&](PageContext& c) {
        c.tenant = app.TenantOf(req);
        auto p = app.ProcessOf(*c.tenant, req);
        const std::string id = req.path_params.at(2);
        const auto it = std::find_if(p->projects.begin(), p->projects.end(), [&](const ProcessProject& x) { return x.id == id; });
        if (it == p->projects.end()) FailNotFound(Msg("Le projet est introuvable."));
        const std::string here = c.ProcessPath(*p);
        std::string main = "<p class=\"back\"><a href=\"" + E(c.Link(here)) + "\">" +
                           E(c.T("← Tous les projets de « ") + p->title + c.T(" »")) +
                           "</a></p>\n<h1>" + c.Theirs(it->name) + "</h1>\n<dl class=\"facts\">\n";
        main += Fact(c.T("Coût"), Money(it->cost, c));
        if (!it->district.empty()) main += Fact(c.T("Quartier"), DistrictName(*c.tenant, it->district));
        if (!it->category.empty()) main += Fact(c.T("Catégorie"), CategoryLabel(*c.tenant, it->category, c));
        if (!it->credits.empty()) {
            std::string names;
            for (const auto& n : it->credits) names += (names.empty() ? "" : ", ") + n;
            main += Fact(c.T("Proposé par"), names);
        }
        main += "</dl>\n" + Paragraphs(it->description);
        if (it->placed) main += "<p class=\"notice\">" + E(c.T(kPlaced)) + "</p>\n";
        if (p->phase >= Phase::Published) {
            const auto why = Explanations(c, *p);
            if (const auto lines = why.find(it->id); lines != why.end() && lines->is_array() && !lines->empty()) {
                main += "<h2>" + E(c.T("Pourquoi ce résultat")) + "</h2>\n";
                for (const auto& line : *lines) main += "<p>" + E(line.get<std::string>()) + "</p>\n";
            }
        }
        if (!it->proposals.empty()) {
            main += "<p>" + E(c.T("Né des propositions des habitants : "));
            for (size_t k = 0; k < it->proposals.size(); ++k)
                main += std::string(k ? ", " : "") + "<a href=\"" +
                        E(c.Link(c.CommuneHome() + "/propositions/" + std::to_string(it->proposals[k]))) + "\">n° " +
                        std::to_string(it->proposals[k]) + "</a>";
            main += ".</p>\n";
        }
        if (!it->follow_up.is_null()) main += FollowUpSection(c, it->follow_up);
        if (p->phase == Phase::Voting)
            main += "<p class=\"actions\"><a class=\"button\" href=\"" + E(c.Link(here + "/vote")) + "\">" +
                    E(c.T("Voter")) + "</a></p>\n";
        return c.Page(200, c.Shell(it->name), main);
    });
}

//-----------------------------------------------------------------------------
// [SECTION] Ballot form
//-----------------------------------------------------------------------------

namespace {

// What the person chose and typed, kept whole across refusals.
struct BallotForm {
    std::set<std::string> ticked;             // approval, knapsack: project ids
    std::map<std::string, std::string> typed; // cumulative points, ranked ranks, as typed, by project id
    std::string code, request_id;
    bool uncoded = false; // desk: "without a code" ticked
    bool posted = false;
    // Refusals: (element id or "" for the form as a whole, message). "choix" is the fieldset.
    std::vector<std::pair<std::string, std::string>> errors;
    std::string notice;
};

std::string ControlId(size_t index) { return "p-" + std::to_string(index); }
constexpr size_t kNoProject = static_cast<size_t>(-1);

size_t ProjectIndex(const Process& p, const std::string& id) {
    const size_t i = ProjectIndexOf(p, id);
    return i < p.projects.size() ? i : kNoProject;
}

bool ParseWhole(const std::string& text, std::int64_t& out) {
    if (text.empty() || text.size() > 12) return false;
    size_t i = text[0] == '-' ? 1 : 0;
    if (i == text.size()) return false;
    for (size_t k = i; k < text.size(); ++k)
        if (text[k] < '0' || text[k] > '9') return false;
    out = std::stoll(text);
    return true;
}

// The ballot the form describes, as the JSON the widgets send, and the project behind each
// of its entries (to put the model's "projects[i]" and "points[i]" errors next to it).
// Problems only a form can have (two projects with the same rank) go to form.errors.
nlohmann::json BallotFromForm(const Process& p, const std::multimap<std::string, std::string>& fields, BallotForm& form,
                              std::vector<size_t>& entries, const PageContext& c) {
    const std::string& kind = p.ballot.kind;
    nlohmann::json projects = nlohmann::json::array(), points = nlohmann::json::array();
    entries.clear();
    if (kind == "cumulative" || kind == "ranked") {
        const std::string prefix = kind == "cumulative" ? "pt-" : "rg-";
        std::vector<std::pair<std::int64_t, size_t>> ranks;
        for (size_t i = 0; i < p.projects.size(); ++i) {
            const auto f = fields.find(prefix + p.projects[i].id);
            if (f == fields.end()) continue;
            const std::string v = Trim(f->second);
            if (!v.empty()) form.typed[p.projects[i].id] = v;
            if (v.empty() || v == "0") continue;
            std::int64_t n = 0;
            const bool whole = ParseWhole(v, n);
            if (kind == "cumulative") {
                projects.push_back(p.projects[i].id);
                points.push_back(whole ? nlohmann::json(n) : nlohmann::json(v)); // the model refuses text
                entries.push_back(i);
            } else if (!whole || n < 1) {
                form.errors.push_back({ControlId(i), c.T("Le rang de « ") + p.projects[i].name +
                                                         c.T(" » doit être un nombre entier à partir de 1.")});
            } else {
                ranks.push_back({n, i});
            }
        }
        std::stable_sort(ranks.begin(), ranks.end());
        for (size_t k = 0; k < ranks.size(); ++k) {
            if (k > 0 && ranks[k].first == ranks[k - 1].first)
                form.errors.push_back({ControlId(ranks[k].second),
                                       c.T("Deux projets ont le même rang (") +
                                           std::to_string(ranks[k].first) +
                                           c.T(") : donnez un rang différent à chacun.")});
            projects.push_back(p.projects[ranks[k].second].id);
            entries.push_back(ranks[k].second);
        }
    } else {
        const auto range = fields.equal_range("projet");
        for (auto it = range.first; it != range.second; ++it) {
            form.ticked.insert(it->second);
            projects.push_back(it->second);
            entries.push_back(ProjectIndex(p, it->second));
        }
    }
    nlohmann::json ballot{{"projects", std::move(projects)}};
    if (kind == "cumulative") ballot["points"] = std::move(points);
    return ballot;
}

// Where an error of the shared model (or of the ballot box) goes on the form: the code
// field, the project an entry names, the choices as a whole, or the whole form.
std::string ElementFor(const FieldError& e, const std::vector<size_t>& entries) {
    if (e.field == "code") return "code";
    if (const auto open = e.field.find('['); open != std::string::npos) {
        const size_t k = static_cast<size_t>(std::atol(e.field.c_str() + open + 1));
        if (k < entries.size() && entries[k] != kNoProject) return ControlId(entries[k]);
    }
    return e.field.empty() ? "" : "choix";
}

// A line saying where the choices stand (shown after a submission; the form has no script).
std::string Tally(const Process& p, const nlohmann::json& ballot, const PageContext& c) {
    const auto& chosen = ballot["projects"];
    const auto n = static_cast<std::int64_t>(chosen.size());
    const std::string& kind = p.ballot.kind;
    if (kind == "cumulative") {
        std::int64_t total = 0;
        for (const auto& v : ballot["points"])
            if (v.is_number_integer()) total += v.get<std::int64_t>();
        return c.T("Vous avez attribué ") + FormatCount(total, c.lang) + c.T(" points sur ") +
               FormatCount(p.ballot.max_points, c.lang) + c.T(" possibles.");
    }
    if (n == 0) return c.T("Aucun projet choisi.");
    std::string s = kind == "ranked" ? CountOf(n, c.lang, "projet classé", "projets classés")
                                     : CountOf(n, c.lang, "projet choisi", "projets choisis");
    if (kind == "knapsack") {
        Decimal total;
        bool ok = true;
        for (const auto& id : chosen) {
            const size_t i = id.is_string() ? ProjectIndex(p, id.get<std::string>()) : kNoProject;
            if (i != kNoProject) ok = ok && Add(total, p.projects[i].cost, total);
        }
        if (ok)
            s += c.T(", pour un total de ") + Money(total, c) + c.T(" sur un budget de ") +
                 Money(p.ballot.budget, c);
    }
    return s + ".";
}

std::string RankLabel(std::int64_t r, const PageContext& c) {
    if (c.fr) return r == 1 ? "1er choix" : std::to_string(r) + "e choix";
    const std::int64_t last = r % 10, tens = r % 100;
    const char* suffix = (tens >= 11 && tens <= 13) ? "th" : last == 1 ? "st" : last == 2 ? "nd" : last == 3 ? "rd" : "th";
    return std::to_string(r) + suffix + " choice";
}

// Who fills a ballot form in, and what the form carries besides the ballot and the code: the
// resident herself (/vote), or a municipal agent at the desk entering a paper or assisted
// ballot (/guichet). One form for both; only its words and its hidden fields differ.
struct BallotFormKind {
    bool desk = false;
    std::string action;  // where it posts (with ?lang= kept)
    std::string hidden;  // its hidden fields, as HTML
    bool uncoded = false; // desk: the process takes ballots without a code (the box is shown)
};

// The refusals (or the notice) above the form, then the form: the projects' controls, the
// code, the buttons; every choice and the code as the person left them.
std::string BallotFormHtml(const PageContext& c, const Process& p, const BallotForm& form, const nlohmann::json* ballot,
                           const BallotFormKind& how) {
    const std::string& kind = p.ballot.kind;
    const auto groups = ByDistrict(p, c);
    std::map<std::string, std::vector<std::string>> by_element;
    for (const auto& [element, message] : form.errors) by_element[element].push_back(message);
    // The first control shown, where errors about the choices as a whole lead.
    const std::string first_control = groups.empty() || groups[0].second.empty() ? "code" : ControlId(groups[0].second[0]);

    std::string main;
    if (!form.errors.empty()) {
        main += "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus aria-labelledby=\"erreurs-titre\">\n"
                "<h2 id=\"erreurs-titre\">" +
                E(how.desk ? c.T("Le bulletin n’a pas été enregistré")
                           : c.T("Votre bulletin n’a pas été enregistré")) +
                "</h2>\n<ul>\n";
        for (const auto& [element, message] : form.errors) {
            const std::string target = element == "choix" ? first_control : element;
            main += target.empty() ? "<li>" + E(message) + "</li>\n"
                                   : "<li><a href=\"#" + E(target) + "\">" + E(message) + "</a></li>\n";
        }
        main += "</ul>\n<p>" +
                E(how.desk ? c.T("Les choix et le code saisis sont conservés ci-dessous.")
                           : c.T("Vos choix sont conservés ci-dessous.")) +
                "</p>\n</div>\n";
    } else if (!form.notice.empty()) {
        main += "<p class=\"notice\" role=\"status\">" + E(form.notice) + "</p>\n";
    }
    main += "<form method=\"post\" action=\"" + E(how.action) + "\" novalidate>\n" + how.hidden;
    std::string described = "choix-aide";
    if (form.posted && ballot) described += " choix-total";
    if (by_element.count("choix")) described += " choix-erreur";
    const std::string legend =
        how.desk ? (kind == "ranked"       ? c.T("Le classement de l’électeur")
                    : kind == "cumulative" ? c.T("Les points de l’électeur")
                                           : c.T("Les choix de l’électeur"))
                 : (kind == "ranked"       ? c.T("Votre classement")
                    : kind == "cumulative" ? c.T("Vos points")
                                           : c.T("Vos choix"));
    main += "<fieldset id=\"choix\" aria-describedby=\"" + described + "\">\n<legend>" + E(legend) +
            "</legend>\n<p class=\"hint\" id=\"choix-aide\">" + E(BallotRulesSentence(p.ballot, c.lang)) + "</p>\n";
    if (form.posted && ballot) main += "<p class=\"tally\" id=\"choix-total\">" + E(Tally(p, *ballot, c)) + "</p>\n";
    if (auto it = by_element.find("choix"); it != by_element.end())
        for (const auto& m : it->second) main += "<p class=\"field-error\" id=\"choix-erreur\">" + E(m) + "</p>\n";
    const std::int64_t rank_count = p.ballot.max_projects > 0 ? p.ballot.max_projects
                                                               : static_cast<std::int64_t>(p.projects.size());
    for (const auto& [district, indexes] : groups) {
        if (!district.empty())
            main += "<h2 class=\"group\">" + E(DistrictName(*c.tenant, district)) + "</h2>\n";
        main += "<ul class=\"choices\">\n";
        for (size_t i : indexes) {
            const auto& pr = p.projects[i];
            const std::string id = ControlId(i);
            const auto errors = by_element.find(id);
            const bool invalid = errors != by_element.end();
            const std::string aria = invalid ? " aria-invalid=\"true\" aria-describedby=\"" + id + "-erreur\"" : "";
            const std::string label = "<label for=\"" + id + "\">" + c.Theirs(pr.name) + " <span class=\"cost\">— " +
                                      E(Money(pr.cost, c)) + "</span></label>";
            const auto typed = form.typed.find(pr.id);
            const std::string value = typed == form.typed.end() ? "" : typed->second;
            main += "<li class=\"choice\">";
            if (kind == "cumulative") {
                main += label + "<input type=\"text\" inputmode=\"numeric\" size=\"4\" id=\"" + id + "\" name=\"pt-" +
                        E(pr.id) + "\" value=\"" + E(value) + "\"" + aria + ">";
            } else if (kind == "ranked" && rank_count <= 30) {
                main += label + "<select id=\"" + id + "\" name=\"rg-" + E(pr.id) + "\"" + aria + ">\n<option value=\"\">" +
                        E(c.T("Non classé")) + "</option>\n";
                for (std::int64_t r = 1; r <= rank_count; ++r)
                    main += "<option value=\"" + std::to_string(r) + "\"" + (value == std::to_string(r) ? " selected" : "") +
                            ">" + E(RankLabel(r, c)) + "</option>\n";
                main += "</select>";
            } else if (kind == "ranked") {
                main += label + "<input type=\"text\" inputmode=\"numeric\" size=\"4\" id=\"" + id + "\" name=\"rg-" +
                        E(pr.id) + "\" value=\"" + E(value) + "\"" + aria + ">";
            } else {
                main += "<input type=\"checkbox\" id=\"" + id + "\" name=\"projet\" value=\"" + E(pr.id) + "\"" +
                        (form.ticked.count(pr.id) ? " checked" : "") + aria + ">" + label;
            }
            if (invalid)
                for (const auto& m : errors->second)
                    main += "<p class=\"field-error\" id=\"" + id + "-erreur\">" + E(m) + "</p>";
            main += "</li>\n";
        }
        main += "</ul>\n";
    }
    main += "</fieldset>\n";

    const auto code_errors = by_element.find("code");
    main += "<div class=\"field\">\n<label for=\"code\">" +
            E(how.desk ? c.T("Code de l’électeur") : c.T("Votre code de vote")) +
            "</label>\n<p class=\"hint\" id=\"code-aide\">" +
            E(how.desk ? c.T("Le code imprimé sur le courrier de l’électeur, par exemple ABCD-2345. Il est utilisé comme "
                             "en ligne : il ne servira plus.")
                       : c.T("Le code personnel reçu par courrier, par exemple ABCD-2345. Il ne sert qu’une fois.")) +
            "</p>\n";
    if (code_errors != by_element.end())
        for (const auto& m : code_errors->second) main += "<p class=\"field-error\" id=\"code-erreur\">" + E(m) + "</p>\n";
    main += "<input type=\"text\" id=\"code\" name=\"code\" autocomplete=\"off\" autocapitalize=\"characters\" "
            "spellcheck=\"false\" aria-describedby=\"code-aide" +
            std::string(code_errors != by_element.end() ? " code-erreur\" aria-invalid=\"true\"" : "\"") + " value=\"" +
            E(form.code) + "\">\n</div>\n";
    if (how.uncoded)
        main += "<div class=\"field tick\">\n<input type=\"checkbox\" id=\"sans-code\" name=\"sans-code\" value=\"1\"" +
                std::string(form.uncoded ? " checked" : "") + " aria-describedby=\"sans-code-aide\"><label for=\"sans-code\">" +
                E(c.T("Bulletin sans code")) + "</label>\n<p class=\"hint\" id=\"sans-code-aide\">" +
                E(c.T("Cette consultation accepte les bulletins papier sans code : cochez seulement si l’électeur n’en a pas.")) +
                "</p>\n</div>\n";
    main += "<div class=\"actions\">\n<button type=\"submit\" name=\"action\" value=\"vote\">" +
            E(how.desk ? c.T("Enregistrer le bulletin") : c.T("Déposer mon bulletin")) +
            "</button>\n<button type=\"submit\" name=\"action\" value=\"check\" class=\"secondary\">" +
            E(how.desk ? c.T("Vérifier le bulletin") : c.T("Vérifier mes choix")) +
            "</button>\n</div>\n</form>\n";
    return main;
}

std::string BallotPage(const PageContext& c, const Process& p, const BallotForm& form, const nlohmann::json* ballot) {
    const std::string here = c.ProcessPath(p);
    BallotFormKind how;
    how.action = c.Link(here + "/vote");
    how.hidden = "<input type=\"hidden\" name=\"request_id\" value=\"" + E(form.request_id) + "\">\n";
    return "<p class=\"back\"><a href=\"" + E(c.Link(here)) + "\">" +
           E(c.T("← Retour à la consultation")) + "</a></p>\n<h1>" +
           E(c.T("Voter : ")) + c.Theirs(p.title) + "</h1>\n<p class=\"lead\">" +
           E(c.T("Votre bulletin est secret : le code sert à voter une seule fois, il n’est jamais relié "
                 "à vos choix.")) +
           "</p>\n" + EasyReadSection(c, p) + BallotFormHtml(c, p, form, ballot, how);
}

Response VoteClosedPage(const PageContext& c, const Process& p, const std::string& when) {
    // When voting opens or opened, rather than only "not open": "Le vote ouvre dans 5 jours".
    const std::string notice =
        when.empty() ? c.T("Le vote n’est pas ouvert pour cette consultation (étape : ") +
                           PhaseLabel(p.phase, c) + ")."
                     : when + ". " + c.T("Étape : ") + PhaseLabel(p.phase, c) + ".";
    const std::string main = "<p class=\"back\"><a href=\"" + E(c.Link(c.ProcessPath(p))) + "\">" +
                             E(c.T("← Retour à la consultation")) + "</a></p>\n<h1>" +
                             E(c.T("Voter : ")) + c.Theirs(p.title) + "</h1>\n<p class=\"notice\">" +
                             E(notice) + "</p>\n";
    return c.Page(200, c.Shell(c.T("Voter : ") + p.title), main);
}

// Whether a vote form was posted from another site. Browsers say where a post comes from
// (Sec-Fetch-Site, Origin); a post that says nothing (an old browser, curl) is let through,
// since a typed voter code, not the browser, is what gives the right to vote.
bool PostedFromElsewhere(const Tenant& t, const Request& req) {
    if (req.Header("sec-fetch-site") == "cross-site") return true;
    const std::string origin = req.Header("origin");
    if (origin.empty() || SameOrigin(req)) return false;
    for (const auto& o : t.allowed_origins)
        if (o == origin) return false; // named by the town ("*", for widgets, is not enough here)
    return true;
}

// The refusal of a form posted from another site: nothing is cast, and the form comes back,
// from this site, with the choices and the code kept, to be checked and sent from here.
Response ElsewhereRefusal(const PageContext& c, const Process& p, const Request& req) {
    const auto fields = ParseForm(req.body);
    BallotForm form;
    form.posted = true;
    if (const auto it = fields.find("code"); it != fields.end()) form.code = Trim(it->second);
    form.request_id = "form-" + RandomHex(16);
    std::vector<size_t> entries;
    const nlohmann::json ballot = BallotFromForm(p, fields, form, entries, c);
    // In the page's language, then in French (or English on a French page): the form may have
    // come from a page in another language.
    const char* refusal = N_("Ce bulletin a été envoyé depuis un autre site que celui de la commune : il n’a pas été "
                             "déposé. Vérifiez vos choix ci-dessous, puis déposez-le depuis cette page.");
    form.errors.insert(form.errors.begin(), {{"", c.T(refusal)}, {"", c.fr ? Tr("en", refusal) : refusal}});
    PageShell shell = c.Shell(c.T("Voter : ") + p.title);
    shell.has_errors = true;
    return c.Page(403, shell, BallotPage(c, p, form, &ballot));
}

// The page after a ballot is cast (and the answer to a receipt looked up): the receipt, which
// proves that the ballot is counted, never what it says.
Response ReceiptPage(PageContext& c, const Process& p, const std::string& receipt) {
    const std::string title = c.T("Votre bulletin est enregistré");
    std::string main = "<h1>" + E(title) + "</h1>\n<p class=\"notice\" role=\"status\">" +
                       E(c.T("Merci d’avoir voté pour « ") + p.title +
                         c.T(" ».")) +
                       "</p>\n<h2>" + E(c.T("Votre reçu")) + "</h2>\n<p>" +
                       E(c.T("Notez ou imprimez ce reçu. Après la clôture du vote, la commune publie la liste "
                             "des reçus : vous pourrez y vérifier que votre bulletin a été compté. Le reçu ne "
                             "dit pas pour quoi vous avez voté.")) +
                       "</p>\n<p class=\"receipt\">" + E(receipt) + "</p>\n<p><a href=\"" +
                       E(c.Link(c.ProcessPath(p))) + "\">" + E(c.T("Retour à la consultation")) +
                       "</a></p>\n";
    return c.Page(200, c.Shell(title), main); // no-store, as every page
}

} // namespace

Response HandlePlainBallot(AppContext& app, const Request& req) {
    return Plain(app, req, [&](PageContext& c) {
        c.tenant = app.TenantOf(req);
        auto p = app.ProcessOf(*c.tenant, req);
        if (p->phase != Phase::Voting) return VoteClosedPage(c, *p, CalendarLine(app, c, *c.tenant, *p));
        BallotForm form;
        form.request_id = "form-" + RandomHex(16);
        return c.Page(200, c.Shell(c.T("Voter : ") + p->title), BallotPage(c, *p, form, nullptr));
    });
}

Response HandlePlainCastBallot(AppContext& app, const Request& req) {
    return Plain(app, req, [&](PageContext& c) {
        c.tenant = app.TenantOf(req);
        auto p = app.ProcessOf(*c.tenant, req);
        if (PostedFromElsewhere(*c.tenant, req)) return ElsewhereRefusal(c, *p, req);
        const auto fields = ParseForm(req.body);
        auto field = [&](const std::string& name) {
            const auto it = fields.find(name);
            return it == fields.end() ? std::string() : it->second;
        };
        BallotForm form;
        form.posted = true;
        form.code = Trim(field("code"));
        form.request_id = field("request_id");
        if (form.request_id.rfind("form-", 0) != 0 || form.request_id.size() > 60) form.request_id = "form-" + RandomHex(16);
        std::vector<size_t> entries;
        const nlohmann::json ballot = BallotFromForm(*p, fields, form, entries, c);
        int status = 200;
        if (form.errors.empty()) {
            try {
                if (field("action") == "check") {
                    if (p->phase != Phase::Voting) FailVotingClosed(app, *c.tenant, *p);
                    if (auto e = ValidateBallot(ballot, p->ballot)) throw ApiError(400, *e);
                    form.notice = c.T("Vos choix sont valables. Saisissez votre code de vote puis déposez votre bulletin.");
                } else {
                    // The receipt page itself, not a redirect to it: a receipt in a URL stays in
                    // proxy logs and the browser's history. Sending the form again is idempotent
                    // (same request_id), so a reload shows the same receipt.
                    const std::string receipt =
                        CastBallotWithCode(app, *c.tenant, *p, req.remote_addr, form.code, form.request_id, ballot);
                    return ReceiptPage(c, *p, receipt);
                }
            } catch (const ApiError& e) {
                form.errors.push_back({ElementFor(e.error, entries), e.error.Message(c.lang)});
                status = e.status;
            }
        } else {
            status = 400;
        }
        PageShell shell = c.Shell(c.T("Voter : ") + p->title);
        shell.has_errors = !form.errors.empty();
        return c.Page(status, shell, BallotPage(c, *p, form, &ballot));
    });
}

//-----------------------------------------------------------------------------
// [SECTION] Receipt
//-----------------------------------------------------------------------------

Response HandlePlainReceipt(AppContext& app, const Request& req) {
    return Plain(app, req, [&](PageContext& c) {
        c.tenant = app.TenantOf(req);
        auto p = app.ProcessOf(*c.tenant, req);
        // The receipt comes in the body (receipt=...), never in the URL.
        const auto fields = ParseForm(req.body);
        const auto it = fields.find("receipt");
        const std::string receipt = it == fields.end() ? std::string() : Trim(it->second);
        if (receipt.size() != 64 || receipt.find_first_not_of("0123456789abcdef") != std::string::npos ||
            !BallotReceiptExists(app, *p, receipt))
            FailNotFound(Msg("Ce reçu est introuvable."));
        return ReceiptPage(c, *p, receipt);
    });
}

//-----------------------------------------------------------------------------
// [SECTION] Resident: sign in, propose, support, report, my proposals
//-----------------------------------------------------------------------------

// Every action goes through the JSON handler the widgets call (HandleLogin, HandleRegister,
// HandleCreateTenantProposal, HandleSupport, HandleFlag, HandleMeExport), so that the rules
// and their words are the API's; the page only turns form fields into that JSON and the
// errors back into messages next to the fields.

namespace {

using Errors = std::vector<std::pair<std::string, std::string>>;

// "name=value; Path=/simple; HttpOnly; SameSite=Lax", Secure when the request came over https
// (as a proxy in front says, or the page's origin): a cookie marked Secure on plain http
// would never come back. max_age < 0: until the browser closes.
std::string CookieHeader(const Request& req, const std::string& name, const std::string& value, long max_age) {
    const bool https = req.Header("x-forwarded-proto") == "https" || req.Header("origin").rfind("https://", 0) == 0;
    return name + "=" + value + "; Path=" + kRoot + "; HttpOnly; SameSite=Lax" + (https ? "; Secure" : "") +
           (max_age >= 0 ? "; Max-Age=" + std::to_string(max_age) : "");
}

struct AccountForm {
    bool create = false; // the form posted: sign in, or create an account
    std::string email;
    Errors errors;
};

std::string AccountFields(const PageContext& c, const AccountForm& form, bool create, const std::string& form_token,
                          const std::string& back) {
    const std::string email_id = create ? "nouvel-email" : "email", pw_id = create ? "nouveau-mot-de-passe" : "mot-de-passe";
    const Errors& errors = form.create == create ? form.errors : Errors{};
    const std::string email = form.create == create ? form.email : "";
    std::string html = "<form method=\"post\" action=\"" + E(c.Link(c.CommuneHome() + (create ? "/inscription" : "/connexion"))) +
                       "\" novalidate>\n" + HiddenToken(form_token) + "<input type=\"hidden\" name=\"retour\" value=\"" + E(back) + "\">\n";
    html += FieldBlock(email_id, c.T("Adresse e-mail"), "", errors, [&](const std::string& aria) {
        return "<input class=\"wide\" type=\"email\" id=\"" + email_id + "\" name=\"email\" autocomplete=\"email\" spellcheck=\"false\" value=\"" +
               E(email) + "\"" + aria + ">";
    });
    html += FieldBlock(pw_id, c.T("Mot de passe"),
                       create ? c.T("Au moins 10 caractères.") : "", errors, [&](const std::string& aria) {
                           return "<input class=\"wide\" type=\"password\" id=\"" + pw_id + "\" name=\"password\" autocomplete=\"" +
                                  (create ? "new-password" : "current-password") + "\"" + aria + ">";
                       });
    return html + "<div class=\"actions\"><button type=\"submit\"" + (create ? " class=\"secondary\"" : "") + ">" +
           E(create ? c.T("Créer mon compte") : c.T("Se connecter")) + "</button></div>\n</form>\n";
}

std::string SignOutForm(const PageContext& c) {
    return "<form method=\"post\" action=\"" + E(c.Link(c.CommuneHome() + "/deconnexion")) + "\">\n" + HiddenToken(FormToken(c.session)) +
           "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">" + E(c.T("Se déconnecter")) +
           "</button></div>\n</form>\n";
}

Response AccountPage(const PageContext& c, int status, const AccountForm& form, const std::string& form_token,
                     const std::string& back) {
    const std::string title = c.T("Se connecter");
    std::string main = "<h1>" + E(title) + "</h1>\n";
    if (c.SignedIn())
        main += "<p class=\"notice\">" + E(c.T("Vous êtes connecté avec l’adresse ") + c.who.email + ".") +
                "</p>\n<p><a href=\"" + E(c.Link(c.CommuneHome() + "/mes-propositions")) + "\">" +
                E(c.T("Mes propositions")) + "</a></p>\n" + SignOutForm(c);
    main += "<p class=\"lead\">" +
            E(c.T("Un compte vous permet de proposer des idées, de soutenir celles des autres et de suivre les vôtres.")) +
            "</p>\n";
    if (!form.errors.empty())
        main += ErrorSummary(c, form.create ? c.T("Votre compte n’a pas été créé")
                                            : c.T("Vous n’êtes pas connecté"),
                             form.errors);
    main += "<h2>" + E(c.T("J’ai déjà un compte")) + "</h2>\n" + AccountFields(c, form, false, form_token, back);
    main += "<p><a href=\"" + E(c.Link("/courriel/mot-de-passe-oublie", "commune=" + UrlEncode(c.tenant->slug))) + "\">" +
            E(c.T("Mot de passe oublié ?")) + "</a></p>\n";
    main += "<h2>" + E(c.T("Créer un compte")) + "</h2>\n" + AccountFields(c, form, true, form_token, back);
    PageShell shell = c.Shell(title, c.CommuneHome() + "/connexion");
    shell.has_errors = !form.errors.empty();
    Response r = c.Page(status, shell, main);
    if (CookieValue(c.req, kFormCookie) != form_token) r.headers["Set-Cookie"] = CookieHeader(c.req, kFormCookie, form_token, -1);
    return r;
}

// The form cookie's secret, or a new one (sent with the page).
std::string FormSecret(const Request& req) {
    const std::string have = CookieValue(req, kFormCookie);
    return IsToken(have) ? have : RandomHex(16);
}

Response PostAccount(AppContext& app, const Request& req, bool create) {
    return Plain(app, req, [&](PageContext& c) {
        c.tenant = app.TenantOf(req);
        const auto fields = ParseForm(req.body);
        // Before any session: the form cookie's secret, sent back in the form (a site that
        // cannot read the cookie cannot make the form).
        const std::string secret = CookieValue(req, kFormCookie);
        if (CrossSite(req) || !IsToken(secret) || !SameSecret(Field(fields, "jeton"), secret)) return FormRefused(c);
        const std::string back = SafeReturn(c, Field(fields, "retour"));
        AccountForm form;
        form.create = create;
        form.email = Trim(Field(fields, "email"));
        Request inner = req;
        inner.method = "POST";
        nlohmann::json inner_body{{"email", form.email}, {"password", Field(fields, "password")}};
        if (create) { // the confirmation e-mail in the page's language, through the commune's relay
            inner_body["language"] = c.lang;
            inner_body["tenant"] = c.tenant->slug;
        }
        inner.body = inner_body.dump();
        inner.headers["content-type"] = "application/json";
        inner.headers.erase("authorization");
        inner.path_params.clear();
        try {
            const auto answer = JsonOf(create ? HandleRegister(app, inner) : HandleLogin(app, inner));
            Response r = SeeOther(back);
            r.headers["Set-Cookie"] = CookieHeader(req, kSessionCookie, answer.value("token", ""), -1);
            return r;
        } catch (const ApiError& e) {
            const std::string field = e.error.field == "email"      ? (create ? "nouvel-email" : "email")
                                      : e.error.field == "password" ? (create ? "nouveau-mot-de-passe" : "mot-de-passe")
                                      : e.error.code == "invalid_credentials" ? "email" : "";
            form.errors.push_back({field, e.error.Message(c.lang)});
            return AccountPage(c, e.status, form, secret, back);
        }
    });
}

struct ProposalForm {
    std::string title, description, category, district, cost, credit;
    Errors errors;
};

// A point of district i that the server's own district computation (FindRegion) gives back to
// i: its box's centre when inside it, otherwise one chosen inside it (PointInside).
std::optional<LonLat> DistrictPoint(const Tenant& t, size_t i) {
    const Region& r = t.districts[i];
    if (FindRegion(t.districts, r.bbox.Center()) == static_cast<int>(i)) return r.bbox.Center();
    for (std::uint64_t seed = 0; seed < 32; ++seed) {
        const LonLat p = PointInside(r, seed);
        if (FindRegion(t.districts, p) == static_cast<int>(i)) return p;
    }
    return std::nullopt;
}

// The form's element for the API's field.
std::string ProposalElement(const std::string& field) {
    if (field == "title") return "titre";
    if (field == "description") return "description";
    if (field == "category") return "categorie";
    if (field == "latitude" || field == "longitude") return "quartier";
    if (field == "estimated_cost") return "cout";
    if (field == "credit_name") return "nom";
    return "";
}

Response ProposePage(const PageContext& c, int status, const ProposalForm& form) {
    const Tenant& t = *c.tenant;
    const std::string title = c.T("Proposer une idée");
    std::string main = "<p class=\"back\"><a href=\"" + E(c.Link(c.CommuneHome() + "/propositions")) + "\">" +
                       E(c.T("← Toutes les propositions")) + "</a></p>\n<h1>" + E(title) + "</h1>\n<p class=\"lead\">" +
                       E(t.premoderation ? c.T("Un modérateur de la commune lit chaque proposition avant de la publier.")
                                         : c.T("Votre proposition est publiée dès son envoi ; les modérateurs de la commune peuvent la masquer si elle ne respecte pas les règles.")) +
                       "</p>\n";
    if (!form.errors.empty())
        main += ErrorSummary(c, c.T("Votre proposition n’a pas été envoyée"), form.errors);
    main += "<form method=\"post\" action=\"" + E(c.Link(c.CommuneHome() + "/propositions/nouvelle")) + "\" novalidate>\n" +
            HiddenToken(FormToken(c.session));
    main += FieldBlock("titre", c.T("Titre (obligatoire)"), c.T("De 3 à 120 caractères."),
                       form.errors, [&](const std::string& aria) {
                           return "<input class=\"wide\" type=\"text\" id=\"titre\" name=\"titre\" maxlength=\"120\" value=\"" + E(form.title) + "\"" + aria + ">";
                       });
    main += FieldBlock("description", c.T("Description"),
                       c.T("Ce que vous proposez, et pourquoi. Jusqu’à 4 000 caractères."),
                       form.errors, [&](const std::string& aria) {
                           return "<textarea class=\"wide\" id=\"description\" name=\"description\" rows=\"6\" maxlength=\"4000\"" + aria + ">" +
                                  E(form.description) + "</textarea>";
                       });
    const auto categories = CategoriesFromJson(t.categories);
    main += FieldBlock("categorie", c.T("Catégorie (obligatoire)"), "", form.errors, [&](const std::string& aria) {
        if (categories.empty())
            return "<input type=\"text\" id=\"categorie\" name=\"categorie\" maxlength=\"60\" value=\"" + E(form.category) + "\"" + aria + ">";
        std::string select = "<select id=\"categorie\" name=\"categorie\"" + aria + ">\n<option value=\"\">" +
                             E(c.T("Choisissez une catégorie")) + "</option>\n";
        for (const auto& cat : categories)
            select += "<option value=\"" + E(cat.id) + "\"" + (cat.id == form.category ? " selected" : "") + ">" +
                      E(c.fr || cat.en.empty() ? cat.fr : cat.en) + "</option>\n";
        return select + "</select>";
    });
    if (!t.districts.empty()) {
        std::vector<const Region*> districts;
        for (const auto& d : t.districts) districts.push_back(&d);
        std::sort(districts.begin(), districts.end(), [](const Region* a, const Region* b) { return a->name < b->name; });
        main += FieldBlock("quartier", c.T("Quartier (obligatoire)"),
                           c.T("Sur la carte, votre proposition sera placée au milieu du quartier choisi."),
                           form.errors, [&](const std::string& aria) {
                               std::string select = "<select id=\"quartier\" name=\"quartier\"" + aria + ">\n<option value=\"\">" +
                                                    E(c.T("Choisissez un quartier")) + "</option>\n";
                               for (const Region* d : districts)
                                   select += "<option value=\"" + E(d->code) + "\"" + (d->code == form.district ? " selected" : "") +
                                             ">" + E(d->name) + "</option>\n";
                               return select + "</select>";
                           });
    }
    main += FieldBlock("cout", c.T("Coût estimé en euros (facultatif)"),
                       c.T("Un nombre entier, par exemple 12000."), form.errors,
                       [&](const std::string& aria) {
                           return "<input type=\"text\" inputmode=\"numeric\" id=\"cout\" name=\"cout\" size=\"12\" value=\"" + E(form.cost) +
                                  "\"" + aria + ">";
                       });
    main += FieldBlock("nom", c.T("Nom à citer si votre idée devient un projet (facultatif)"),
                       c.T("Laissez vide pour ne pas être cité."), form.errors,
                       [&](const std::string& aria) {
                           return "<input class=\"wide\" type=\"text\" id=\"nom\" name=\"nom\" maxlength=\"60\" autocomplete=\"name\" value=\"" +
                                  E(form.credit) + "\"" + aria + ">";
                       });
    main += "<div class=\"actions\"><button type=\"submit\">" + E(c.T("Envoyer ma proposition")) +
            "</button></div>\n</form>\n";
    PageShell shell = c.Shell(title, c.CommuneHome() + "/propositions/nouvelle");
    shell.has_errors = !form.errors.empty();
    return c.Page(status, shell, main);
}

// The proposal's path for one of its forms (/simple/{tenant}/propositions/{id}).
std::string ProposalPath(const PageContext& c, const Request& req) { return c.CommuneHome() + "/propositions/" + req.path_params.at(1); }

} // namespace

Response HandlePlainSignInPage(AppContext& app, const Request& req) {
    return Plain(app, req, [&](PageContext& c) {
        c.tenant = app.TenantOf(req);
        return AccountPage(c, 200, AccountForm{}, FormSecret(req), SafeReturn(c, req.Query("retour")));
    });
}

Response HandlePlainSignIn(AppContext& app, const Request& req) { return PostAccount(app, req, false); }
Response HandlePlainRegister(AppContext& app, const Request& req) { return PostAccount(app, req, true); }

Response HandlePlainSignOut(AppContext& app, const Request& req) {
    return Plain(app, req, [&](PageContext& c) {
        c.tenant = app.TenantOf(req);
        if (c.SignedIn()) {
            if (auto refused = CheckResidentPost(c, ParseForm(req.body))) return *refused;
            HandleLogout(app, WithBearer(req, c.session)); // the session ends for the API too
        }
        Response r = SeeOther(c.Link(c.CommuneHome()));
        r.headers["Set-Cookie"] = CookieHeader(req, kSessionCookie, "", 0);
        return r;
    });
}

Response HandlePlainProposeForm(AppContext& app, const Request& req) {
    return Plain(app, req, [&](PageContext& c) {
        c.tenant = app.TenantOf(req);
        if (!c.SignedIn()) return ToSignIn(c, c.CommuneHome() + "/propositions/nouvelle");
        return ProposePage(c, 200, ProposalForm{});
    });
}

Response HandlePlainPropose(AppContext& app, const Request& req) {
    return Plain(app, req, [&](PageContext& c) {
        c.tenant = app.TenantOf(req);
        const Tenant& t = *c.tenant;
        if (!c.SignedIn()) return ToSignIn(c, c.CommuneHome() + "/propositions/nouvelle");
        const auto fields = ParseForm(req.body);
        if (auto refused = CheckResidentPost(c, fields)) return *refused;
        ProposalForm form;
        form.title = Field(fields, "titre");
        form.description = Field(fields, "description");
        form.category = Field(fields, "categorie");
        form.district = Field(fields, "quartier");
        form.cost = Trim(Field(fields, "cout"));
        form.credit = Field(fields, "nom");
        nlohmann::json body{{"title", form.title}, {"description", form.description}, {"category", form.category}};
        if (!Trim(form.credit).empty()) body["credit_name"] = form.credit;
        // The cost as typed ("12 000" too); anything but whole euros goes to the API as text,
        // which refuses it in its own words.
        std::string digits;
        for (char ch : form.cost)
            if (ch != ' ') digits += ch;
        if (!digits.empty())
            body["estimated_cost"] = digits.size() <= 15 && digits.find_first_not_of("0123456789") == std::string::npos
                                         ? nlohmann::json(std::stoll(digits))
                                         : nlohmann::json(form.cost);
        // The place: the chosen district's point, or the commune's centre when it has none.
        if (t.districts.empty()) {
            body["latitude"] = t.center_lat;
            body["longitude"] = t.center_lon;
        } else {
            for (size_t i = 0; i < t.districts.size(); ++i)
                if (t.districts[i].code == form.district)
                    if (const auto p = DistrictPoint(t, i)) {
                        body["latitude"] = p->lat;
                        body["longitude"] = p->lon;
                    }
        }
        try {
            const auto created = JsonOf(HandleCreateTenantProposal(app, ApiCall(c, {t.slug}, body)));
            return SeeOther(c.Link(c.CommuneHome() + "/propositions/" + std::to_string(created.value("id", std::int64_t{0})),
                                   "fait=proposition"));
        } catch (const ApiError& e) {
            const std::string element = ProposalElement(e.error.field);
            // No map here: the API's "place it on the map" becomes "choose its district".
            const bool no_place = element == "quartier" && e.error.code == "required";
            form.errors.push_back({element, no_place ? c.T("Choisissez le quartier de votre proposition.")
                                                     : e.error.Message(c.lang)});
            return ProposePage(c, e.status, form);
        }
    });
}

Response HandlePlainSupport(AppContext& app, const Request& req) {
    return Plain(app, req, [&](PageContext& c) {
        c.tenant = app.TenantOf(req);
        const std::string here = ProposalPath(c, req);
        if (!c.SignedIn()) return ToSignIn(c, here);
        if (auto refused = CheckResidentPost(c, ParseForm(req.body))) return *refused;
        HandleSupport(app, ApiCall(c, {c.tenant->slug, req.path_params.at(1)}, nullptr)); // once per account
        return SeeOther(c.Link(here, "fait=soutien"));
    });
}

namespace {
// A report from the plain pages, of a proposal or of a comment: the reason chosen from the
// list (in French, which the commune's moderators read) and the resident's details, through
// the API's own handler; back to the proposal with what happened.
Response PlainReport(AppContext& app, const Request& req, AppHandler flag, std::size_t target_param,
                     const char* done, const char* already) {
    return Plain(app, req, [&](PageContext& c) {
        c.tenant = app.TenantOf(req);
        const std::string here = ProposalPath(c, req);
        if (!c.SignedIn()) return ToSignIn(c, here);
        const auto fields = ParseForm(req.body);
        if (auto refused = CheckResidentPost(c, fields)) return *refused;
        const ReportReason* reason = &kReportReasons[std::size(kReportReasons) - 1];
        for (const auto& r : kReportReasons)
            if (Field(fields, "motif") == r.id) reason = &r;
        const std::string details = Trim(Field(fields, "precisions"));
        const nlohmann::json body{{"reason", std::string(reason->fr) + (details.empty() ? "" : " : " + details)}};
        try {
            flag(app, ApiCall(c, {c.tenant->slug, req.path_params.at(target_param)}, body));
        } catch (const ApiError& e) {
            if (e.error.code != "already_flagged") throw;
            return SeeOther(c.Link(here, std::string("fait=") + already));
        }
        return SeeOther(c.Link(here, std::string("fait=") + done));
    });
}
} // namespace

Response HandlePlainReport(AppContext& app, const Request& req) {
    return PlainReport(app, req, HandleFlag, 1, "signalement", "deja-signalee");
}

// A comment or a reply: posted through the API's handler; refused, the form comes back with
// the text kept and the API's words next to it.
Response HandlePlainComment(AppContext& app, const Request& req) {
    return Plain(app, req, [&](PageContext& c) {
        c.tenant = app.TenantOf(req);
        const std::string here = ProposalPath(c, req);
        if (!c.SignedIn()) return ToSignIn(c, here);
        const auto fields = ParseForm(req.body);
        if (auto refused = CheckResidentPost(c, fields)) return *refused;
        const std::string text = Field(fields, "texte"), stance = Field(fields, "position");
        std::int64_t parent = 0;
        if (const std::string p = Field(fields, "parent"); !p.empty() && p.size() <= 18 &&
                                                             p.find_first_not_of("0123456789") == std::string::npos)
            parent = std::stoll(p);
        nlohmann::json body{{"body", text}};
        if (!stance.empty()) body["stance"] = stance;
        if (parent) body["parent"] = parent;
        try {
            const auto created = JsonOf(HandleCreateComment(app, ApiCall(c, {c.tenant->slug, req.path_params.at(1)}, body)));
            const bool pending = created.value("status", "") == "pending";
            return SeeOther(c.Link(here, pending ? "fait=commentaire-en-attente" : "fait=commentaire") +
                            (pending ? "" : "#commentaire-" + std::to_string(created.value("id", std::int64_t{0}))));
        } catch (const ApiError& e) {
            if (e.status == 404 || e.status == 429) throw; // the proposal or comment gone, or too many: a page saying so
            const std::string title = c.T("Votre commentaire n’a pas été publié");
            const std::string id = parent ? "reponse-" + std::to_string(parent) : "commentaire";
            std::string main = "<p class=\"back\"><a href=\"" + E(c.Link(here)) + "\">" +
                               E(c.T("← Retour à la proposition")) + "</a></p>\n<h1>" + E(title) + "</h1>\n" +
                               ErrorSummary(c, title, {{id, e.error.Message(c.lang)}}) +
                               CommentForm(c, here, parent, text, stance, e.error.Message(c.lang));
            PageShell shell = c.Shell(title, c.CommuneHome() + "/propositions");
            shell.has_errors = true;
            return c.Page(e.status, shell, main);
        }
    });
}

// The author's photo form (multipart/form-data): the file, its description, the token.
Response HandlePlainAddPhoto(AppContext& app, const Request& req) {
    return Plain(app, req, [&](PageContext& c) {
        c.tenant = app.TenantOf(req);
        const std::string here = ProposalPath(c, req);
        if (!c.SignedIn()) return ToSignIn(c, here);
        std::multimap<std::string, std::string> fields;
        std::string_view bytes;
        for (const auto& part : req.parts) {
            if (part.name == "photo") bytes = part.content;
            else fields.emplace(part.name, part.content);
        }
        if (auto refused = CheckResidentPost(c, fields)) return *refused;
        const std::string alt = Field(fields, "description");
        try {
            AddProposalPhoto(app, *c.tenant, c.who, std::stoll(req.path_params.at(1)), bytes, alt, req.remote_addr);
            return SeeOther(c.Link(here, "fait=photo") + "#photos");
        } catch (const ApiError& e) {
            if (e.status == 404 || e.status == 429 || e.status == 403) throw; // a page saying so
            const std::string title = c.T("Votre photo n’a pas été ajoutée");
            std::string main = "<p class=\"back\"><a href=\"" + E(c.Link(here)) + "\">" + E(c.T("← Retour à la proposition")) +
                               "</a></p>\n<h1>" + E(title) + "</h1>\n" + ErrorSummary(c, title, {{"photo", e.error.Message(c.lang)}}) +
                               PhotoForm(c, here, alt, e.error.Message(c.lang));
            PageShell shell = c.Shell(title, c.CommuneHome() + "/propositions");
            shell.has_errors = true;
            return c.Page(e.status, shell, main);
        }
    });
}

// The author changes their comment: through the API's handler (its 15 minutes, its checks);
// refused, the form comes back with the text kept and the API's words next to it.
Response HandlePlainEditComment(AppContext& app, const Request& req) {
    return Plain(app, req, [&](PageContext& c) {
        c.tenant = app.TenantOf(req);
        const std::string here = ProposalPath(c, req);
        if (!c.SignedIn()) return ToSignIn(c, here);
        const auto fields = ParseForm(req.body);
        if (auto refused = CheckResidentPost(c, fields)) return *refused;
        const std::string text = Field(fields, "texte"), stance = Field(fields, "position");
        const std::string comment = req.path_params.at(2);
        nlohmann::json body{{"body", text}};
        if (!stance.empty()) body["stance"] = stance;
        try {
            const auto edited = JsonOf(HandleEditComment(app, ApiCall(c, {c.tenant->slug, comment}, body)));
            const bool pending = edited.value("status", "") == "pending";
            return SeeOther(c.Link(here, pending ? "fait=commentaire-modifie-en-attente" : "fait=commentaire-modifie") +
                            "#commentaire-" + comment);
        } catch (const ApiError& e) {
            if (e.status == 404 || e.status == 403) throw; // not there, or not theirs: a page saying so
            const std::string title = c.T("Votre commentaire n’a pas été modifié");
            const std::int64_t id = std::stoll(comment);
            std::string main = "<p class=\"back\"><a href=\"" + E(c.Link(here)) + "\">" +
                               E(c.T("← Retour à la proposition")) + "</a></p>\n<h1>" + E(title) + "</h1>\n" +
                               ErrorSummary(c, title, {{"modifier-" + comment, e.error.Message(c.lang)}});
            // The window closed: no form to send again, the way back only.
            if (e.error.code != "edit_window_closed" && e.error.code != "not_editable")
                main += CommentForm(c, here, 0, text, stance, e.error.Message(c.lang), id);
            PageShell shell = c.Shell(title, c.CommuneHome() + "/propositions");
            shell.has_errors = true;
            return c.Page(e.status, shell, main);
        }
    });
}

// The author deletes their comment (its text goes; replies stay), through the API's handler.
Response HandlePlainDeleteComment(AppContext& app, const Request& req) {
    return Plain(app, req, [&](PageContext& c) {
        c.tenant = app.TenantOf(req);
        const std::string here = ProposalPath(c, req);
        if (!c.SignedIn()) return ToSignIn(c, here);
        const auto fields = ParseForm(req.body);
        if (auto refused = CheckResidentPost(c, fields)) return *refused;
        HandleDeleteComment(app, ApiCall(c, {c.tenant->slug, req.path_params.at(2)}, nullptr));
        return SeeOther(c.Link(here, "fait=commentaire-supprime") + "#commentaires");
    });
}

Response HandlePlainReportComment(AppContext& app, const Request& req) {
    return PlainReport(app, req, HandleFlagComment, 2, "commentaire-signale", "commentaire-deja-signale");
}

Response HandlePlainMyProposals(AppContext& app, const Request& req) {
    return Plain(app, req, [&](PageContext& c) {
        c.tenant = app.TenantOf(req);
        const std::string here = c.CommuneHome() + "/mes-propositions";
        if (!c.SignedIn()) return ToSignIn(c, here);
        Request inner = Inner(req, {}, {});
        const auto mine = JsonOf(HandleMeExport(app, WithBearer(inner, c.session)));
        const std::string title = c.T("Mes propositions");
        std::string main = "<h1>" + E(title) + "</h1>\n<p>" +
                           E(c.T("Vous êtes connecté avec l’adresse ") + c.who.email + ".") + "</p>\n";
        std::string items;
        for (const auto& item : mine.value("proposals", nlohmann::json::array())) {
            if (item.value("tenant", "") != c.tenant->slug) continue;
            const std::string id = std::to_string(item.value("id", std::int64_t{0}));
            const std::string status = item.value("status", "");
            const bool readable = status != "rejected" && (status != "hidden" || item.contains("merged_into"));
            items += "<li><h2>" +
                     (readable ? "<a href=\"" + E(c.Link(c.CommuneHome() + "/propositions/" + id)) + "\">" + E(item.value("title", "")) + "</a>"
                               : E(item.value("title", ""))) +
                     "</h2>\n<p class=\"meta\">" + E(c.T("État : ") + StateLabel(item, c)) + "</p></li>\n";
        }
        if (items.empty())
            main += "<p>" + E(c.T("Vous n’avez pas encore proposé d’idée ici.")) + "</p>\n";
        else
            main += "<ul class=\"items\">\n" + items + "</ul>\n";
        main += "<p><a href=\"" + E(c.Link(c.CommuneHome() + "/propositions/nouvelle")) + "\">" +
                E(c.T("Proposer une idée")) + "</a></p>\n" + SignOutForm(c);
        return c.Page(200, c.Shell(title, here), main);
    });
}

//-----------------------------------------------------------------------------
// [SECTION] Agent's desk: paper and assisted ballots
//-----------------------------------------------------------------------------

// /simple/{tenant}/consultations/{process}/guichet: what the console's desk does, without
// JavaScript. A signed-in agent (or admin) of the commune types the voter's code and the
// ballot (a paper ballot, or the choices of a voter she helps) into the resident's ballot
// form; the form goes to HandlePaperBallot, the API's own handler, so that who may enter
// ballots, the phase, the code spent as online and every rule and word are the API's. After a
// ballot is stored the page says so and gives an empty form: nothing on it tells whose code
// went with which choices.

namespace {

std::string DeskPath(const PageContext& c, const Process& p) { return c.ProcessPath(p) + "/guichet"; }

std::string DeskTitle(const PageContext& c, const Process& p) {
    return c.T("Guichet : ") + p.title;
}

// The top of every desk page: the way back, the title, what the page is for.
std::string DeskHeader(const PageContext& c, const Process& p) {
    return "<p class=\"back\"><a href=\"" + E(c.Link(c.ProcessPath(p))) + "\">" +
           E(c.T("← Retour à la consultation")) + "</a></p>\n<h1>" +
           E(c.T("Guichet : ")) + c.Theirs(p.title) + "</h1>\n";
}

// Signed in, but not one of the commune's agents: the page says what it is for and where a
// resident votes; nothing else.
Response DeskRefused(const PageContext& c, const Process& p) {
    const std::string main =
        DeskHeader(c, p) + "<p class=\"notice\">" +
        E(Fill(c.T("Cette page est réservée aux agents de la commune, qui y saisissent les bulletins papier et les "
                   "votes assistés. Votre compte ({}) n’y a pas accès."),
               c.who.email)) +
        "</p>\n<p>" +
        E(c.T("Pour voter vous-même, utilisez votre code de vote sur la page de vote.")) +
        "</p>\n" +
        (p.phase == Phase::Voting ? "<p><a href=\"" + E(c.Link(c.ProcessPath(p) + "/vote")) + "\">" +
                                        E(c.T("Aller à la page de vote")) + "</a></p>\n"
                                  : std::string()) +
        SignOutForm(c);
    return c.Page(403, c.Shell(c.T("Accès réservé aux agents")), main);
}

// Voting not open: the API's own words (with the calendar's "opens in 5 days" when it has one).
Response DeskClosed(const PageContext& c, const Process& p, int status, const std::string& message) {
    const std::string main = DeskHeader(c, p) + "<p class=\"notice\">" + E(message) + "</p>\n<p>" +
                             E(c.T("Aucun bulletin ne peut être saisi tant que le vote n’est pas ouvert.")) +
                             "</p>\n";
    return c.Page(status, c.Shell(DeskTitle(c, p)), main);
}

std::string VotingClosedWords(const PageContext& c, const Tenant& t, const Process& p) {
    try {
        FailVotingClosed(c.app, t, p);
    } catch (const ApiError& e) {
        return e.error.Message(c.lang);
    }
    return {};
}

// A form's own id, new with each empty form; with the code and the ballot it makes the API's
// request id. The same form sent again (a reload, a double click) is the same request, stored
// once; a form brought back and changed (the browser's Back) is a new one. The id is a hash:
// the stored request id neither holds the code nor lets anyone try codes against it.
bool IsFormId(const std::string& s) { return IsToken(s); }

std::string DeskRequestId(const std::string& form_id, const std::string& code, bool uncoded, const nlohmann::json& ballot) {
    return "guichet-" + Sha256Hex("quartier desk|" + form_id + "|" + (uncoded ? std::string("-") : code) + "|" + ballot.dump())
                            .substr(0, 48);
}

// How many ballots this sitting has stored (shown in the confirmation), as the form carries it.
std::int64_t EnteredCount(const std::string& text) {
    std::int64_t n = 0;
    return ParseWhole(text, n) && n >= 0 && n < 1000000 ? n : 0;
}

Response DeskPage(const PageContext& c, const Process& p, int status, const BallotForm& form, const nlohmann::json* ballot,
                  const std::string& form_id, std::int64_t entered) {
    BallotFormKind how;
    how.desk = true;
    how.action = c.Link(DeskPath(c, p));
    how.hidden = HiddenToken(FormToken(c.session)) + "<input type=\"hidden\" name=\"formulaire\" value=\"" + E(form_id) +
                 "\">\n<input type=\"hidden\" name=\"saisis\" value=\"" + std::to_string(entered) + "\">\n";
    how.uncoded = p.uncoded_paper;
    std::string main = DeskHeader(c, p) + "<p class=\"lead\">" +
                       E(c.T("Pour les agents de la commune : saisissez un bulletin papier, ou les choix d’un électeur "
                             "que vous aidez à voter, avec son code de vote. Le bulletin reste secret : rien ne relie "
                             "le code aux choix.")) +
                       "</p>\n<p class=\"meta\">" +
                       E(c.T("Connecté : ") + c.who.email) + "</p>\n";
    main += BallotFormHtml(c, p, form, ballot, how);
    main += SignOutForm(c);
    PageShell shell = c.Shell(DeskTitle(c, p));
    shell.has_errors = !form.errors.empty();
    return c.Page(status, shell, main);
}

} // namespace

Response HandlePlainDesk(AppContext& app, const Request& req) {
    return Plain(app, req, [&](PageContext& c) {
        c.tenant = app.TenantOf(req);
        auto p = app.ProcessOf(*c.tenant, req);
        if (!c.SignedIn()) return ToSignIn(c, DeskPath(c, *p));
        if (!MayEnterPaperBallots(c.who, *c.tenant)) return DeskRefused(c, *p);
        if (p->phase != Phase::Voting) return DeskClosed(c, *p, 200, VotingClosedWords(c, *c.tenant, *p));
        BallotForm form;
        const std::int64_t entered = EnteredCount(req.Query("enregistre"));
        if (entered > 0)
            form.notice = c.T("Bulletin enregistré (") +
                          CountOf(entered, c.lang, "bulletin saisi", "bulletins saisis") +
                          c.T(" depuis l’ouverture de cette page). Le formulaire est vide, prêt pour le bulletin suivant.");
        return DeskPage(c, *p, 200, form, nullptr, RandomHex(16), entered);
    });
}

Response HandlePlainDeskEntry(AppContext& app, const Request& req) {
    return Plain(app, req, [&](PageContext& c) {
        c.tenant = app.TenantOf(req);
        auto p = app.ProcessOf(*c.tenant, req);
        const std::string here = DeskPath(c, *p);
        if (!c.SignedIn()) return ToSignIn(c, here);
        const auto fields = ParseForm(req.body);
        if (auto refused = CheckResidentPost(c, fields)) return *refused;
        BallotForm form;
        form.posted = true;
        form.code = Trim(Field(fields, "code"));
        form.uncoded = p->uncoded_paper && Field(fields, "sans-code") == "1";
        const std::string form_id = IsFormId(Field(fields, "formulaire")) ? Field(fields, "formulaire") : RandomHex(16);
        const std::int64_t entered = EnteredCount(Field(fields, "saisis"));
        std::vector<size_t> entries;
        const nlohmann::json ballot = BallotFromForm(*p, fields, form, entries, c);
        // Without a code only when the box says so, as the console's desk asks: an empty code
        // field alone is a code forgotten, and a ballot stored without it could be cast again.
        if (p->uncoded_paper && form.uncoded && !form.code.empty())
            form.errors.push_back({"code", c.T("Un code est saisi et « Bulletin sans code » est coché : effacez le code, ou décochez la case.")});
        else if (p->uncoded_paper && !form.uncoded && form.code.empty() && Field(fields, "action") != "check")
            form.errors.push_back({"code", c.T("Saisissez le code imprimé sur le courrier de l’électeur, ou cochez « Bulletin sans code ».")});
        int status = 400;
        if (form.errors.empty()) {
            try {
                if (Field(fields, "action") == "check") {
                    if (!MayEnterPaperBallots(c.who, *c.tenant)) return DeskRefused(c, *p);
                    if (p->phase != Phase::Voting) FailVotingClosed(app, *c.tenant, *p);
                    if (auto e = ValidateBallot(ballot, p->ballot)) throw ApiError(400, *e);
                    form.notice = c.T("Le bulletin est valable. Vérifiez le code, puis enregistrez le bulletin.");
                    status = 200;
                } else {
                    nlohmann::json body{{"request_id", DeskRequestId(form_id, form.code, form.uncoded, ballot)},
                                        {"ballot", ballot},
                                        {"code", form.uncoded ? std::string() : form.code}};
                    HandlePaperBallot(app, ApiCall(c, {c.tenant->slug, p->slug}, body));
                    // Post/Redirect/Get: a reload shows the empty form, never sends the ballot again.
                    return SeeOther(c.Link(here, "enregistre=" + std::to_string(entered + 1)));
                }
            } catch (const ApiError& e) {
                if (e.status == 401) return ToSignIn(c, here);
                if (e.status == 403 && e.error.code == "forbidden") return DeskRefused(c, *p);
                if (e.error.code == "voting_closed") return DeskClosed(c, *p, e.status, e.error.Message(c.lang));
                form.errors.push_back({ElementFor(e.error, entries), e.error.Message(c.lang)});
                status = e.status;
            }
        }
        return DeskPage(c, *p, status, form, &ballot, form_id, entered);
    });
}

} // namespace quartier

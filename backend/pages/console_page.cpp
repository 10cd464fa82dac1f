// The commune's console served by the server itself at /console/{commune}: a commune can run
// its participatory budget before it has embedded anything on its own site. The page is the
// plain pages' frame (their stylesheet, header and footer) around one console widget, which
// /embed.js loads; an unknown commune gets a page saying so, in French or English. Beside it,
// in the same frame: the moderation space the console sends a moderator to
// (/console/{commune}/moderation), the ballot's preview for the staff
// (/console/{commune}/apercu/{process}), and /console itself, which leads to the first commune.
#include "backend/routes.h"

#include "backend/pages/html_page.h"
#include "backend/text_util.h"
#include "shared/i18n.h"
#include "shared/text.h"

namespace quartier {

namespace {

std::string E(const std::string& s) { return HtmlEscape(s); }

// The frame of the console's page; main is already escaped HTML.
std::string ConsoleDocument(const std::string& lang, const std::string& title, const std::string& brand,
                            const std::string& switch_path, const std::string& head_extra, const std::string& main,
                            const std::string& public_href = "") {
    std::string initial = "Q";
    if (!brand.empty()) {
        const auto lead = static_cast<unsigned char>(brand[0]);
        initial = brand.substr(0, lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4);
    }
    std::string html = "<!doctype html>\n<html lang=\"" + lang + "\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
                       E(title) + " — " + E(brand) + "</title>\n<link rel=\"stylesheet\" href=\"" + std::string(kPlainRoot) +
                       "/style.css\">\n" + head_extra + "</head>\n<body>\n";
    html += std::string("<a class=\"skip\" href=\"#pied\">") + E(Tr(lang, "Passer la console, aller au pied de page")) + "</a>\n";
    html += "<header class=\"site-header\">\n<div class=\"wrap console-wide\">\n<span class=\"brand\"><span class=\"brand-mark\" aria-hidden=\"true\">" +
            E(initial) + "</span><span>" + E(brand) + "<small>" + E(Tr(lang, "Console de la commune")) +
            "</small></span></span>\n<nav aria-label=\"" + E(Tr(lang, "Navigation principale")) + "\">\n";
    // The same page in each other language the catalogs speak, each named in its own language.
    for (const std::string& other : Languages())
        if (other != lang)
            html += "<a href=\"" + E(switch_path + "?lang=" + other) + "\" lang=\"" + E(other) + "\" hreflang=\"" + E(other) + "\">" +
                    E(LanguageName(other)) + "</a>\n";
    html += "</nav>\n</div>\n</header>\n<main id=\"contenu\" class=\"wrap console-wide\">\n" + main + "</main>\n";
    html += std::string("<footer class=\"site-footer\" id=\"pied\" tabindex=\"-1\">\n<div class=\"wrap console-wide\">") +
            E(Tr(lang, "Console de Quartier, logiciel libre de participation citoyenne.")) +
            (public_href.empty() ? std::string()
                                 : " <a href=\"" + E(public_href) + "\">" + E(Tr(lang, "Pages publiques de la commune")) + "</a>") +
            "</div>\n</footer>\n</body>\n</html>\n";
    return html;
}

} // namespace

namespace {

// The console's pages share their frame and policy: the console itself, the moderation space
// the console sends a moderator to, and the ballot's preview (the residents' ballot widget,
// data-preview: it never votes). widget_attrs: the widget element's own data-… attributes.
Response ConsoleFramePage(AppContext& app, const Request& req, const std::string& widget, const std::string& widget_attrs,
                          const char* title_msgid, const std::string& intro_html,
                          const std::string& switch_path) {
    const std::string lang = PageLanguage(req);
    const bool fr = lang == "fr";
    const std::string slug = req.path_params.at(0);
    const auto t = app.FindTenant(slug);
    Response r;
    if (!t || t->archived) {
        const std::string title = Tr(lang, "Commune introuvable");
        const std::string main = "<h1>" + E(title) + "</h1>\n<p>" +
                                 E(Fill(Tr(lang, "Ce serveur ne connaît pas de commune « {} ». Vérifiez l’adresse que l’on vous a donnée."), slug)) +
                                 "</p>\n";
        r = HtmlResponse(404, ConsoleDocument(lang, title, "Quartier", switch_path, "", main));
    } else {
        const std::string title = Tr(lang, title_msgid);
        const std::string head = "<script src=\"/embed.js\" defer data-tenant=\"" + E(t->slug) + "\"></script>\n";
        const std::string heading = intro_html.empty() ? "<h1 class=\"visually-hidden\">" + E(title) + "</h1>\n"
                                                       : "<h1>" + E(title) + "</h1>\n" + intro_html;
        const std::string main =
            heading + "<div class=\"console-widget\" data-quartier=\"" + widget + "\" data-tenant=\"" + E(t->slug) + "\" data-lang=\"" + lang + "\"" +
            widget_attrs + (t->accent.empty() ? std::string() : " data-accent=\"" + E(t->accent) + "\"") + "><noscript><p>" +
            E(Tr(lang, "La console a besoin de JavaScript. Les pages publiques de la commune restent lisibles sans lui : ")) +
            "<a href=\"" + std::string(kPlainRoot) + "/" + E(t->slug) + "\">" + std::string(kPlainRoot) + "/" + E(t->slug) +
            "</a></p></noscript></div>\n";
        r = HtmlResponse(200, ConsoleDocument(lang, title, t->name, switch_path, head, main,
                                              std::string(kPlainRoot) + "/" + t->slug + (fr ? "" : "?lang=" + lang)));
    }
    // The plain pages' policy, plus what the widget needs: its script and WebAssembly from
    // this server, and the API on this server. Still never framed by another site.
    r.headers["Content-Security-Policy"] =
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; style-src 'self'; "
        "img-src 'self' data: blob:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    return r;
}

} // namespace

Response HandleConsolePage(AppContext& app, const Request& req) {
    const std::string slug = req.path_params.at(0);
    return ConsoleFramePage(app, req, "console", "", N_("Console de la commune"), "", "/console/" + slug);
}

Response HandleConsoleModerationPage(AppContext& app, const Request& req) {
    const std::string slug = req.path_params.at(0);
    return ConsoleFramePage(app, req, "moderation", " data-height=\"760px\"", N_("Espace de modération"), "",
                            "/console/" + slug + "/moderation");
}

Response HandleBallotPreviewPage(AppContext& app, const Request& req) {
    const std::string slug = req.path_params.at(0), process = req.path_params.at(1);
    const std::string intro =
        "<p class=\"lead\">" +
        E(Tr(PageLanguage(req), "Le bulletin tel que les habitants le verront sur le site de la commune : cochez des projets "
                                "pour l’essayer. On ne vote pas depuis cet aperçu.")) +
        "</p>\n";
    return ConsoleFramePage(app, req, "ballot", " data-process=\"" + E(process) + "\" data-preview=\"true\" data-height=\"720px\"",
                            N_("Aperçu du bulletin"), intro, "/console/" + slug + "/apercu/" + process);
}

// /console without a commune: the server's first commune (the one its old addresses serve,
// else the first by name), where an admin of the whole server signs in and finds the
// console's "Communes" part to create the real one.
Response HandleConsoleRoot(AppContext& app, const Request& req) {
    const std::string lang = PageLanguage(req);
    std::string slug;
    if (const auto d = app.FindTenant(app.options.default_tenant); d && !d->archived) slug = d->slug;
    for (const auto& t : app.AllTenants())
        if (slug.empty() && !t->archived) slug = t->slug;
    if (slug.empty()) {
        const std::string title = Tr(lang, "Aucune commune");
        Response r = HtmlResponse(404, ConsoleDocument(lang, title, "Quartier", "/console", "",
                                                       "<h1>" + E(title) + "</h1>\n<p>" +
                                                           E(Tr(lang, "Ce serveur n’a encore aucune commune.")) +
                                                           "</p>\n"));
        return r;
    }
    Response r;
    r.status = 302;
    r.headers["Location"] = "/console/" + slug + (lang == "fr" ? "" : "?lang=" + lang);
    r.content_type = "text/plain; charset=utf-8";
    r.body = r.headers["Location"] + "\n";
    return r;
}

} // namespace quartier

// The plain pages' layout and stylesheet, the language they speak, and form decoding.
#include "backend/pages/html_page.h"

#include "shared/i18n.h"

#include "backend/text_util.h"

#include <algorithm>
#include <cctype>

namespace quartier {

namespace {
// A language the pages have a catalog for, else the commune's own (French).
std::string PageSpeaks(const std::string& lang) {
    const std::string spoken = SpokenLanguage(lang);
    return spoken == "en" && lang.rfind("en", 0) != 0 ? "fr" : spoken;
}
} // namespace

std::string PageLanguage(const Request& req) {
    const std::string asked = req.Query("lang");
    if (!asked.empty()) return PageSpeaks(asked);
    std::string first = req.Header("accept-language");
    first = Trim(first.substr(0, first.find_first_of(",;")));
    std::transform(first.begin(), first.end(), first.begin(), ::tolower);
    return PageSpeaks(first);
}

std::string LanguageName(const std::string& lang) {
    // TRANSLATORS: the name of your language, written in your language ("English", "Español").
    return TrC(lang, "language name", "Français");
}

std::string RenderPage(const PageShell& s, const std::string& main) {
    const std::string& l = s.lang;
    const std::string title = (s.has_errors ? std::string(Tr(l, "Erreur : ")) : std::string()) + s.title;
    // The brand mark: the name's first letter, whole (UTF-8: "É" is two bytes).
    std::string initial = "Q";
    if (!s.site_name.empty()) {
        const auto lead = static_cast<unsigned char>(s.site_name[0]);
        initial = s.site_name.substr(0, lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4);
    }
    std::string html;
    html.reserve(main.size() + 2048);
    html += "<!doctype html>\n<html lang=\"" + HtmlEscape(s.lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
            HtmlEscape(title) + " — " + HtmlEscape(s.site_name) +
            "</title>\n<link rel=\"stylesheet\" href=\"" + std::string(kPlainRoot) + "/style.css\">\n</head>\n<body>\n";
    html += std::string("<a class=\"skip\" href=\"#contenu\">") + Tr(l, "Aller au contenu") + "</a>\n";
    html += "<header class=\"site-header\">\n<div class=\"wrap\">\n<a class=\"brand\" href=\"" + HtmlEscape(s.home) +
            "\"><span class=\"brand-mark\" aria-hidden=\"true\">" + HtmlEscape(initial) + "</span><span>" +
            HtmlEscape(s.site_name) + "<small>" + HtmlEscape(Tr(l, "Participation citoyenne — version simple")) +
            "</small></span></a>\n<nav aria-label=\"" + HtmlEscape(Tr(l, "Navigation principale")) + "\">\n";
    for (const auto& [href, label] : s.nav)
        html += "<a href=\"" + HtmlEscape(href) + "\"" + (href == s.current ? " aria-current=\"page\"" : "") + ">" +
                HtmlEscape(label) + "</a>\n";
    for (const auto& [lang, href] : s.languages)
        html += "<a href=\"" + HtmlEscape(href) + "\" lang=\"" + HtmlEscape(lang) + "\" hreflang=\"" + HtmlEscape(lang) +
                "\">" + HtmlEscape(LanguageName(lang)) + "</a>\n";
    html += "</nav>\n</div>\n</header>\n<main id=\"contenu\" class=\"wrap\" tabindex=\"-1\">\n" + main + "</main>\n";
    html += std::string("<footer class=\"site-footer\">\n<div class=\"wrap\">") +
            HtmlEscape(Tr(l, "Version simple de Quartier, logiciel libre de participation citoyenne : elle fonctionne sans "
                             "JavaScript, avec tous les navigateurs et les lecteurs d’écran.")) +
            "</div>\n</footer>\n</body>\n</html>\n";
    return html;
}

Response HtmlResponse(int status, std::string body) {
    Response r;
    r.status = status;
    r.content_type = "text/html; charset=utf-8";
    r.body = std::move(body);
    // Pages hold a form's single-use request id and a person's choices: never cached.
    r.headers["Cache-Control"] = "no-store";
    r.headers["X-Content-Type-Options"] = "nosniff";
    // No other site may frame a page (a ballot under a transparent overlay is clickjacking);
    // X-Frame-Options for browsers that predate frame-ancestors.
    r.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                                           "base-uri 'none'; frame-ancestors 'none'";
    r.headers["X-Frame-Options"] = "DENY";
    return r;
}

Response SeeOther(const std::string& location) {
    Response r = HtmlResponse(303, "");
    r.content_type = "text/html; charset=utf-8";
    r.headers["Location"] = location;
    return r;
}

std::string FormDecode(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') {
            out += ' ';
        } else if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
            out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::multimap<std::string, std::string> ParseForm(const std::string& body) {
    std::multimap<std::string, std::string> fields;
    size_t start = 0;
    while (start <= body.size()) {
        size_t end = body.find('&', start);
        if (end == std::string::npos) end = body.size();
        const std::string pair = body.substr(start, end - start);
        if (!pair.empty()) {
            const size_t eq = pair.find('=');
            fields.emplace(FormDecode(pair.substr(0, eq)), eq == std::string::npos ? "" : FormDecode(pair.substr(eq + 1)));
        }
        start = end + 1;
    }
    return fields;
}

std::string UrlEncode(const std::string& s) {
    static const char* digits = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += digits[c >> 4];
            out += digits[c & 15];
        }
    }
    return out;
}

const std::string& PlainStylesheet() {
    // The look of a municipal site (white header over a brand line, cards on light grey),
    // large targets, visible focus, WCAG AA contrast.
    static const std::string css = R"css(:root {
  --brand: #1d4ed8;
  --text: #1f2933;
  --muted: #4b5866;
  --line: #c9d2dc;
  --error: #b31c1c;
  --ok: #17663a;
  font-family: "DejaVu Sans", "Noto Sans", system-ui, sans-serif;
  color: var(--text);
  background: #f6f7f9;
}
* { box-sizing: border-box; }
body { margin: 0; font-size: 17px; line-height: 1.55; min-height: 100vh; display: flex; flex-direction: column; }
.wrap { max-width: 880px; margin: 0 auto; padding: 0 20px; }
.wrap.console-wide { max-width: 1320px; }
.console-widget { position: relative; height: calc(100vh - 112px); min-height: 560px; margin-top: 12px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
main { padding-bottom: 32px; flex: 1 0 auto; width: 100%; }
main:focus { outline: none; }
a { color: var(--brand); text-underline-offset: 2px; }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible {
  outline: 3px solid var(--brand); outline-offset: 2px; }
.skip { position: absolute; left: -9999px; top: 8px; background: #fff; padding: 8px 14px; border-radius: 8px; z-index: 2; }
.skip:focus { left: 8px; }
.site-header { background: #fff; border-bottom: 4px solid var(--brand); }
.site-header .wrap { display: flex; align-items: center; justify-content: space-between; min-height: 72px;
  gap: 4px 16px; flex-wrap: wrap; }
.brand { display: flex; align-items: center; gap: 12px; color: var(--text); text-decoration: none; font-weight: bold;
  font-size: 1.25rem; padding: 8px 0; }
.brand small { display: block; font-weight: normal; font-size: 0.8rem; color: var(--muted); }
.brand-mark { display: inline-grid; place-items: center; width: 44px; height: 44px; border-radius: 10px;
  background: var(--brand); color: #fff; font-size: 1.4rem; flex: none; }
nav a { color: var(--text); text-decoration: none; padding: 10px 12px; border-radius: 8px; display: inline-block; }
nav a[aria-current="page"] { color: var(--brand); font-weight: bold; }
nav a:hover { background: #eef1f5; }
h1 { font-size: 1.8rem; line-height: 1.25; margin: 28px 0 8px; }
h2 { font-size: 1.3rem; line-height: 1.3; margin: 28px 0 8px; }
h3 { font-size: 1.08rem; margin: 20px 0 4px; }
.lead { color: var(--muted); max-width: 62ch; }
.back { display: inline-block; margin-top: 20px; }
.items { list-style: none; padding: 0; margin: 0; }
.items > li, .card { background: #fff; border: 1px solid var(--line); border-radius: 12px; padding: 14px 18px; margin: 10px 0; }
.items h2, .items h3 { margin: 0 0 2px; font-size: 1.1rem; }
.meta { color: var(--muted); font-size: 0.93rem; margin: 2px 0 0; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 12px 0; }
.facts dt { font-weight: bold; }
.facts dd { margin: 0; }
.photos { list-style: none; padding: 0; margin: 12px 0; display: grid; gap: 12px; }
.photos img { display: block; max-width: 100%; height: auto; border-radius: 4px; }
.actions { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; margin: 20px 0; }
.button, button { display: inline-block; font: inherit; font-weight: bold; min-height: 48px; padding: 10px 22px;
  border-radius: 10px; border: 2px solid var(--brand); background: var(--brand); color: #fff; cursor: pointer;
  text-decoration: none; }
.button.secondary, button.secondary { background: #fff; color: var(--brand); }
fieldset { border: 1px solid var(--line); border-radius: 12px; background: #fff; padding: 6px 18px 14px; margin: 20px 0; min-width: 0; }
legend { font-weight: bold; font-size: 1.2rem; padding: 0 6px; }
.choices { list-style: none; padding: 0; margin: 0; }
.choice { display: flex; gap: 12px; align-items: flex-start; padding: 10px 0; border-top: 1px solid #e6eaef; }
.choice label { flex: 1; cursor: pointer; }
.choice .cost { white-space: nowrap; color: var(--muted); }
.choice input[type=checkbox] { width: 26px; height: 26px; margin: 1px 0 0; flex: none; accent-color: var(--brand); }
.field { margin: 20px 0; }
.field label { font-weight: bold; display: block; }
.tick { display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: center; }
.tick input[type=checkbox] { width: 26px; height: 26px; margin: 0; flex: none; accent-color: var(--brand); }
.tick .hint { flex-basis: 100%; }
input[type=text], input[type=search], input[type=number], input[type=email], input[type=password], select, textarea {
  font: inherit; min-height: 44px; padding: 6px 10px;
  border: 2px solid #5f6b79; border-radius: 8px; background: #fff; color: var(--text); max-width: 100%; }
.wide { width: 100%; max-width: 36em; box-sizing: border-box; }
textarea:focus-visible { outline: 3px solid var(--brand); outline-offset: 2px; }
.report summary, .reply summary, .comment .edit summary, .comment .delete summary { cursor: pointer; min-height: 44px; display: flex; align-items: center; color: var(--brand); }
.comments, .replies { list-style: none; padding: 0; margin: 0; }
.comments > li { background: #fff; border: 1px solid var(--line); border-radius: 12px; padding: 14px 18px; margin: 10px 0; }
.replies { margin: 8px 0 0 1.2rem; border-left: 3px solid var(--line); padding-left: 14px; }
input[type=number] { width: 6.5em; }
[aria-invalid=true], input[aria-invalid=true], select[aria-invalid=true], textarea[aria-invalid=true] { border-color: var(--error); }
.hint { color: var(--muted); margin: 2px 0 6px; }
.field-error { color: var(--error); font-weight: bold; margin: 4px 0; }
.error-summary { border: 4px solid var(--error); background: #fff; border-radius: 12px; padding: 10px 20px; margin: 20px 0; }
.error-summary h2 { color: var(--error); margin-top: 6px; }
.error-summary:focus { outline: 3px solid var(--text); }
.notice { border-left: 6px solid var(--ok); background: #fff; border-radius: 8px; padding: 12px 18px; margin: 16px 0; }
.tally { font-weight: bold; }
.easy-read { background: #fff; border: 2px solid var(--line); border-radius: 12px; padding: 8px 20px; margin: 20px 0; }
.easy-read summary { font-weight: bold; cursor: pointer; min-height: 44px; display: flex; align-items: center; }
.easy-read p { font-size: 1.15rem; line-height: 1.6; margin: 6px 0; }
.receipt { font-family: "DejaVu Sans Mono", monospace; font-size: 1.05rem; overflow-wrap: anywhere; background: #fff;
  border: 2px dashed var(--line); border-radius: 8px; padding: 12px 14px; }
.search { display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-end; }
.pages { display: flex; gap: 16px; margin: 20px 0; }
.site-footer { border-top: 1px solid var(--line); color: var(--muted); padding: 24px 0; font-size: 0.9rem; background: #fff; }
@media (max-width: 600px) {
  body { font-size: 16px; }
  .wrap { padding: 0 14px; }
  h1 { font-size: 1.45rem; margin-top: 20px; }
  .facts { grid-template-columns: 1fr; }
  .facts dd { margin-bottom: 6px; }
}
)css";
    return css;
}

} // namespace quartier

// The plain pages' building blocks without a socket: form bodies as browsers send them, the
// language a page speaks, escaping, and the page shell's landmarks.
#include "backend/pages/html_page.h"
#include "backend/text_util.h"

#include <doctest/doctest.h>

using namespace quartier;

TEST_CASE("form bodies decode as browsers encode them, repeated names kept in order") {
    const auto f = ParseForm("projet=12&projet=7&code=abcd+2345&note=caf%C3%A9%20%26%20th%C3%A9&vide=&seul&bad=%zz%4");
    auto all = [&](const std::string& name) {
        std::vector<std::string> out;
        for (auto [it, end] = f.equal_range(name); it != end; ++it) out.push_back(it->second);
        return out;
    };
    CHECK(all("projet") == std::vector<std::string>{"12", "7"});
    CHECK(all("code") == std::vector<std::string>{"abcd 2345"});
    CHECK(all("note") == std::vector<std::string>{"café & thé"});
    CHECK(all("vide") == std::vector<std::string>{""});
    CHECK(all("seul") == std::vector<std::string>{""});
    CHECK(all("bad") == std::vector<std::string>{"%zz%4"}); // kept as typed, never cut
    CHECK(ParseForm("").empty());
    CHECK(UrlEncode("vélo & co/2") == "v%C3%A9lo%20%26%20co%2F2");
    CHECK(FormDecode(UrlEncode("« Jardin » 100 %")) == "« Jardin » 100 %");
}

TEST_CASE("a plain page speaks French unless a language it has a catalog for is asked for") {
    Request req;
    CHECK(PageLanguage(req) == "fr");
    req.headers["accept-language"] = "en-GB,en;q=0.9,fr;q=0.5";
    CHECK(PageLanguage(req) == "en");
    req.headers["accept-language"] = "de-DE,en;q=0.5";
    CHECK(PageLanguage(req) == "fr"); // neither: the commune's language
    req.query.emplace("lang", "fr");
    req.headers["accept-language"] = "en";
    CHECK(PageLanguage(req) == "fr"); // the URL wins
    Request spanish;
    spanish.headers["accept-language"] = "es-ES,es;q=0.9";
    CHECK(PageLanguage(spanish) == "es"); // po/es.po
    spanish.query.emplace("lang", "de");
    CHECK(PageLanguage(spanish) == "fr"); // no German catalog: the commune's language
}

TEST_CASE("the page shell escapes what it is given and has the landmarks assistive tools look for") {
    CHECK(HtmlEscape("<a href=\"x\">l'été & co</a>") == "&lt;a href=&quot;x&quot;&gt;l&#39;été &amp; co&lt;/a&gt;");
    PageShell s;
    s.lang = "en";
    s.title = "<Budget>";
    s.site_name = "Écully";
    s.home = "/simple/ecully";
    s.nav = {{"/simple/ecully", "Home"}};
    s.current = "/simple/ecully";
    s.languages = {{"fr", "/simple/ecully?lang=fr"}, {"es", "/simple/ecully?lang=es"}};
    s.has_errors = true;
    const std::string html = RenderPage(s, "<h1>Hi</h1>");
    CHECK(html.find("<html lang=\"en\">") != std::string::npos);
    CHECK(html.find("<title>Error: &lt;Budget&gt; — Écully</title>") != std::string::npos);
    CHECK(html.find("aria-hidden=\"true\">É</span>") != std::string::npos); // the whole first letter
    CHECK(html.find("<a class=\"skip\" href=\"#contenu\">Skip to content</a>") != std::string::npos);
    CHECK(html.find("<nav aria-label=\"Main navigation\">") != std::string::npos);
    CHECK(html.find("<a href=\"/simple/ecully\" aria-current=\"page\">Home</a>") != std::string::npos);
    // Every other language, named in itself (its catalog says how).
    CHECK(html.find("<a href=\"/simple/ecully?lang=fr\" lang=\"fr\" hreflang=\"fr\">Français</a>") != std::string::npos);
    CHECK(html.find("<a href=\"/simple/ecully?lang=es\" lang=\"es\" hreflang=\"es\">Español</a>") != std::string::npos);
    CHECK(html.find("<main id=\"contenu\" class=\"wrap\" tabindex=\"-1\">\n<h1>Hi</h1></main>") != std::string::npos);
    CHECK(html.find("<footer") != std::string::npos);
}

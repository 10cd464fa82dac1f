// The plain-HTML pages' shell, for residents without JavaScript or with assistive technology:
// one page layout (landmarks, skip link, language switch, a small stylesheet that looks like
// a town's site), French by default and English on request, and form bodies as sent by
// browsers. The pages themselves are in html_handlers.cpp.
#pragma once

#include "backend/http/http_types.h"
#include "shared/ballot/ballot.h"

#include <map>
#include <string>
#include <vector>

namespace quartier {

// Where the plain pages live: /simple/{tenant}/...
inline constexpr const char* kPlainRoot = "/simple";

// "en" when ?lang=en, or without ?lang when the first language of Accept-Language is
// English; "fr" otherwise (French is the default of a French commune's page).
std::string PageLanguage(const Request& req);

// What one page needs besides its content.
struct PageShell {
    std::string lang = "fr";      // <html lang>
    std::string title;            // <title> (prefixed "Erreur : " when has_errors)
    std::string site_name;        // the brand in the header (the commune)
    std::string home;             // the brand's link
    std::vector<std::pair<std::string, std::string>> nav; // (href, label) in the header
    std::string current;          // href of nav's current page (aria-current)
    std::vector<std::pair<std::string, std::string>> languages; // (lang, href): the same page in each other language
    bool has_errors = false;
};

// A language's name in itself ("Français", "English", "Español"): its catalog says.
std::string LanguageName(const std::string& lang);

// The whole document around main (already escaped HTML).
std::string RenderPage(const PageShell& shell, const std::string& main);

Response HtmlResponse(int status, std::string body);
// 303 See Other to location (Post/Redirect/Get).
Response SeeOther(const std::string& location);

// The fields of an application/x-www-form-urlencoded body, in order; a name may repeat
// (checkboxes). Malformed escapes are kept as typed.
std::multimap<std::string, std::string> ParseForm(const std::string& body);
// Percent-decoding with '+' as a space.
std::string FormDecode(const std::string& s);
// Percent-encoding for a path segment or a query value.
std::string UrlEncode(const std::string& s);

// One sentence saying what a ballot may hold ("Choisissez les projets … pour un coût total
// d’au plus 1 000 000 €."), on the ballot pages and the voter letters.
std::string BallotRulesSentence(const BallotConfig& b, const std::string& lang);

// The stylesheet served at /simple/style.css.
const std::string& PlainStylesheet();

} // namespace quartier

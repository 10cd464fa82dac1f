#include "backend/pages/voter_letters.h"

#include "backend/pages/html_page.h"
#include "backend/pages/qr_code.h"
#include "backend/text_util.h"
#include "shared/calendar.h"
#include "shared/i18n.h"
#include "shared/text.h"

#include <cstdio>

namespace quartier {

namespace {

bool Loopback(const std::string& host) {
    const std::string name = host.substr(0, host.rfind(':') == std::string::npos || host.back() == ']'
                                                ? host.size()
                                                : host.rfind(':'));
    return name == "localhost" || name.rfind("127.", 0) == 0 || name == "[::1]";
}

// An address that may break after its slashes (not inside a word) on a narrow card.
std::string UrlHtml(const std::string& url) {
    std::string out;
    for (char c : HtmlEscape(url)) {
        out += c;
        if (c == '/') out += "<wbr>";
    }
    return "<span class=\"url\">" + out + "</span>";
}

const char* kStyle =
    "@page{size:A4;margin:15mm}"
    "body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:11pt;line-height:1.45;color:#111;margin:0}"
    "h1{font-size:14pt;margin:0 0 4mm}"
    ".code{font:bold 20pt 'DejaVu Sans Mono',monospace;letter-spacing:1.5mm;white-space:nowrap}"
    ".url{font-weight:bold;overflow-wrap:anywhere}"
    ".letter{position:relative;height:265mm;page-break-after:always;break-after:page}"
    ".letter:last-child{page-break-after:auto;break-after:auto}"
    ".from{position:absolute;top:0;left:0;width:80mm}"
    // The address block where a DL window envelope shows it (45 mm down, 110 mm across).
    ".to{position:absolute;top:30mm;left:95mm;width:80mm}"
    ".body{position:absolute;top:80mm;left:0;right:0}"
    ".steps{padding-left:6mm}.steps li{margin:2mm 0}"
    ".qr{float:right;margin:0 0 4mm 6mm;text-align:center;font-size:8pt}"
    ".box{border:0.4mm solid #111;padding:3mm 4mm;margin:4mm 0;display:inline-block}"
    ".cards{display:flex;flex-wrap:wrap}"
    ".card{width:85mm;height:53mm;border:0.3mm dashed #888;padding:3mm;box-sizing:border-box;margin:0 2mm 2mm 0;"
    "overflow:hidden;page-break-inside:avoid;break-inside:avoid;font-size:8.5pt;line-height:1.3}"
    ".card .qr{margin:0 0 1mm 2mm}.card .code{font-size:15pt;letter-spacing:1mm;margin:1.5mm 0}"
    "small{color:#333}";

std::string Head(const Tenant& t, const Process& p, const std::string& lang, const std::string& what) {
    return "<!doctype html>\n<html lang=\"" + lang + "\"><head><meta charset=\"utf-8\"><title>" + HtmlEscape(what) +
           " — " + HtmlEscape(t.name) + " — " + HtmlEscape(p.title) + "</title><style>" + kStyle +
           "</style></head><body>\n";
}

// A text of the catalogs for an HTML page, its placeholders filled with HTML already escaped.
template <typename... Html>
std::string TrHtml(const std::string& lang, const char* msgid, const Html&... html) {
    return Fill(HtmlEscape(Tr(lang, msgid)), html...);
}

std::string HelpLine(const Tenant& t, const std::string& lang) {
    if (!t.help_line.empty()) return TrHtml(lang, "Besoin d’aide ? {}", HtmlEscape(t.help_line));
    return TrHtml(lang, "Besoin d’aide ? Adressez-vous à l’accueil de votre mairie.");
}

} // namespace

std::string VoteAddress(const Tenant& t, const Process& p, const Request& req) {
    if (!t.vote_url.empty()) return t.vote_url;
    const std::string host = req.Header("host");
    return (Loopback(host) ? "http://" : "https://") + host + kPlainRoot + "/" + t.slug + "/consultations/" + p.slug +
           "/vote";
}

std::string VotingDatesText(const Process& p, const std::string& lang) {
    const PhaseWindow& voting = p.calendar.Of(Phase::Voting);
    if (!voting.start || !voting.end) return "";
    return DateRangeText(FormatLocalTime(*voting.start), FormatLocalTime(*voting.end), lang);
}

std::string VoterCardsHtml(const Tenant& t, const Process& p, const std::vector<std::string>& codes,
                           const std::string& vote_address, const std::string& lang) {
    const std::string dates = VotingDatesText(p, lang);
    const std::string qr = QrUse("qr", 20, Tr(lang, "Code QR de l’adresse du vote"));
    std::string html = Head(t, p, lang, Tr(lang, "Codes de vote")) + QrSymbol(vote_address, "qr") +
                       "<div class=\"cards\">\n";
    for (const auto& code : codes)
        html += "<div class=\"card\"><div class=\"qr\">" + qr + "</div><strong>" + HtmlEscape(t.name) + "</strong><br>" +
                HtmlEscape(p.title) + (dates.empty() ? "" : "<br>" + TrHtml(lang, "Vote {}", HtmlEscape(dates))) +
                "<div class=\"code\">" + HtmlEscape(code) + "</div>" +
                TrHtml(lang, "Votre code personnel, valable une fois. Votez sur {}", UrlHtml(vote_address)) +
                "<br><small>" + HelpLine(t, lang) + "</small></div>\n";
    return html + "</div>\n</body></html>\n";
}

std::string VoterLettersHtml(const Tenant& t, const Process& p, const std::vector<VoterLetter>& letters,
                             const std::string& vote_address, const std::string& lang) {
    const std::string dates = VotingDatesText(p, lang);
    const std::string qr = QrUse("qr", 32, Tr(lang, "Code QR de l’adresse du vote"));
    const std::string rules = HtmlEscape(BallotRulesSentence(p.ballot, lang));
    const std::string invited =
        dates.empty() ? TrHtml(lang, "Vous êtes invité·e à choisir les projets que réalisera {}.", HtmlEscape(t.name))
                      // TRANSLATORS: {0} the commune, {1} the voting dates ("du 2 au 16 mars").
                      : TrHtml(lang, "Vous êtes invité·e à choisir les projets que réalisera {0}. Le vote a lieu {1}.",
                          HtmlEscape(t.name), HtmlEscape(dates));
    std::string html = Head(t, p, lang, Tr(lang, "Lettres aux électeurs")) + QrSymbol(vote_address, "qr");
    for (const auto& l : letters) {
        std::string to;
        for (const auto& line : l.address) to += HtmlEscape(line) + "<br>";
        html += "<section class=\"letter\"><div class=\"from\"><strong>" + HtmlEscape(t.name) + "</strong><br>" +
                TrHtml(lang, "Budget participatif") + "</div><div class=\"to\">" + to +
                "</div><div class=\"body\"><h1>" + HtmlEscape(p.title) + "</h1><p>" + TrHtml(lang, "Madame, Monsieur,") +
                "</p><p>" + invited + "</p><div class=\"qr\">" + qr + "<br>" + TrHtml(lang, "Scannez pour voter") +
                "</div><ol class=\"steps\"><li>" + TrHtml(lang, "Allez sur {} ou scannez le code QR.", UrlHtml(vote_address)) +
                "</li><li>" + TrHtml(lang, "Saisissez votre code de vote personnel :") +
                "<br><span class=\"box code\">" + HtmlEscape(l.code) + "</span></li><li>" + rules + "</li></ol><p>" +
                TrHtml(lang, "Ce code ne sert qu’une fois. Votre vote est secret : le code ne permet à personne, pas même "
                        "à la mairie, de savoir pour quels projets vous avez voté. Gardez le reçu affiché après "
                        "votre vote : il vous permet de vérifier que votre bulletin est compté.") +
                "</p><p>" + HelpLine(t, lang) + "</p></div></section>\n";
    }
    return html + "</body></html>\n";
}

} // namespace quartier

// Voter letters and code cards as a commune prints them: the voting address and its QR code,
// the dates, what a ballot holds, the code, the help line, the address block from the census
// (which is never stored), in French and English.
#include "backend/api_fixture.h"

#include <qrencode.h>

#include <fstream>
#include <regex>
#include <sstream>

using namespace quartier;
using namespace quartier::testing;

namespace {
const std::string kTenant = "/api/v1/tenants/ville";
const std::string kLettres = kTenant + "/processes/lettres";

void NewProcess(Town& town) {
    json p = Town::Process("lettres");
    p["title"] = "Budget participatif 2027";
    p["dates"] = {{"voting", {{"start", "2027-03-03"}, {"end", "2027-03-17T20:00"}}}};
    REQUIRE(Call(town.server, "POST", kTenant + "/processes", p, town.admin).status == 201);
}

std::vector<std::string> CodesIn(const std::string& html) {
    std::vector<std::string> codes;
    const std::regex code(R"(class="[a-z ]*code">([2-9A-Z]{4}-[2-9A-Z]{4})<)");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), code); it != std::sregex_iterator(); ++it)
        codes.push_back((*it)[1]);
    return codes;
}

std::size_t Count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// The dark modules of text's QR code as the page's path draws them.
std::string QrPath(const std::string& text) {
    QRcode* qr = QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M);
    REQUIRE(qr != nullptr);
    std::string path;
    for (int y = 0; y < qr->width; ++y)
        for (int x = 0; x < qr->width; ++x)
            if (qr->data[y * qr->width + x] & 1) path += "M" + std::to_string(x + 4) + " " + std::to_string(y + 4) + "h1v1h-1z";
    QRcode_free(qr);
    return "d=\"" + path + "\"";
}

// The page with the line-break hints taken out of its addresses.
std::string Unbroken(std::string html) {
    for (auto at = html.find("<wbr>"); at != std::string::npos; at = html.find("<wbr>", at)) html.erase(at, 5);
    return html;
}

std::string FileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}
} // namespace

TEST_CASE("census letters carry each voter's address, a working code, the voting address and its QR code, the dates and the help line") {
    Town town;
    REQUIRE(Call(town.server, "PATCH", kTenant,
                 {{"vote_url", "https://www.ville.test/budget/voter"}, {"help_line", "Mairie, 02 41 05 40 00, 9 h – 17 h"}},
                 town.admin).status == 200);
    NewProcess(town);
    // As a spreadsheet exports it: a byte-order mark, CRLF, quoted fields holding the
    // separator, a line break inside quotes, a blank line.
    const std::string census = "\xEF\xBB\xBFreference;nom;adresse;ville\r\n"
                               "A-001;\"Dupont; Jeanne\";\"12, rue des Lilas\nBâtiment B\";49000 Angers\r\n"
                               "\r\n"
                               "A-002;Martin Paul;3 place du Ralliement;49100 Angers\r\n";
    const auto r = Call(town.server, "POST", kLettres + "/census?format=letters", nullptr, town.admin, census, "text/csv");
    REQUIRE(r.status == 201);
    CHECK(r.Header("Content-Type").find("text/html") == 0);
    CHECK(r.Header("X-Quartier-Added") == "2");
    const std::string html = Unbroken(r.text);
    CHECK(Count(html, "<section class=\"letter\">") == 2);
    CHECK(html.find("Dupont; Jeanne<br>12, rue des Lilas\nBâtiment B<br>49000 Angers<br>") != std::string::npos);
    CHECK(html.find("Martin Paul<br>3 place du Ralliement<br>49100 Angers<br>") != std::string::npos);
    CHECK(Count(html, "https://www.ville.test/budget/voter") == 2);
    CHECK(Count(html, "Le vote a lieu du 3 au 17 mars 2027.") == 2);
    CHECK(Count(html, "Besoin d’aide ? Mairie, 02 41 05 40 00, 9 h – 17 h") == 2);
    CHECK(Count(html, "Cochez de 1 à 2 projets que vous soutenez.") == 2);
    // One QR symbol, of the voting address (not of a code), drawn on each letter.
    CHECK(Count(html, "<symbol id=\"qr\"") == 1);
    CHECK(html.find(QrPath("https://www.ville.test/budget/voter")) != std::string::npos);
    CHECK(Count(html, "<use href=\"#qr\"/>") == 2);
    // The codes printed are the voters' codes: each opens the vote once voting opens.
    const auto codes = CodesIn(html);
    REQUIRE(codes.size() == 2);
    CHECK(codes[0] != codes[1]);
    // Once the vote opens (5 March 2027), by the calendar.
    town.server.Get().App().SetNow(std::chrono::system_clock::from_time_t(1804240800));
    REQUIRE(Call(town.server, "GET", kLettres).body["phase"] == "voting");
    for (const auto& code : codes) CHECK(town.Token(code, "lettres").size() == 32);

    // The addresses were printed, never kept.
    for (const std::string file : {town.server.DbPath(), town.server.DbPath() + "-wal"})
        CHECK(FileBytes(file).find("rue des Lilas") == std::string::npos);

    // Imported again, nobody gets a second letter.
    const auto again = Call(town.server, "POST", kLettres + "/census?format=letters", nullptr, town.admin, census, "text/csv");
    CHECK(again.Header("X-Quartier-Skipped") == "2");
    CHECK(Count(again.text, "<section class=\"letter\">") == 0);
}

TEST_CASE("letters and cards speak English on request, and point to this server's ballot page when the commune has no address of its own") {
    Town town;
    NewProcess(town);
    auto r = Call(town.server, "POST", kLettres + "/census?format=letters&lang=en", nullptr, town.admin,
                  "ref,name\nB-1,Ann Smith\n", "text/csv");
    REQUIRE(r.status == 201);
    CHECK(r.text.find("<html lang=\"en\">") != std::string::npos);
    CHECK(r.text.find("Voting runs from 3 to 17 March 2027.") != std::string::npos);
    CHECK(r.text.find("Ann Smith<br>") != std::string::npos);
    CHECK(r.text.find("Need help? Ask at your town hall") != std::string::npos);
    const std::string plain = town.server.Url() + "/simple/ville/consultations/lettres/vote";
    CHECK(Unbroken(r.text).find(plain) != std::string::npos);
    CHECK(r.text.find(QrPath(plain)) != std::string::npos);
    // That address is the plain ballot page, which answers.
    CHECK(Call(town.server, "GET", "/simple/ville/consultations/lettres/vote").status == 200);

    r = Call(town.server, "POST", kLettres + "/voter-codes?format=cards", {{"count", 3}}, town.admin);
    REQUIRE(r.status == 201);
    CHECK(Count(r.text, "<div class=\"card\">") == 3);
    CHECK(CodesIn(r.text).size() == 3);
    CHECK(Count(r.text, "Vote du 3 au 17 mars 2027") == 3);
    CHECK(Count(Unbroken(r.text), plain) == 3);
    // Letters without a census: one per new code, with a blank address block to fill in.
    r = Call(town.server, "POST", kLettres + "/voter-codes?format=letters", {{"count", 2}}, town.admin);
    CHECK(Count(r.text, "<section class=\"letter\">") == 2);
    CHECK(Call(town.server, "GET", kLettres + "/voter-codes", nullptr, town.admin).body["issued"] == 6);
}

TEST_CASE("bad letters requests and settings are refused with the reason, and issue no code") {
    Town town;
    NewProcess(town);
    auto r = Call(town.server, "POST", kLettres + "/census?format=letters", nullptr, town.admin,
                  "reference;adresse\nA-001;\"12 rue sans fin\n", "text/csv");
    CHECK(r.status == 400);
    CHECK(r.body["error"]["code"] == "invalid_csv");
    CHECK(r.body["error"]["messages"]["fr"].get<std::string>().find("guillemet") != std::string::npos);
    r = Call(town.server, "POST", kLettres + "/voter-codes?format=pdf", {{"count", 2}}, town.admin);
    CHECK(r.status == 400);
    CHECK(r.body["error"]["field"] == "format");
    CHECK(Call(town.server, "GET", kLettres + "/voter-codes", nullptr, town.admin).body["issued"] == 0);

    for (const json& bad : {json("javascript:alert(1)"), json("https://exemple"), json("https://a.fr/\"><script>"), json(3)}) {
        CAPTURE(bad);
        r = Call(town.server, "PATCH", kTenant, {{"vote_url", bad}}, town.admin);
        CHECK(r.status == 400);
        CHECK(r.body["error"]["field"] == "vote_url");
    }
    r = Call(town.server, "PATCH", kTenant, {{"help_line", "ligne 1\nligne 2"}}, town.admin);
    CHECK(r.body["error"]["field"] == "help_line");
    CHECK(Call(town.server, "PATCH", kTenant, {{"help_line", std::string(201, 'a')}}, town.admin).status == 400);
    // A moderator cannot change where letters send people.
    CHECK(Call(town.server, "PATCH", kTenant, {{"vote_url", "https://pirate.test/"}}, town.moderator).status == 403);
    const auto t = Call(town.server, "GET", kTenant);
    CHECK(t.body["vote_url"] == "");
    CHECK(t.body["help_line"] == "");
}

// The plain pages against other sites: a vote form posted from another site is refused
// (nothing cast, the choices and the code kept on a page of this site), a same-origin or
// header-less post still votes, and no other site may frame a plain page.
#include "backend/api_fixture.h"

#include <regex>

using namespace quartier;
using namespace quartier::testing;

namespace {

const std::string kVote = "/simple/ville/consultations/bp/vote";

Reply Post(const TestServer& s, const std::string& form, const httplib::Headers& h) {
    httplib::Client c = s.Client();
    const auto r = c.Post(kVote.c_str(), h, form, "application/x-www-form-urlencoded");
    return ToReply(r);
}

std::string Form(const std::string& code) { return "request_id=form-" + code + "&projet=3&code=" + code + "&action=vote"; }

bool Voted(const Reply& r) { return r.status == 303 || r.status == 200; }

} // namespace

TEST_CASE("a vote form posted from another site is refused, nothing cast nor typed lost; others still vote") {
    Town town;
    const auto code = town.Codes(1)[0];
    const std::string own = town.server.Url(); // http://127.0.0.1:port, as the Host header says

    const auto cross = Post(town.server, Form(code), {{"Sec-Fetch-Site", "cross-site"}, {"Origin", "https://evil.test"}});
    CHECK(cross.status == 403);
    CHECK(cross.text.find("envoyé depuis un autre site") != std::string::npos);
    CHECK(cross.text.find("sent from another site") != std::string::npos);
    CHECK(cross.text.find("value=\"" + code + "\"") != std::string::npos);               // the code kept
    CHECK(std::regex_search(cross.text, std::regex("<input type=\"checkbox\"[^>]*value=\"3\"[^>]*checked"))); // the choice
    CHECK(cross.text.find("action=\"" + kVote + "\"") != std::string::npos);            // sent again from here

    // A foreign Origin without Sec-Fetch-Site (an older browser), and the opaque "null".
    CHECK(Post(town.server, Form(code), {{"Origin", "https://evil.test"}}).status == 403);
    CHECK(Post(town.server, Form(code), {{"Origin", "null"}}).status == 403);
    CHECK(Post(town.server, Form(code), {{"Sec-Fetch-Site", "cross-site"}}).status == 403);

    // The code was not spent: the same form from the town's own page votes.
    const auto same = Post(town.server, Form(code), {{"Sec-Fetch-Site", "same-origin"}, {"Origin", own}});
    CHECK(Voted(same));

    // Without origin headers (curl, old browsers), or from a site the town names: it votes.
    const auto codes = town.Codes(2);
    CHECK(Voted(Post(town.server, Form(codes[0]), {})));
    CHECK(Voted(Post(town.server, Form(codes[1]), {{"Sec-Fetch-Site", "same-site"}, {"Origin", "https://www.ville.test"}})));
}

TEST_CASE("no other site may frame a plain page") {
    Town town;
    httplib::Client c = town.server.Client();
    for (const char* path : {"/simple/ville/propositions", "/simple/ville/consultations/bp/vote", "/simple/inconnue"}) {
        CAPTURE(path);
        const auto r = c.Get(path);
        REQUIRE(r);
        CHECK(r->get_header_value("Content-Security-Policy").find("frame-ancestors 'none'") != std::string::npos);
        CHECK(r->get_header_value("X-Frame-Options") == "DENY");
    }
}

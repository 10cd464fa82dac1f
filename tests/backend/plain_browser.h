// A browser without JavaScript for the plain pages' tests: a cookie jar over one test server,
// urlencoded form posts as a browser sends them, redirects not followed.
#pragma once

#include "backend/api_fixture.h"
#include "backend/pages/html_page.h"

#include <regex>

namespace quartier::testing {

inline const std::string kPassword = "mot-de-passe-solide";

// A browser's cookie jar over one server, without following redirects.
struct Browser {
    explicit Browser(const TestServer& s) : server(s) {}
    const TestServer& server;
    std::map<std::string, std::string> cookies;

    Reply Send(const std::string& method, const std::string& path, const std::string& form = "",
               const httplib::Headers& extra = {}) {
        httplib::Client c = server.Client();
        c.set_read_timeout(60, 0);
        httplib::Headers h = extra;
        std::string jar;
        for (const auto& [k, v] : cookies) jar += (jar.empty() ? "" : "; ") + k + "=" + v;
        if (!jar.empty()) h.emplace("Cookie", jar);
        const Reply r = ToReply(method == "GET" ? c.Get(path.c_str(), h)
                                                : c.Post(path.c_str(), h, form, "application/x-www-form-urlencoded"));
        const std::string set = r.Header("Set-Cookie");
        if (!set.empty()) {
            const std::string pair = set.substr(0, set.find(';'));
            const std::string name = pair.substr(0, pair.find('=')), value = pair.substr(pair.find('=') + 1);
            if (value.empty() || set.find("Max-Age=0") != std::string::npos) cookies.erase(name);
            else cookies[name] = value;
        }
        return r;
    }

    // The anti-forgery token of the page's forms.
    std::string Token(const std::string& path) {
        const Reply page = Send("GET", path);
        REQUIRE(page.status == 200);
        std::smatch m;
        REQUIRE(std::regex_search(page.text, m, std::regex("name=\"jeton\" value=\"([0-9a-f]+)\"")));
        return m[1].str();
    }

    Reply SignIn(const std::string& email, const std::string& password = kPassword, const std::string& back = "") {
        const std::string token = Token("/simple/ville/connexion");
        return Send("POST", "/simple/ville/connexion",
                    "jeton=" + token + "&email=" + UrlEncode(email) + "&password=" + UrlEncode(password) +
                        "&retour=" + UrlEncode(back));
    }
};

} // namespace quartier::testing

// Comments on proposals, as residents, moderators and the plain pages meet them: post and
// reply (never to a reply), edit within the window, delete one's own (the thread kept),
// stances only where the commune asks for them, reports into the moderation queue and hiding
// that residents see at once (in the audit chain), pre-moderation, counts in lists and open
// data, the resident's export and erasure, and the plain page's forms with their token.
#include "backend/api_fixture.h"
#include "backend/plain_browser.h"
#include "backend/pages/html_page.h"
#include "shared/audit_text.h"

#include <chrono>
#include <regex>

using namespace quartier;
using namespace quartier::testing;

namespace {

const std::string kVille = "/api/v1/tenants/ville";

std::string Comments(std::int64_t proposal) { return kVille + "/proposals/" + std::to_string(proposal) + "/comments"; }
std::string Comment(std::int64_t id) { return kVille + "/comments/" + std::to_string(id); }

std::int64_t Post(Town& town, std::int64_t proposal, const std::string& token, const json& body) {
    const auto r = Call(town.server, "POST", Comments(proposal), body, token);
    REQUIRE(r.status == 201);
    return r.body["id"];
}

// What a resident reading the thread sees: the texts, top-level then their replies.
std::vector<std::string> Texts(const json& thread) {
    std::vector<std::string> out;
    for (const auto& c : thread["items"]) {
        out.push_back(c["body"]);
        for (const auto& r : c["replies"]) out.push_back("  " + r["body"].get<std::string>());
    }
    return out;
}

std::int64_t CountInList(Town& town, std::int64_t proposal) {
    const auto list = Call(town.server, "GET", kVille + "/proposals");
    for (const auto& p : list.body["items"])
        if (p["id"] == proposal) return p["comments"];
    FAIL("proposal not in the list");
    return -1;
}

bool Has(const Reply& r, const std::string& text) { return r.text.find(text) != std::string::npos; }

} // namespace

TEST_CASE("residents comment and reply; a reply to a reply is refused; counts show in lists, details and CSV") {
    Town town;
    const auto proposal = town.Propose();
    CHECK(CountInList(town, proposal) == 0);

    const auto first = Post(town, proposal, town.resident, {{"body", "Très bonne idée, l’ombre manque près de l’école."}});
    const auto second = Post(town, proposal, town.resident2, {{"body", "Et des bancs pour les personnes âgées ?"}});
    const auto reply = Call(town.server, "POST", Comments(proposal),
                            {{"body", "Oui, avec des accoudoirs."}, {"parent", first}}, town.resident2);
    REQUIRE(reply.status == 201);
    CHECK(reply.body["parent"] == first);
    CHECK(reply.body["status"] == "published");
    CHECK(reply.Header("Location") == kVille + "/comments/" + std::to_string(reply.body["id"].get<std::int64_t>()));

    // A reply to the reply: refused, saying where to answer instead.
    const auto nested = Call(town.server, "POST", Comments(proposal),
                             {{"body", "Une réponse à la réponse"}, {"parent", reply.body["id"]}}, town.resident);
    CHECK(nested.status == 400);
    CHECK(nested.body["error"]["code"] == "reply_to_reply");
    CHECK(nested.body["error"]["field"] == "parent");
    CHECK(nested.body["error"]["messages"]["fr"] == "On ne peut pas répondre à une réponse : répondez au commentaire auquel elle répond.");

    // A comment of another proposal is no parent here.
    const auto other = town.Propose();
    CHECK(Call(town.server, "POST", Comments(other), {{"body", "Ailleurs"}, {"parent", first}}, town.resident).status == 404);

    // Anyone reads the thread, newest first, each comment with its replies.
    const auto thread = Call(town.server, "GET", Comments(proposal));
    REQUIRE(thread.status == 200);
    CHECK(thread.body["total"] == 2);
    CHECK(thread.body["comments"] == 3);
    CHECK(Texts(thread.body) == std::vector<std::string>{"Et des bancs pour les personnes âgées ?",
                                                         "Très bonne idée, l’ombre manque près de l’école.",
                                                         "  Oui, avec des accoudoirs."});
    CHECK_FALSE(thread.body["items"][0].contains("mine")); // anonymous: nobody's
    // Oldest first, one a page.
    const auto oldest = Call(town.server, "GET", Comments(proposal) + "?sort=oldest&per_page=1&page=2");
    CHECK(oldest.body["items"].size() == 1);
    CHECK(oldest.body["items"][0]["id"] == second);
    CHECK(Call(town.server, "GET", Comments(proposal) + "?sort=supports").status == 400);
    // Signed in, a resident sees which are hers.
    const auto mine = Call(town.server, "GET", Comments(proposal) + "?sort=oldest", nullptr, town.resident);
    CHECK(mine.body["items"][0]["mine"] == true);
    CHECK(mine.body["items"][1]["mine"] == false);

    // Counts: the list, the proposal's page, the open-data CSV and GeoJSON.
    CHECK(CountInList(town, proposal) == 3);
    CHECK(CountInList(town, other) == 0);
    CHECK(Call(town.server, "GET", kVille + "/proposals/" + std::to_string(proposal)).body["comments"] == 3);
    const auto csv = Call(town.server, "GET", kVille + "/proposals.csv");
    CHECK(csv.text.find("credited_as,comments\n") != std::string::npos);
    const std::string rest = csv.text.substr(csv.text.find("\n" + std::to_string(proposal) + ",") + 1);
    const std::string row = rest.substr(0, rest.find('\n'));
    CHECK(row.substr(row.rfind(',')) == ",3");
    const auto geo = Call(town.server, "GET", kVille + "/proposals.geojson");
    bool seen = false;
    for (const auto& f : geo.body["features"])
        if (f["properties"]["id"] == proposal) seen = f["properties"]["comments"] == 3;
    CHECK(seen);
    // The comments' own open data: texts without authors.
    const auto texts = Call(town.server, "GET", kVille + "/comments.csv");
    CHECK(texts.status == 200);
    CHECK(texts.text.rfind("id,proposal,parent,stance,body,created_at,edited_at\n", 0) == 0);
    CHECK(texts.text.find("Oui, avec des accoudoirs.") != std::string::npos);
    CHECK(texts.text.find("ville.test") == std::string::npos);
}

TEST_CASE("a comment needs an account, and its length is counted in characters") {
    Town town;
    const auto proposal = town.Propose();
    const auto anonymous = Call(town.server, "POST", Comments(proposal), {{"body", "Sans compte"}});
    CHECK(anonymous.status == 401);

    std::string max;
    for (int i = 0; i < 2000; ++i) max += "é"; // 4,000 bytes, 2,000 characters
    CHECK(Call(town.server, "POST", Comments(proposal), {{"body", max}}, town.resident).status == 201);
    const auto too_long = Call(town.server, "POST", Comments(proposal), {{"body", max + "é"}}, town.resident);
    CHECK(too_long.status == 400);
    CHECK(too_long.body["error"]["code"] == "too_long");
    CHECK(too_long.body["error"]["field"] == "body");
    CHECK(too_long.body["error"]["messages"]["fr"] == "Le commentaire ne doit pas dépasser 2000 caractères.");
    const auto empty = Call(town.server, "POST", Comments(proposal), {{"body", "   "}}, town.resident);
    CHECK(empty.status == 400);
    CHECK(empty.body["error"]["code"] == "required");
    // A proposal residents cannot see takes no comment.
    CHECK(Call(town.server, "POST", Comments(999999), {{"body", "Perdu"}}, town.resident).status == 404);
}

TEST_CASE("comments are rate limited per client address and commune with 429") {
    ServerOptions o;
    o.app.comments_per_window = 2;
    Town town(o);
    const auto proposal = town.Propose();
    Post(town, proposal, town.resident, {{"body", "Un"}});
    Post(town, proposal, town.resident2, {{"body", "Deux"}});
    const auto r = Call(town.server, "POST", Comments(proposal), {{"body", "Trois"}}, town.resident);
    CHECK(r.status == 429);
    CHECK(r.body["error"]["code"] == "rate_limited");
    CHECK(r.body["error"]["messages"]["fr"] == "Trop de commentaires envoyés d’ici ; réessayez plus tard.");
    CHECK(Call(town.server, "GET", Comments(proposal)).body["comments"] == 2);
}

TEST_CASE("the author edits for 15 minutes, not after; deletes her own, not others'; the replies stay") {
    Town town;
    auto& app = town.server.Get().App();
    // Whole seconds, as comments' times are stored: 10 minutes later, 300 s are left exactly.
    const auto t0 = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    app.SetNow(t0);
    const auto proposal = town.Propose();
    const auto id = Post(town, proposal, town.resident, {{"body", "Premier jet"}});
    const auto reply = Post(town, proposal, town.resident2, {{"body", "Je réponds"}, {"parent", id}});

    // Its author is told how long she may still edit it (the widgets offer "edit" that long);
    // others are told nothing.
    app.SetNow(t0 + std::chrono::minutes(10));
    const auto mine = Call(town.server, "GET", Comments(proposal), nullptr, town.resident);
    CHECK(mine.body["items"][0]["mine"] == true);
    CHECK(mine.body["items"][0]["edit_seconds_left"] == 300);
    CHECK_FALSE(mine.body["items"][0]["replies"][0].contains("edit_seconds_left"));
    CHECK_FALSE(Call(town.server, "GET", Comments(proposal)).body["items"][0].contains("edit_seconds_left"));

    app.SetNow(t0 + std::chrono::minutes(14));
    const auto edited = Call(town.server, "PATCH", Comment(id), {{"body", "Texte corrigé"}}, town.resident);
    REQUIRE(edited.status == 200);
    CHECK(edited.body["body"] == "Texte corrigé");
    CHECK(edited.body["edited_at"].is_string());
    // Someone else's comment: not hers to edit or delete.
    const auto theirs = Call(town.server, "PATCH", Comment(id), {{"body", "Pas à moi"}}, town.resident2);
    CHECK(theirs.status == 403);
    CHECK(theirs.body["error"]["code"] == "not_yours");
    CHECK(Call(town.server, "DELETE", Comment(id), nullptr, town.resident2).status == 403);

    app.SetNow(t0 + std::chrono::minutes(16));
    const auto late = Call(town.server, "PATCH", Comment(id), {{"body", "Trop tard"}}, town.resident);
    CHECK(late.status == 409);
    CHECK(late.body["error"]["code"] == "edit_window_closed");
    CHECK(late.body["error"]["messages"]["en"].get<std::string>().find("15 minutes") != std::string::npos);
    CHECK_FALSE(Call(town.server, "GET", Comments(proposal), nullptr, town.resident).body["items"][0].contains("edit_seconds_left"));
    CHECK(Texts(Call(town.server, "GET", Comments(proposal)).body) == std::vector<std::string>{"Texte corrigé", "  Je réponds"});

    // Deleting her own: the text is gone, the reply stays under a mark.
    const auto deleted = Call(town.server, "DELETE", Comment(id), nullptr, town.resident);
    REQUIRE(deleted.status == 200);
    CHECK(deleted.body["status"] == "deleted");
    CHECK(deleted.body["body"] == "");
    const auto thread = Call(town.server, "GET", Comments(proposal));
    REQUIRE(thread.body["items"].size() == 1);
    CHECK(thread.body["items"][0]["status"] == "deleted");
    CHECK(thread.body["items"][0]["body"] == "");
    CHECK(thread.body["items"][0]["status_label"]["fr"] == "commentaire supprimé par son auteur");
    CHECK(thread.body["items"][0]["replies"][0]["body"] == "Je réponds");
    CHECK(thread.body["comments"] == 1);
    CHECK(CountInList(town, proposal) == 1);
    // A deleted comment takes no new reply and no edit.
    CHECK(Call(town.server, "POST", Comments(proposal), {{"body", "Encore"}, {"parent", id}}, town.resident2).status == 409);
    app.SetNow(t0);
    CHECK(Call(town.server, "PATCH", Comment(id), {{"body", "Revenu"}}, town.resident).status == 409);
    // The reply's author deletes hers: nothing is left to show.
    CHECK(Call(town.server, "DELETE", Comment(reply), nullptr, town.resident2).status == 200);
    CHECK(Call(town.server, "GET", Comments(proposal)).body["items"].empty());
    CHECK(CountInList(town, proposal) == 0);
    app.SetNow(std::nullopt);
}

TEST_CASE("a stance is refused until the commune turns stances on") {
    Town town;
    const auto proposal = town.Propose();
    const auto off = Call(town.server, "POST", Comments(proposal), {{"body", "Je suis pour"}, {"stance", "for"}}, town.resident);
    CHECK(off.status == 400);
    CHECK(off.body["error"]["code"] == "stances_off");
    CHECK(off.body["error"]["field"] == "stance");
    CHECK(Call(town.server, "GET", kVille).body["comment_stances"] == false);

    // Residents and moderators cannot turn it on; the commune's admin can.
    CHECK(Call(town.server, "PATCH", kVille, {{"comment_stances", true}}, town.moderator).status == 403);
    CHECK(Call(town.server, "PATCH", kVille, {{"comment_stances", "oui"}}, town.admin).status == 400);
    REQUIRE(Call(town.server, "PATCH", kVille, {{"comment_stances", true}}, town.admin).status == 200);
    CHECK(Call(town.server, "GET", kVille).body["comment_stances"] == true);

    const auto on = Call(town.server, "POST", Comments(proposal), {{"body", "Je suis pour"}, {"stance", "for"}}, town.resident);
    REQUIRE(on.status == 201);
    CHECK(on.body["stance"] == "for");
    CHECK(Call(town.server, "POST", Comments(proposal), {{"body", "Bof"}, {"stance", "peut-être"}}, town.resident).status == 400);
    CHECK(Call(town.server, "GET", Comments(proposal)).body["items"][0]["stance"] == "for");
}

TEST_CASE("a reported comment enters the queue; hidden, residents no longer see it; the audit chain holds") {
    Town town;
    const auto proposal = town.Propose();
    const auto rude = Post(town, proposal, town.resident, {{"body", "Un commentaire grossier"}});
    const auto fine = Post(town, proposal, town.resident, {{"body", "Un commentaire aimable"}});
    Post(town, proposal, town.resident2, {{"body", "Une réponse au grossier"}, {"parent", rude}});

    const auto flag = Call(town.server, "POST", Comment(rude) + "/flags", {{"reason", "Propos injurieux"}}, town.resident2);
    CHECK(flag.status == 201);
    const auto again = Call(town.server, "POST", Comment(rude) + "/flags", {{"reason", "Propos injurieux"}}, town.resident2);
    CHECK(again.status == 409);
    CHECK(again.body["error"]["code"] == "already_flagged");
    CHECK(Call(town.server, "POST", Comment(fine) + "/flags", {{"reason", "x"}}, town.resident2).status == 400); // reason too short

    // Only moderators see the queue; the reported comment is in it with its reason and proposal.
    CHECK(Call(town.server, "GET", kVille + "/moderation/queue", nullptr, town.resident).status == 403);
    const auto queue = Call(town.server, "GET", kVille + "/moderation/queue", nullptr, town.moderator);
    REQUIRE(queue.status == 200);
    const auto& items = queue.body["comments"]["items"];
    REQUIRE(items.size() == 1);
    CHECK(items[0]["id"] == rude);
    CHECK(items[0]["body"] == "Un commentaire grossier");
    CHECK(items[0]["proposal"] == proposal);
    CHECK(items[0]["reasons"] == json::array({"Propos injurieux"}));
    CHECK(items[0]["author"].get<std::string>().size() == 32); // a pseudonym, not the account
    CHECK(queue.body["comments"]["counts"]["flagged"] == 1);
    // Another commune's moderator cannot act on it.
    CHECK(Call(town.server, "POST", kVille + "/moderation/comments/" + std::to_string(rude) + "/hide", nullptr,
               town.other_moderator).status == 403);

    const auto hide = Call(town.server, "POST", kVille + "/moderation/comments/" + std::to_string(rude) + "/hide",
                           {{"reason", "Insultes"}}, town.moderator);
    REQUIRE(hide.status == 200);
    CHECK(hide.body["status"] == "hidden");
    // Gone for residents at once: its text never shows; the reply stays under a mark.
    const auto thread = Call(town.server, "GET", Comments(proposal), nullptr, town.resident);
    CHECK(thread.text.find("Un commentaire grossier") == std::string::npos);
    bool marked = false;
    for (const auto& c : thread.body["items"])
        if (c["id"] == rude) marked = c["status"] == "hidden" && c["body"] == "" && c["replies"].size() == 1;
    CHECK(marked);
    CHECK(Call(town.server, "GET", kVille + "/comments.csv").text.find("Un commentaire grossier") == std::string::npos);
    CHECK(CountInList(town, proposal) == 2);
    CHECK(Call(town.server, "GET", kVille + "/moderation/queue", nullptr, town.moderator).body["comments"]["items"].empty());

    // In the audit log, with the proposal's title, and the chain verifies.
    const auto audit = Call(town.server, "GET", kVille + "/moderation/audit", nullptr, town.moderator);
    const auto& last = audit.body["items"].back();
    CHECK(last["action"] == "comment.hide");
    CHECK(last["target"] == std::to_string(rude));
    CHECK(last["detail"]["reason"] == "Insultes");
    CHECK(last["detail"]["from"] == "published");
    CHECK(last["detail"]["proposal"] == proposal);
    CHECK(last["target_title"] == "Des bancs à l’ombre");
    // As the console says it to the commune's staff.
    CHECK(AuditSentence(last, "fr").find("a masqué un commentaire sur la proposition « Des bancs à l’ombre » — Insultes") !=
          std::string::npos);
    const auto verify = Call(town.server, "GET", kVille + "/moderation/audit/verify", nullptr, town.moderator);
    CHECK(verify.body["ok"] == true);
    CHECK(verify.body["entries"] == audit.body["items"].size());

    // Bulk: approve the hidden one back and a missing id, said apart.
    const auto bulk = Call(town.server, "POST", kVille + "/moderation/comments/bulk",
                           {{"action", "approve"}, {"ids", {rude, 987654}}}, town.moderator);
    REQUIRE(bulk.status == 200);
    CHECK(bulk.body["done"] == json::array({rude}));
    CHECK(bulk.body["not_found"] == json::array({987654}));
    CHECK(Texts(Call(town.server, "GET", Comments(proposal) + "?sort=oldest").body)[0] == "Un commentaire grossier");
    CHECK(Call(town.server, "GET", kVille + "/moderation/audit/verify", nullptr, town.moderator).body["ok"] == true);
}

TEST_CASE("where the commune pre-moderates, comments wait unseen until a moderator approves them") {
    Town town;
    const auto proposal = town.Propose();
    REQUIRE(Call(town.server, "PATCH", kVille, {{"premoderation", true}}, town.admin).status == 200);
    const auto posted = Call(town.server, "POST", Comments(proposal), {{"body", "En attente de lecture"}}, town.resident);
    REQUIRE(posted.status == 201);
    CHECK(posted.body["status"] == "pending");
    CHECK(posted.body["status_label"]["fr"] == "en attente de modération");
    const std::int64_t id = posted.body["id"];

    // Nobody else sees it, nor counts it; its author does.
    CHECK(Call(town.server, "GET", Comments(proposal)).body["items"].empty());
    CHECK(Call(town.server, "GET", Comments(proposal), nullptr, town.resident2).body["items"].empty());
    CHECK(Call(town.server, "GET", Comments(proposal), nullptr, town.resident).body["items"][0]["status"] == "pending");
    CHECK(CountInList(town, proposal) == 0);
    // It cannot be answered or reported yet.
    CHECK(Call(town.server, "POST", Comments(proposal), {{"body", "Réponse"}, {"parent", id}}, town.resident2).status == 409);

    const auto queue = Call(town.server, "GET", kVille + "/moderation/queue", nullptr, town.moderator);
    REQUIRE(queue.body["comments"]["items"].size() == 1);
    CHECK(queue.body["comments"]["items"][0]["status"] == "pending");
    CHECK(queue.body["comments"]["counts"]["pending"] == 1);
    REQUIRE(Call(town.server, "POST", kVille + "/moderation/comments/" + std::to_string(id) + "/approve", nullptr,
                 town.moderator).status == 200);
    CHECK(Texts(Call(town.server, "GET", Comments(proposal)).body) == std::vector<std::string>{"En attente de lecture"});
    CHECK(CountInList(town, proposal) == 1);
    // Edited, it waits again.
    const auto edited = Call(town.server, "PATCH", Comment(id), {{"body", "Texte changé après coup"}}, town.resident);
    CHECK(edited.body["status"] == "pending");
    CHECK(Call(town.server, "GET", Comments(proposal)).body["items"].empty());
    const auto audit = Call(town.server, "GET", kVille + "/moderation/audit", nullptr, town.moderator);
    CHECK(audit.body["items"].back()["action"] == "comment.approve");
}

TEST_CASE("a resident's export holds her comments; erasing the account keeps or deletes them as it does proposals") {
    Town town;
    const auto proposal = town.Propose();
    const auto mine = Post(town, proposal, town.resident, {{"body", "Mon commentaire à moi"}});
    const auto answer = Post(town, proposal, town.resident2, {{"body", "Une réponse du voisin"}, {"parent", mine}});
    REQUIRE(Call(town.server, "POST", Comment(answer) + "/flags", {{"reason", "Hors sujet"}}, town.resident).status == 201);

    const auto exported = Call(town.server, "GET", "/api/v1/me/export", nullptr, town.resident);
    REQUIRE(exported.status == 200);
    REQUIRE(exported.body["comments"].size() == 1);
    CHECK(exported.body["comments"][0]["body"] == "Mon commentaire à moi");
    CHECK(exported.body["comments"][0]["proposal"] == proposal);
    CHECK(exported.body["comments"][0]["tenant"] == "ville");
    CHECK(exported.body["comment_flags"][0]["comment"] == answer);

    // Erased with ?proposals=delete: her words go, the neighbour's reply stays under a mark.
    REQUIRE(Call(town.server, "DELETE", "/api/v1/me?proposals=delete", nullptr, town.resident).status == 204);
    auto thread = Call(town.server, "GET", Comments(proposal));
    CHECK(thread.text.find("Mon commentaire à moi") == std::string::npos);
    REQUIRE(thread.body["items"].size() == 1);
    CHECK(thread.body["items"][0]["status"] == "deleted");
    CHECK(thread.body["items"][0]["replies"][0]["body"] == "Une réponse du voisin");
    // Her report went with her account: the reply has left the queue.
    CHECK(Call(town.server, "GET", kVille + "/moderation/queue", nullptr, town.moderator).body["comments"]["items"].empty());

    // Erased without it (the default): the neighbour's comments stay, with no author.
    REQUIRE(Call(town.server, "DELETE", "/api/v1/me", nullptr, town.resident2).status == 204);
    thread = Call(town.server, "GET", Comments(proposal));
    CHECK(thread.body["items"][0]["replies"][0]["body"] == "Une réponse du voisin");
    Store& store = town.server.Get().GetStore();
    const auto orphans = store.Read([](Db& db) {
        auto q = db.Prepare("SELECT COUNT(*) FROM comments WHERE author_id IS NULL");
        q.Step();
        return q.Int(0);
    });
    CHECK(orphans == 2);
}

TEST_CASE("on the plain page residents read, post, reply and report comments with the session's token") {
    Town town;
    const auto proposal = town.Propose();
    const std::string page = "/simple/ville/propositions/" + std::to_string(proposal);
    const auto first = Post(town, proposal, town.resident2, {{"body", "Un premier avis publié"}});

    // Anyone reads the published comments; posting asks to sign in.
    Browser anonymous{town.server};
    const Reply read = anonymous.Send("GET", page);
    REQUIRE(read.status == 200);
    CHECK(Has(read, "Commentaires (1)"));
    CHECK(Has(read, "Un premier avis publié"));
    CHECK(Has(read, "Connectez-vous pour commenter"));
    CHECK_FALSE(Has(read, "name=\"texte\""));
    CHECK(anonymous.Send("POST", page + "/commentaires", "texte=Bonjour").status == 303); // to the sign-in page
    CHECK(Call(town.server, "GET", Comments(proposal)).body["comments"] == 1);

    Browser b{town.server};
    REQUIRE(b.SignIn("habitante@ville.test").status == 303);
    const std::string token = b.Token(page);
    const Reply form = b.Send("GET", page);
    CHECK(Has(form, "<label for=\"commentaire\">Votre commentaire</label>"));
    CHECK(Has(form, "Répondre à ce commentaire"));
    CHECK(Has(form, "Signaler ce commentaire"));

    // Without the token, or from another site: nothing recorded.
    CHECK(b.Send("POST", page + "/commentaires", "texte=" + UrlEncode("Sans jeton")).status == 403);
    CHECK(b.Send("POST", page + "/commentaires", "jeton=" + token + "&texte=" + UrlEncode("D’ailleurs"),
                 {{"Origin", "https://pirate.example"}}).status == 403);
    CHECK(b.Send("POST", page + "/commentaires", "jeton=" + std::string(64, '0') + "&texte=" + UrlEncode("Faux jeton")).status == 403);
    CHECK(Call(town.server, "GET", Comments(proposal)).body["comments"] == 1);

    // With it: posted, and shown on the page after the redirect.
    const Reply posted = b.Send("POST", page + "/commentaires", "jeton=" + token + "&texte=" + UrlEncode("Mon avis sans JavaScript"));
    REQUIRE(posted.status == 303);
    CHECK(posted.Header("Location").find(page + "?fait=commentaire#commentaire-") == 0);
    const std::string location = posted.Header("Location");
    const Reply after = b.Send("GET", location.substr(0, location.find('#')));
    CHECK(Has(after, "Votre commentaire est publié."));
    CHECK(Has(after, "Mon avis sans JavaScript"));
    CHECK(Has(after, "Commentaires (2)"));

    // A reply; then a refusal comes back with the text kept and the API's words.
    REQUIRE(b.Send("POST", page + "/commentaires",
                   "jeton=" + token + "&parent=" + std::to_string(first) + "&texte=" + UrlEncode("Je réponds au premier")).status == 303);
    const auto thread = Call(town.server, "GET", Comments(proposal) + "?sort=oldest");
    CHECK(thread.body["items"][0]["replies"][0]["body"] == "Je réponds au premier");
    const Reply refused = b.Send("POST", page + "/commentaires", "jeton=" + token + "&texte=x");
    CHECK(refused.status == 400);
    CHECK(Has(refused, "Le commentaire doit compter au moins 2 caractères."));
    CHECK(Has(refused, "<a href=\"#commentaire\">"));
    CHECK(Has(refused, ">x</textarea>"));

    // A report of the first comment reaches the moderators, once.
    const std::string report = page + "/commentaires/" + std::to_string(first) + "/signalement";
    CHECK(b.Send("POST", report, "motif=injurieux").status == 403);
    const Reply reported = b.Send("POST", report, "jeton=" + token + "&motif=injurieux&precisions=" + UrlEncode("Vise un voisin"));
    REQUIRE(reported.status == 303);
    CHECK(reported.Header("Location") == page + "?fait=commentaire-signale");
    CHECK(b.Send("POST", report, "jeton=" + token + "&motif=injurieux").Header("Location") == page + "?fait=commentaire-deja-signale");
    const auto queue = Call(town.server, "GET", kVille + "/moderation/queue", nullptr, town.moderator);
    REQUIRE(queue.body["comments"]["items"].size() == 1);
    CHECK(queue.body["comments"]["items"][0]["reasons"][0] == "Propos injurieux ou discriminatoires : Vise un voisin");

    // Hidden by a moderator: gone from the page.
    REQUIRE(Call(town.server, "POST", kVille + "/moderation/comments/" + std::to_string(first) + "/hide", nullptr,
                 town.moderator).status == 200);
    const Reply gone = b.Send("GET", page);
    CHECK_FALSE(Has(gone, "Un premier avis publié"));
    CHECK(Has(gone, "Commentaire masqué par la modération."));
    CHECK(Has(gone, "Je réponds au premier"));

    // Pre-moderation: the page says the comment waits.
    REQUIRE(Call(town.server, "PATCH", kVille, {{"premoderation", true}}, town.admin).status == 200);
    const Reply waiting = b.Send("POST", page + "/commentaires", "jeton=" + token + "&texte=" + UrlEncode("Un avis à relire"));
    CHECK(waiting.Header("Location") == page + "?fait=commentaire-en-attente");
    const Reply notice = b.Send("GET", page + "?fait=commentaire-en-attente");
    CHECK(Has(notice, "Il sera publié quand un modérateur l’aura accepté."));
    // Its author sees it, marked as waiting; nobody else does.
    CHECK(Has(notice, "Un avis à relire"));
    CHECK(Has(notice, "en attente de modération"));
    CHECK_FALSE(Has(anonymous.Send("GET", page), "Un avis à relire"));
}

TEST_CASE("on the plain page the author edits her comment within the window and deletes it, with the session's token") {
    Town town;
    auto& app = town.server.Get().App();
    const auto t0 = std::chrono::system_clock::now();
    app.SetNow(t0);
    const auto proposal = town.Propose();
    const std::string page = "/simple/ville/propositions/" + std::to_string(proposal);
    const auto theirs = Post(town, proposal, town.resident2, {{"body", "L’avis d’une voisine"}});

    Browser b{town.server};
    REQUIRE(b.SignIn("habitante@ville.test").status == 303);
    const std::string token = b.Token(page);
    REQUIRE(b.Send("POST", page + "/commentaires", "jeton=" + token + "&texte=" + UrlEncode("Mon premier jet")).status == 303);
    const auto mine = Call(town.server, "GET", Comments(proposal)).body["items"][0]["id"].get<std::int64_t>();
    const std::string edit = page + "/commentaires/" + std::to_string(mine) + "/modification";
    const std::string del = page + "/commentaires/" + std::to_string(mine) + "/suppression";

    // Her comment offers to edit and delete it; the neighbour's only to report it.
    const Reply read = b.Send("GET", page);
    CHECK(Has(read, "Modifier mon commentaire"));
    CHECK(Has(read, "Encore 15 min pour le modifier."));
    CHECK(Has(read, "action=\"" + edit + "\""));
    CHECK(Has(read, "action=\"" + del + "\""));
    CHECK_FALSE(Has(read, "/commentaires/" + std::to_string(theirs) + "/modification"));
    CHECK_FALSE(Has(read, "/commentaires/" + std::to_string(mine) + "/signalement"));
    CHECK(Has(read, "/commentaires/" + std::to_string(theirs) + "/signalement"));

    // Without the token: nothing changes. With it: changed, and said so.
    CHECK(b.Send("POST", edit, "texte=" + UrlEncode("Sans jeton")).status == 403);
    const Reply edited = b.Send("POST", edit, "jeton=" + token + "&texte=" + UrlEncode("Mon texte corrigé"));
    REQUIRE(edited.status == 303);
    CHECK(edited.Header("Location") == page + "?fait=commentaire-modifie#commentaire-" + std::to_string(mine));
    const Reply after = b.Send("GET", page + "?fait=commentaire-modifie");
    CHECK(Has(after, "Votre commentaire est modifié."));
    CHECK(Has(after, "Mon texte corrigé"));
    CHECK(Has(after, "modifié"));

    // Too short: the form comes back with the text kept and the API's words.
    const Reply refused = b.Send("POST", edit, "jeton=" + token + "&texte=x");
    CHECK(refused.status == 400);
    CHECK(Has(refused, "Le commentaire doit compter au moins 2 caractères."));
    CHECK(Has(refused, ">x</textarea>"));

    // Someone else's comment is not hers to change or delete.
    const std::string other = page + "/commentaires/" + std::to_string(theirs);
    CHECK(b.Send("POST", other + "/modification", "jeton=" + token + "&texte=" + UrlEncode("Pas à moi")).status == 403);
    CHECK(b.Send("POST", other + "/suppression", "jeton=" + token).status == 403);
    CHECK(Texts(Call(town.server, "GET", Comments(proposal) + "?sort=oldest").body) ==
          std::vector<std::string>{"L’avis d’une voisine", "Mon texte corrigé"});

    // After 15 minutes: no more edit form, and an edit sent anyway is refused with the reason.
    app.SetNow(t0 + std::chrono::minutes(16));
    CHECK_FALSE(Has(b.Send("GET", page), "Modifier mon commentaire"));
    const Reply late = b.Send("POST", edit, "jeton=" + token + "&texte=" + UrlEncode("Trop tard"));
    CHECK(late.status == 409);
    CHECK(Has(late, "ce délai est passé"));
    CHECK_FALSE(Has(late, "name=\"texte\""));

    // Deleting: gone from the page and the count.
    CHECK(b.Send("POST", del, "texte=").status == 403);
    const Reply deleted = b.Send("POST", del, "jeton=" + token);
    REQUIRE(deleted.status == 303);
    CHECK(deleted.Header("Location") == page + "?fait=commentaire-supprime#commentaires");
    const Reply gone = b.Send("GET", page + "?fait=commentaire-supprime");
    CHECK(Has(gone, "Votre commentaire est supprimé."));
    CHECK_FALSE(Has(gone, "Mon texte corrigé"));
    CHECK(Has(gone, "Commentaires (1)"));
}

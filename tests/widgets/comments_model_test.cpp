// The comments' view-model (map card, proposals widget) against a real server: the thread with
// its replies, post / reply / edit / delete / report as a signed-in resident, stances only where
// the commune asks for them, and the same through the accessibility mirror's commands.
#include "backend/api_fixture.h"
#include "shared/comment.h"
#include "widgets/app/api_client.h"
#include "widgets/app/comments_model.h"
#include "widgets/app/platform.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace quartier;
using namespace quartier::testing;

namespace {

struct Fixture {
    Town town;
    ApiClient api{town.server.Url(), "fr"};
    CommentsModel model{api, "fr"};
    std::int64_t proposal = town.Propose();
    std::int64_t counted_for = 0, counted = -1;

    Fixture() {
        model.UseTenant("ville");
        model.SetOnCount([this](std::int64_t p, std::int64_t n) { counted_for = p, counted = n; });
    }
    void Open() {
        model.Open(proposal);
        PumpPlatformEvents();
        REQUIRE(model.LoadState() == CommentsModel::Load::Ready);
    }
    // Sends and waits for the answer and the thread's reload.
    void Settle() {
        for (int i = 0; i < 3; ++i) PumpPlatformEvents();
    }
    // Buttons of the mirror's nodes, by id (nested lists included).
    static void Collect(const nlohmann::json& nodes, std::vector<std::string>& out) {
        for (const auto& n : nodes) {
            if (n.value("role", "") == "button") out.push_back(n["id"]);
            if (n.contains("children")) Collect(n["children"], out);
        }
    }
    std::vector<std::string> Buttons() const {
        std::vector<std::string> out;
        Collect(model.Accessibility(), out);
        return out;
    }
    bool HasButton(const std::string& id) const {
        const auto b = Buttons();
        return std::find(b.begin(), b.end(), id) != b.end();
    }
};

} // namespace

TEST_CASE("signed out, a resident reads the thread but is asked to sign in to comment") {
    Fixture f;
    const auto posted = Call(f.town.server, "POST", "/api/v1/tenants/ville/proposals/" + std::to_string(f.proposal) + "/comments",
                             {{"body", "Un avis publié"}}, f.town.resident2);
    REQUIRE(posted.status == 201);
    f.Open();
    REQUIRE(f.model.Items().size() == 1);
    CHECK(f.model.Items()[0].body == "Un avis publié");
    CHECK(f.model.Count() == 1);
    CHECK(f.counted_for == f.proposal);
    CHECK(f.counted == 1);
    CHECK_FALSE(f.model.CanReply(f.model.Items()[0]));
    CHECK_FALSE(f.model.CanReport(f.model.Items()[0]));
    CHECK_FALSE(f.model.Post());
    CHECK(f.model.Error()->code == "login_required");
    CHECK(f.Buttons().empty());
}

TEST_CASE("a resident comments, replies, edits her own while allowed, deletes it; another reports it") {
    Fixture f;
    f.model.SetToken(f.town.resident);
    f.Open();
    CHECK(f.model.Items().empty());

    // Too short: refused here, with the shared model's words, nothing sent.
    f.model.EditDraft() = " x ";
    CHECK_FALSE(f.model.Post());
    CHECK(f.model.Error()->field == "body");
    CHECK(f.model.Error()->Message("fr") == "Le commentaire doit compter au moins 2 caractères.");

    f.model.EditDraft() = "Des fontaines, enfin !";
    REQUIRE(f.model.Post());
    f.Settle();
    REQUIRE(f.model.Items().size() == 1);
    const auto id = f.model.Items()[0].id;
    CHECK(f.model.Items()[0].mine);
    CHECK(f.model.CanEdit(f.model.Items()[0]));
    CHECK(f.model.Notice() == "Votre commentaire est publié.");
    CHECK(f.model.EditDraft().empty());
    CHECK(f.counted == 1);
    // Her own: edit and delete, no report; a reply to herself is allowed.
    CHECK(f.HasButton("comment-edit-" + std::to_string(id)));
    CHECK(f.HasButton("comment-delete-" + std::to_string(id)));
    CHECK_FALSE(f.HasButton("comment-report-" + std::to_string(id)));

    // Edit through the mirror's commands.
    REQUIRE(f.model.Command("comment-edit-" + std::to_string(id)));
    CHECK(f.model.EditInline() == "Des fontaines, enfin !");
    REQUIRE(f.model.Command("comment-inline", "Des fontaines, enfin, près de l’école !"));
    REQUIRE(f.model.Command("comment-send"));
    f.Settle();
    CHECK(f.model.Items()[0].body == "Des fontaines, enfin, près de l’école !");
    CHECK(f.model.Items()[0].edited);
    CHECK(f.model.Composing() == CommentsModel::Compose::None);

    // A reply (one level: a reply has no reply button).
    REQUIRE(f.model.Command("comment-reply-" + std::to_string(id)));
    REQUIRE(f.model.Command("comment-inline", "Et au marché aussi."));
    REQUIRE(f.model.Command("comment-send"));
    f.Settle();
    REQUIRE(f.model.Items()[0].replies.size() == 1);
    const auto reply = f.model.Items()[0].replies[0].id;
    CHECK_FALSE(f.HasButton("comment-reply-" + std::to_string(reply)));
    CHECK(f.model.Count() == 2);

    // The neighbour reads it and reports it with one of the plain pages' reasons.
    CommentsModel other{f.api, "fr"};
    other.UseTenant("ville");
    other.SetToken(f.town.resident2);
    other.Open(f.proposal);
    PumpPlatformEvents();
    REQUIRE(other.Items().size() == 1);
    CHECK_FALSE(other.CanEdit(other.Items()[0]));
    CHECK_FALSE(other.CanDelete(other.Items()[0]));
    REQUIRE(other.Command("comment-report-" + std::to_string(id)));
    REQUIRE(other.Command("comment-reason-3"));
    f.Settle();
    CHECK(other.Notice() == "Merci : les modérateurs de la commune liront ce commentaire.");
    const auto queue = Call(f.town.server, "GET", "/api/v1/tenants/ville/moderation/queue", nullptr, f.town.moderator);
    REQUIRE(queue.body["comments"]["items"].size() == 1);
    CHECK(queue.body["comments"]["items"][0]["reasons"][0] == "Hors sujet");

    // Delete asks first, then the text goes and the reply stays under a mark.
    REQUIRE(f.model.Command("comment-delete-" + std::to_string(id)));
    CHECK(f.HasButton("comment-confirm-delete"));
    REQUIRE(f.model.Command("comment-confirm-delete"));
    f.Settle();
    CHECK(f.model.Items()[0].status == "deleted");
    CHECK(f.model.Items()[0].body.empty());
    CHECK(f.model.MetaLine(f.model.Items()[0]) == "Commentaire supprimé par son auteur.");
    CHECK(f.model.Count() == 1);
    CHECK(f.counted == 1);
}

TEST_CASE("stances go with comments only where the commune asks for them") {
    Fixture f;
    f.model.SetToken(f.town.resident);
    f.Open();
    CHECK_FALSE(f.model.StancesOn());
    bool select = false;
    for (const auto& n : f.model.Accessibility()) select |= n.value("id", "") == "comment-stance";
    CHECK_FALSE(select);

    REQUIRE(Call(f.town.server, "PATCH", "/api/v1/tenants/ville", {{"comment_stances", true}}, f.town.admin).status == 200);
    f.Open();
    CHECK(f.model.StancesOn());
    REQUIRE(f.model.Command("comment-text", "Je suis pour, sans hésiter."));
    REQUIRE(f.model.Command("comment-stance", "for"));
    REQUIRE(f.model.Command("comment-post"));
    f.Settle();
    REQUIRE(f.model.Items().size() == 1);
    CHECK(f.model.Items()[0].stance == "for");
    CHECK(f.model.MetaLine(f.model.Items()[0]).find(" · pour") != std::string::npos);
}

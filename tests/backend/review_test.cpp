// From proposal to built project, as residents and staff meet it: staff review a proposal
// (feasible or not, with a public reason), promote the feasible ones onto a ballot, follow
// the funded ones; the proposal's JSON, its plain page, the results, the exports and its
// author's data export say where it stands. Bad input is refused naming the field.
#include "backend/api_fixture.h"

#include <algorithm>

using namespace quartier;
using namespace quartier::testing;

namespace {

const std::string kT = "/api/v1/tenants/ville";
const std::string kBp2 = kT + "/processes/bp2";

std::string ProposalPath(std::int64_t id) { return kT + "/proposals/" + std::to_string(id); }

bool Has(const Reply& r, const std::string& text) { return r.text.find(text) != std::string::npos; }

// A resident's proposal (crediting her under credit, when given) at a point of Nord.
std::int64_t Submit(Town& town, const std::string& token, const std::string& title, const std::string& credit,
                    double lat = 43.61, double lon = 1.43) {
    json body = Submission(lat, lon);
    body["title"] = title;
    if (!credit.empty()) body["credit_name"] = credit;
    const auto r = Call(town.server, "POST", kT + "/proposals", body, token);
    REQUIRE(r.status == 201);
    return r.body["id"];
}

json ProjectOf(Town& town, const std::string& process, const std::string& id) {
    const auto p = Call(town.server, "GET", kT + "/processes/" + process);
    for (const auto& j : p.body["projects"])
        if (j["id"] == id) return j;
    return nullptr;
}

// Opens bp2's vote, casts ballots (each a list of project ids), closes and publishes.
void VoteAndPublish(Town& town, const std::vector<json>& ballots) {
    REQUIRE(Call(town.server, "POST", kBp2 + "/phase", {{"phase", "voting"}}, town.admin).status == 200);
    const auto codes = town.Codes(static_cast<int>(ballots.size()), "bp2");
    for (size_t i = 0; i < ballots.size(); ++i) {
        const auto token = town.Token(codes[i], "bp2");
        REQUIRE(Call(town.server, "POST", kBp2 + "/ballots",
                     {{"request_id", "r" + std::to_string(i)}, {"ballot", {{"projects", ballots[i]}}}}, token)
                    .status == 201);
    }
    REQUIRE(Call(town.server, "POST", kBp2 + "/phase", {{"phase", "closed"}}, town.admin).status == 200);
    REQUIRE(Call(town.server, "POST", kBp2 + "/phase", {{"phase", "published"}}, town.admin).status == 200);
}

// A proposal taken onto bp2's ballot and funded by its vote; returns (proposal, project).
std::pair<std::int64_t, std::string> FundedProposal(Town& town) {
    REQUIRE(Call(town.server, "POST", kT + "/processes", Town::Process("bp2"), town.admin).status == 201);
    const auto id = Submit(town, town.resident, "Des bancs place du marché", "Marie D.");
    REQUIRE(Call(town.server, "POST", ProposalPath(id) + "/review",
                 {{"feasible", true}, {"estimated_cost", 20000}, {"process", "bp2"}}, town.admin).status == 200);
    const auto promoted = Call(town.server, "POST", kBp2 + "/promote", nullptr, town.admin);
    REQUIRE(promoted.status == 200);
    const std::string project = promoted.body["promoted"][0]["project"];
    VoteAndPublish(town, {json{project, "3"}, json{project}});
    return {id, project};
}

} // namespace

TEST_CASE("a proposal's whole life: submitted, reviewed, on the ballot, funded, built, done — for anyone to see") {
    Town town;
    REQUIRE(Call(town.server, "POST", kT + "/processes", Town::Process("bp2"), town.admin).status == 201);
    const auto id = Submit(town, town.resident, "Des bancs place du marché", "Marie D.");
    auto seen = Call(town.server, "GET", ProposalPath(id));
    CHECK(seen.body["stage"] == "submitted");
    CHECK(seen.body["credited_as"] == "Marie D.");

    // Staff start the study, then find it feasible at their own cost estimate.
    REQUIRE(Call(town.server, "POST", ProposalPath(id) + "/review", {{"feasible", nullptr}, {"process", "bp2"}}, town.admin).status == 200);
    CHECK(Call(town.server, "GET", ProposalPath(id)).body["stage"] == "under_review");
    const auto reviewed = Call(town.server, "POST", ProposalPath(id) + "/review",
                               {{"feasible", true}, {"estimated_cost", 20000}, {"process", "bp2"}, {"reason", "Faisable sur le parvis."}},
                               town.admin);
    REQUIRE(reviewed.status == 200);
    CHECK(reviewed.body["review"]["feasible"] == true);
    CHECK(reviewed.body["review"]["estimated_cost"] == 20000);

    // One step puts every feasible proposal of bp2 on its ballot, linked and credited.
    const auto promoted = Call(town.server, "POST", kBp2 + "/promote", nullptr, town.admin);
    REQUIRE(promoted.status == 200);
    REQUIRE(promoted.body["promoted"].size() == 1);
    const std::string project = promoted.body["promoted"][0]["project"];
    const json pj = ProjectOf(town, "bp2", project);
    REQUIRE(pj.is_object());
    CHECK(pj["name"] == "Des bancs place du marché");
    CHECK(pj["cost"] == "20000");
    CHECK(pj["district"] == "N");
    CHECK(pj["latitude"] == 43.61);
    CHECK(pj["proposals"] == json({id}));
    CHECK(pj["credited"] == json({"Marie D."}));
    seen = Call(town.server, "GET", ProposalPath(id));
    CHECK(seen.body["stage"] == "on_ballot");
    CHECK(seen.body["project"] == json({{"process", "bp2"}, {"id", project}}));
    // Promoting again adds nothing twice.
    CHECK(Call(town.server, "POST", kBp2 + "/promote", nullptr, town.admin).body["promoted"].empty());

    // Residents vote for it; once the results are out it is funded.
    VoteAndPublish(town, {json{project, "3"}, json{project}});
    seen = Call(town.server, "GET", ProposalPath(id));
    CHECK(seen.body["stage"] == "funded");

    // Staff follow the works; residents see where they stand, everywhere.
    const auto fu = Call(town.server, "PATCH", kBp2 + "/projects/" + project + "/follow-up",
                         {{"status", "works"}, {"percent", 40}, {"start_date", "2027-03-01"}, {"end_date", "2027-06-30"}},
                         town.admin);
    REQUIRE(fu.status == 200);
    CHECK(fu.body["follow_up"]["status"] == "works");
    const auto update = Call(town.server, "POST", kBp2 + "/projects/" + project + "/updates",
                             {{"date", "2027-04-15"}, {"text", "Les bancs sont posés."}, {"spent", "8500.50"}}, town.admin);
    REQUIRE(update.status == 201);
    CHECK(update.body["follow_up"]["spent"] == "8500.5");
    seen = Call(town.server, "GET", ProposalPath(id));
    CHECK(seen.body["stage"] == "in_progress");
    CHECK(seen.body["project"]["progress"] == json({{"status", "works"}, {"percent", 40}}));
    const auto results = Call(town.server, "GET", kBp2 + "/results");
    REQUIRE(results.status == 200);
    CHECK(results.body["follow_up"][project]["percent"] == 40);
    CHECK(results.body["follow_up"][project]["updates"][0]["text"] == "Les bancs sont posés.");

    const auto page = Call(town.server, "GET", "/simple/ville/propositions/" + std::to_string(id));
    CHECK(Has(page, "En cours de réalisation"));
    CHECK(Has(page, "/simple/ville/consultations/bp2/projets/" + project));
    const auto project_page = Call(town.server, "GET", "/simple/ville/consultations/bp2/projets/" + project);
    CHECK(Has(project_page, "Travaux en cours"));
    CHECK(Has(project_page, "value=\"40\""));
    CHECK(Has(project_page, "Les bancs sont posés."));
    CHECK(Has(project_page, "Marie D."));
    CHECK(Has(Call(town.server, "GET", "/simple/ville/consultations/bp2/projets/" + project + "?lang=en"), "Works under way"));

    // Done: the percent follows, and the open-data export carries it.
    REQUIRE(Call(town.server, "PATCH", kBp2 + "/projects/" + project + "/follow-up", {{"status", "done"}}, town.admin).status == 200);
    seen = Call(town.server, "GET", ProposalPath(id));
    CHECK(seen.body["stage"] == "done");
    CHECK(seen.body["project"]["progress"]["percent"] == 100);
    CHECK(Has(Call(town.server, "GET", "/simple/ville/propositions/" + std::to_string(id)), "Réalisée"));
    const auto csv = Call(town.server, "GET", kBp2 + "/proposals.csv");
    CHECK(Has(csv, ",Marie D.,done,100,2027-03-01,2027-06-30,8500.5"));
    const auto list = Call(town.server, "GET", kT + "/proposals.csv");
    CHECK(Has(list, ",done,"));

    // Every staff step is in the audit chain.
    const auto audit = Call(town.server, "GET", kT + "/moderation/audit", nullptr, town.admin);
    std::vector<std::string> actions;
    for (const auto& e : audit.body["items"]) actions.push_back(e["action"]);
    for (const char* a : {"proposal.review", "process.promote", "project.follow_up", "project.update"})
        CHECK(std::count(actions.begin(), actions.end(), a) >= 1);
}

TEST_CASE("a proposal that loses the vote reads not funded, and has no follow-up") {
    Town town;
    REQUIRE(Call(town.server, "POST", kT + "/processes", Town::Process("bp2"), town.admin).status == 201);
    const auto id = Submit(town, town.resident, "Une fontaine au square", "");
    REQUIRE(Call(town.server, "POST", ProposalPath(id) + "/review",
                 {{"feasible", true}, {"estimated_cost", 90000}, {"process", "bp2"}}, town.admin).status == 200);
    const auto promoted = Call(town.server, "POST", kBp2 + "/promote", nullptr, town.admin);
    const std::string project = promoted.body["promoted"][0]["project"];
    CHECK(ProjectOf(town, "bp2", project).count("credited") == 0); // she did not ask to be named
    VoteAndPublish(town, {json{"1"}, json{"1", "3"}, json{"3"}});
    CHECK(Call(town.server, "GET", ProposalPath(id)).body["stage"] == "not_funded");
    const auto fu = Call(town.server, "PATCH", kBp2 + "/projects/" + project + "/follow-up", {{"percent", 10}}, town.admin);
    CHECK(fu.status == 409);
    CHECK(fu.body["error"]["code"] == "not_funded");
}

TEST_CASE("a proposal found not feasible shows staff's reason to everyone and in its author's data export") {
    Town town;
    const auto id = Submit(town, town.resident, "Un pont sur la rocade", "");
    // Saying no needs a reason the public will read.
    const auto bare = Call(town.server, "POST", ProposalPath(id) + "/review", {{"feasible", false}}, town.admin);
    CHECK(bare.status == 400);
    CHECK(bare.body["error"]["field"] == "reason");
    CHECK(Call(town.server, "GET", ProposalPath(id)).body["stage"] == "submitted"); // nothing stored
    const std::string reason = "La rocade appartient au département : la commune ne peut pas y construire.";
    REQUIRE(Call(town.server, "POST", ProposalPath(id) + "/review", {{"feasible", false}, {"reason", reason}}, town.admin).status == 200);

    const auto seen = Call(town.server, "GET", ProposalPath(id)); // anyone, signed in or not
    REQUIRE(seen.status == 200);
    CHECK(seen.body["stage"] == "rejected");
    CHECK(seen.body["review"]["reason"] == reason);
    const auto page = Call(town.server, "GET", "/simple/ville/propositions/" + std::to_string(id));
    CHECK(Has(page, "Non retenue après étude"));
    CHECK(Has(page, "La rocade appartient au département"));
    CHECK(Has(Call(town.server, "GET", "/simple/ville/propositions/" + std::to_string(id) + "?lang=en"), "Not feasible"));

    const auto mine = Call(town.server, "GET", "/api/v1/me/export", nullptr, town.resident);
    REQUIRE(mine.status == 200);
    REQUIRE(mine.body["proposals"].size() == 1);
    CHECK(mine.body["proposals"][0]["stage"] == "rejected");
    CHECK(mine.body["proposals"][0]["review"]["reason"] == reason);
}

TEST_CASE("merging duplicates keeps both authors and their supporters on the ballot project") {
    Town town;
    REQUIRE(Call(town.server, "POST", kT + "/processes", Town::Process("bp2"), town.admin).status == 201);
    const auto keep = Submit(town, town.resident, "Des bancs place du marché", "Marie D.");
    const auto dup = Submit(town, town.resident2, "Bancs sur la place du marché", "Paul R.", 43.6101, 1.4301);
    REQUIRE(Call(town.server, "POST", ProposalPath(dup) + "/supports", nullptr, town.agent).status == 200);
    REQUIRE(Call(town.server, "POST", kT + "/moderation/proposals/" + std::to_string(dup) + "/merge", {{"into", keep}},
                 town.moderator).status == 200);
    CHECK(Call(town.server, "GET", ProposalPath(keep)).body["supports"] == 1); // the agent's support came along
    REQUIRE(Call(town.server, "POST", ProposalPath(keep) + "/review",
                 {{"feasible", true}, {"estimated_cost", 15000}, {"process", "bp2"}}, town.admin).status == 200);
    const auto promoted = Call(town.server, "POST", kBp2 + "/promote", nullptr, town.admin);
    REQUIRE(promoted.body["promoted"].size() == 1); // one project for the two
    const json pj = ProjectOf(town, "bp2", promoted.body["promoted"][0]["project"]);
    CHECK(pj["proposals"] == json({keep, dup}));
    CHECK(pj["credited"] == json({"Marie D.", "Paul R."}));
    // The duplicate's author still finds it, and where it went.
    const auto merged = Call(town.server, "GET", ProposalPath(dup));
    REQUIRE(merged.status == 200);
    CHECK(merged.body["stage"] == "merged");
    CHECK(merged.body["merged_into"] == keep);
}

TEST_CASE("promoting into a process whose vote has opened is refused, and its ballot keeps its projects") {
    Town town; // "bp" is open for voting
    const auto id = Submit(town, town.resident, "Des bancs place du marché", "");
    REQUIRE(Call(town.server, "POST", ProposalPath(id) + "/review",
                 {{"feasible", true}, {"estimated_cost", 20000}, {"process", "bp"}}, town.admin).status == 200);
    const auto r = Call(town.server, "POST", kT + "/processes/bp/promote", nullptr, town.admin);
    CHECK(r.status == 409);
    CHECK(r.body["error"]["code"] == "ballot_locked");
    CHECK(r.body["error"]["field"] == "process");
    CHECK(r.body["error"]["messages"]["en"].get<std::string>().find("Voting has opened") != std::string::npos);
    CHECK(Call(town.server, "GET", kT + "/processes/bp").body["projects"].size() == 3);
    CHECK(Call(town.server, "GET", ProposalPath(id)).body["stage"] == "under_review");
    // Residents and moderators cannot review, promote or follow.
    CHECK(Call(town.server, "POST", ProposalPath(id) + "/review", {{"feasible", true}}, town.moderator).status == 403);
    CHECK(Call(town.server, "POST", kT + "/processes/bp/promote", nullptr, town.resident).status == 403);
}

TEST_CASE("bad review and follow-up input is refused naming the field, and nothing changes") {
    Town town;
    const auto [id, project] = FundedProposal(town);
    const std::string fu = kBp2 + "/projects/" + project + "/follow-up";
    const std::string up = kBp2 + "/projects/" + project + "/updates";
    REQUIRE(Call(town.server, "PATCH", fu, {{"status", "studies"}, {"percent", 20}}, town.admin).status == 200);

    struct Bad {
        std::string method, path;
        json body;
        const char* field;
    };
    const std::vector<Bad> bad = {
        {"PATCH", fu, {{"percent", 140}}, "percent"},
        {"PATCH", fu, {{"percent", -1}}, "percent"},
        {"PATCH", fu, {{"status", "finished"}}, "status"},
        {"PATCH", fu, {{"start_date", "2027-02-30"}}, "start_date"},
        {"PATCH", fu, {{"start_date", "2027-06-01"}, {"end_date", "2027-01-01"}}, "end_date"},
        {"PATCH", fu, {{"colour", "green"}}, "colour"},
        {"POST", up, {{"date", "2027-04-15"}, {"text", "Travaux"}, {"spent", -5}}, "spent"},
        {"POST", up, {{"date", "2027-04-15"}, {"text", "Travaux"}, {"spent", "beaucoup"}}, "spent"},
        {"POST", up, {{"date", "15/04/2027"}, {"text", "Travaux"}}, "date"},
        {"POST", up, {{"date", "2027-04-15"}, {"text", ""}}, "text"},
        {"POST", ProposalPath(id) + "/review", {{"feasible", "oui"}}, "feasible"},
    };
    for (const auto& b : bad) {
        const auto r = Call(town.server, b.method, b.path, b.body, town.admin);
        INFO(b.method << " " << b.body.dump() << " -> " << r.text);
        CHECK(r.status == 400);
        CHECK(r.body["error"]["field"] == b.field);
        CHECK(r.body["error"]["messages"]["fr"].is_string());
        CHECK(r.body["error"]["messages"]["en"].is_string());
    }
    const json pj = ProjectOf(town, "bp2", project);
    CHECK(pj["follow_up"]["status"] == "studies");
    CHECK(pj["follow_up"]["percent"] == 20);
    CHECK(pj["follow_up"]["updates"].empty());

    // A review's own fields, on a fresh proposal.
    const auto other = Submit(town, town.resident2, "Un abri à vélos", "");
    const std::vector<std::pair<json, const char*>> reviews = {
        {{{"feasible", true}, {"estimated_cost", -1}, {"process", "bp2"}}, "estimated_cost"},
        {{{"feasible", true}, {"estimated_cost", 100}}, "process"},
        {{{"feasible", true}, {"estimated_cost", 100}, {"process", "bp2"}, {"district", "Ouest"}}, "district"},
        {{{"feasible", false}, {"reason", "Non"}, {"cost", 3}}, "cost"},
    };
    for (const auto& [body, field] : reviews) {
        const auto r = Call(town.server, "POST", ProposalPath(other) + "/review", body, town.admin);
        INFO(body.dump() << " -> " << r.text);
        CHECK(r.status == 400);
        CHECK(r.body["error"]["field"] == field);
    }
    CHECK(Call(town.server, "GET", ProposalPath(other)).body["stage"] == "submitted");
    // A submission's name to credit is checked like any field.
    json long_name = Submission();
    long_name["credit_name"] = std::string(61, 'a');
    const auto refused = Call(town.server, "POST", kT + "/proposals", long_name);
    CHECK(refused.status == 400);
    CHECK(refused.body["error"]["field"] == "credit_name");
}

TEST_CASE("a ballot project that came from a proposal names it: the ballot reaches the proposal's comments") {
    Town town;
    REQUIRE(Call(town.server, "POST", kT + "/processes", Town::Process("bp2"), town.admin).status == 201);
    const auto id = Submit(town, town.resident, "Des bancs place du marché", "");
    REQUIRE(Call(town.server, "POST", kT + "/proposals/" + std::to_string(id) + "/comments",
                 {{"body", "Oui, à l’ombre des platanes."}}, town.resident2).status == 201);
    REQUIRE(Call(town.server, "POST", ProposalPath(id) + "/review",
                 {{"feasible", true}, {"estimated_cost", 20000}, {"process", "bp2"}}, town.admin).status == 200);
    const auto promoted = Call(town.server, "POST", kBp2 + "/promote", nullptr, town.admin);
    REQUIRE(promoted.status == 200);
    const std::string project = promoted.body["promoted"][0]["project"];
    const json from = ProjectOf(town, "bp2", project);
    REQUIRE(from.is_object());
    REQUIRE(from["proposals"] == json::array({id}));
    const auto thread = Call(town.server, "GET", kT + "/proposals/" + std::to_string(from["proposals"][0].get<std::int64_t>()) + "/comments");
    REQUIRE(thread.status == 200);
    CHECK(thread.body["items"][0]["body"] == "Oui, à l’ombre des platanes.");
    CHECK_FALSE(ProjectOf(town, "bp2", "1").contains("proposals"));
}

// A process with per-district budgets ("mon quartier + la ville"): each district decides
// within its own money, and /results, each district's own .pb file recounted, the shared
// ComputeResults and the plain page all name the same winners. Settings that could not
// decide are refused, and the ballot rules peers offer are enforced with words that say
// which rule.
#include "backend/api_fixture.h"

#include "shared/pabulib/pabulib.h"
#include "shared/tally/results.h"

#include <algorithm>

using namespace quartier;
using namespace quartier::testing;

namespace {

const std::string kBase = "/api/v1/tenants/ville/processes/agglo";

// Angers and Beaucouzé as districts of a 200,000 € budget: 150,000 and 20,000, the 30,000
// left being the city-wide envelope of the project with no district.
json Agglo(const json& ballot = {{"kind", "approval"}, {"max_projects", 3}}) {
    return {{"id", "agglo"},
            {"title", "Budget participatif de l’agglomération"},
            {"budget", "200000"},
            {"ballot", ballot},
            {"rule", {{"name", "greedy"}, {"sat", "cost"}}},
            {"districts_budgets", {{"Angers", "150000"}, {"Beaucouzé", "20000"}}},
            {"projects",
             {{{"id", "b1"}, {"name", "Skatepark"}, {"cost", "32000"}, {"district", "Beaucouzé"}},
              {{"id", "b2"}, {"name", "Jardin partagé"}, {"cost", "15000"}, {"district", "Beaucouzé"}},
              {{"id", "a1"}, {"name", "Piscine"}, {"cost", "120000"}, {"district", "Angers"}},
              {{"id", "a2"}, {"name", "Pistes cyclables"}, {"cost", "50000"}, {"district", "Angers"}},
              {{"id", "c1"}, {"name", "Navette"}, {"cost", "25000"}}}}};
}

void Vote(Town& town, const std::vector<std::vector<std::string>>& ballots) {
    const auto codes = town.Codes(static_cast<int>(ballots.size()), "agglo");
    for (size_t i = 0; i < ballots.size(); ++i)
        REQUIRE(Call(town.server, "POST", kBase + "/ballots",
                     {{"request_id", "r" + std::to_string(i)}, {"ballot", {{"projects", ballots[i]}}}},
                     town.Token(codes[i], "agglo")).status == 201);
}

PbElection ReadPb(const std::string& text) {
    PbElection e;
    PbError err;
    REQUIRE_MESSAGE(ReadPabulib(text, e, err), err.What());
    return e;
}

std::vector<std::string> Strings(const json& a) { return a.get<std::vector<std::string>>(); }

} // namespace

TEST_CASE("per-district budgets decide: /results, each district's .pb recounted, ComputeResults and the plain page agree") {
    Town town;
    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/processes", Agglo(), town.admin).status == 201);
    REQUIRE(Call(town.server, "POST", kBase + "/phase", {{"phase", "voting"}}, town.admin).status == 200);
    // The skatepark is the most wanted project, but costs more than Beaucouzé's 20,000 €.
    Vote(town, {{"b1"}, {"b1", "b2"}, {"b1", "a1"}, {"a1"}, {"a2", "b1"}, {"b2"}, {"c1", "a1"}, {"c1"}});
    REQUIRE(Call(town.server, "POST", kBase + "/phase", {{"phase", "closed"}}, town.admin).status == 200);
    REQUIRE(Call(town.server, "POST", kBase + "/phase", {{"phase", "published"}}, town.admin).status == 200);

    const auto r = Call(town.server, "GET", kBase + "/results");
    REQUIRE(r.status == 200);
    CHECK(Strings(r.body["winners"]) == std::vector<std::string>{"c1", "a1", "b2"});
    CHECK(r.body["total_cost"] == "160000");
    const json& parts = r.body["districts"];
    REQUIRE(parts.size() == 3);
    CHECK(parts[0]["city_wide"] == true);
    CHECK(parts[0]["budget"] == "30000");
    CHECK(parts[1]["district"] == "Angers");
    CHECK(parts[2]["district"] == "Beaucouzé");
    CHECK(parts[2]["budget"] == "20000");
    CHECK(Strings(parts[2]["winners"]) == std::vector<std::string>{"b2"});
    // Nothing announced funded breaks its district's budget, the comparison included.
    for (const auto& list : {r.body["winners"], r.body["comparison"]["greedy"]["winners"], r.body["comparison"]["mes"]["winners"]})
        CHECK(std::find(list.begin(), list.end(), "b1") == list.end());
    for (const auto& line : r.body["by_district"])
        if (line["district"] == "Beaucouzé") {
            CHECK(line["budget"] == "20000");
            CHECK(line["spent"] == "15000");
            CHECK(line["funded"] == 1);
        }

    // Each part's own file, as Pabulib publishes district files, recounts to its winners.
    RuleSpec spec;
    REQUIRE_FALSE(RuleSpecFromJson(r.body["rule"], spec));
    std::vector<std::string> recounted;
    for (const auto& part : parts) {
        CAPTURE(part["district"]);
        const auto file = Call(town.server, "GET", part["file"].get<std::string>());
        REQUIRE(file.status == 200);
        const PbElection e = ReadPb(file.text);
        CHECK(e.budget.ToString() == part["budget"].get<std::string>());
        CHECK(e.Meta("district") == part["district"].get<std::string>());
        ElectionResults own;
        REQUIRE_FALSE(ComputeResults(e, spec, own));
        CHECK(own.winners == Strings(part["winners"]));
        recounted.insert(recounted.end(), own.winners.begin(), own.winners.end());
    }
    CHECK(recounted == Strings(r.body["winners"]));
    // The whole box with the process's district budgets, as the results widget recounts it.
    const PbElection whole = ReadPb(Call(town.server, "GET", kBase + "/ballots.pb").text);
    std::vector<DistrictBudget> budgets;
    const json process = Call(town.server, "GET", kBase).body;
    for (const auto& [d, amount] : process["districts_budgets"].items()) {
        budgets.push_back({d, {}});
        REQUIRE(Decimal::Parse(amount.get<std::string>(), budgets.back().budget));
    }
    ElectionResults shared;
    REQUIRE_FALSE(ComputeResults(whole, spec, shared, budgets));
    CHECK(shared.winners == Strings(r.body["winners"]));
    CHECK(Call(town.server, "GET", kBase + "/ballots.pb?district=Nowhere").status == 404);

    // The plain page lists the same winners under each district's name.
    const auto page = Call(town.server, "GET", "/simple/ville/consultations/agglo");
    REQUIRE(page.status == 200);
    const size_t city = page.text.find("Toute la commune</h3>");
    const size_t angers = page.text.find("Angers</h3>");
    const size_t beaucouze = page.text.find("Beaucouzé</h3>");
    const size_t unfunded = page.text.find("Projets non retenus");
    REQUIRE(city != std::string::npos);
    REQUIRE(angers != std::string::npos);
    REQUIRE(beaucouze != std::string::npos);
    REQUIRE(unfunded != std::string::npos);
    CHECK(city < page.text.find(">Navette</a>"));
    CHECK(page.text.find(">Navette</a>") < angers);
    CHECK(angers < page.text.find(">Piscine</a>"));
    CHECK(page.text.find(">Piscine</a>") < beaucouze);
    CHECK(beaucouze < page.text.find(">Jardin partagé</a>"));
    CHECK(page.text.find(">Jardin partagé</a>") < unfunded);
    CHECK(page.text.find(">Skatepark</a>") > unfunded);
}

TEST_CASE("district budgets that could not decide are refused, naming the setting") {
    Town town;
    json over = Agglo();
    over["districts_budgets"]["Angers"] = "190000"; // 190,000 + 20,000 > 200,000
    auto r = Call(town.server, "POST", "/api/v1/tenants/ville/processes", over, town.admin);
    CHECK(r.status == 400);
    CHECK(r.body["error"]["field"] == "districts_budgets");
    CHECK(r.body["error"]["messages"]["fr"].get<std::string>().find("200000") != std::string::npos);

    json missing = Agglo();
    missing["districts_budgets"].erase("Beaucouzé");
    r = Call(town.server, "POST", "/api/v1/tenants/ville/processes", missing, town.admin);
    CHECK(r.status == 400);
    CHECK(r.body["error"]["field"] == "districts_budgets.Beaucouzé");
    CHECK(r.body["error"]["messages"]["en"].get<std::string>().find("b1") != std::string::npos);

    REQUIRE(Call(town.server, "POST", "/api/v1/tenants/ville/processes", Agglo(), town.admin).status == 201);
    r = Call(town.server, "PATCH", kBase, {{"budget", "100000"}}, town.admin);
    CHECK(r.status == 400);
    CHECK(r.body["error"]["field"] == "districts_budgets");
    CHECK(Call(town.server, "GET", kBase).body["budget"] == "200000"); // nothing lost
}

TEST_CASE("ballot rules: at least N projects, at least N % of the budget, your district and one other") {
    Town town;
    json agglo = Agglo({{"kind", "approval"}, {"min_projects", 2}, {"min_spend_percent", 20}, {"district_rule", "own_plus_one"}});
    agglo["districts_budgets"]["Avrillé"] = "10000";
    agglo["projects"].push_back({{"id", "v1"}, {"name", "Verger"}, {"cost", "9000"}, {"district", "Avrillé"}});
    const auto created = Call(town.server, "POST", "/api/v1/tenants/ville/processes", agglo, town.admin);
    REQUIRE(created.status == 201);
    CHECK(created.body["ballot"]["min_spend_percent"] == 20);
    CHECK(created.body["ballot"]["district_rule"] == "own_plus_one");
    REQUIRE(Call(town.server, "POST", kBase + "/phase", {{"phase", "voting"}}, town.admin).status == 200);
    const auto codes = town.Codes(8, "agglo");
    auto cast = [&](size_t i, const json& ballot) {
        return Call(town.server, "POST", kBase + "/ballots", {{"request_id", "q" + std::to_string(i)}, {"ballot", ballot}},
                    town.Token(codes[i], "agglo"));
    };
    // One project: under the minimum of two.
    auto r = cast(0, {{"projects", {"a1"}}});
    CHECK(r.status == 400);
    CHECK(r.body["error"]["code"] == "too_few_projects");
    CHECK(r.body["error"]["messages"]["fr"] == "Choisissez au moins 2 projets.");
    // 15,000 + 9,000 = 24,000: under 20 % of 200,000.
    r = cast(1, {{"projects", {"b2", "v1"}}});
    CHECK(r.status == 400);
    CHECK(r.body["error"]["code"] == "too_little_spent");
    CHECK(r.body["error"]["field"] == "projects");
    CHECK(r.body["error"]["messages"]["fr"].get<std::string>().find("20 %") != std::string::npos);
    CHECK(r.body["error"]["messages"]["en"].get<std::string>().find("20 %") != std::string::npos);
    // Three districts: one too many.
    r = cast(2, {{"projects", {"a1", "b2", "v1"}}});
    CHECK(r.status == 400);
    CHECK(r.body["error"]["code"] == "too_many_districts");
    CHECK(r.body["error"]["messages"]["fr"].get<std::string>().find("un seul autre") != std::string::npos);
    // Home in Avrillé: Angers and Beaucouzé are two others.
    r = cast(3, {{"projects", {"a1", "b2"}}, {"district", "Avrillé"}});
    CHECK(r.status == 400);
    CHECK(r.body["error"]["code"] == "too_many_districts");
    // A home that is no district of the vote.
    r = cast(4, {{"projects", {"a1", "b2"}}, {"district", "Paris"}});
    CHECK(r.status == 400);
    CHECK(r.body["error"]["field"] == "district");
    // Home Angers, one other (Beaucouzé) and the city-wide project: accepted.
    CHECK(cast(5, {{"projects", {"a1", "b2", "c1"}}, {"district", "Angers"}}).status == 201);
    // Without a home given, two districts are home and one other.
    CHECK(cast(6, {{"projects", {"a2", "v1"}}}).status == 201);
    // Settings out of range are refused, naming the setting.
    json bad = Agglo({{"kind", "approval"}, {"min_spend_percent", 120}});
    bad["id"] = "autre";
    r = Call(town.server, "POST", "/api/v1/tenants/ville/processes", bad, town.admin);
    CHECK(r.status == 400);
    CHECK(r.body["error"]["field"] == "ballot.min_spend_percent");
}

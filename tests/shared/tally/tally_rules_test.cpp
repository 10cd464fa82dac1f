// One contract over every registered tally rule, then the edge cases of the README: ties by
// id as strings, zero-vote and zero-cost projects, fractional and huge budgets, districts.
#include "tests/shared/tally/tally_test_util.h"

#include "shared/tally/districts.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

using namespace quartier;
using namespace quartier::test;

namespace {

Profile ProfileOf(const std::string& text) {
    Profile p;
    REQUIRE(MakeProfile(Parse(text), p).empty());
    return p;
}

std::vector<std::string> Winners(const Profile& p, const char* rule, TallyOptions o = {}) {
    TallyOutcome out;
    const auto err = Tally(p, rule, o, out);
    REQUIRE_MESSAGE(!err, (err ? err->Message("en") : ""));
    return Ids(p, out.selected);
}

std::vector<Satisfaction> SatsFor(BallotFormat f) {
    std::vector<Satisfaction> s = {Satisfaction::Cost, Satisfaction::Cardinality};
    if (f == BallotFormat::Cumulative || f == BallotFormat::Scoring) s.push_back(Satisfaction::Points);
    if (f == BallotFormat::Ordinal) s.push_back(Satisfaction::Borda);
    return s;
}

} // namespace

TEST_CASE("every registered rule: feasible, no project twice, deterministic, refuses what it can't do") {
    REQUIRE(TallyRules().size() >= 3);
    std::set<std::string> names;
    for (const auto* rule : TallyRules()) names.insert(rule->Name());
    CHECK(names.size() == TallyRules().size());
    for (const char* file : {"Netherlands_Assen_2024.pb", "Poland_Krakow_2019_Bienczyce.pb",
                             "pabutools-tests__poland_czestochowa_2020_grabowka.pb",
                             "Poland_Wroclaw_2018_Rejon_nr_7_250.pb"}) {
        const Profile& p = LoadProfile(file);
        for (const auto* rule : TallyRules()) {
            CAPTURE(file);
            CAPTURE(rule->Name());
            CHECK(FindTallyRule(rule->Name()) == rule);
            CHECK(std::string(rule->Description()).size() > 10);
            const auto sats = rule->UsesSatisfaction() ? SatsFor(p.format) : std::vector<Satisfaction>{Satisfaction::Cost};
            const std::vector<Completion> completions =
                rule->UsesCompletion()
                    ? std::vector<Completion>{Completion::None, Completion::Greedy, Completion::Add1,
                                              Completion::Add1Greedy, Completion::Increase}
                    : std::vector<Completion>{Completion::None};
            for (auto sat : sats)
                for (auto completion : completions) {
                    TallyOptions o;
                    o.sat = sat;
                    o.completion = completion;
                    if (rule->Check(p, o)) {
                        // Only Phragmén turns whole ballot formats down.
                        CHECK(std::string(rule->Name()) == "phragmen");
                        CHECK(p.format != BallotFormat::Approval);
                        continue;
                    }
                    const TallyOutcome a = rule->Run(p, o), b = rule->Run(p, o);
                    CHECK(a.selected == b.selected);
                    CHECK(a.total_cost <= p.budget);
                    std::set<std::int32_t> unique(a.selected.begin(), a.selected.end());
                    CHECK(unique.size() == a.selected.size());
                    std::int64_t total = 0;
                    for (auto i : a.selected) total += p.projects[static_cast<size_t>(i)].cost;
                    CHECK(total == a.total_cost);
                }
        }
    }
    // Satisfactions that don't fit the ballots are refused with the field named.
    TallyOutcome out;
    TallyOptions o;
    o.sat = Satisfaction::Borda;
    auto err = Tally(LoadProfile("Netherlands_Assen_2024.pb"), "greedy", o, out);
    REQUIRE(err);
    CHECK(err->field == "sat");
    CHECK_FALSE(err->Message("fr").empty());
    err = Tally(LoadProfile("Netherlands_Assen_2024.pb"), "no-such-rule", TallyOptions{}, out);
    REQUIRE(err);
    CHECK(err->field == "rule");
}

const char* const kTieElection = "META\nkey;value\nbudget;300\nvote_type;approval\n"
                                 "PROJECTS\nproject_id;cost\n2;100\n11;100\n3;300\n"
                                 "VOTES\nvoter_id;vote\n1;2,11\n2;2,11\n3;3\n";

TEST_CASE("ties go to the project whose id comes first as a string: \"11\" before \"2\"") {
    const Profile p = ProfileOf(kTieElection);
    CHECK(Winners(p, "greedy") == std::vector<std::string>{"11", "2"});
    CHECK(Winners(p, "phragmen") == std::vector<std::string>{"11", "2"});
    CHECK(Winners(p, "mes") == std::vector<std::string>{"11", "2"});
    TallyOptions exact;
    exact.exact_only = true;
    CHECK(Winners(p, "mes", exact) == std::vector<std::string>{"11", "2"});
}

TEST_CASE("greedy also funds projects nobody voted for when they still fit") {
    const Profile p = ProfileOf("META\nkey;value\nbudget;1000\nvote_type;approval\n"
                                "PROJECTS\nproject_id;cost\na;600\nb;500\nc;300\n"
                                "VOTES\nvoter_id;vote\n1;a\n2;a,b\n");
    // a (2 votes) first, b no longer fits and is skipped, c (no votes) still fits.
    CHECK(Winners(p, "greedy") == std::vector<std::string>{"a", "c"});
    // Equal Shares never funds a project without supporters.
    const auto mes = Winners(p, "mes");
    CHECK(std::find(mes.begin(), mes.end(), "c") == mes.end());
}

TEST_CASE("fractional budgets and decimal costs are exact") {
    // 0.1 + 0.2 fits 0.3 exactly (it would not in binary floating point).
    const Profile p = ProfileOf("META\nkey;value\nbudget;0.3\nvote_type;approval\n"
                                "PROJECTS\nproject_id;cost\na;0.1\nb;0.2\nc;0.05\n"
                                "VOTES\nvoter_id;vote\n1;a,b\n2;a,b\n3;c\n");
    CHECK(p.money_scale == 100);
    CHECK(Winners(p, "greedy") == std::vector<std::string>{"a", "b"});
    TallyOutcome out;
    REQUIRE_FALSE(Tally(p, "greedy", TallyOptions{}, out));
    CHECK(FormatUnits(out.total_cost, p.money_scale) == "0.3");
}

TEST_CASE("a budget written 1e9 is a billion") {
    const Profile p = ProfileOf("META\nkey;value\nbudget;1e9\nvote_type;approval\n"
                                "PROJECTS\nproject_id;cost\na;999999999\nb;2\n"
                                "VOTES\nvoter_id;vote\n1;a\n2;a\n3;b\n");
    CHECK(p.budget == 1000000000);
    CHECK(Winners(p, "greedy") == std::vector<std::string>{"a"});
}

TEST_CASE("Equal Shares with cardinality funds supported projects that cost nothing first") {
    const Profile p = ProfileOf("META\nkey;value\nbudget;100\nvote_type;approval\n"
                                "PROJECTS\nproject_id;cost\nfree;0\nx;100\n"
                                "VOTES\nvoter_id;vote\n1;free,x\n2;x\n");
    TallyOptions o;
    o.sat = Satisfaction::Cardinality;
    CHECK(Winners(p, "mes", o) == std::vector<std::string>{"free", "x"});
}

TEST_CASE("the Equal Shares explanation tells who paid what and why others lost") {
    const Profile& p = LoadProfile("Netherlands_Assen_2024.pb");
    TallyOptions o;
    o.explain = true;
    TallyOutcome out;
    REQUIRE_FALSE(Tally(p, "mes", o, out));
    REQUIRE(out.explanation);
    const auto& ex = *out.explanation;
    CHECK(ex.rounds.size() == out.selected.size());
    CHECK(ex.voters == 84);
    CHECK(ex.budget_per_voter == doctest::Approx(100000.0 / 84));
    double left = ex.budget_per_voter * 84;
    for (size_t k = 0; k < ex.rounds.size(); ++k) {
        const auto& r = ex.rounds[k];
        CHECK(r.project == p.projects[static_cast<size_t>(out.selected[k])].id);
        CHECK(r.paying_full_share + r.paying_all_left == r.supporters);
        left -= r.cost;
        CHECK(r.budget_left == doctest::Approx(left));
        CHECK(r.max_payment > 0);
    }
    CHECK(ex.unfunded.size() + ex.rounds.size() == p.projects.size());
    for (const auto& u : ex.unfunded)
        if (u.reason == UnfundedReason::SupportersTooPoor) CHECK(u.supporters_money < u.cost);
    const auto j = ToJson(ex);
    CHECK(j.at("rounds").size() == ex.rounds.size());
    CHECK(j.at("unfunded").at(0).contains("reason"));
}

TEST_CASE("per-district tallies use each district's own budget") {
    const PbElection e = Parse("META\nkey;value\nbudget;300\nvote_type;approval\n"
                               "PROJECTS\nproject_id;cost;district\nn1;100;Nord\nn2;100;Nord\ns1;150;Sud\ns2;100;Sud\n"
                               "VOTES\nvoter_id;vote\n1;n1,s1\n2;n1,n2\n3;s1\n4;s2\n");
    std::vector<DistrictOutcome> out;
    const auto err = TallyByDistrict(e, "greedy", TallyOptions{}, {{"Nord", Decimal::FromInt(100)}, {"Sud", Decimal::FromInt(250)}}, out);
    REQUIRE_FALSE(err);
    REQUIRE(out.size() == 2);
    CHECK(out[0].district == "Nord");
    CHECK(out[0].winners == std::vector<std::string>{"n1"});
    CHECK(out[1].district == "Sud");
    CHECK(out[1].winners == std::vector<std::string>{"s1", "s2"});
    // A district without a budget is an error naming it.
    const auto missing = TallyByDistrict(e, "greedy", TallyOptions{}, {{"Nord", Decimal::FromInt(100)}}, out);
    REQUIRE(missing);
    CHECK(missing->Message("en").find("Sud") != std::string::npos);
}

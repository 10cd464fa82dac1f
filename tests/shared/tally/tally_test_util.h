// Loading the Pabulib test elections once per test binary, and the reference rule names
// of reference.json mapped to tally options (as in tests/data/pabulib/README.md).
#pragma once

#include "shared/pabulib/pabulib.h"
#include "shared/tally/tally.h"

#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <string>

namespace quartier::test {

inline std::string PabulibPath(const std::string& file) {
    return std::string(QUARTIER_TEST_DATA) + "/pabulib/" + file;
}

// An election written in the test itself.
inline PbElection Parse(const std::string& text) {
    PbElection e;
    PbError err;
    REQUIRE_MESSAGE(ReadPabulib(text, e, err), err.What());
    return e;
}

// Parsed once, kept for the whole run (Łódź is read by several test cases).
inline const PbElection& LoadElection(const std::string& file) {
    static std::map<std::string, PbElection> cache;
    auto it = cache.find(file);
    if (it != cache.end()) return it->second;
    std::ifstream in(PabulibPath(file), std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot open " << file);
    PbElection e;
    PbError err;
    REQUIRE_MESSAGE(ReadPabulib(in, e, err), file << ": " << err.What());
    return cache.emplace(file, std::move(e)).first->second;
}

inline const Profile& LoadProfile(const std::string& file) {
    static std::map<std::string, Profile> cache;
    auto it = cache.find(file);
    if (it != cache.end()) return it->second;
    Profile p;
    REQUIRE(MakeProfile(LoadElection(file), p).empty());
    return cache.emplace(file, std::move(p)).first->second;
}

// "mes_cost_sat_add1_then_greedy_cost_sat" -> rule "mes", sat cost, completion add1+greedy.
inline bool ReferenceRule(const std::string& name, std::string& rule, TallyOptions& o) {
    o = TallyOptions{};
    if (name == "seq_phragmen") {
        rule = "phragmen";
        return true;
    }
    const std::pair<const char*, Satisfaction> sats[] = {{"cost_sat", Satisfaction::Cost},
                                                         {"cardinality_sat", Satisfaction::Cardinality},
                                                         {"additive_cardinal_sat", Satisfaction::Points},
                                                         {"additive_borda_sat", Satisfaction::Borda}};
    std::string rest;
    if (name.rfind("greedy_", 0) == 0) {
        rule = "greedy";
        rest = name.substr(7);
    } else if (name.rfind("mes_", 0) == 0) {
        rule = "mes";
        rest = name.substr(4);
    } else {
        return false;
    }
    for (const auto& s : sats) {
        const std::string prefix = s.first;
        if (rest.rfind(prefix, 0) != 0) continue;
        o.sat = s.second;
        const std::string tail = rest.substr(prefix.size());
        if (rule == "greedy") return tail.empty();
        if (tail.empty()) o.completion = Completion::None;
        else if (tail == "_add1") o.completion = Completion::Add1;
        else if (tail == "_then_greedy_cost_sat") o.completion = Completion::Greedy;
        else if (tail == "_add1_then_greedy_cost_sat") o.completion = Completion::Add1Greedy;
        else if (tail == "_exhaustion_budget_increase_1pct") o.completion = Completion::Increase;
        else return false;
        return true;
    }
    return false;
}

inline std::vector<std::string> Ids(const Profile& p, const std::vector<std::int32_t>& selected) {
    std::vector<std::string> ids;
    for (auto i : selected) ids.push_back(p.projects[static_cast<size_t>(i)].id);
    return ids;
}

} // namespace quartier::test

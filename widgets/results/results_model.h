// The results widget's view-model: downloads the process's published results and its
// anonymised ballots (.pb), recounts them here with the same engine as the server, and
// holds what the charts, the rule comparison and the explanations show: with the server's
// own figures, the district map (turnout or money per district, matched to the tenant's
// district outlines) and turnout over time. No ImGui here.
#pragma once

#include "shared/geo/geo.h"
#include "shared/tally/results.h"
#include "widgets/app/api_client.h"
#include "widgets/app/map_viewport.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace quartier {

class ResultsModel {
public:
    enum class Load { Idle, Loading, Ready, Failed };
    enum class Recount { Pending, Match, Mismatch, Failed };
    enum class Tab { Projects, Compare, Explain, Map, Turnout };
    enum class Measure { Turnout, Spent }; // what the district map shows
    enum class Chart { None, Bars, Map, Turnout }; // charts that save as PNG

    // One district of the process (its projects' district column) with the server's figures.
    struct District {
        std::string key;             // as the process writes it
        std::string name;            // the tenant's name for it when matched, else key
        int shape = -1;              // index into Shapes(), -1: no outline on the map
        std::int64_t ballots = 0;    // ballots naming at least one of its projects
        double spent = 0;            // money its winners take
        int projects = 0, funded = 0;
        std::string budget;          // its own budget when the process splits it ("" otherwise)
        double Value(Measure m) const { return m == Measure::Turnout ? static_cast<double>(ballots) : spent; }
    };
    // A colour class of the map's legend: the smallest and largest value of its districts.
    struct LegendClass {
        double lo = 0, hi = 0;
        int districts = 0;
        float strength = 1.0f;       // 0..1: how dark its colour is
    };
    struct TimeBucket {
        std::string start;           // "2025-03-03" or "2025-03-03T14:00:00Z"
        std::int64_t ballots = 0;
    };

    ResultsModel(ApiClient& api, std::string lang, std::string tenant, std::string process);

    // [Commands]
    // Fetches the process, its published results and its ballots, then recounts.
    void Refresh();
    // Recounts the ballots in pb_text under rule (each district within its own budget when
    // districts_budgets, the process's {"district": "amount"}, splits it) and compares with the
    // server's winners (exposed so that tests and tools can recount without a server).
    void Analyse(const std::string& pb_text, const nlohmann::json& rule,
                 const std::vector<std::string>& server_winners,
                 const nlohmann::json& districts_budgets = nlohmann::json::object());
    void SetTab(Tab tab) { m_tab = tab; }
    void Select(const std::string& project_id) { m_selected = project_id; }
    // Reads the server's results JSON (district figures, turnout over time).
    void SetServerResults(const nlohmann::json& results);
    // Replaces the tenant's district outlines (GeoJSON FeatureCollection, code and nom).
    bool SetDistrictOutlines(const nlohmann::json& geojson);
    void SetMeasure(Measure m);
    void SelectDistrict(int index) { m_district = index; } // into Districts(), -1: none
    void HoverDistrict(int index) { m_hovered = index; }   // the view, every frame
    // Asks the view to save a chart as PNG the next time it draws it (switches to its tab).
    void RequestPng(Chart chart);
    Chart TakePngRequest(Chart drawn); // the view: returns drawn once when it was requested
    bool PngRequested(Chart chart) const { return chart != Chart::None && m_png_request == chart; }
    // The accessibility mirror: the same content as a tree, and its commands (web_a11y.h).
    nlohmann::json AccessibilityTree() const;
    bool Command(const std::string& id, const nlohmann::json& value = nullptr);

    // [State]
    Load LoadState() const { return m_load; }
    Recount RecountState() const { return m_recount; }
    Tab CurrentTab() const { return m_tab; }
    const std::string& Language() const { return m_lang; }
    const std::string& Title() const { return m_title; }
    const std::string& Selected() const { return m_selected; }
    const ElectionResults& Results() const { return m_results; }
    const std::vector<std::string>& ServerWinners() const { return m_server_winners; }
    double RecountSeconds() const { return m_recount_seconds; }
    const std::optional<FieldError>& LoadError() const { return m_error; }
    const ResultRow* Row(const std::string& id) const;

    // [District map]
    Measure CurrentMeasure() const { return m_measure; }
    const std::vector<District>& Districts() const { return m_districts; }
    int SelectedDistrict() const { return m_district; }
    int HoveredDistrict() const { return m_hovered; }
    const std::vector<MapShape>& Shapes() const { return m_shapes; }
    MapState& View() { return m_view; }
    // Legend classes for the current measure (districts with value 0 form their own class).
    const std::vector<LegendClass>& Legend() const { return m_legend; }
    // Per shape: the legend class of its district, -1 when the district has no figures.
    const std::vector<int>& ShapeClasses() const { return m_shape_class; }
    int DistrictOfShape(int shape) const;      // index into Districts(), or -1
    std::vector<std::string> Unmatched() const; // districts with no outline on the map
    std::string FormatValue(double value) const; // "312 bulletins" or "120 000 €"
    std::string LegendLabel(const LegendClass& c) const; // "120 – 312 bulletins", "0 €"
    // [Turnout over time]
    const std::vector<TimeBucket>& OverTime() const { return m_over_time; }
    bool OverTimeByDay() const { return m_by_day; }
    std::int64_t UnknownTime() const { return m_unknown_time; }
    std::string BucketLabel(const TimeBucket& b, bool short_form) const; // "3 mars", "14 h"

    // Projects funded by greedy but not Equal Shares, and the other way round.
    std::vector<std::string> OnlyGreedy() const;
    std::vector<std::string> OnlyEqualShares() const;
    // Why this project was or was not funded under Equal Shares, in plain sentences.
    std::vector<std::string> Explain(const std::string& project_id) const;

    // Sentences shared by the view and the accessibility mirror.
    std::string RecountText() const;   // the recount verdict ("" while pending or failed)
    std::string SummaryText() const;   // budget used, voters, projects funded
    std::string CompareIntro() const;  // what greedy and Equal Shares do
    std::string MapCaption() const;    // what the map shows

    nlohmann::json StateJson() const;

private:
    void MaybeShowAnnounced();
    void MaybeAnalyse();
    void Classify();
    void MatchDistricts();
    std::string Money(double amount) const;

    ApiClient& m_api;
    std::string m_lang, m_tenant, m_process;
    Load m_load = Load::Idle;
    Recount m_recount = Recount::Pending;
    Tab m_tab = Tab::Projects;
    std::string m_title, m_selected;
    int m_pending = 0;
    nlohmann::json m_rule;
    nlohmann::json m_districts_budgets = nlohmann::json::object();
    std::string m_pb_text;
    nlohmann::json m_process_json, m_results_json; // kept until the announced results are shown
    bool m_announced = false; // the server's results are shown, the recount not yet done
    std::vector<std::string> m_server_winners;
    ElectionResults m_results;
    double m_recount_seconds = 0;
    std::optional<FieldError> m_error;
    // The district map and turnout over time (the server's figures).
    Measure m_measure = Measure::Turnout;
    std::vector<District> m_districts;
    int m_district = -1, m_hovered = -1;
    std::vector<Region> m_regions;
    std::vector<MapShape> m_shapes;
    std::vector<LegendClass> m_legend;
    std::vector<int> m_shape_class;
    MapState m_view;
    std::vector<TimeBucket> m_over_time;
    bool m_by_day = true;
    std::int64_t m_unknown_time = 0;
    Chart m_png_request = Chart::None;
};

} // namespace quartier

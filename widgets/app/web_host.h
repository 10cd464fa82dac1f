// Runs one widget in the browser: the canvas, WebGL2 through GLFW, Dear ImGui's frame loop,
// resizing with the container and devicePixelRatio, and the JS API's C side
// (quartier_state, quartier_controls, quartier_resize). Web builds only.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <string>

namespace quartier {

// What the host page gave the widget (site/embed.js passes data-* attributes).
struct WidgetConfig {
    std::string widget;   // which widget (data-quartier): "map", "ballot", …
    std::string api;      // API origin, "" for the page's own
    std::string lang = "fr";
    std::string accent = "#1d4ed8";
    bool dark = false;
    // The commune (or intercommunality) on the server, e.g. "toulouse": data-tenant on the
    // element or the script tag, else the one the server serves by default (site/embed.js asks
    // it); "default" (the server's first commune) only when neither said. Every widget reads
    // its commune here.
    std::string tenant = "default";
    std::string process;  // participatory process id, when the widget needs one
    std::string token;    // a resident's sign-in token, when the host page has one
    std::string tiles;             // raster tile URL template (data-tiles), "" for none
    std::string tiles_attribution; // what the tiles' licence asks to show (data-tiles-attribution)
    double center_lat = 43.6045; // map centre (Toulouse by default)
    double center_lon = 1.4440;
    bool center_given = false;   // data-center was set: it wins over the commune's centre
    bool preview = false;        // data-preview: the console's preview of a ballot, which never votes
};

WidgetConfig ReadWidgetConfig();

// Never returns: the browser's animation loop takes over.
void RunWebWidget(const WidgetConfig& config, std::function<bool()> draw,
                  std::function<nlohmann::json()> state);

// Each widget's entry point (widgets/<name>/<name>_main.cpp), run by the module's main
// (web_main.cpp) for the widget the host page named.
int ProposalsMain();
int BallotMain();
int ResultsMain();
int ModerationMain();
int MapMain();
int ConsoleMain();

} // namespace quartier

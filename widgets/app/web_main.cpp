// The entry point of the widgets' WebAssembly modules, built once per module: residents'
// widgets (QUARTIER_RESIDENT_MODULE) and staff's (QUARTIER_STAFF_MODULE; see
// widgets/CMakeLists.txt). A page downloads and compiles a module once however many of its
// widgets it shows; each widget element gets its own instance (own memory, canvas and GLFW),
// and main runs the widget the host page named (site/embed.js passes data-quartier as
// config.widget).
#include "widgets/app/web_host.h"

#include <cstdio>
#include <cstring>

namespace {

struct WebWidget {
    const char* name; // data-quartier="…"
    int (*run)();     // widgets/<name>/<name>_main.cpp
};

const WebWidget kWidgets[] = {
#ifdef QUARTIER_STAFF_MODULE
    {"moderation", quartier::ModerationMain}, {"console", quartier::ConsoleMain},
#else
    {"proposals", quartier::ProposalsMain}, {"ballot", quartier::BallotMain},
    {"results", quartier::ResultsMain},     {"map", quartier::MapMain},
#endif
};

} // namespace

int main() {
    const std::string name = quartier::ReadWidgetConfig().widget;
    for (const WebWidget& w : kWidgets)
        if (name == w.name) return w.run();
    std::fprintf(stderr, "quartier: there is no widget named \"%s\"\n", name.c_str());
    return 1;
}

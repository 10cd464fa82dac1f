// The one entry point of the widgets' WebAssembly module. Every widget is linked into one
// module, which a page downloads and compiles once however many widgets it shows; each
// widget element gets its own instance (own memory, canvas and GLFW), and main runs the
// widget the host page named (site/embed.js passes data-quartier as config.widget).
#include "widgets/app/web_host.h"

#include <cstdio>
#include <cstring>

namespace {

struct WebWidget {
    const char* name; // data-quartier="…"
    int (*run)();     // widgets/<name>/<name>_main.cpp
};

const WebWidget kWidgets[] = {
    {"proposals", quartier::ProposalsMain}, {"ballot", quartier::BallotMain},
    {"results", quartier::ResultsMain},     {"moderation", quartier::ModerationMain},
    {"map", quartier::MapMain},             {"console", quartier::ConsoleMain},
};

} // namespace

int main() {
    const std::string name = quartier::ReadWidgetConfig().widget;
    for (const WebWidget& w : kWidgets)
        if (name == w.name) return w.run();
    std::fprintf(stderr, "quartier: there is no widget named \"%s\"\n", name.c_str());
    return 1;
}

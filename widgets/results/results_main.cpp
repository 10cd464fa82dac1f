// Entry point of the results widget (web): downloads the published results and ballots,
// recounts them in the browser, and hands the frame loop to the web host.
#include "widgets/app/api_client.h"
#include "widgets/app/web_a11y.h"
#include "widgets/app/web_host.h"
#include "widgets/results/results_model.h"
#include "widgets/results/results_view.h"

int quartier::ResultsMain() {
    using namespace quartier;
    const WidgetConfig config = ReadWidgetConfig();
    static ApiClient api(config.api, config.lang);
    static ResultsModel model(api, config.lang, config.tenant,
                              config.process.empty() ? "1" : config.process);
    model.Refresh();
    SetAccessibility([] { return model.AccessibilityTree(); },
                     [](const std::string& id, const nlohmann::json& v) { return model.Command(id, v); });
    RunWebWidget(config, [] { return DrawResults(model); }, [] { return model.StateJson(); });
    return 0;
}

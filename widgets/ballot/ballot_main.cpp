// Entry point of the ballot widget (web): loads the process named by the host page and
// hands the frame loop to the web host.
#include "widgets/app/api_client.h"
#include "widgets/app/web_a11y.h"
#include "widgets/app/web_host.h"
#include "widgets/ballot/ballot_model.h"
#include "widgets/ballot/ballot_view.h"

int quartier::BallotMain() {
    using namespace quartier;
    const WidgetConfig config = ReadWidgetConfig();
    static ApiClient api(config.api, config.lang);
    static BallotModel model(api, config.lang, config.tenant,
                             config.process.empty() ? "1" : config.process);
    model.SetPreview(config.preview);
    model.SetResidentToken(config.token);
    model.Refresh();
    SetAccessibility([] { return model.AccessibilityTree(); },
                     [](const std::string& id, const nlohmann::json& v) { return model.Command(id, v); });
    RunWebWidget(config, [] { return DrawBallot(model); }, [] { return model.StateJson(); });
    return 0;
}

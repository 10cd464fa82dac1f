// Entry point of the proposals widget (web): reads the host's configuration, loads the
// proposals and hands the frame loop to the web host.
#include "widgets/app/api_client.h"
#include "widgets/app/web_a11y.h"
#include "widgets/app/web_host.h"
#include "widgets/proposals/proposals_model.h"
#include "widgets/proposals/proposals_view.h"

int quartier::ProposalsMain() {
    using namespace quartier;
    const WidgetConfig config = ReadWidgetConfig();
    static ApiClient api(config.api, config.lang);
    static ProposalsModel model(api, config.lang, config.center_lat, config.center_lon);
    model.UseTenant(config.tenant, config.center_given);
    model.SetToken(config.token);
    model.Refresh();
    SetAccessibility([] { return model.AccessibilityTree(); },
                     [](const std::string& id, const nlohmann::json& v) { return model.Command(id, v); });
    RunWebWidget(config, [] { return DrawProposals(model); }, [] { return model.StateJson(); });
    return 0;
}

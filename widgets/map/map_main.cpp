// Entry point of the proposal map widget (web): reads the host's configuration, loads the
// tenant's districts and proposals, and hands the frame loop to the web host.
#include "widgets/app/api_client.h"
#include "widgets/app/web_a11y.h"
#include "widgets/app/web_host.h"
#include "widgets/map/map_model.h"
#include "widgets/map/map_view.h"

int quartier::MapMain() {
    using namespace quartier;
    const WidgetConfig config = ReadWidgetConfig();
    static ApiClient api(config.api, config.lang);
    static MapModel model(api, config.tenant, config.lang, config.center_lat,
                          config.center_lon);
    model.SetResidentToken(config.token);
    model.SetTiles(config.tiles, config.tiles_attribution);
    model.Refresh();
    SetAccessibility([] { return model.AccessibilityTree(); },
                     [](const std::string& id, const nlohmann::json& v) { return model.Command(id, v); });
    RunWebWidget(config, [] { return DrawMapWidget(model); }, [] { return model.StateJson(); });
    return 0;
}

// Entry point of the commune's console (web).
#include "widgets/app/api_client.h"
#include "widgets/app/web_a11y.h"
#include "widgets/app/web_host.h"
#include "widgets/console/console_model.h"
#include "widgets/console/console_view.h"

int quartier::ConsoleMain() {
    using namespace quartier;
    const WidgetConfig config = ReadWidgetConfig();
    static ApiClient api(config.api, config.lang);
    static ConsoleModel model(api, config.lang, config.tenant);
    SetAccessibility([] { return model.AccessibilityTree(); },
                     [](const std::string& id, const nlohmann::json& v) { return model.Command(id, v); });
    RunWebWidget(config, [] { return DrawConsole(model); }, [] { return model.StateJson(); });
    return 0;
}

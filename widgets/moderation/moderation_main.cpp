// Entry point of the moderation console (web).
#include "widgets/app/api_client.h"
#include "widgets/app/web_a11y.h"
#include "widgets/app/web_host.h"
#include "widgets/moderation/moderation_model.h"
#include "widgets/moderation/moderation_view.h"

int quartier::ModerationMain() {
    using namespace quartier;
    const WidgetConfig config = ReadWidgetConfig();
    static ApiClient api(config.api, config.lang);
    static ModerationModel model(api, config.lang, config.tenant);
    SetAccessibility([] { return model.AccessibilityTree(); },
                     [](const std::string& id, const nlohmann::json& v) { return model.Command(id, v); });
    RunWebWidget(config, [] { return DrawModeration(model); }, [] { return model.StateJson(); });
    return 0;
}

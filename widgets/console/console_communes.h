// The console's communes part, for an admin of the whole server (no commune of their own):
// the communes the server holds, creating one (its name, the identifier of its addresses
// suggested from the name, its time zone) and moving the console to it. An empty server has
// only "default": this is where its first admin makes the real commune. No ImGui.
#pragma once

#include "shared/error.h"
#include "widgets/console/console_session.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace quartier {

class ConsoleCommunes {
public:
    struct Commune {
        std::string slug, name, time_zone;
        std::int64_t districts = 0;
        bool archived = false;
    };

    explicit ConsoleCommunes(ConsoleSession& session) : m_s(session) {}

    // [Commands]
    void Load(); // GET /api/v1/tenants
    // The name; the identifier follows it until the admin types one of her own.
    void SetName(std::string name);
    void SetSlug(std::string slug);
    void SetTimeZone(std::string zone) { m_time_zone = std::move(zone); }
    std::string& EditName() { return m_name; }
    std::string& EditSlug() { return m_slug; }
    std::string& EditTimeZone() { return m_time_zone; }
    // The view calls it once a frame: a name typed in the canvas's field suggests its slug.
    void FollowName();
    void Create(); // POST /api/v1/tenants; the new commune is then Created()
    // The commune the admin asked to switch to ("switch-<slug>"), taken by ConsoleModel.
    std::optional<std::string> TakeSwitch() { return std::exchange(m_switch, std::nullopt); }
    bool Command(const std::string& id, const nlohmann::json& value);

    // [State]
    const std::vector<Commune>& List() const { return m_list; }
    const Commune* Find(const std::string& slug) const;
    const std::string& Created() const { return m_created; } // slug of the commune just made
    bool Loaded() const { return m_loaded; }
    bool Busy() const { return m_busy; }
    const std::optional<FieldError>& Error() const { return m_error; }
    const std::string& Notice() const { return m_notice; }
    const std::string& Language() const { return m_s.lang; }
    const std::string& Current() const { return m_s.tenant; }

    nlohmann::json StateJson() const;
    nlohmann::json A11yChildren() const;

private:
    ConsoleSession& m_s;
    std::vector<Commune> m_list;
    std::string m_name, m_slug, m_time_zone = "Europe/Paris", m_created, m_named;
    bool m_slug_typed = false, m_loaded = false, m_busy = false;
    std::optional<std::string> m_switch;
    std::optional<FieldError> m_error;
    std::string m_notice;
};

// A commune's identifier suggested from its name, as its addresses spell it (lower-case
// letters, digits and dashes, at most 63): "Saint-Martin-d’Hères" gives "saint-martin-d-heres"
// ("St-Jean" gives "saint-jean", as FoldName spells it).
std::string SlugFromName(std::string_view name);

} // namespace quartier

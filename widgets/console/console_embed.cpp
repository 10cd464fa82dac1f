// ConsoleEmbed: the two lines a commune's webmaster pastes to show a widget on its site.
#include "widgets/console/console_embed.h"

#include "shared/json_read.h"
#include "widgets/app/a11y_tree.h"
#include "widgets/app/accessible.h"
#include "widgets/app/i18n.h"
#include "widgets/app/platform.h"

namespace quartier {

const std::vector<std::string>& ConsoleEmbed::Widgets() {
    static const std::vector<std::string> kWidgets = {"proposals", "map", "ballot", "results"};
    return kWidgets;
}

std::string ConsoleEmbed::WidgetLabel(const std::string& widget, const std::string& lang) {
    if (widget == "proposals") return Tr(lang, "Propositions des habitants");
    if (widget == "map") return Tr(lang, "Carte des propositions");
    if (widget == "ballot") return Tr(lang, "Bulletin de vote");
    if (widget == "results") return Tr(lang, "Résultats");
    return widget;
}

void ConsoleEmbed::Load() {
    m_s.api.Get(m_s.TenantPath(), [this](const ApiResult& r) {
        if (r.Ok()) m_accent = JsonOr(r.body, "accent", "");
    });
    m_s.api.Get(m_s.TenantPath() + "/processes", [this](const ApiResult& r) {
        if (!r.Ok()) return;
        m_processes.clear();
        const auto items = r.body.is_object() ? JsonOr(r.body, "items", nlohmann::json::array()) : r.body;
        for (const auto& p : items)
            if (p.is_object()) m_processes.emplace_back(JsonOr(p, "id", ""), JsonOr(p, "title", ""));
        if (m_process.empty() && !m_processes.empty()) m_process = m_processes.front().first;
    }, m_s.token);
}

std::string ConsoleEmbed::Code() const {
    // The attributes' values are the commune's slug, a language and a budget's id: no quote
    // nor angle bracket can reach them (the server's patterns), so nothing to escape.
    std::string div = "<div data-quartier=\"" + m_widget + "\" data-tenant=\"" + m_s.tenant + "\" data-lang=\"" + m_lang + "\"";
    if (NeedsProcess() && !m_process.empty()) div += " data-process=\"" + m_process + "\"";
    if (!m_accent.empty()) div += " data-accent=\"" + m_accent + "\""; // checked #rrggbb by the server
    div += "></div>";
    return "<script src=\"" + m_s.api.BaseUrl() + "/embed.js\" defer></script>\n" + div;
}

void ConsoleEmbed::Copy() {
    CopyToClipboard(Code());
    m_notice = Tr(m_s.lang, "Code copié : collez-le dans la page de votre site.");
}

nlohmann::json ConsoleEmbed::A11yChildren() const {
    const std::string& lang = m_s.lang;
    nlohmann::json out = nlohmann::json::array();
    std::vector<a11y::Option> widgets;
    for (const auto& w : Widgets()) widgets.push_back({w, WidgetLabel(w, lang)});
    out.push_back(a11y::Select("embed-widget", Tr(lang, "Module"), widgets, m_widget));
    out.push_back(a11y::Select("embed-language", Tr(lang, "Langue"), {{"fr", "Français"}, {"en", "English"}, {"es", "Español"}}, m_lang));
    if (NeedsProcess()) {
        std::vector<a11y::Option> processes;
        for (const auto& [id, title] : m_processes) processes.push_back({id, title});
        out.push_back(a11y::Select("embed-process", Tr(lang, "Budget participatif"), processes, m_process));
    }
    out.push_back(a11y::Text(Code()));
    out.push_back(a11y::Button("copy", Tr(lang, "Copier le code")));
    out.push_back(a11y::Status("embed-status", m_notice));
    return out;
}

bool ConsoleEmbed::Command(const std::string& id, const nlohmann::json& value) {
    const std::string v = a11y::ValueText(value);
    if (id == "embed-widget") return SetWidget(v), true;
    if (id == "embed-language") return SetLanguage(v), true;
    if (id == "embed-process") return SetProcess(v), true;
    if (id == "copy") return Copy(), true;
    return false;
}

nlohmann::json ConsoleEmbed::StateJson() const {
    return {{"widget", m_widget}, {"language", m_lang}, {"process", m_process}, {"code", Code()}, {"notice", m_notice}};
}

} // namespace quartier

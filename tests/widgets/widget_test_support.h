// What widget tests share: a small HTTP stand-in served on a free loopback port (for API
// shapes the tests control), and a headless ImGui context with the real theme and font
// atlas that runs frames and clicks named controls as a person would.
#pragma once

#include "widgets/app/theme.h"
#include "widgets/app/ui.h"

#include <doctest/doctest.h>
#include <httplib.h>
#include <imgui.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>

namespace quartier::testing {

// Register routes on Http() in the constructor of a subclass or before Start().
class StandIn {
public:
    ~StandIn() {
        m_http.stop();
        if (m_thread.joinable()) m_thread.join();
    }
    httplib::Server& Http() { return m_http; }
    void Start() {
        m_port = m_http.bind_to_any_port("127.0.0.1");
        m_thread = std::thread([this] { m_http.listen_after_bind(); });
        while (!m_http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    std::string Url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

private:
    httplib::Server m_http;
    int m_port = 0;
    std::thread m_thread;
};

// A headless frame loop around draw(); width and height in CSS pixels.
class HeadlessUi {
public:
    HeadlessUi(float width, float height, float scale, std::function<void()> draw)
        : m_scale(scale), m_draw(std::move(draw)) {
        CreateHeadlessContext(width, height, scale);
    }
    ~HeadlessUi() { ImGui::DestroyContext(); }
    HeadlessUi(const HeadlessUi&) = delete;
    HeadlessUi& operator=(const HeadlessUi&) = delete;

    void Frame() {
        ImGui::NewFrame();
        ClearControls();
        m_draw();
        ImGui::Render();
    }
    // Named controls of the last frame, in CSS pixels.
    nlohmann::json Controls() const { return ControlsJson(m_scale); }
    // Moves the mouse onto a control, presses and releases it over three frames.
    void Click(const std::string& id) {
        const auto c = ControlsJson(1.0f);
        REQUIRE_MESSAGE(c.contains(id), "no control named " << id);
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = ImVec2(c[id]["x"].get<float>() + c[id]["w"].get<float>() / 2,
                             c[id]["y"].get<float>() + c[id]["h"].get<float>() / 2);
        Frame();
        io.MouseDown[0] = true;
        Frame();
        io.MouseDown[0] = false;
        Frame();
    }
    void Type(char c) {
        ImGui::GetIO().AddInputCharacter(static_cast<unsigned>(c));
        Frame();
    }

private:
    float m_scale;
    std::function<void()> m_draw;
};

// Every text a screen reader would read in an accessible tree (the mirror), in order.
inline void CollectSpoken(const nlohmann::json& node, std::string& out) {
    for (const char* key : {"text", "label", "value", "error"})
        if (node.contains(key) && node[key].is_string()) out += node[key].get<std::string>() + "\n";
    if (node.contains("children"))
        for (const auto& c : node["children"]) CollectSpoken(c, out);
}
inline std::string Spoken(const nlohmann::json& tree) {
    std::string out;
    CollectSpoken(tree, out);
    return out;
}
// The node of an accessible tree with that id (a control, a live region), or null.
inline nlohmann::json FindNode(const nlohmann::json& node, const std::string& id) {
    if (node.contains("id") && node["id"] == id) return node;
    if (node.contains("children"))
        for (const auto& c : node["children"])
            if (auto found = FindNode(c, id); !found.is_null()) return found;
    return nullptr;
}

} // namespace quartier::testing

// The browser host of a widget: GLFW window on the module's canvas, ImGui backends, the
// frame loop, and the exported functions behind window.quartier.widgets[i].
#include "widgets/app/web_host.h"

#include "shared/i18n.h"
#include "shared/json_read.h"

#include "widgets/app/platform.h"
#include "widgets/app/text_field.h"
#include "widgets/app/theme.h"
#include "widgets/app/touch.h"
#include "widgets/app/ui.h"

#include <emscripten/emscripten.h>
#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace quartier {

namespace {

struct Host {
    GLFWwindow* window = nullptr;
    ThemeOptions theme;
    std::function<bool()> draw;
    std::function<nlohmann::json()> state;
    double css_w = 640, css_h = 480; // the canvas's CSS box, fractional as the page lays it out
    float dpr = 1.0f;
    bool size_dirty = true;
    std::string state_buffer, controls_buffer, frames_buffer;
};
Host g_host;

// [Drawing on demand] The browser's animation loop runs while frames are wanted (until
// active_until, in performance.now() seconds) and is paused otherwise; a one-second beat wakes
// it for a single frame (the widgets' clocks), and RequestFrames() from any input, answer or
// animation resumes it at once.
struct Demand {
    double active_until = 0; // seconds
    int owed = 2;            // frames to draw whatever the time (the first ones, a beat)
    bool paused = false;
    bool beat_pending = false;
};
Demand g_demand;
constexpr double kBeatMs = 1000.0;

void Resume() {
    if (!g_demand.paused) return;
    g_demand.paused = false;
    emscripten_resume_main_loop();
}

void Beat(void*) {
    g_demand.beat_pending = false;
    if (!g_demand.paused) return;
    g_demand.owed = std::max(g_demand.owed, 1);
    Resume();
}

// Whether this animation frame should be drawn; pauses the loop (and sets the beat) when not.
bool FrameWanted() {
    Demand& d = g_demand;
    const double now = emscripten_get_now() / 1000.0;
    // Something held or being dragged keeps drawing: a pressed button, a slider, a pan.
    const ImGuiContext* ctx = ImGui::GetCurrentContext();
    const bool busy = ctx && (ImGui::IsAnyItemActive() || ImGui::IsMouseDown(0) || ImGui::IsMouseDown(1));
    if (busy) d.active_until = std::max(d.active_until, now + 0.1);
    if (d.owed > 0 || now < d.active_until) {
        if (d.owed > 0) --d.owed;
        return true;
    }
    d.paused = true;
    emscripten_pause_main_loop();
    if (!d.beat_pending) {
        d.beat_pending = true;
        emscripten_async_call(Beat, nullptr, static_cast<int>(kBeatMs));
    }
    return false;
}

// Input reaches GLFW through its own listeners; these only wake the loop. Keys come to the
// canvas (embed.js gives GLFW's window key listeners to it); a press that ends outside the
// canvas ends on the window.
EM_JS(void, JsListenForInput, (), {
    var canvas = Module["canvas"];
    var wake = function () { Module["_quartier_wake"](); };
    ["mousemove", "mousedown", "mouseup", "wheel", "keydown", "keyup", "keypress", "focus", "blur", "mouseleave",
     "mouseenter", "pointerdown", "pointerup"].forEach(function (type) {
        canvas.addEventListener(type, wake, { passive: true });
    });
    window.addEventListener("mouseup", wake, { passive: true });
});

// How long each frame's work takes on the page's thread (events, the widget's draw, ImGui's
// render, the WebGL calls; not the GPU's own time), for benches and diagnostics: the last
// 256 frames, and when the first frame was done (performance.now() clock).
struct FrameTimes {
    static constexpr int kKept = 256;
    double ms[kKept] = {};
    long long count = 0;
    double first_done_at = -1;
};
FrameTimes g_frames;

// Fingers, as site/embed.js reports them (GLFW sees none of them): one finger is the mouse,
// two make a pinch. A tap shorter than a frame still gives ImGui one frame down, one up.
struct Touches {
    bool owns_mouse = false; // a touch is driving ImGui's mouse
    bool down = false;
    bool press_pending = false, release_pending = false;
    bool no_click = false;   // the gesture became a pinch: its release must not click
    bool pinched = false;    // ignore fingers until all are up after a pinch
    float x = 0, y = 0;      // device pixels
    int hover_frames = 0;    // frames the pointer hovered before the press
};
Touches g_touch;

void ApplyTouches() {
    Touches& t = g_touch;
    if (!t.owns_mouse) return;
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(t.x, t.y);
    io.MouseDown[0] = t.down;
    if (t.press_pending) {
        // A finger lands where the pointer was not: one frame to hover there first, as a
        // mouse would have (ImGui gives a press to what was hovered).
        if (t.hover_frames++ < 1) return;
        t.press_pending = false;
        t.hover_frames = 0;
        t.down = true;
    } else if (t.release_pending) {
        t.release_pending = false;
        t.down = false;
        if (t.no_click) io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX); // released nowhere: no click
        t.owns_mouse = false;
        t.no_click = false;
    }
    io.MouseDown[0] = t.down;
}

// The text overlay's host side: calls into Module.quartierOverlay (site/embed.js).
EM_JS(void, JsOverlayOpen, (float x, float y, float w, float h, const char* value, int multiline, int numeric,
                            const char* label, float font, int code, int secret), {
    if (Module["quartierOverlay"])
        Module["quartierOverlay"].open(x, y, w, h, UTF8ToString(value), !!multiline, !!numeric, UTF8ToString(label), font,
                                       !!code, !!secret);
});
EM_JS(void, JsOverlayMove, (float x, float y, float w, float h), {
    if (Module["quartierOverlay"]) Module["quartierOverlay"].move(x, y, w, h);
});
EM_JS(void, JsOverlayClose, (), {
    if (Module["quartierOverlay"]) Module["quartierOverlay"].close();
});
void OverlayOpen(float x, float y, float w, float h, const std::string& value, bool multiline, bool numeric,
                 const std::string& label, float font, bool code, bool secret) {
    JsOverlayOpen(x, y, w, h, value.c_str(), multiline, numeric, label.c_str(), font, code, secret);
}
const TextOverlayHooks kWebOverlay{OverlayOpen, JsOverlayMove, JsOverlayClose};

// Sizes the canvas's backing store in device pixels through Emscripten's Browser, whose
// resize listeners keep GLFW's window in step. Not glfwSetWindowSize: a size equal to the
// screen's (a 360×640 widget on a 360×640 phone) makes it request fullscreen instead, which
// fails outside a user gesture and left the canvas at 640×480, stretched.
EM_JS(void, JsSetCanvasSize, (int w, int h), {
    Browser.setCanvasSize(w, h);
});

// [GL state] ImGui's OpenGL backend reads back the blend functions, the viewport and the
// scissor box every frame (to restore them after drawing). WebGL answers those through a
// synchronous round trip to the GPU process, which first finishes every command queued
// before it: eight stalls a frame in which the page's thread waits for the GPU to catch up
// (Chromium's trace: CommandBufferHelper::Finish under the widget's frame). The widget is the
// context's only user, so the context keeps its own copy of that state, set where it is
// changed, and answers the reads from it.
EM_JS(void, JsShadowGlState, (), {
    var gl = GLctx;
    if (!gl || gl.quartierShadow) return;
    var get = gl.getParameter.bind(gl);
    var shadow = {};
    [gl.BLEND_SRC_RGB, gl.BLEND_DST_RGB, gl.BLEND_SRC_ALPHA, gl.BLEND_DST_ALPHA, gl.BLEND_EQUATION_RGB,
     gl.BLEND_EQUATION_ALPHA, gl.VIEWPORT, gl.SCISSOR_BOX].forEach(function (k) { shadow[k] = get(k); });
    gl.quartierShadow = shadow;
    gl.getParameter = function (k) {
        var v = shadow[k];
        if (v === undefined) return get(k);
        return v instanceof Int32Array ? new Int32Array(v) : v;
    };
    var wrap = function (name, after) {
        var f = gl[name].bind(gl);
        gl[name] = function () { f.apply(null, arguments); after.apply(null, arguments); };
    };
    wrap("blendFunc", function (s, d) {
        shadow[gl.BLEND_SRC_RGB] = shadow[gl.BLEND_SRC_ALPHA] = s;
        shadow[gl.BLEND_DST_RGB] = shadow[gl.BLEND_DST_ALPHA] = d;
    });
    wrap("blendFuncSeparate", function (sr, dr, sa, da) {
        shadow[gl.BLEND_SRC_RGB] = sr; shadow[gl.BLEND_DST_RGB] = dr;
        shadow[gl.BLEND_SRC_ALPHA] = sa; shadow[gl.BLEND_DST_ALPHA] = da;
    });
    wrap("blendEquation", function (m) { shadow[gl.BLEND_EQUATION_RGB] = shadow[gl.BLEND_EQUATION_ALPHA] = m; });
    wrap("blendEquationSeparate", function (r, a) {
        shadow[gl.BLEND_EQUATION_RGB] = r; shadow[gl.BLEND_EQUATION_ALPHA] = a;
    });
    wrap("viewport", function (x, y, w, h) { shadow[gl.VIEWPORT] = new Int32Array([x, y, w, h]); });
    wrap("scissor", function (x, y, w, h) { shadow[gl.SCISSOR_BOX] = new Int32Array([x, y, w, h]); });
});

EM_JS(char*, QuartierConfigJson, (), {
    var c = Module["quartierConfig"] || {};
    var s = JSON.stringify(c);
    var n = lengthBytesUTF8(s) + 1;
    var p = _malloc(n);
    stringToUTF8(s, p, n);
    return p;
});

// Emscripten's GLFW passes the browser's wheel deltas as they are (pixels, positive when
// scrolling down); ImGui wants notches, positive up. 100 pixels make one notch.
void OnScroll(GLFWwindow*, double dx, double dy) {
    ImGuiIO& io = ImGui::GetIO();
    io.MouseWheelH += static_cast<float>(-dx / 100.0);
    io.MouseWheel += static_cast<float>(-dy / 100.0);
}

// [Offscreen layers] (platform.h) Drawn at the start of the frame's picture, each into its
// framebuffer, with ImGui's own renderer.
struct OffscreenJob {
    ImDrawList* list;
    unsigned framebuffer;
    float x, y;
    int w, h;
};
std::vector<OffscreenJob> g_offscreen;

void RenderOffscreenJobs() {
    for (OffscreenJob& j : g_offscreen) {
        ImDrawData data;
        data.Valid = true;
        data.CmdLists = &j.list;
        data.CmdListsCount = 1;
        data.TotalVtxCount = j.list->VtxBuffer.Size;
        data.TotalIdxCount = j.list->IdxBuffer.Size;
        data.DisplayPos = ImVec2(j.x, j.y);
        data.DisplaySize = ImVec2(static_cast<float>(j.w), static_cast<float>(j.h));
        data.FramebufferScale = ImVec2(1, 1);
        glBindFramebuffer(GL_FRAMEBUFFER, j.framebuffer);
        glViewport(0, 0, j.w, j.h);
        glClearColor(0, 0, 0, 0);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(&data);
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
    }
    g_offscreen.clear();
}

void Frame() {
    if (!FrameWanted()) return;
    const double start = emscripten_get_now();
    Host& h = g_host;
    if (h.size_dirty) {
        h.size_dirty = false;
        if (std::fabs(h.theme.scale - h.dpr) > 0.01f) {
            h.theme.scale = h.dpr;
            ApplyTheme(h.theme);
            ImGui_ImplOpenGL3_DestroyFontsTexture();
            ImGui_ImplOpenGL3_CreateFontsTexture();
        }
    }
    glfwPollEvents();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ApplyTouches();
    ImGui::NewFrame();
    ClearControls();
    h.draw();
    EndTextFieldsFrame();
    ImGui::Render();
    RenderOffscreenJobs();
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(h.window, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    const double end = emscripten_get_now();
    FrameTimes& f = g_frames;
    f.ms[f.count % FrameTimes::kKept] = end - start;
    if (f.count++ == 0) f.first_done_at = end;
}

} // namespace

bool OffscreenLayers() { return true; }

unsigned RenderOffscreen(OffscreenLayer& layer, ImDrawList* list, float x, float y, int width, int height) {
    if (!layer.texture) {
        glGenTextures(1, &layer.texture);
        glGenFramebuffers(1, &layer.framebuffer);
    }
    if (layer.width != width || layer.height != height) {
        GLint bound = 0;
        glGetIntegerv(GL_TEXTURE_BINDING_2D, &bound);
        glBindTexture(GL_TEXTURE_2D, layer.texture);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(bound));
        glBindFramebuffer(GL_FRAMEBUFFER, layer.framebuffer);
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, layer.texture, 0);
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        layer.width = width;
        layer.height = height;
    }
    g_offscreen.push_back({list, layer.framebuffer, x, y, width, height});
    return layer.texture;
}

void RequestFrames(double seconds) {
    Demand& d = g_demand;
    d.active_until = std::max(d.active_until, emscripten_get_now() / 1000.0 + seconds);
    d.owed = std::max(d.owed, 2); // at least two: ImGui settles hovers and sizes over two
    Resume();
}

// The catalog of the widget's language (po/, fetched by embed.js beside the module), as a
// copy in the module's memory; nullptr when the page gave none (French, or it failed: the
// widget then reads French… or English, had one been given).
EM_JS(char*, QuartierCatalogBytes, (int* size), {
    var c = Module["quartierCatalog"];
    if (!c || !c.length) return 0;
    var p = _malloc(c.length);
    HEAPU8.set(c, p);
    HEAP32[size >> 2] = c.length;
    return p;
});

static void LoadCatalogOnce() {
    static bool loaded = false;
    if (loaded) return;
    loaded = true;
    int size = 0;
    char* bytes = QuartierCatalogBytes(&size);
    if (!bytes) return;
    std::string error;
    auto catalog = Catalog::FromMo(std::string(bytes, static_cast<std::size_t>(size)), &error);
    std::free(bytes);
    if (!catalog) {
        std::fprintf(stderr, "quartier: the catalog cannot be read (%s)\n", error.c_str());
        return;
    }
    const std::string lang = catalog->Language().empty() ? "en" : catalog->Language();
    AddCatalog(lang, std::move(catalog));
}

WidgetConfig ReadWidgetConfig() {
    LoadCatalogOnce();
    char* raw = QuartierConfigJson();
    const auto j = nlohmann::json::parse(raw, nullptr, false);
    std::free(raw);
    WidgetConfig c;
    if (!j.is_object()) return c;
    c.widget = JsonOr(j, "widget", c.widget);
    c.api = JsonOr(j, "api", c.api);
    c.lang = JsonOr(j, "lang", c.lang);
    c.accent = JsonOr(j, "accent", c.accent);
    c.dark = JsonOr(j, "theme", std::string()) == "dark";
    if (const std::string tenant = JsonOr(j, "tenant", std::string()); !tenant.empty()) c.tenant = tenant;
    c.process = JsonOr(j, "process", c.process);
    c.token = JsonOr(j, "token", c.token);
    c.tiles = JsonOr(j, "tiles", c.tiles);
    c.tiles_attribution = JsonOr(j, "tiles_attribution", c.tiles_attribution);
    c.preview = JsonOr(j, "preview", false);
    if (j.contains("center") && j["center"].is_array() && j["center"].size() == 2 &&
        j["center"][0].is_number() && j["center"][1].is_number()) {
        c.center_lat = j["center"][0].get<double>();
        c.center_lon = j["center"][1].get<double>();
        c.center_given = true;
    }
    return c;
}

void RunWebWidget(const WidgetConfig& config, std::function<bool()> draw,
                  std::function<nlohmann::json()> state) {
    Host& h = g_host;
    h.draw = std::move(draw);
    h.state = std::move(state);
    h.theme.accent = config.accent;
    h.theme.dark = config.dark;
    h.dpr = static_cast<float>(emscripten_get_device_pixel_ratio());
    h.theme.scale = h.dpr;

    if (!glfwInit()) {
        std::fprintf(stderr, "quartier: GLFW could not start\n");
        return;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    h.window = glfwCreateWindow(static_cast<int>(std::lround(h.css_w * h.dpr)),
                                static_cast<int>(std::lround(h.css_h * h.dpr)), "Quartier", nullptr, nullptr);
    if (!h.window) {
        std::fprintf(stderr, "quartier: WebGL2 is not available\n");
        return;
    }
    glfwMakeContextCurrent(h.window);
    JsShadowGlState();

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    ApplyTheme(h.theme);
    ImGui_ImplGlfw_InitForOpenGL(h.window, true);
    SetTextOverlayHooks(&kWebOverlay);
    glfwSetScrollCallback(h.window, OnScroll);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    JsListenForInput();
    RequestFrames();
    emscripten_set_main_loop(Frame, 0, true);
}

} // namespace quartier

// [SECTION] The JS API's C side (site/embed.js wraps these; see docs/embedding.md).
extern "C" {

// Input on the canvas, or anything else that may change what the widget shows (embed.js).
EMSCRIPTEN_KEEPALIVE void quartier_wake() { quartier::RequestFrames(); }

// Frames drawn so far: embed.js reads the accessibility tree again only after one was.
EMSCRIPTEN_KEEPALIVE double quartier_frame_count() { return static_cast<double>(quartier::g_frames.count); }

// 1 once the widget runs (main found it and WebGL2 started), for embed.js to tell.
EMSCRIPTEN_KEEPALIVE int quartier_running() { return quartier::g_host.window ? 1 : 0; }

EMSCRIPTEN_KEEPALIVE const char* quartier_state() {
    auto& h = quartier::g_host;
    h.state_buffer = h.state ? h.state().dump() : "null";
    return h.state_buffer.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* quartier_controls() {
    auto& h = quartier::g_host;
    h.controls_buffer = quartier::ControlsJson(h.dpr).dump();
    return h.controls_buffer.c_str();
}

// Frame timings (see FrameTimes): {"count", "first_done_at", "recent_ms": [oldest … newest]}.
EMSCRIPTEN_KEEPALIVE const char* quartier_frames() {
    const auto& f = quartier::g_frames;
    nlohmann::json recent = nlohmann::json::array();
    const long long kept = f.count < f.kKept ? f.count : f.kKept;
    for (long long i = f.count - kept; i < f.count; ++i) recent.push_back(std::round(f.ms[i % f.kKept] * 1000) / 1000);
    auto& h = quartier::g_host;
    h.frames_buffer = nlohmann::json{{"count", f.count}, {"first_done_at", f.first_done_at}, {"recent_ms", recent}}.dump();
    return h.frames_buffer.c_str();
}

// Fingers on the canvas (embed.js): how many, and the first two in CSS pixels; count −1:
// the gesture was taken by the page (a scroll), so whatever it pressed is let go unclicked.
EMSCRIPTEN_KEEPALIVE void quartier_touch(int count, double x0, double y0, double x1, double y1) {
    quartier::RequestFrames();
    auto& t = quartier::g_touch;
    const float dpr = quartier::g_host.dpr;
    auto& pinch = quartier::CurrentPinch();
    if (count < 0) {
        pinch.active = false;
        t.pinched = false;
        t.hover_frames = 0;
        if (t.owns_mouse) {
            t.press_pending = false;
            t.release_pending = true;
            t.no_click = true;
        }
        return;
    }
    if (count >= 2) {
        pinch.active = true;
        pinch.center_x = static_cast<float>((x0 + x1) / 2 * dpr);
        pinch.center_y = static_cast<float>((y0 + y1) / 2 * dpr);
        pinch.distance = static_cast<float>(std::hypot(x1 - x0, y1 - y0) * dpr);
        if (t.owns_mouse && !t.release_pending) {
            t.release_pending = true;
            t.no_click = true;
        }
        t.pinched = true;
        return;
    }
    pinch.active = false;
    if (count == 1) {
        if (t.pinched) return;
        t.x = static_cast<float>(x0 * dpr);
        t.y = static_cast<float>(y0 * dpr);
        if (!t.owns_mouse || t.release_pending) {
            t.owns_mouse = true;
            t.press_pending = true;
            t.release_pending = false;
            t.no_click = false;
        }
        return;
    }
    // No finger left.
    if (t.owns_mouse) t.release_pending = true;
    t.pinched = false;
}

// Whether a finger moving by dy (CSS px, > 0 downwards) at (x, y) would scroll something
// inside the widget (a list not yet at its end that way), as of the last frame: embed.js
// then gives the gesture to the widget rather than to the page.
EMSCRIPTEN_KEEPALIVE int quartier_can_scroll(double x, double y, double dy) {
    ImGuiContext* ctx = ImGui::GetCurrentContext();
    if (!ctx) return 0;
    const float dpr = quartier::g_host.dpr;
    const ImVec2 p(static_cast<float>(x * dpr), static_cast<float>(y * dpr));
    for (ImGuiWindow* w : ctx->Windows) {
        if (!w->WasActive || w->Hidden || w->ScrollMax.y <= 0.5f || !w->InnerRect.Contains(p)) continue;
        if (dy > 0 && w->Scroll.y > 0.5f) return 1;                 // content can come down
        if (dy < 0 && w->Scroll.y < w->ScrollMax.y - 0.5f) return 1; // more below
    }
    return 0;
}

// The text overlay's element changed (the whole text) or was left (see text_field.h).
EMSCRIPTEN_KEEPALIVE void quartier_text_input(const char* value) {
    quartier::TextOverlayInput(value ? value : "");
    quartier::RequestFrames();
}
EMSCRIPTEN_KEEPALIVE void quartier_text_closed(int how) {
    quartier::TextOverlayClosed(how);
    quartier::RequestFrames();
}

// Called by embed.js whenever the canvas's CSS box or the devicePixelRatio changes, with
// the box's exact (fractional) size: the backing store is that size × the ratio, so that
// no frame is resampled on its way to the screen.
EMSCRIPTEN_KEEPALIVE void quartier_resize(double css_w, double css_h, double dpr) {
    auto& h = quartier::g_host;
    h.css_w = css_w >= 1 ? css_w : 1;
    h.css_h = css_h >= 1 ? css_h : 1;
    h.dpr = dpr > 0.5 ? static_cast<float>(dpr) : 1.0f;
    // The backing store follows at once; the fonts follow the pixel ratio at the next frame.
    // embed.js then restores the canvas's CSS size, which Emscripten clears when it resizes.
    if (h.window)
        quartier::JsSetCanvasSize(static_cast<int>(std::lround(h.css_w * h.dpr)),
                                  static_cast<int>(std::lround(h.css_h * h.dpr)));
    h.size_dirty = true;
    quartier::RequestFrames();
}
}

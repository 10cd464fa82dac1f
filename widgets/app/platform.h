// The one platform seam: what differs between the browser (Emscripten) and native builds
// (headless tests). widgets/CMakeLists.txt picks platform_web.cpp or platform_native.cpp;
// widget code never tests __EMSCRIPTEN__.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

struct ImDrawList;

namespace quartier {

struct HttpResult {
    int status = 0;      // 0 when the request never got an answer (network down, refused)
    std::string body;
};

using HttpCallback = std::function<void(const HttpResult&)>;

// Starts an HTTP request. The callback runs later, from PumpPlatformEvents (native) or the
// browser's event loop between frames (web) — never inside this call.
void HttpFetch(const std::string& method, const std::string& url, const std::string& body,
               std::vector<std::pair<std::string, std::string>> headers, HttpCallback done);

// Delivers finished requests' callbacks (native); a no-op on the web.
void PumpPlatformEvents();

// Seconds since an arbitrary start, for animations and timestamps.
double NowSeconds();

// [Frames] A widget draws only when something can have changed (issue 15): input, a network
// answer, a resize, then for a moment after (kFramesAfterEvent) so that hovers and layouts
// settle; idle, it draws one frame a second (its clocks: countdowns, undo windows, refreshes).
// An animation or a progress bar asks for frames for as long as it moves. The web host runs
// the loop (web_host.cpp); native builds draw when tests say and ignore this.
constexpr double kFramesAfterEvent = 1.0; // seconds of frames after each input or answer
void RequestFrames(double seconds = kFramesAfterEvent);

// Tells the host page that something happened: a "quartier:NAME" DOM event bubbling from
// the widget's element, with detail as its detail (never anything secret or personal).
// Native builds keep them for tests: TakeEvents() returns and forgets them.
void EmitEvent(const std::string& name, const std::string& detail_json);
std::vector<std::pair<std::string, std::string>> TakeEvents();

// n random bytes as lowercase hex, from the system's secure source (crypto.getRandomValues
// in the browser): request ids that make retries idempotent.
std::string RandomHex(int n);

// [Images] Raster map tiles (widgets/app/map_tiles.h): loads url as a GPU texture usable as
// an ImTextureID; done(texture, width, height) runs later (as HttpFetch's callbacks do),
// texture 0 when it failed. The web build loads an <img> and uploads it to a WebGL texture
// registered in Emscripten's GL table. Native builds load nothing: they record the URL and
// answer with a made-up texture id, so that tests see what was asked and what was freed.
using ImageCallback = std::function<void(unsigned texture, int width, int height)>;
void LoadImageTexture(const std::string& url, ImageCallback done);
void FreeImageTexture(unsigned texture);
// Native only (empty and 0 on the web): URLs asked since the last call; textures not freed.
std::vector<std::string> TakeImageRequests();
int LiveImageTextures();

// Saves a rectangle of the widget's canvas (device pixels from its top-left corner) as a PNG
// download named filename, read once the frame being drawn is on the canvas. Native builds
// keep the requests for tests: TakeSavedImages() returns and forgets them.
struct SavedImage {
    std::string filename;
    int x = 0, y = 0, width = 0, height = 0;
};
void SaveCanvasPng(const std::string& filename, int x, int y, int width, int height);
std::vector<SavedImage> TakeSavedImages();

// [Files] The console's files. PickFile opens the browser's file chooser (call it from a
// click: browsers open choosers only shortly after a user's gesture), accept as in <input
// accept> (".csv,text/csv"); done(name, bytes) runs later with the chosen file, or with
// cancelled = true when the person closed the chooser. Native builds answer with the file a
// test set beforehand (SetNextPickedFile), else as cancelled.
struct PickedFile {
    bool cancelled = false;
    std::string name;  // as on the person's disk ("recensement.csv")
    std::string bytes; // the whole file
};
using FileCallback = std::function<void(const PickedFile&)>;
void PickFile(const std::string& accept, FileCallback done);
void SetNextPickedFile(std::string name, std::string bytes); // native tests only

// Gives the person a document the widget holds: as a download named filename, or, when open
// is set, opened in a new tab (letters to print: HTML the server made for a signed-in staff
// member, fetched with their token, which a plain link could not carry). Native builds keep
// them for tests: TakeSavedFiles() returns and forgets them.
struct SavedFile {
    std::string filename, mime, bytes;
    bool open = false;
};
void SaveFile(const std::string& filename, const std::string& mime, const std::string& bytes,
              bool open = false);
std::vector<SavedFile> TakeSavedFiles();

// Copies text to the clipboard (the embed code). Native builds keep it for tests:
// TakeClipboard() returns and forgets it.
void CopyToClipboard(const std::string& text);
std::string TakeClipboard();

// [Offscreen layers] A picture drawn once into a texture and shown again for as long as it
// holds (the map's base while it is panned: widgets/app/map.cpp), so that a frame costs one
// image instead of every outline and marker. The web host has them; native builds do not
// (OffscreenLayers() false): callers then draw straight into the window, as before.
struct OffscreenLayer {
    unsigned texture = 0, framebuffer = 0;
    int width = 0, height = 0; // device pixels
};
bool OffscreenLayers();
// Draws list (screen coordinates, its top-left corner at x, y) into layer's texture of
// width × height device pixels, before this frame's picture; returns the texture as an
// ImTextureID value, upside down as GL keeps it (show it with uv (0,1)–(1,0)). list must live
// until the frame is drawn.
unsigned RenderOffscreen(OffscreenLayer& layer, ImDrawList* list, float x, float y, int width, int height);

} // namespace quartier

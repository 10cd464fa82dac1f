// Native side of the platform seam, for tests: HTTP through httplib's client (done
// synchronously, delivered at the next PumpPlatformEvents, as the browser would).
#include "widgets/app/open_url.h"
#include "widgets/app/platform.h"

#include <httplib.h>

#include <chrono>
#include <deque>
#include <optional>
#include <random>
#include <utility>
#include <regex>

namespace quartier {

namespace {
std::deque<std::pair<HttpCallback, HttpResult>> g_done;
std::vector<std::string> g_image_requests;
std::deque<std::pair<ImageCallback, unsigned>> g_images_done;
unsigned g_next_texture = 1;
std::optional<PickedFile> g_next_file;
std::deque<std::pair<FileCallback, PickedFile>> g_files_done;
std::vector<SavedFile> g_saved_files;
std::string g_clipboard;
int g_live_textures = 0;
} // namespace

void HttpFetch(const std::string& method, const std::string& url, const std::string& body,
               std::vector<std::pair<std::string, std::string>> headers, HttpCallback done) {
    static const std::regex kUrl(R"(^(https?://[^/]+)(/.*)?$)");
    std::smatch m;
    HttpResult result;
    if (std::regex_match(url, m, kUrl)) {
        httplib::Client client(m[1].str());
        client.set_connection_timeout(5);
        httplib::Headers h;
        std::string content_type = "application/json";
        for (auto& [k, v] : headers) {
            if (k == "Content-Type") content_type = v;
            else h.emplace(k, v);
        }
        const std::string path = m[2].matched ? m[2].str() : "/";
        httplib::Result r = method == "POST" ? client.Post(path, h, body, content_type)
                          : method == "PUT"  ? client.Put(path, h, body, content_type)
                          : method == "PATCH" ? client.Patch(path, h, body, content_type)
                          : method == "DELETE" ? (body.empty() ? client.Delete(path, h)
                                                               : client.Delete(path, h, body, content_type))
                                               : client.Get(path, h);
        if (r) {
            result.status = r->status;
            result.body = r->body;
        }
    }
    g_done.emplace_back(std::move(done), std::move(result));
}

void PumpPlatformEvents() {
    while (!g_files_done.empty()) {
        auto [cb, file] = std::move(g_files_done.front());
        g_files_done.pop_front();
        cb(file);
    }
    while (!g_done.empty()) {
        auto [cb, result] = std::move(g_done.front());
        g_done.pop_front();
        cb(result);
    }
    while (!g_images_done.empty()) {
        auto [cb, texture] = std::move(g_images_done.front());
        g_images_done.pop_front();
        ++g_live_textures;
        cb(texture, 256, 256);
    }
}

namespace {
std::vector<std::pair<std::string, std::string>> g_events;
}

void EmitEvent(const std::string& name, const std::string& detail_json) { g_events.emplace_back(name, detail_json); }

std::vector<std::pair<std::string, std::string>> TakeEvents() { return std::exchange(g_events, {}); }

namespace {
std::vector<SavedImage> g_saved_images;
}

void SaveCanvasPng(const std::string& filename, int x, int y, int width, int height) {
    g_saved_images.push_back({filename, x, y, width, height});
}

std::vector<SavedImage> TakeSavedImages() { return std::exchange(g_saved_images, {}); }


void SetNextPickedFile(std::string name, std::string bytes) {
    g_next_file = PickedFile{false, std::move(name), std::move(bytes)};
}

void PickFile(const std::string&, FileCallback done) {
    PickedFile file;
    file.cancelled = true;
    if (g_next_file) file = std::exchange(g_next_file, std::nullopt).value();
    g_files_done.emplace_back(std::move(done), std::move(file));
}

void SaveFile(const std::string& filename, const std::string& mime, const std::string& bytes, bool open) {
    g_saved_files.push_back({filename, mime, bytes, open});
}

std::vector<SavedFile> TakeSavedFiles() { return std::exchange(g_saved_files, {}); }

namespace {
std::vector<std::string> g_opened_urls;
}
void OpenUrl(const std::string& path) { g_opened_urls.push_back(path); }
std::vector<std::string> TakeOpenedUrls() { return std::exchange(g_opened_urls, {}); }

void RequestFrames(double) {}

void CopyToClipboard(const std::string& text) { g_clipboard = text; }
std::string TakeClipboard() { return std::exchange(g_clipboard, {}); }

std::string RandomHex(int n) {
    static std::random_device rd;
    static const char* kHex = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < n; ++i) {
        const auto b = rd() & 0xFF;
        out += kHex[b >> 4];
        out += kHex[b & 0xF];
    }
    return out;
}

void LoadImageTexture(const std::string& url, ImageCallback done) {
    g_image_requests.push_back(url);
    g_images_done.emplace_back(std::move(done), g_next_texture++);
}

void FreeImageTexture(unsigned texture) {
    if (texture != 0) --g_live_textures;
}

std::vector<std::string> TakeImageRequests() { return std::exchange(g_image_requests, {}); }
int LiveImageTextures() { return g_live_textures; }


double NowSeconds() {
    using namespace std::chrono;
    static const auto start = steady_clock::now();
    return duration<double>(steady_clock::now() - start).count();
}

bool OffscreenLayers() { return false; }
unsigned RenderOffscreen(OffscreenLayer&, ImDrawList*, float, float, int, int) { return 0; }

} // namespace quartier

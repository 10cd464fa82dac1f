// Browser side of the platform seam: HTTP through emscripten_fetch (XHR underneath);
// callbacks arrive on the main thread between frames.
#include "widgets/app/open_url.h"
#include "widgets/app/platform.h"

#include <emscripten/emscripten.h>
#include <emscripten/fetch.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <unordered_map>

namespace quartier {

namespace {

struct PendingFetch {
    HttpCallback done;
    std::string url;
    std::string method;
    std::string body;
    std::vector<std::string> header_storage;
    std::vector<const char*> header_ptrs;
};

void Finish(emscripten_fetch_t* fetch) {
    std::unique_ptr<PendingFetch> pending(static_cast<PendingFetch*>(fetch->userData));
    HttpResult result;
    // Status 0: the request never got an answer (network, CORS refusal).
    result.status = fetch->status;
    if (fetch->data && fetch->numBytes > 0)
        result.body.assign(fetch->data, static_cast<size_t>(fetch->numBytes));
    emscripten_fetch_close(fetch);
    pending->done(result);
    RequestFrames(); // the answer may change what is shown
}

} // namespace

// A GET the page asked before the module ran (site/embed.js, [Prefetch]): 1 when url was
// prefetched, and then quartier_prefetched(pending, …) is called once its answer is in.
EM_JS(int, JsTakePrefetch, (const char* url, void* pending), {
    var all = Module["quartierPrefetch"];
    var key = UTF8ToString(url);
    if (!all || !all[key]) return 0;
    var answer = all[key];
    delete all[key]; // once: a later refresh asks the server
    answer.then(function (r) {
        var n = r.body.length;
        var p = _malloc(n + 1);
        HEAPU8.set(r.body, p);
        Module["_quartier_prefetched"](pending, r.status, p, n);
    }, function () { Module["_quartier_prefetched"](pending, -1, 0, 0); });
    return 1;
});

namespace {

void StartFetch(PendingFetch* pending) {
    emscripten_fetch_attr_t attr;
    emscripten_fetch_attr_init(&attr);
    std::strncpy(attr.requestMethod, pending->method.c_str(), sizeof(attr.requestMethod) - 1);
    attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY;
    attr.requestHeaders = pending->header_ptrs.data();
    if (!pending->body.empty()) {
        attr.requestData = pending->body.data();
        attr.requestDataSize = pending->body.size();
    }
    attr.userData = pending;
    attr.onsuccess = Finish;
    attr.onerror = Finish;
    emscripten_fetch(&attr, pending->url.c_str());
}

} // namespace

void HttpFetch(const std::string& method, const std::string& url, const std::string& body,
               std::vector<std::pair<std::string, std::string>> headers, HttpCallback done) {
    auto* pending = new PendingFetch{std::move(done), url, method, body, {}, {}};
    for (auto& [k, v] : headers) {
        pending->header_storage.push_back(k);
        pending->header_storage.push_back(v);
    }
    for (auto& s : pending->header_storage) pending->header_ptrs.push_back(s.c_str());
    pending->header_ptrs.push_back(nullptr);
    if (method == "GET" && body.empty() && JsTakePrefetch(url.c_str(), pending)) return;
    StartFetch(pending);
}

EM_JS(void, QuartierRandomBytes, (unsigned char* out, int n), {
    crypto.getRandomValues(HEAPU8.subarray(out, out + n));
});

std::string RandomHex(int n) {
    std::vector<unsigned char> bytes(static_cast<size_t>(n));
    QuartierRandomBytes(bytes.data(), n);
    static const char* kHex = "0123456789abcdef";
    std::string out;
    for (const unsigned char b : bytes) {
        out += kHex[b >> 4];
        out += kHex[b & 0xF];
    }
    return out;
}

EM_JS(void, QuartierEmit, (const char* name, const char* detail), {
    var el = Module["quartierElement"];
    if (!el) return;
    el.dispatchEvent(new CustomEvent("quartier:" + UTF8ToString(name),
                                     { bubbles: true, detail: JSON.parse(UTF8ToString(detail)) }));
});

void EmitEvent(const std::string& name, const std::string& detail_json) {
    QuartierEmit(name.c_str(), detail_json.c_str());
}

std::vector<std::pair<std::string, std::string>> TakeEvents() { return {}; }

// [Images] An <img> (CORS, so that WebGL may read it), uploaded to a WebGL texture that is
// registered in Emscripten's GL table: its id is then an ordinary GL texture name for
// ImGui's OpenGL backend. The answer comes back through quartier_image_loaded.
namespace {
std::unordered_map<int, ImageCallback> g_images;
int g_next_image = 1;
} // namespace

EM_JS(void, QuartierLoadImage, (int handle, const char* url), {
    var img = new Image();
    img.crossOrigin = "anonymous";
    img.decoding = "async";
    img.onload = function() {
        var gl = GLctx;
        if (!gl) { Module["_quartier_image_loaded"](handle, 0, 0, 0); return; }
        var tex = gl.createTexture();
        gl.bindTexture(gl.TEXTURE_2D, tex);
        gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR);
        gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR);
        gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
        gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
        gl.pixelStorei(gl.UNPACK_ALIGNMENT, 4);
        gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, img);
        gl.bindTexture(gl.TEXTURE_2D, null);
        var id = GL.getNewId(GL.textures);
        tex.name = id;
        GL.textures[id] = tex;
        Module["_quartier_image_loaded"](handle, id, img.naturalWidth, img.naturalHeight);
    };
    img.onerror = function() { Module["_quartier_image_loaded"](handle, 0, 0, 0); };
    img.src = UTF8ToString(url);
});

EM_JS(void, QuartierFreeImage, (unsigned texture), {
    var tex = GL.textures[texture];
    if (tex && GLctx) GLctx.deleteTexture(tex);
    GL.textures[texture] = null;
});

void LoadImageTexture(const std::string& url, ImageCallback done) {
    const int handle = g_next_image++;
    g_images.emplace(handle, std::move(done));
    QuartierLoadImage(handle, url.c_str());
}

void FreeImageTexture(unsigned texture) {
    if (texture != 0) QuartierFreeImage(texture);
}

std::vector<std::string> TakeImageRequests() { return {}; }
int LiveImageTextures() { return 0; }

// Reads the pixels in a microtask: it runs as soon as the frame function returns, inside the
// same animation frame, before the browser presents (and clears) the WebGL drawing buffer.
EM_JS(void, QuartierSavePng, (const char* name, int x, int y, int w, int h), {
    var file = UTF8ToString(name);
    var gl = GLctx;
    Promise.resolve().then(function () {
        var canvas = gl.canvas;
        x = Math.max(0, Math.min(x, canvas.width - 1));
        y = Math.max(0, Math.min(y, canvas.height - 1));
        w = Math.max(1, Math.min(w, canvas.width - x));
        h = Math.max(1, Math.min(h, canvas.height - y));
        var pixels = new Uint8Array(w * h * 4);
        gl.readPixels(x, canvas.height - y - h, w, h, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
        var out = document.createElement("canvas");
        out.width = w;
        out.height = h;
        var ctx = out.getContext("2d");
        var image = ctx.createImageData(w, h);
        for (var row = 0; row < h; ++row) // WebGL rows start at the bottom
            image.data.set(pixels.subarray((h - 1 - row) * w * 4, (h - row) * w * 4), row * w * 4);
        for (var i = 3; i < image.data.length; i += 4) image.data[i] = 255;
        ctx.putImageData(image, 0, 0);
        out.toBlob(function (blob) {
            var a = document.createElement("a");
            a.href = URL.createObjectURL(blob);
            a.download = file;
            a.style.display = "none";
            document.body.appendChild(a);
            a.click();
            setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
        }, "image/png");
    });
});

void SaveCanvasPng(const std::string& filename, int x, int y, int width, int height) {
    QuartierSavePng(filename.c_str(), x, y, width, height);
}

std::vector<SavedImage> TakeSavedImages() { return {}; }

// [Files] A hidden <input type=file> per choice; the chosen file's name and bytes are copied
// into a buffer the module made (quartier_file_buffer), then quartier_file_picked runs.
namespace {
struct PendingFile {
    FileCallback done;
    std::string buffer; // name then bytes
};
std::unordered_map<int, PendingFile> g_files;
int g_next_file = 1;
} // namespace

EM_JS(void, QuartierPickFile, (int handle, const char* accept), {
    var input = document.createElement("input");
    input.type = "file";
    input.accept = UTF8ToString(accept);
    input.style.display = "none";
    var settled = false;
    function finish(file) {
        if (settled) return;
        settled = true;
        input.remove();
        if (!file) { Module["_quartier_file_picked"](handle, -1); return; }
        file.arrayBuffer().then(function (data) {
            var name = new TextEncoder().encode(file.name);
            var bytes = new Uint8Array(data);
            var ptr = Module["_quartier_file_buffer"](handle, name.length + bytes.length);
            HEAPU8.set(name, ptr);
            HEAPU8.set(bytes, ptr + name.length);
            Module["_quartier_file_picked"](handle, name.length);
        }, function () { Module["_quartier_file_picked"](handle, -1); });
    }
    input.addEventListener("change", function () { finish(input.files && input.files[0]); });
    input.addEventListener("cancel", function () { finish(null); });
    document.body.appendChild(input);
    input.click();
});

void PickFile(const std::string& accept, FileCallback done) {
    const int handle = g_next_file++;
    g_files[handle].done = std::move(done);
    QuartierPickFile(handle, accept.c_str());
}

void SetNextPickedFile(std::string, std::string) {}

EM_JS(void, QuartierSaveFile, (const char* name, const char* mime, const char* data, int size, int open), {
    var blob = new Blob([HEAPU8.slice(data, data + size)], { type: UTF8ToString(mime) });
    var url = URL.createObjectURL(blob);
    if (open) {
        window.open(url, "_blank", "noopener");
    } else {
        var a = document.createElement("a");
        a.href = url;
        a.download = UTF8ToString(name);
        a.style.display = "none";
        document.body.appendChild(a);
        a.click();
        a.remove();
    }
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
});

void SaveFile(const std::string& filename, const std::string& mime, const std::string& bytes, bool open) {
    QuartierSaveFile(filename.c_str(), mime.c_str(), bytes.data(), static_cast<int>(bytes.size()), open ? 1 : 0);
}

std::vector<SavedFile> TakeSavedFiles() { return {}; }

EM_JS(void, QuartierOpenUrl, (const char* path), {
    var p = UTF8ToString(path);
    // This server's pages only ("/…", never "//other.site" nor a script); no regex: EM_JS
    // keeps no backslash.
    if (p.charAt(0) === "/" && p.charAt(1) !== "/") window.open(p, "_blank", "noopener");
});

void OpenUrl(const std::string& path) { QuartierOpenUrl(path.c_str()); }
std::vector<std::string> TakeOpenedUrls() { return {}; }

EM_JS(void, QuartierCopy, (const char* text), {
    var value = UTF8ToString(text);
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(value).catch(function () {});
});

void CopyToClipboard(const std::string& text) { QuartierCopy(text.c_str()); }
std::string TakeClipboard() { return {}; }

void PumpPlatformEvents() {}

double NowSeconds() { return emscripten_get_now() / 1000.0; }

} // namespace quartier

extern "C" EMSCRIPTEN_KEEPALIVE void quartier_image_loaded(int handle, int texture, int width, int height) {
    auto& images = quartier::g_images;
    const auto it = images.find(handle);
    if (it == images.end()) return;
    quartier::ImageCallback done = std::move(it->second);
    images.erase(it);
    done(static_cast<unsigned>(texture), width, height);
    quartier::RequestFrames();
}

extern "C" EMSCRIPTEN_KEEPALIVE char* quartier_file_buffer(int handle, int size) {
    auto it = quartier::g_files.find(handle);
    if (it == quartier::g_files.end() || size < 0) return nullptr;
    it->second.buffer.assign(static_cast<size_t>(size), '\0');
    return it->second.buffer.data();
}

// name_length < 0: the person cancelled (or the file could not be read).
extern "C" EMSCRIPTEN_KEEPALIVE void quartier_file_picked(int handle, int name_length) {
    auto& files = quartier::g_files;
    const auto it = files.find(handle);
    if (it == files.end()) return;
    quartier::PendingFile pending = std::move(it->second);
    files.erase(it);
    quartier::PickedFile file;
    if (name_length < 0 || static_cast<size_t>(name_length) > pending.buffer.size()) {
        file.cancelled = true;
    } else {
        file.name = pending.buffer.substr(0, static_cast<size_t>(name_length));
        file.bytes = pending.buffer.substr(static_cast<size_t>(name_length));
    }
    pending.done(file);
    quartier::RequestFrames();
}

// The answer of a prefetched GET (JsTakePrefetch): status −1 when the page's fetch failed,
// and the request then goes to the network as any other.
extern "C" EMSCRIPTEN_KEEPALIVE void quartier_prefetched(void* p, int status, char* data, int size) {
    auto* pending = static_cast<quartier::PendingFetch*>(p);
    if (status < 0) {
        quartier::StartFetch(pending);
        return;
    }
    std::unique_ptr<quartier::PendingFetch> owned(pending);
    quartier::HttpResult result;
    result.status = status;
    if (data && size > 0) result.body.assign(data, static_cast<std::size_t>(size));
    std::free(data);
    owned->done(result);
    quartier::RequestFrames();
}

// Static files sent once: validators, immutable hashed names, precompressed copies.
#include "backend/http/static_files.h"

#include "backend/crypto.h"
#include "shared/text.h"

#include <brotli/encode.h>
#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

namespace quartier {

namespace {

std::string Lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::vector<std::string> SplitCommas(const std::string& s) {
    std::vector<std::string> out;
    std::string part;
    std::istringstream in(s);
    while (std::getline(in, part, ',')) out.push_back(Trim(part));
    return out;
}

bool RegularFile(const std::string& path, struct stat* st) {
    return ::stat(path.c_str(), st) == 0 && S_ISREG(st->st_mode);
}

std::optional<std::string> ReadWhole(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// quartier-widgets.0123456789ab.wasm: the name changes whenever the bytes do.
bool HashedName(const std::string& path) {
    static const std::regex kHashed(R"(\.[0-9a-f]{12}\.(js|wasm|css)$)");
    return std::regex_search(path, kHashed);
}

} // namespace

std::string ChooseEncoding(const std::string& accept_encoding, bool have_br, bool have_gzip) {
    double br = -1, gzip = -1, star = -1;
    for (const auto& item : SplitCommas(Lower(accept_encoding))) {
        if (item.empty()) continue;
        const auto semi = item.find(';');
        const std::string name = Trim(item.substr(0, semi));
        double q = 1;
        if (semi != std::string::npos) {
            const std::string param = Trim(item.substr(semi + 1));
            if (param.rfind("q=", 0) == 0) q = std::strtod(param.c_str() + 2, nullptr);
        }
        if (name == "br") br = q;
        else if (name == "gzip" || name == "x-gzip") gzip = q;
        else if (name == "*") star = q;
    }
    if (br < 0) br = star;
    if (gzip < 0) gzip = star;
    if (have_br && br > 0 && (!have_gzip || br >= gzip)) return "br";
    if (have_gzip && gzip > 0) return "gzip";
    if (have_br && br > 0) return "br";
    return "";
}

std::optional<std::string> Compress(const std::string& body, const std::string& encoding) {
    if (encoding == "br") {
        std::string out(BrotliEncoderMaxCompressedSize(body.size()), '\0');
        size_t size = out.size();
        if (out.empty() ||
            !BrotliEncoderCompress(5, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, body.size(),
                                   reinterpret_cast<const uint8_t*>(body.data()), &size,
                                   reinterpret_cast<uint8_t*>(out.data())))
            return std::nullopt;
        out.resize(size);
        return out;
    }
    if (encoding == "gzip") {
        z_stream z{};
        if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return std::nullopt;
        std::string out(deflateBound(&z, static_cast<uLong>(body.size())), '\0');
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
        z.avail_in = static_cast<uInt>(body.size());
        z.next_out = reinterpret_cast<Bytef*>(out.data());
        z.avail_out = static_cast<uInt>(out.size());
        const int rc = deflate(&z, Z_FINISH);
        out.resize(z.total_out);
        deflateEnd(&z);
        if (rc != Z_STREAM_END) return std::nullopt;
        return out;
    }
    return std::nullopt;
}

std::shared_ptr<const std::string> EncodedCache::Find(const std::string& etag, const std::string& encoding) {
    std::lock_guard lock(m_mutex);
    const auto it = m_index.find(encoding + " " + etag);
    if (it == m_index.end()) return nullptr;
    m_order.splice(m_order.begin(), m_order, it->second);
    return it->second->second;
}

void EncodedCache::Keep(const std::string& etag, const std::string& encoding, std::shared_ptr<const std::string> bytes) {
    if (!bytes || bytes->size() > m_max / 4) return; // one answer never takes most of the room
    std::lock_guard lock(m_mutex);
    const std::string key = encoding + " " + etag;
    if (m_index.count(key)) return;
    m_bytes += bytes->size();
    m_order.emplace_front(key, std::move(bytes));
    m_index[key] = m_order.begin();
    while (m_bytes > m_max && !m_order.empty()) {
        m_bytes -= m_order.back().second->size();
        m_index.erase(m_order.back().first);
        m_order.pop_back();
    }
}

std::size_t EncodedCache::Bytes() const {
    std::lock_guard lock(m_mutex);
    return m_bytes;
}

bool CompressedByUs(const std::string& content_type) {
    const std::string type = Trim(Lower(content_type.substr(0, content_type.find(';'))));
    const auto ends_with = [&](const char* tail) {
        const std::string t(tail);
        return type.size() >= t.size() && type.compare(type.size() - t.size(), t.size(), t) == 0;
    };
    return type.rfind("text/", 0) == 0 || type == "application/json" || ends_with("+json") ||
           type == "application/javascript" || type == "application/xml" || ends_with("+xml") ||
           type == "application/x-gettext-translation"; // a widget's catalog: 64 KB, 24 KB gzipped
}

void AddValidator(Response& res, const std::string& method, const std::string& if_none_match,
                  bool with_credentials) {
    if ((method != "GET" && method != "HEAD") || res.status != 200 || res.body.empty()) return;
    if (res.headers.count("ETag")) return;
    const auto cc = res.headers.find("Cache-Control");
    if (cc != res.headers.end() && cc->second.find("no-store") != std::string::npos) return;
    if (cc == res.headers.end()) res.headers["Cache-Control"] = with_credentials ? "private, no-cache" : "no-cache";
    const std::string etag = "W/\"" + Sha256Hex(res.body).substr(0, 32) + "\"";
    res.headers["ETag"] = etag;
    if (!if_none_match.empty() && EtagMatches(if_none_match, etag.substr(2))) {
        res.status = 304;
        res.body.clear();
    }
}

bool EtagMatches(const std::string& if_none_match, const std::string& etag) {
    for (auto tag : SplitCommas(if_none_match)) {
        if (tag == "*") return true;
        if (tag.rfind("W/", 0) == 0) tag = tag.substr(2); // weak comparison (RFC 9110 §13.1.2)
        if (tag == etag) return true;
    }
    return false;
}

StaticFiles::StaticFiles(std::vector<StaticMount> mounts) : m_mounts(std::move(mounts)) {}

std::string StaticFiles::FileFor(const std::string& url_path) const {
    for (const auto& m : m_mounts) {
        if (url_path.rfind(m.prefix, 0) != 0) continue;
        std::string sub = url_path.substr(m.prefix.size());
        if (sub.empty() || sub.back() == '/') sub += "index.html";
        if (sub.find("..") != std::string::npos) return {}; // httplib refused such paths already
        const std::string file = m.dir + "/" + sub;
        struct stat st {};
        if (RegularFile(file, &st)) return file;
    }
    return {};
}

std::string StaticFiles::EtagOf(const std::string& file, const std::string& body) {
    struct stat st {};
    if (!RegularFile(file, &st)) return "\"" + Sha256Hex(body).substr(0, 32) + "\"";
    const std::int64_t mtime = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    std::lock_guard<std::mutex> lock(m_mutex);
    auto& k = m_known[file];
    if (k.etag.empty() || k.mtime_ns != mtime || k.size != static_cast<std::int64_t>(st.st_size) ||
        static_cast<std::int64_t>(body.size()) != k.size) {
        k.mtime_ns = mtime;
        k.size = static_cast<std::int64_t>(body.size());
        k.etag = "\"" + Sha256Hex(body).substr(0, 32) + "\"";
    }
    return k.etag;
}

StaticAnswer StaticFiles::Answer(const StaticRequest& req, const std::string& body) {
    StaticAnswer a;
    const std::string file = FileFor(req.path);
    struct stat st {};
    const bool have_br = !file.empty() && RegularFile(file + ".br", &st);
    const bool have_gzip = !file.empty() && RegularFile(file + ".gz", &st);
    const std::string encoding = req.range ? "" : ChooseEncoding(req.accept_encoding, have_br, have_gzip);
    // Each representation has its own strong validator (RFC 9110 §8.8.3): the file's, marked
    // with the content coding when it is sent encoded.
    std::string etag = EtagOf(file, body);
    if (!encoding.empty()) etag.insert(etag.size() - 1, encoding == "br" ? "-br" : "-gz");
    a.headers.emplace_back("ETag", etag);
    a.headers.emplace_back("Cache-Control", HashedName(req.path) ? "public, max-age=31536000, immutable" : "no-cache");
    if (have_br || have_gzip) a.headers.emplace_back("Vary", "Accept-Encoding");

    if (!req.if_none_match.empty() && EtagMatches(req.if_none_match, etag)) {
        a.status = 304;
        return a;
    }
    if (encoding.empty()) return a;
    auto bytes = ReadWhole(file + (encoding == "br" ? ".br" : ".gz"));
    if (!bytes) return a;
    a.headers.emplace_back("Content-Encoding", encoding);
    a.encoded_body = std::move(*bytes);
    return a;
}

} // namespace quartier

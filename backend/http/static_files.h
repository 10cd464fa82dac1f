// Static files sent once (issue 15, "bytes once"), and the compression of answers httplib
// leaves as they are: what the server adds to a file that
// httplib read from one of its mount points (the built widgets at /widgets/, the built
// embed.js at /, the site at /). No httplib here: the adapter (server.cpp) asks Answer() and
// applies it.
//
// - Every file gets a strong validator (ETag: SHA-256 of its bytes, computed once per
//   version of the file on disk) and answers a matching If-None-Match with 304 and no body.
// - Files whose names carry a content hash (quartier-widgets.0123456789ab.wasm, made by
//   scripts/web-assets.cjs) never change: Cache-Control: public, max-age=31536000, immutable.
//   Others must be revalidated at each use (no-cache): a repeat visit costs a 304.
// - When a precompressed copy lies beside the file (name.br, name.gz) and the client accepts
//   that encoding, its bytes are sent instead with Content-Encoding, and Vary:
//   Accept-Encoding tells caches that the answer depends on it.
#pragma once

#include "backend/http/http_types.h"

#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace quartier {

struct StaticMount {
    std::string prefix; // "/widgets/" or "/"
    std::string dir;    // the folder served there
};

struct StaticRequest {
    std::string path;            // the URL's path, as httplib matched it
    std::string if_none_match;   // header value, "" when absent
    std::string accept_encoding; // header value, "" when absent
    bool range = false;          // a Range request: sent as is (httplib cuts the identity body)
};

struct StaticAnswer {
    int status = 200; // 200, or 304 (no body)
    std::vector<std::pair<std::string, std::string>> headers;
    // The precompressed bytes to send instead of the file's own, when chosen.
    std::optional<std::string> encoded_body;
};

class StaticFiles {
public:
    explicit StaticFiles(std::vector<StaticMount> mounts);

    // body: the file's bytes as httplib read them (for the validator of a new version).
    StaticAnswer Answer(const StaticRequest& req, const std::string& body);

    // The file a mount serves for a URL path (the first mount holding it, as httplib looks),
    // "" when none does.
    std::string FileFor(const std::string& url_path) const;

private:
    struct Known {
        std::int64_t mtime_ns = 0;
        std::int64_t size = 0;
        std::string etag;
    };
    std::string EtagOf(const std::string& file, const std::string& body);

    std::vector<StaticMount> m_mounts;
    std::mutex m_mutex;
    std::map<std::string, Known> m_known; // by file path; one entry per served file
};

// The encoding to send among those the client accepts ("br", "gzip" or "" for identity), given
// what is available; q=0 refuses an encoding (RFC 9110 §12.5.3).
std::string ChooseEncoding(const std::string& accept_encoding, bool have_br, bool have_gzip);

// body compressed as encoding ("br": brotli at quality 5, fast enough for answers made per
// request; "gzip": zlib level 6); nullopt if the library failed.
std::optional<std::string> Compress(const std::string& body, const std::string& encoding);

// Answers already compressed, by entity tag and encoding, so that a body asked again (a
// published .pb of 2 MB, a commune's districts, the proposals list between two changes) is
// compressed once and then only copied. Least recently used entries go first beyond
// max_bytes. Thread-safe.
class EncodedCache {
public:
    explicit EncodedCache(std::size_t max_bytes) : m_max(max_bytes) {}
    std::shared_ptr<const std::string> Find(const std::string& etag, const std::string& encoding);
    void Keep(const std::string& etag, const std::string& encoding, std::shared_ptr<const std::string> bytes);
    std::size_t Bytes() const;

private:
    using Entry = std::pair<std::string, std::shared_ptr<const std::string>>; // key, bytes
    std::size_t m_max, m_bytes = 0;
    mutable std::mutex m_mutex;
    std::list<Entry> m_order; // most recently used first
    std::map<std::string, std::list<Entry>::iterator> m_index;
};

// Whether an answer of this Content-Type is worth compressing (text, JSON and GeoJSON, XML):
// the server compresses such answers itself, at a speed fit for answers made per request.
// httplib would leave GeoJSON raw (a commune's districts: 600 KB and more) and compress the
// rest with brotli at its highest quality: 5 s for a published 2 MB .pb file.
bool CompressedByUs(const std::string& content_type);

// A validator for an answer to GET (issue 15, a repeat visit costs 304s): a weak ETag of its
// body (weak: httplib may send it compressed), Cache-Control no-cache unless the handler set
// one ("private, no-cache" when the request carried credentials), and 304 without a body when
// if_none_match names it. Answers marked no-store, errors and empty ones are left alone.
void AddValidator(Response& res, const std::string& method, const std::string& if_none_match,
                  bool with_credentials);

// Does an If-None-Match value ("*", or a list of entity tags, weak ones included) match etag?
bool EtagMatches(const std::string& if_none_match, const std::string& etag);

} // namespace quartier

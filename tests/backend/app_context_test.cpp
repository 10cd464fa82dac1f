// The response cache under hostile reads: it stays within its byte bound whatever the query
// strings, one query's answer is never served for another, and a list page has a maximum.
// Memory is read from /proc/self/status: the server runs in this process.
#include "backend/api_fixture.h"

#include <malloc.h>

#include <fstream>

using namespace quartier;
using namespace quartier::testing;

namespace {

// Resident memory of this process, in bytes (0 where /proc is missing), once the allocator
// has handed back what it merely keeps for later: what is still held, not the high-water mark.
std::size_t ResidentBytes() {
    malloc_trim(0);
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return static_cast<std::size_t>(std::stoull(line.substr(6))) * 1024;
    return 0;
}

// n visible proposals of tenant "ville" written straight into the store (the API's rate limit
// would take hours), each with a description of description_bytes.
void Seed(Town& town, int n, std::size_t description_bytes, const std::string& title = "Proposition") {
    const auto tenant = town.server.Get().App().FindTenant("ville")->id;
    town.server.Get().GetStore().Write([&](Db& db) {
        for (int i = 0; i < n; ++i)
            db.Prepare("INSERT INTO proposals (tenant_id, title, description, category, latitude, longitude, status)"
                       " VALUES (?, ?, ?, 'Cadre de vie', 43.61, 1.43, 'published')")
                .Bind(1, tenant)
                .Bind(2, title + " " + std::to_string(i))
                .Bind(3, std::string(description_bytes, 'x'))
                .Run();
    });
    town.server.Get().App().Bump(tenant);
}

} // namespace

TEST_CASE("the response cache forgets the least recently used answers past its byte bound") {
    ServerOptions options;
    options.app.response_cache_bytes = 10000;
    Town town(options);
    AppContext& app = town.server.Get().App();
    const std::string body(3000, 'b');
    app.StoreResponse("a", 1, body);
    app.StoreResponse("b", 1, body);
    app.StoreResponse("c", 1, body);
    CHECK(app.CacheEntries() == 3);
    CHECK(app.CachedResponse("a", 1) == body); // "a" is now the most recently used
    app.StoreResponse("d", 1, body);           // no room: "b", the least recently used, goes
    CHECK(app.CacheBytes() <= 10000);
    CHECK(app.CachedResponse("a", 1).has_value());
    CHECK_FALSE(app.CachedResponse("b", 1).has_value());
    CHECK(app.CachedResponse("d", 1).has_value());
    CHECK_FALSE(app.CachedResponse("a", 2).has_value()); // another generation: stale
    // A body larger than the whole bound is not kept, and evicts nothing.
    app.StoreResponse("huge", 1, std::string(20000, 'h'));
    CHECK_FALSE(app.CachedResponse("huge", 1).has_value());
    CHECK(app.CachedResponse("d", 1).has_value());
    // Storing a key again replaces it, counted once.
    const std::size_t before = app.CacheBytes();
    app.StoreResponse("d", 2, body);
    CHECK(app.CacheBytes() == before);
    CHECK(app.CachedResponse("d", 2) == body);
}

TEST_CASE("400 anonymous list requests with junk parameters leave memory bounded") {
    ServerOptions options;
    options.app.response_cache_bytes = 8u << 20;
    Town town(options);
    Seed(town, 400, 1000); // a full list is about 0.45 MB of JSON
    const std::size_t rss_before = ResidentBytes();
    httplib::Client c = town.server.Client();
    c.set_keep_alive(true);
    // Parameters no list knows: one answer, cached once.
    for (int i = 0; i < 400; ++i) {
        const auto r = c.Get(("/api/v1/tenants/ville/proposals?per_page=100000&junk" + std::to_string(i) + "=" +
                              std::string(200, 'j'))
                                 .c_str());
        REQUIRE(r);
        REQUIRE(r->status == 200);
    }
    CHECK(town.server.Get().App().CacheEntries() <= 2);
    // Parameters a list knows, each different (the map panned 400 times): the cache stays
    // under its bound.
    for (int i = 0; i < 400; ++i) {
        const auto r = c.Get(("/api/v1/tenants/ville/proposals?per_page=100000&bbox=1.0,43.0,2.0,44." +
                              std::to_string(1000 + i))
                                 .c_str());
        REQUIRE(r);
        REQUIRE(r->status == 200);
        REQUIRE(nlohmann::json::parse(r->body)["total"] == 400);
    }
    CHECK(town.server.Get().App().CacheBytes() <= options.app.response_cache_bytes);
    CHECK(town.server.Get().App().CacheEntries() >= 2); // it still caches
    const std::size_t rss_after = ResidentBytes();
    MESSAGE("RSS growth over 800 list requests: " << (rss_after - std::min(rss_after, rss_before)) / 1024 << " KiB");
    // Without the bound the answers alone would hold 800 x 0.45 MB; with it, the cache's 8 MB
    // plus what the worker threads' allocators keep.
    CHECK(rss_after < rss_before + (64u << 20));
}

TEST_CASE("a crafted query cannot make the plain search page serve another query's answer") {
    Town town;
    Seed(town, 3, 10, "Bancs");
    Seed(town, 1, 10, "Parc");
    // The crafted request: a parameter whose name holds what the plain page's query looks like,
    // so that a key made by joining names and values would read the same as the page's.
    const auto crafted =
        Call(town.server, "GET", "/api/v1/tenants/ville/proposals?page%3D1%7Cper_page%3D20%7Cq=Parc&sort=newest");
    REQUIRE(crafted.status == 200);
    CHECK(crafted.body["total"] == 4); // the unknown parameter filters nothing
    httplib::Client c = town.server.Client();
    const auto page = c.Get("/simple/ville/propositions?q=Parc");
    REQUIRE(page);
    REQUIRE(page->status == 200);
    CHECK(page->body.find("Parc 0") != std::string::npos);
    CHECK(page->body.find("Bancs") == std::string::npos);
    CHECK(page->body.find("1 proposition pour « Parc »") != std::string::npos);
}

TEST_CASE("a list page holds at most 5,000 proposals, and says so") {
    Town town;
    Seed(town, 5001, 0);
    const auto all = Call(town.server, "GET", "/api/v1/tenants/ville/proposals?per_page=100000");
    REQUIRE(all.status == 200);
    CHECK(all.body["per_page"] == 5000);
    CHECK(all.body["items"].size() == 5000);
    CHECK(all.body["total"] == 5001);
    const auto rest = Call(town.server, "GET", "/api/v1/tenants/ville/proposals?per_page=100000&page=2");
    CHECK(rest.body["items"].size() == 1);
    const auto bad = Call(town.server, "GET", "/api/v1/tenants/ville/proposals?per_page=lots");
    CHECK(bad.status == 400);
    CHECK(bad.body["error"]["field"] == "per_page");
    CHECK(bad.body["error"]["messages"]["fr"].get<std::string>().find("per_page") != std::string::npos);
}

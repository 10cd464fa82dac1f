// Client addresses as limits see them: IPv6 grouped by /64, and behind trusted proxies the
// rightmost X-Forwarded-For hop they did not add, so that a client cannot pick its own key.
#include "backend/http/net_address.h"

#include <doctest/doctest.h>

using namespace quartier;

namespace {
std::vector<AddressBlock> Blocks(const std::string& list) {
    std::vector<AddressBlock> out;
    std::string error;
    REQUIRE(ParseAddressBlocks(list, out, error));
    return out;
}
} // namespace

TEST_CASE("one limit key per IPv4 address and per IPv6 /64") {
    CHECK(AddressKey("203.0.113.7") == "203.0.113.7");
    CHECK(AddressKey("::ffff:203.0.113.7") == "203.0.113.7"); // a dual-stack socket's IPv4 peer
    CHECK(AddressKey("2001:db8:1:2::a") == "2001:db8:1:2::/64");
    CHECK(AddressKey("2001:db8:1:2:ffff:eeee:dddd:cccc") == AddressKey("2001:db8:1:2::1"));
    CHECK(AddressKey("2001:db8:1:3::1") != AddressKey("2001:db8:1:2::1"));
    CHECK(AddressKey(std::string(300, 'x')).size() == 64); // garbage is kept short
}

TEST_CASE("trusted proxies are named by address or block, IPv4 and IPv6") {
    const auto trusted = Blocks("127.0.0.0/8, ::1, 10.1.0.0/16, fd00:1::/32");
    CHECK(InBlocks("127.0.0.2", trusted));
    CHECK(InBlocks("::ffff:127.0.0.1", trusted));
    CHECK(InBlocks("::1", trusted));
    CHECK(InBlocks("10.1.200.3", trusted));
    CHECK_FALSE(InBlocks("10.2.0.1", trusted));
    CHECK(InBlocks("fd00:1:abcd::5", trusted));
    CHECK_FALSE(InBlocks("fd00:2::5", trusted));
    std::vector<AddressBlock> out;
    std::string error;
    CHECK_FALSE(ParseAddressBlocks("10.0.0.0/33", out, error));
    CHECK_FALSE(ParseAddressBlocks("proxy.local", out, error));
    CHECK(error.find("proxy.local") != std::string::npos);
}

TEST_CASE("X-Forwarded-For: the rightmost hop a trusted proxy did not add, never the client's own words") {
    const auto trusted = Blocks("127.0.0.1,10.0.0.0/8");
    // Not behind a trusted proxy: the header is the client's and changes nothing.
    CHECK(ClientAddress("198.51.100.9", "1.2.3.4", trusted) == "198.51.100.9");
    CHECK(ClientAddress("127.0.0.1", "1.2.3.4", {}) == "127.0.0.1");
    // nginx with $proxy_add_x_forwarded_for appends the peer it saw: what the client wrote
    // to its left is ignored, however it changes.
    CHECK(ClientAddress("127.0.0.1", "6.6.6.6, 203.0.113.7", trusted) == "203.0.113.7");
    CHECK(ClientAddress("127.0.0.1", "7.7.7.7,203.0.113.7", trusted) == "203.0.113.7");
    // Two proxies of ours: both skipped.
    CHECK(ClientAddress("127.0.0.1", "6.6.6.6, 203.0.113.7, 10.0.0.5", trusted) == "203.0.113.7");
    // Only trusted hops, or none: the leftmost one, or the peer.
    CHECK(ClientAddress("127.0.0.1", "10.0.0.5", trusted) == "10.0.0.5");
    CHECK(ClientAddress("127.0.0.1", "", trusted) == "127.0.0.1");
    CHECK(ClientAddress("127.0.0.1", "2001:db8::1", trusted) == "2001:db8::1");
}

// Client addresses as limits see them: one key per IPv4 address or IPv6 /64 (a household or
// a phone gets a whole /64, so counting single IPv6 addresses would count nothing), and the
// client behind trusted reverse proxies taken from X-Forwarded-For without believing the hops
// a client can write itself.
#pragma once

#include <string>
#include <vector>

namespace quartier {

// An address block such as 10.0.0.0/8, ::1 or 2001:db8::/32 (a bare address is a full-length
// block). IPv4 is kept as IPv4-mapped IPv6, so one comparison serves both families.
struct AddressBlock {
    unsigned char bytes[16] = {};
    int prefix = 128;
};

// Parses "a.b.c.d", "x:y::z" (brackets allowed), optionally with "/len"; false when invalid.
bool ParseAddressBlock(const std::string& text, AddressBlock& out);
// Comma-separated blocks; false (and what is wrong in error) when one is invalid.
bool ParseAddressBlocks(const std::string& list, std::vector<AddressBlock>& out, std::string& error);
bool InBlocks(const std::string& address, const std::vector<AddressBlock>& blocks);

// What limits count by: the IPv4 address itself (IPv4-mapped IPv6 read as IPv4) or the
// IPv6 /64 as "2001:db8:1:2::/64". Anything unparsable is kept as given, cut to 64 bytes.
std::string AddressKey(const std::string& address);

// The client's address: the peer, unless the peer is a trusted proxy; then the rightmost hop
// of X-Forwarded-For that is not itself trusted (hops to its left were written by the client
// and prove nothing). All hops trusted: the leftmost. No header: the peer.
std::string ClientAddress(const std::string& peer, const std::string& forwarded_for,
                          const std::vector<AddressBlock>& trusted);

} // namespace quartier

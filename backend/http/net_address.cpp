// Address parsing for limits and X-Forwarded-For, with inet_pton/inet_ntop rather than by
// hand, IPv4 mapped into IPv6 so that blocks of both families compare the same way.
#include "backend/http/net_address.h"

#include <arpa/inet.h>

#include <cstdlib>
#include <cstring>

namespace quartier {

namespace {

std::string Trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// 16 bytes, IPv4 as ::ffff:a.b.c.d; is_v4 tells which it was.
bool ParseAddress(std::string text, unsigned char out[16], bool& is_v4) {
    text = Trim(text);
    if (text.size() > 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
    in_addr v4{};
    if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
        std::memset(out, 0, 10);
        out[10] = out[11] = 0xff;
        std::memcpy(out + 12, &v4, 4);
        is_v4 = true;
        return true;
    }
    in6_addr v6{};
    if (inet_pton(AF_INET6, text.c_str(), &v6) != 1) return false;
    std::memcpy(out, &v6, 16);
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    is_v4 = std::memcmp(out, mapped, 12) == 0;
    return true;
}

bool Matches(const unsigned char a[16], const AddressBlock& b) {
    int bits = b.prefix;
    for (int i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
        const unsigned char mask = bits >= 8 ? 0xff : static_cast<unsigned char>(0xff << (8 - bits));
        if ((a[i] & mask) != (b.bytes[i] & mask)) return false;
    }
    return true;
}

} // namespace

bool ParseAddressBlock(const std::string& text, AddressBlock& out) {
    const std::string t = Trim(text);
    const auto slash = t.find('/');
    bool is_v4 = false;
    if (!ParseAddress(t.substr(0, slash), out.bytes, is_v4)) return false;
    const bool v4_text = t.substr(0, slash).find(':') == std::string::npos;
    const int full = v4_text ? 32 : 128;
    int len = full;
    if (slash != std::string::npos) {
        const std::string digits = t.substr(slash + 1);
        if (digits.empty() || digits.size() > 3 || digits.find_first_not_of("0123456789") != std::string::npos)
            return false;
        len = std::atoi(digits.c_str());
        if (len > full) return false;
    }
    out.prefix = v4_text ? len + 96 : len;
    return true;
}

bool ParseAddressBlocks(const std::string& list, std::vector<AddressBlock>& out, std::string& error) {
    std::size_t start = 0;
    while (start <= list.size()) {
        const auto comma = list.find(',', start);
        const std::string item = Trim(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (!item.empty()) {
            AddressBlock b;
            if (!ParseAddressBlock(item, b)) {
                error = "not an address or address/length: " + item;
                return false;
            }
            out.push_back(b);
        }
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return true;
}

bool InBlocks(const std::string& address, const std::vector<AddressBlock>& blocks) {
    unsigned char a[16];
    bool is_v4 = false;
    if (!ParseAddress(address, a, is_v4)) return false;
    for (const auto& b : blocks)
        if (Matches(a, b)) return true;
    return false;
}

std::string AddressKey(const std::string& address) {
    unsigned char a[16];
    bool is_v4 = false;
    if (!ParseAddress(address, a, is_v4)) return Trim(address).substr(0, 64);
    char text[INET6_ADDRSTRLEN] = {};
    if (is_v4) {
        inet_ntop(AF_INET, a + 12, text, sizeof text);
        return text;
    }
    std::memset(a + 8, 0, 8);
    inet_ntop(AF_INET6, a, text, sizeof text);
    return std::string(text) + "/64";
}

std::string ClientAddress(const std::string& peer, const std::string& forwarded_for,
                          const std::vector<AddressBlock>& trusted) {
    if (trusted.empty() || !InBlocks(peer, trusted)) return peer;
    std::string last = peer;
    std::size_t end = forwarded_for.size();
    while (end > 0) {
        const auto comma = forwarded_for.rfind(',', end - 1);
        const std::size_t begin = comma == std::string::npos ? 0 : comma + 1;
        const std::string hop = Trim(forwarded_for.substr(begin, end - begin));
        if (!hop.empty()) {
            if (!InBlocks(hop, trusted)) return hop.substr(0, 64);
            last = hop;
        }
        if (comma == std::string::npos) break;
        end = comma;
    }
    return last;
}

} // namespace quartier

// libsodium behind small functions; sodium_init runs once, on first use.
#include "backend/crypto.h"

#include <sodium.h>

#include <cctype>
#include <cstring>
#include <stdexcept>

namespace quartier {

namespace {
void Init() {
    static const bool ok = sodium_init() >= 0;
    if (!ok) throw std::runtime_error("libsodium could not be initialised");
}
} // namespace

std::string ToHex(std::string_view bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 15]);
    }
    return out;
}

bool FromHex(std::string_view hex, std::string& bytes) {
    Init();
    bytes.assign(hex.size() / 2, '\0');
    size_t len = 0;
    const char* end = nullptr;
    if (sodium_hex2bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), hex.data(), hex.size(), nullptr, &len,
                       &end) != 0 ||
        end != hex.data() + hex.size())
        return false;
    bytes.resize(len);
    return true;
}

std::string RandomBytes(std::size_t bytes) {
    Init();
    std::string raw(bytes, '\0');
    randombytes_buf(raw.data(), raw.size());
    return raw;
}

std::string Seal(std::string_view key, std::string_view plain) {
    Init();
    if (key.size() != crypto_secretbox_KEYBYTES) throw std::runtime_error("Seal: the key is not 32 bytes");
    std::string out = RandomBytes(crypto_secretbox_NONCEBYTES);
    out.resize(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size());
    auto* base = reinterpret_cast<unsigned char*>(out.data());
    crypto_secretbox_easy(base + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plain.data()),
                          plain.size(), base, reinterpret_cast<const unsigned char*>(key.data()));
    return out;
}

bool Open(std::string_view key, std::string_view sealed, std::string& plain) {
    Init();
    if (key.size() != crypto_secretbox_KEYBYTES || sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
        return false;
    const auto* base = reinterpret_cast<const unsigned char*>(sealed.data());
    plain.resize(sealed.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES);
    return crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), base + crypto_secretbox_NONCEBYTES,
                                      sealed.size() - crypto_secretbox_NONCEBYTES, base,
                                      reinterpret_cast<const unsigned char*>(key.data())) == 0;
}

std::string Base64(std::string_view bytes) {
    Init();
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(std::strlen(out.c_str()));
    return out;
}

std::string RandomHex(std::size_t bytes) { return ToHex(RandomBytes(bytes)); }

std::string KeyedMac(std::string_view key, std::string_view purpose, std::string_view data) {
    std::string message(purpose);
    message += '\n';
    message += data;
    return HmacSha256(key, message);
}

std::string HmacSha256(std::string_view key, std::string_view data) {
    Init();
    if (key.size() != crypto_auth_hmacsha256_KEYBYTES) throw std::invalid_argument("HMAC key of the wrong size");
    std::string out(crypto_auth_hmacsha256_BYTES, '\0');
    crypto_auth_hmacsha256(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(data.data()),
                           data.size(), reinterpret_cast<const unsigned char*>(key.data()));
    return out;
}

std::string RandomVoterCode() {
    Init();
    static const char alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"; // 31 characters
    std::string code;
    for (int i = 0; i < 8; ++i) {
        if (i == 4) code.push_back('-');
        code.push_back(alphabet[randombytes_uniform(31)]);
    }
    return code;
}

std::string NormalizeVoterCode(std::string_view typed) {
    std::string out;
    for (unsigned char c : typed) {
        if (c == '-' || std::isspace(c)) continue;
        out.push_back(static_cast<char>(std::toupper(c)));
    }
    return out;
}

std::string Sha256(std::string_view data) {
    Init();
    std::string out(crypto_hash_sha256_BYTES, '\0');
    crypto_hash_sha256(reinterpret_cast<unsigned char*>(out.data()),
                       reinterpret_cast<const unsigned char*>(data.data()), data.size());
    return out;
}

std::string Sha256Hex(std::string_view data) { return ToHex(Sha256(data)); }

std::string HashPassword(const std::string& password, PasswordCost cost) {
    Init();
    char out[crypto_pwhash_STRBYTES];
    const bool min = cost == PasswordCost::Minimum;
    if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                              min ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              min ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw std::runtime_error("out of memory while hashing a password");
    return out;
}

bool VerifyPassword(const std::string& hash, const std::string& password) {
    Init();
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

} // namespace quartier

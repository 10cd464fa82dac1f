// The server's secrets, all from libsodium: random tokens and codes, SHA-256 (receipts,
// token lookup, the audit chain) and argon2id password hashes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace quartier {

// bytes random bytes as lower-case hex (16 bytes: a 128-bit token).
std::string RandomHex(std::size_t bytes = 16);
// A voter code "XXXX-XXXX" over 31 unambiguous characters (no 0/O, 1/I/L).
std::string RandomVoterCode();
// What a voter typed, as stored: upper case, without spaces and dashes.
std::string NormalizeVoterCode(std::string_view typed);

// Raw 32-byte digest, and its hex form.
std::string Sha256(std::string_view data);
std::string Sha256Hex(std::string_view data);
std::string ToHex(std::string_view bytes);
// Hex digits back to bytes; false when hex is not an even run of hex digits.
bool FromHex(std::string_view hex, std::string& bytes);
// HMAC-SHA-256 of data under key (raw 32 bytes): pseudonyms that only the key's holder can link.
std::string HmacSha256(std::string_view key, std::string_view data);
// HMAC-SHA-256 of "purpose\ndata" under key: the store's keyed hashes (Db::Mac, and
// quartier_mac in SQLite's SQL), one purpose never colliding with another.
std::string KeyedMac(std::string_view key, std::string_view purpose, std::string_view data);
// Random raw bytes.
std::string RandomBytes(std::size_t bytes);

// Secret-key authenticated encryption (libsodium's crypto_secretbox, XSalsa20-Poly1305) under
// a 32-byte key: the nonce is made here and kept in front of the sealed bytes. Open gives
// false when the bytes were not sealed under key (or were altered).
std::string Seal(std::string_view key, std::string_view plain);
bool Open(std::string_view key, std::string_view sealed, std::string& plain);
// Standard base64 with padding (RFC 4648), for MIME encoded-words.
std::string Base64(std::string_view bytes);

enum class PasswordCost { Interactive, Minimum }; // Minimum: tests only
std::string HashPassword(const std::string& password, PasswordCost cost);
bool VerifyPassword(const std::string& hash, const std::string& password);

} // namespace quartier

// Base64 and hex through libsodium's constant-time codecs.
#include "tillit/crypto/encoding.hpp"

#include <sodium.h>

#include "tillit/crypto/sodium_init.hpp"

namespace tillit::crypto {

namespace {
constexpr int base64_variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

// libsodium 1.0.18 decodes every byte from 0x80 up as '_' (found by tests/fuzz): without this
// check, text that is not base64 would decode, and one value would have many spellings.
bool is_base64_alphabet(std::string_view text)
{
    // No early exit: the time taken depends on the length only, as in libsodium's own codec.
    bool all = true;
    for (const char c : text)
        all &= (c >= 'A' && c <= 'Z') | (c >= 'a' && c <= 'z') | (c >= '0' && c <= '9') | (c == '-') | (c == '_');
    return all;
}
} // namespace

std::string to_base64(std::span<const unsigned char> bytes)
{
    ensure_sodium();
    std::string out(sodium_base64_encoded_len(bytes.size(), base64_variant), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), base64_variant);
    out.resize(out.size() - 1); // drop the terminating NUL that sodium writes
    return out;
}

std::optional<std::vector<unsigned char>> from_base64(std::string_view text)
{
    ensure_sodium();
    if (!is_base64_alphabet(text)) return std::nullopt;
    std::vector<unsigned char> out(text.size() * 3 / 4 + 1);
    std::size_t length = 0;
    const char* end = nullptr;
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &length, &end, base64_variant) != 0 ||
        end != text.data() + text.size())
        return std::nullopt;
    out.resize(length);
    return out;
}

std::string to_hex(std::span<const unsigned char> bytes)
{
    ensure_sodium();
    std::string out(bytes.size() * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), bytes.data(), bytes.size());
    out.pop_back();
    return out;
}

std::optional<std::vector<unsigned char>> from_hex(std::string_view text)
{
    ensure_sodium();
    // One byte more than needed, so that its memory is never null (libsodium's output must not
    // be, even for empty text; tests/fuzz found the undefined behaviour).
    std::vector<unsigned char> out(text.size() / 2 + 1);
    std::size_t length = 0;
    const char* end = nullptr;
    if (text.size() % 2 != 0 ||
        sodium_hex2bin(out.data(), out.size(), text.data(), text.size(), nullptr, &length, &end) != 0 ||
        end != text.data() + text.size())
        return std::nullopt;
    out.resize(length);
    return out;
}

} // namespace tillit::crypto

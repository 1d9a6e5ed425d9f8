// Base64 and hex through libsodium's constant-time codecs.
#include "tillit/crypto/encoding.hpp"

#include <sodium.h>

#include "tillit/crypto/sodium_init.hpp"

namespace tillit::crypto {

namespace {
constexpr int base64_variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
}

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
    std::vector<unsigned char> out(text.size() / 2);
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

// Making, normalising and formatting the mailbox return code.
#include "tillit/crypto/return_code.hpp"

#include <array>

#include <sodium.h>

#include "tillit/crypto/sodium_init.hpp"

namespace tillit::crypto {

namespace {

bool is_ascii_alnum(char c) noexcept
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// What a person may type for a character of the alphabet that looks like it (c upper-case).
char unalias(char c) noexcept
{
    switch (c) {
    case 'O': return '0';
    case 'I':
    case 'L': return '1';
    case 'U': return 'V';
    default: return c;
    }
}

} // namespace

bool is_normalised_return_code(std::string_view code) noexcept
{
    if (code.size() != return_code_chars) return false;
    for (const char c : code)
        if (return_code_alphabet.find(c) == std::string_view::npos) return false;
    return true;
}

result<std::string> return_code_from_bytes(std::span<const unsigned char> random)
{
    if (random.size() != return_code_random_bytes) return crypto_error::malformed;
    std::string code;
    for (std::size_t i = 0; i < return_code_chars; ++i) {
        unsigned value = 0;
        for (std::size_t bit = 5 * i; bit < 5 * i + 5; ++bit) value = (value << 1) | ((random[bit / 8] >> (7 - bit % 8)) & 1U);
        code += return_code_alphabet[value];
    }
    return code;
}

std::string make_return_code()
{
    ensure_sodium();
    std::array<unsigned char, return_code_random_bytes> random{};
    randombytes_buf(random.data(), random.size());
    auto code = return_code_from_bytes(random);
    sodium_memzero(random.data(), random.size());
    return std::move(*code);
}

result<std::string> normalise_return_code(std::string_view typed)
{
    std::string code;
    for (const char c : typed) {
        if (!is_ascii_alnum(c)) continue;
        const char upper = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
        code += unalias(upper);
        if (code.size() > return_code_chars) return crypto_error::malformed;
    }
    if (!is_normalised_return_code(code)) return crypto_error::malformed;
    return code;
}

std::string format_return_code(std::string_view code)
{
    std::string out;
    for (std::size_t i = 0; i < code.size(); ++i) {
        if (i > 0 && i % 4 == 0) out += '-';
        out += code[i];
    }
    return out;
}

} // namespace tillit::crypto

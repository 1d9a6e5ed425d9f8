// Internal helpers: big-endian integers and byte appends for the signed and hashed messages.
#pragma once

#include <cstdint>
#include <new>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "tillit/crypto/result.hpp"
#include "tillit/crypto/secure_buffer.hpp"

namespace tillit::crypto::wire {

using bytes = std::vector<unsigned char>;

inline void append(bytes& out, std::span<const unsigned char> data) { out.insert(out.end(), data.begin(), data.end()); }

inline void append(bytes& out, std::string_view text) { out.insert(out.end(), text.begin(), text.end()); }

inline void append_be(bytes& out, std::uint64_t value, int width)
{
    for (int i = width - 1; i >= 0; --i) out.push_back(static_cast<unsigned char>(value >> (8 * i)));
}

inline std::uint64_t read_be(std::span<const unsigned char> in)
{
    std::uint64_t value = 0;
    for (const unsigned char byte : in) value = (value << 8) | byte;
    return value;
}

// A secure_buffer, or out_of_memory instead of std::bad_alloc.
inline std::optional<secure_buffer> secure(std::size_t size) noexcept
{
    try {
        return secure_buffer(size);
    } catch (const std::bad_alloc&) {
        return std::nullopt;
    }
}

} // namespace tillit::crypto::wire

// framing: the floor's frames (a 4-byte little-endian length 1..65536, then that many bytes).
#pragma once

#include <cstddef>
#include <cstdint>

namespace tillit::floor {

inline constexpr std::size_t prefix_size = 4;
inline constexpr std::uint32_t max_frame_length = 65536;
// A connection's first frame: a little-endian u64 pair key.
inline constexpr std::uint32_t hello_length = 8;
inline constexpr std::size_t hello_frame_size = prefix_size + hello_length;
// What the floor sends each side once paired: a 1-byte frame holding 'P'.
inline constexpr unsigned char paired_frame[] = {1, 0, 0, 0, 'P'};

[[nodiscard]] constexpr bool valid_length(std::uint32_t length) {
    return length >= 1 && length <= max_frame_length;
}

// Byte by byte so they are right on any host; compilers make them one load or store on x86.
[[nodiscard]] inline std::uint32_t load_le32(const unsigned char* p) {
    return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
           static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

[[nodiscard]] inline std::uint64_t load_le64(const unsigned char* p) {
    return static_cast<std::uint64_t>(load_le32(p)) | static_cast<std::uint64_t>(load_le32(p + 4)) << 32;
}

inline void store_le32(unsigned char* p, std::uint32_t value) {
    for (int i = 0; i < 4; ++i) {
        p[i] = static_cast<unsigned char>(value >> (8 * i));
    }
}

inline void store_le64(unsigned char* p, std::uint64_t value) {
    store_le32(p, static_cast<std::uint32_t>(value));
    store_le32(p + 4, static_cast<std::uint32_t>(value >> 32));
}

} // namespace tillit::floor

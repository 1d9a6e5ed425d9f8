// One crypto_secretstream_xchacha20poly1305 stream per direction (CRYPTO.md "Messages").
//   key: k_hc for help-seeker → counsellor, k_ch for counsellor → help-seeker
//   associated data of every frame: th (32) ‖ direction (1 byte: 0x01 h→c, 0x02 c→h)
//   plaintext: one JSON object (UTF-8), sodium_pad'ded to a multiple of 256 bytes, at most 4096
//   tags: TAG_REKEY on every message (its key is forgotten once used), TAG_FINAL on the last
// A stream refuses modification, replay, reordering and drops (the frame fails authentication)
// and, on close, truncation (no final frame). After its first error a stream is dead.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tillit/crypto/handshake.hpp"
#include "tillit/crypto/result.hpp"
#include "tillit/crypto/secure_buffer.hpp"

namespace tillit::crypto {

enum class direction : std::uint8_t {
    help_seeker_to_counsellor = 0x01,
    counsellor_to_help_seeker = 0x02,
};

inline constexpr std::size_t stream_header_bytes = 24;
inline constexpr std::size_t padding_block = 256;
inline constexpr std::size_t max_padded_bytes = 4096;
inline constexpr std::size_t max_plaintext_bytes = max_padded_bytes - 1;  // sodium_pad adds at least one byte
inline constexpr std::size_t frame_overhead = 17;                         // secretstream ABYTES
inline constexpr std::size_t max_frame_bytes = max_padded_bytes + frame_overhead;

using stream_header = std::array<unsigned char, stream_header_bytes>;

class sending_stream {
public:
    // A stream with a fresh random header (send header() to the peer first). Errors: out_of_memory.
    [[nodiscard]] static result<sending_stream> open(const session_keys& keys, direction dir);
    // FOR TEST VECTORS ONLY: the caller picks the header. With the per-epoch keys of a real
    // handshake this is still unique, but production code has no reason to call it.
    [[nodiscard]] static result<sending_stream> open_with_header_for_vectors(const session_keys& keys, direction dir,
                                                                             const stream_header& header);

    [[nodiscard]] const stream_header& header() const noexcept { return header_; }

    // Pads and encrypts one plaintext with TAG_REKEY. Errors: too_large (over 4095 bytes),
    // stream_closed (after push_final).
    [[nodiscard]] result<std::vector<unsigned char>> push(std::string_view plaintext);
    // The orderly end: TAG_FINAL; nothing can be pushed afterwards. Errors: as push.
    [[nodiscard]] result<std::vector<unsigned char>> push_final(std::string_view plaintext);

private:
    sending_stream(secure_buffer state, const stream_header& header, const transcript_hash& th, direction dir);
    result<std::vector<unsigned char>> push_tagged(std::string_view plaintext, unsigned char tag);

    secure_buffer state_;
    stream_header header_;
    std::array<unsigned char, hash_bytes + 1> ad_;
    bool closed_ = false;
};

struct received_frame {
    std::string plaintext;  // the JSON text, padding removed
    bool final = false;     // the sender ended the stream with this frame
};

class receiving_stream {
public:
    // Errors: malformed (header not 24 bytes), out_of_memory.
    [[nodiscard]] static result<receiving_stream> open(const session_keys& keys, direction dir,
                                                       std::span<const unsigned char> header);

    // Decrypts the next frame. Errors: too_large, frame_rejected (too short, modified, replayed,
    // reordered, a frame missing before it, or a tag other than REKEY/FINAL), bad_padding,
    // stream_closed (after the final frame or an earlier error).
    [[nodiscard]] result<received_frame> pull(std::span<const unsigned char> frame);

    // Reports how the stream ended: fine after the final frame; truncated otherwise (the peer's
    // last frames never came, or an error broke the stream). The stream is dead afterwards.
    [[nodiscard]] result<void> close();

private:
    receiving_stream(secure_buffer state, const transcript_hash& th, direction dir);

    secure_buffer state_;
    std::array<unsigned char, hash_bytes + 1> ad_;
    bool finished_ = false;  // the final frame came
    bool dead_ = false;      // an error, the final frame, or close()
};

} // namespace tillit::crypto

// Mailbox letters (docs/crypto.md "Mailbox, version 1"):
//   body       one JSON object (UTF-8, at most 16383 bytes), sodium_pad'ded to a multiple of 1024
//   ciphertext = nonce (24) ‖ crypto_aead_xchacha20poly1305_ietf_encrypt(padded, AD, nonce, k)
//   AD         = "tillit-letter-v1" ‖ box_id (16) ‖ BE(number, 4) ‖ direction (1)
//   envelope   = nonce (24) ‖ crypto_box_easy(k (32), nonce, reader_pk, sender_sk)   (72 bytes), one per reader
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tillit/crypto/keys.hpp"
#include "tillit/crypto/mailbox_keys.hpp"
#include "tillit/crypto/result.hpp"

namespace tillit::crypto {

enum class letter_direction : std::uint8_t {
    to_centre = 0x01,       // the help-seeker's letter, sealed by HK
    to_help_seeker = 0x02,  // a counsellor's reply, sealed by their MK
};

inline constexpr std::string_view letter_label = "tillit-letter-v1";
inline constexpr std::size_t letter_block = 1024;
inline constexpr std::size_t max_letter_padded_bytes = 16384;
inline constexpr std::size_t max_letter_body_bytes = max_letter_padded_bytes - 1;  // sodium_pad adds at least one byte
inline constexpr std::size_t letter_key_bytes = 32;
inline constexpr std::size_t letter_nonce_bytes = 24;
inline constexpr std::size_t letter_tag_bytes = 16;
inline constexpr std::size_t max_letter_ciphertext_bytes = letter_nonce_bytes + max_letter_padded_bytes + letter_tag_bytes;
inline constexpr std::size_t envelope_bytes = 72;
inline constexpr std::size_t max_letter_readers = 64;

using letter_nonce = std::array<unsigned char, letter_nonce_bytes>;

struct envelope {
    public_key to{};                 // the reader's public key (MK_pk or HK_pk)
    std::vector<unsigned char> box;  // 72 bytes
};

struct sealed_letter {
    std::vector<unsigned char> ciphertext;  // 24 + 1024·m + 16 bytes, m = 1..16
    std::vector<envelope> envelopes;        // in the order of the readers
};

// The AEAD's associated data (21 + 16 bytes).
[[nodiscard]] std::vector<unsigned char> letter_associated_data(const box_id& box, std::uint32_t number, letter_direction dir);

// Seals `body_json` (the caller wrote the JSON: {"text":T,"thread_key":B64(HK_pk)} from the
// help-seeker, {"text":T} from a counsellor) for `readers` with fresh random k and nonces.
// Errors: malformed (number 0, no reader or more than 64), too_large (body over 16383 bytes),
// low_order_point (a reader key gives an all-zero shared secret), out_of_memory.
[[nodiscard]] result<sealed_letter> seal_letter(std::string_view body_json, const box_id& box, std::uint32_t number,
                                                letter_direction dir, const dh_keypair& sender, std::span<const public_key> readers);

// FOR TEST VECTORS ONLY: the caller fixes k, the letter's nonce and one nonce per reader.
// Errors: as seal_letter, and malformed (k not 32 bytes, nonce count not the reader count).
[[nodiscard]] result<sealed_letter> seal_letter_for_vectors(std::string_view body_json, const box_id& box, std::uint32_t number,
                                                            letter_direction dir, const dh_keypair& sender,
                                                            std::span<const public_key> readers, std::span<const unsigned char> k,
                                                            const letter_nonce& nonce, std::span<const letter_nonce> envelope_nonces);

// Opens a letter with the envelope addressed to this reader and returns its body JSON. Errors, in
// this order: malformed (box not 72 bytes, reader_secret not 32, number 0), too_large
// (ciphertext over 24 + 16384 + 16 bytes), frame_rejected (too short; the envelope or the letter
// is not authentic: moved to another thread or number, other direction, wrong key, modified),
// bad_padding, malformed (the body is not UTF-8, or not one JSON object with a string "text"), frame_rejected
// (a to_centre letter whose "thread_key" is not B64(sender_pk): the help-seeker's HK opened it).
[[nodiscard]] result<std::string> open_letter(std::span<const unsigned char> ciphertext, std::span<const unsigned char> box,
                                              const box_id& id, std::uint32_t number, letter_direction dir,
                                              const public_key& sender_pk, std::span<const unsigned char> reader_secret);

} // namespace tillit::crypto

// One epoch's handshake (CRYPTO.md "Handshake"): the transcript hash, the root and the derived
// keys, the counsellor's reply with its key confirmation, and the help-seeker's side that checks it.
//   th   = BLAKE2b-256("tillit-v1" ‖ sid (16) ‖ n (4, BE) ‖ IK_pk ‖ SPK_pk ‖ e_H ‖ e_C)
//   root = BLAKE2b-256(key = th, DH(e_H, e_C) ‖ DH(e_H, SPK))
//   k_hc, k_ch, k_conf, k_sas = crypto_kdf_derive_from_key(32, 1..4, "tillitv1", root)
//   confirm = BLAKE2b-256(key = k_conf, "confirm" ‖ th)
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "tillit/crypto/bundle.hpp"
#include "tillit/crypto/keys.hpp"
#include "tillit/crypto/result.hpp"
#include "tillit/crypto/secure_buffer.hpp"

namespace tillit::crypto {

inline constexpr std::string_view transcript_label = "tillit-v1";
inline constexpr std::string_view confirm_label = "confirm";
inline constexpr char session_kdf_context[9] = "tillitv1";
inline constexpr std::size_t hash_bytes = 32;

using transcript_hash = std::array<unsigned char, hash_bytes>;
using confirmation = std::array<unsigned char, hash_bytes>;

// What both sides know before the ephemerals: from the server (sid, epoch) and the bundle.
struct handshake_params {
    session_id sid{};
    std::uint32_t epoch = 0;
    public_key identity_key{};  // IK_pk
    public_key shift_key{};     // SPK_pk
};

[[nodiscard]] transcript_hash make_transcript_hash(const handshake_params& params, const public_key& e_h,
                                                   const public_key& e_c);

struct session_keys {
    transcript_hash th{};
    secure_buffer k_hc;    // help-seeker → counsellor stream
    secure_buffer k_ch;    // counsellor → help-seeker stream
    secure_buffer k_conf;  // key confirmation
    secure_buffer k_sas;   // short authentication string

    // The 6-digit code both people may compare: the first 4 bytes of k_sas as a big-endian
    // unsigned integer, modulo 1 000 000, written with leading zeros.
    [[nodiscard]] std::string sas_code() const;
    [[nodiscard]] confirmation confirm() const;
};

struct counsellor_reply {
    public_key e_c{};
    confirmation confirm{};
    session_keys keys;
};

// The counsellor's side of step 3 and 4, with its own e_C (tests pass a seeded one).
// Errors: low_order_point (e_H is a low-order point or zero), out_of_memory.
[[nodiscard]] result<counsellor_reply> counsellor_respond(const handshake_params& params, const dh_keypair& shift_key,
                                                          const public_key& e_h, const dh_keypair& e_c);
// The same with a fresh random e_C, wiped on return.
[[nodiscard]] result<counsellor_reply> counsellor_respond(const handshake_params& params, const dh_keypair& shift_key,
                                                          const public_key& e_h);

// The help-seeker's side: start() verifies the bundle and holds e_H until finish().
class help_seeker_handshake {
public:
    // Errors: those of verify_bundle (malformed, bad_signature, expired, revoked), out_of_memory.
    [[nodiscard]] static result<help_seeker_handshake> start(const public_key& root, const counsellor_bundle& bundle,
                                                             const session_id& sid, std::uint32_t epoch, std::uint64_t now,
                                                             std::span<const unsigned char> revocations, dh_keypair e_h);
    // The same with a fresh random e_H.
    [[nodiscard]] static result<help_seeker_handshake> start(const public_key& root, const counsellor_bundle& bundle,
                                                             const session_id& sid, std::uint32_t epoch, std::uint64_t now,
                                                             std::span<const unsigned char> revocations);

    // e_H, to send to the counsellor.
    [[nodiscard]] const public_key& ephemeral_key() const noexcept { return e_h_pk_; }

    // Derives the keys from the counsellor's e_C and checks its confirmation in constant time;
    // e_H's secret is wiped either way and a second call fails. Errors: low_order_point,
    // malformed (confirm not 32 bytes), bad_confirmation, stream_closed (already finished), out_of_memory.
    [[nodiscard]] result<session_keys> finish(const public_key& e_c, std::span<const unsigned char> confirm);

private:
    help_seeker_handshake(const handshake_params& params, dh_keypair e_h)
        : params_(params), e_h_pk_(e_h.pk), e_h_(std::move(e_h))
    {
    }
    handshake_params params_;
    public_key e_h_pk_;
    std::optional<dh_keypair> e_h_;
};

} // namespace tillit::crypto

// The handshake: transcript hash, root and subkeys, key confirmation, both sides.
#include "tillit/crypto/handshake.hpp"

#include <cstdio>

#include <sodium.h>

#include "tillit/crypto/sodium_init.hpp"
#include "wire.hpp"

namespace tillit::crypto {

namespace {

// root = BLAKE2b-256(key = th, dh1 ‖ dh2), then the four subkeys. Both DH outputs must come from
// crypto_scalarmult calls that succeeded (a non-zero result).
result<session_keys> derive(const transcript_hash& th, const secure_buffer& dh)
{
    auto root = wire::secure(hash_bytes);
    auto hc = wire::secure(hash_bytes);
    auto ch = wire::secure(hash_bytes);
    auto conf = wire::secure(hash_bytes);
    auto sas = wire::secure(hash_bytes);
    if (!root || !hc || !ch || !conf || !sas) return crypto_error::out_of_memory;
    crypto_generichash(root->data(), root->size(), dh.data(), dh.size(), th.data(), th.size());
    crypto_kdf_derive_from_key(hc->data(), hc->size(), 1, session_kdf_context, root->data());
    crypto_kdf_derive_from_key(ch->data(), ch->size(), 2, session_kdf_context, root->data());
    crypto_kdf_derive_from_key(conf->data(), conf->size(), 3, session_kdf_context, root->data());
    crypto_kdf_derive_from_key(sas->data(), sas->size(), 4, session_kdf_context, root->data());
    return session_keys{th, std::move(*hc), std::move(*ch), std::move(*conf), std::move(*sas)};
}

// dh = DH(a_sk, b_pk) ‖ DH(c_sk, d_pk). crypto_scalarmult fails (returns -1) exactly when the
// output is all zero, i.e. the peer's point has low order: that aborts the handshake.
result<secure_buffer> two_dh(const secure_buffer& a_sk, const public_key& b_pk, const secure_buffer& c_sk,
                             const public_key& d_pk)
{
    auto dh = wire::secure(2 * crypto_scalarmult_BYTES);
    if (!dh) return crypto_error::out_of_memory;
    if (crypto_scalarmult(dh->data(), a_sk.data(), b_pk.data()) != 0) return crypto_error::low_order_point;
    if (crypto_scalarmult(dh->data() + crypto_scalarmult_BYTES, c_sk.data(), d_pk.data()) != 0)
        return crypto_error::low_order_point;
    return std::move(*dh);
}

} // namespace

transcript_hash make_transcript_hash(const handshake_params& params, const public_key& e_h, const public_key& e_c)
{
    ensure_sodium();
    wire::bytes input;
    wire::append(input, transcript_label);
    wire::append(input, params.sid);
    wire::append_be(input, params.epoch, 4);
    wire::append(input, params.identity_key);
    wire::append(input, params.shift_key);
    wire::append(input, e_h);
    wire::append(input, e_c);
    transcript_hash th{};
    crypto_generichash(th.data(), th.size(), input.data(), input.size(), nullptr, 0);
    return th;
}

std::string session_keys::sas_code() const
{
    const auto value = static_cast<unsigned>(wire::read_be(k_sas.span().first(4)) % 1'000'000U);
    char text[8];
    std::snprintf(text, sizeof text, "%06u", value);
    return text;
}

confirmation session_keys::confirm() const
{
    wire::bytes input;
    wire::append(input, confirm_label);
    wire::append(input, th);
    confirmation out{};
    crypto_generichash(out.data(), out.size(), input.data(), input.size(), k_conf.data(), k_conf.size());
    return out;
}

result<counsellor_reply> counsellor_respond(const handshake_params& params, const dh_keypair& shift_key,
                                            const public_key& e_h, const dh_keypair& e_c)
{
    ensure_sodium();
    // DH(e_H, e_C) ‖ DH(e_H, SPK), from the counsellor's side.
    auto dh = two_dh(e_c.sk, e_h, shift_key.sk, e_h);
    if (!dh) return dh.error();
    auto keys = derive(make_transcript_hash(params, e_h, e_c.pk), *dh);
    if (!keys) return keys.error();
    const auto confirm = keys->confirm();
    return counsellor_reply{e_c.pk, confirm, std::move(*keys)};
}

result<counsellor_reply> counsellor_respond(const handshake_params& params, const dh_keypair& shift_key,
                                            const public_key& e_h)
{
    auto e_c = generate_dh_keypair();
    if (!e_c) return e_c.error();
    return counsellor_respond(params, shift_key, e_h, *e_c);
}

result<help_seeker_handshake> help_seeker_handshake::start(const public_key& root, const counsellor_bundle& bundle,
                                                           const session_id& sid, std::uint32_t epoch, std::uint64_t now,
                                                           std::span<const unsigned char> revocations, dh_keypair e_h)
{
    if (auto ok = verify_bundle(root, bundle, now, revocations); !ok) return ok.error();
    return help_seeker_handshake({sid, epoch, bundle.identity_key, bundle.shift_key}, std::move(e_h));
}

result<help_seeker_handshake> help_seeker_handshake::start(const public_key& root, const counsellor_bundle& bundle,
                                                           const session_id& sid, std::uint32_t epoch, std::uint64_t now,
                                                           std::span<const unsigned char> revocations)
{
    auto e_h = generate_dh_keypair();
    if (!e_h) return e_h.error();
    return start(root, bundle, sid, epoch, now, revocations, std::move(*e_h));
}

result<session_keys> help_seeker_handshake::finish(const public_key& e_c, std::span<const unsigned char> confirm)
{
    if (!e_h_) return crypto_error::stream_closed;
    // e_H is used once: its secret goes when this returns, whatever the outcome.
    const dh_keypair e_h = std::move(*e_h_);
    e_h_.reset();
    if (confirm.size() != hash_bytes) return crypto_error::malformed;
    auto dh = two_dh(e_h.sk, e_c, e_h.sk, params_.shift_key);
    if (!dh) return dh.error();
    auto keys = derive(make_transcript_hash(params_, e_h.pk, e_c), *dh);
    if (!keys) return keys.error();
    const auto expected = keys->confirm();
    if (sodium_memcmp(expected.data(), confirm.data(), expected.size()) != 0) return crypto_error::bad_confirmation;
    return keys;
}

} // namespace tillit::crypto

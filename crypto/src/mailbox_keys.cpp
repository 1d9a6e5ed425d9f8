// The return code's thread keys, and signing, wrapping and unwrapping of counsellors' mailbox keys.
#include "tillit/crypto/mailbox_keys.hpp"

#include <algorithm>
#include <array>

#include <sodium.h>

#include "tillit/crypto/return_code.hpp"
#include "tillit/crypto/sodium_init.hpp"
#include "wire.hpp"

namespace tillit::crypto {

static_assert(wrapped_mailbox_key_bytes == crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + crypto_box_SECRETKEYBYTES);
static_assert(sizeof mailbox_kdf_context == crypto_kdf_CONTEXTBYTES + 1);

namespace {
constexpr std::uint64_t box_id_subkey = 1;
constexpr std::uint64_t box_auth_subkey = 2;
constexpr std::uint64_t thread_key_subkey = 3;
} // namespace

result<thread_keys> derive_thread_keys(std::string_view normalised)
{
    ensure_sodium();
    if (!is_normalised_return_code(normalised)) return crypto_error::malformed;
    auto rk = wire::secure(crypto_kdf_KEYBYTES);
    auto auth = wire::secure(box_auth_bytes);
    auto hk_seed = wire::secure(crypto_box_SEEDBYTES);
    if (!rk || !auth || !hk_seed) return crypto_error::out_of_memory;
    crypto_generichash(rk->data(), rk->size(), reinterpret_cast<const unsigned char*>(normalised.data()), normalised.size(),
                       reinterpret_cast<const unsigned char*>(return_code_hash_key.data()), return_code_hash_key.size());
    box_id id{};
    crypto_kdf_derive_from_key(id.data(), id.size(), box_id_subkey, mailbox_kdf_context, rk->data());
    crypto_kdf_derive_from_key(auth->data(), auth->size(), box_auth_subkey, mailbox_kdf_context, rk->data());
    crypto_kdf_derive_from_key(hk_seed->data(), hk_seed->size(), thread_key_subkey, mailbox_kdf_context, rk->data());
    auto hk = dh_keypair_from_seed(hk_seed->span());
    if (!hk) return hk.error();
    return thread_keys{id, std::move(*auth), std::move(*hk)};
}

box_auth_hash hash_box_auth(std::span<const unsigned char> box_auth)
{
    ensure_sodium();
    box_auth_hash out{};
    crypto_generichash(out.data(), out.size(), box_auth.data(), box_auth.size(), nullptr, 0);
    return out;
}

std::vector<unsigned char> mailbox_key_message(const public_key& mailbox_key, std::uint64_t not_after)
{
    wire::bytes out;
    wire::append(out, mailbox_key_label);
    wire::append(out, mailbox_key);
    wire::append_be(out, not_after, 8);
    return out;
}

signature sign_mailbox_key(const signing_keypair& identity, const public_key& mailbox_key, std::uint64_t not_after)
{
    ensure_sodium();
    const auto message = mailbox_key_message(mailbox_key, not_after);
    signature sig{};
    crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), identity.sk.data());
    return sig;
}

result<void> verify_mailbox_key(const public_key& identity_key, const public_key& mailbox_key, std::uint64_t not_after,
                                const signature& sig, std::uint64_t now)
{
    ensure_sodium();
    const auto message = mailbox_key_message(mailbox_key, not_after);
    if (crypto_sign_verify_detached(sig.data(), message.data(), message.size(), identity_key.data()) != 0)
        return crypto_error::bad_signature;
    if (now >= not_after) return crypto_error::expired;
    return {};
}

result<std::vector<unsigned char>> wrap_mailbox_key_for_vectors(std::span<const unsigned char> wrap, const dh_keypair& mailbox_key,
                                                                std::span<const unsigned char> nonce)
{
    ensure_sodium();
    if (wrap.size() != crypto_secretbox_KEYBYTES || nonce.size() != crypto_secretbox_NONCEBYTES ||
        mailbox_key.sk.size() != crypto_box_SECRETKEYBYTES)
        return crypto_error::malformed;
    std::vector<unsigned char> blob(wrapped_mailbox_key_bytes);
    std::copy(nonce.begin(), nonce.end(), blob.begin());
    crypto_secretbox_easy(blob.data() + crypto_secretbox_NONCEBYTES, mailbox_key.sk.data(), mailbox_key.sk.size(), blob.data(),
                          wrap.data());
    return blob;
}

result<std::vector<unsigned char>> wrap_mailbox_key(std::span<const unsigned char> wrap, const dh_keypair& mailbox_key)
{
    ensure_sodium();
    std::array<unsigned char, crypto_secretbox_NONCEBYTES> nonce{};
    randombytes_buf(nonce.data(), nonce.size());
    return wrap_mailbox_key_for_vectors(wrap, mailbox_key, nonce);
}

result<dh_keypair> unwrap_mailbox_key(std::span<const unsigned char> wrap, std::span<const unsigned char> blob,
                                      const public_key& expected)
{
    ensure_sodium();
    if (wrap.size() != crypto_secretbox_KEYBYTES || blob.size() != wrapped_mailbox_key_bytes) return crypto_error::malformed;
    auto sk = wire::secure(crypto_box_SECRETKEYBYTES);
    if (!sk) return crypto_error::out_of_memory;
    const auto boxed = blob.subspan(crypto_secretbox_NONCEBYTES);
    if (crypto_secretbox_open_easy(sk->data(), boxed.data(), boxed.size(), blob.data(), wrap.data()) != 0)
        return crypto_error::unwrap_failed;
    dh_keypair keys{{}, std::move(*sk)};
    crypto_scalarmult_base(keys.pk.data(), keys.sk.data());
    if (sodium_memcmp(keys.pk.data(), expected.data(), expected.size()) != 0) return crypto_error::unwrap_failed;
    return keys;
}

} // namespace tillit::crypto

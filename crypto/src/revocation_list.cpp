// Signing and checking of the root-signed revocation list (format in revocation_list.hpp).
#include "tillit/crypto/revocation_list.hpp"

#include <algorithm>

#include <sodium.h>

#include "tillit/crypto/sodium_init.hpp"
#include "wire.hpp"

namespace tillit::crypto {

namespace {
constexpr std::size_t header_bytes = revocation_label.size() + 8 + 8 + 4;
}

bool revocation_list::contains(const public_key& identity_key) const noexcept
{
    return std::find(revoked.begin(), revoked.end(), identity_key) != revoked.end();
}

result<std::vector<unsigned char>> sign_revocation_list(const signing_keypair& root, const revocation_list& list)
{
    ensure_sodium();
    if (list.revoked.size() > max_revoked_keys) return crypto_error::too_large;
    wire::bytes out;
    wire::append(out, revocation_label);
    wire::append_be(out, list.issued_at, 8);
    wire::append_be(out, list.not_after, 8);
    wire::append_be(out, list.revoked.size(), 4);
    for (const auto& key : list.revoked) wire::append(out, key);
    signature sig{};
    crypto_sign_detached(sig.data(), nullptr, out.data(), out.size(), root.sk.data());
    wire::append(out, sig);
    return out;
}

result<revocation_list> open_revocation_list_ignoring_expiry(const public_key& root, std::span<const unsigned char> blob)
{
    ensure_sodium();
    if (blob.size() < header_bytes + signature_bytes) return crypto_error::malformed;
    const auto body = blob.first(blob.size() - signature_bytes);
    const auto sig = blob.last(signature_bytes);
    // The signature first: nothing unsigned is interpreted.
    if (crypto_sign_verify_detached(sig.data(), body.data(), body.size(), root.data()) != 0) return crypto_error::bad_signature;
    if (!std::equal(revocation_label.begin(), revocation_label.end(), body.begin())) return crypto_error::malformed;
    auto rest = body.subspan(revocation_label.size());
    revocation_list list;
    list.issued_at = wire::read_be(rest.first(8));
    list.not_after = wire::read_be(rest.subspan(8, 8));
    const auto count = wire::read_be(rest.subspan(16, 4));
    rest = rest.subspan(20);
    if (count > max_revoked_keys || rest.size() != count * public_key_bytes) return crypto_error::malformed;
    for (std::size_t i = 0; i < count; ++i) {
        public_key key{};
        std::copy_n(rest.begin() + static_cast<std::ptrdiff_t>(i * public_key_bytes), public_key_bytes, key.begin());
        list.revoked.push_back(key);
    }
    return list;
}

result<revocation_list> open_revocation_list(const public_key& root, std::span<const unsigned char> blob, std::uint64_t now)
{
    auto list = open_revocation_list_ignoring_expiry(root, blob);
    if (!list) return list;
    if (now >= list->not_after) return crypto_error::expired;
    return list;
}

} // namespace tillit::crypto

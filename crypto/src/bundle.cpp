// Verification of a counsellor bundle: certificate, revocation list, shift-key signature.
#include "tillit/crypto/bundle.hpp"

#include <optional>

#include "tillit/crypto/revocation_list.hpp"
#include "tillit/crypto/shift_key.hpp"

namespace tillit::crypto {

result<void> verify_bundle(const public_key& root, const counsellor_bundle& bundle, std::uint64_t now,
                           std::span<const unsigned char> revocations)
{
    std::optional<revocation_list> revoked;
    if (!revocations.empty()) {
        auto list = open_revocation_list(root, revocations, now);
        if (!list) return list.error();
        revoked = std::move(*list);
    }
    if (auto ok = verify_certificate(root, bundle.identity_key, bundle.pseudonym, bundle.cert, now,
                                     revoked ? &*revoked : nullptr);
        !ok)
        return ok;
    return verify_shift_key(bundle.identity_key, bundle.shift_key, bundle.shift_not_after, bundle.shift_signature, now);
}

} // namespace tillit::crypto

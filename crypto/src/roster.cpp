// Verification of a roster entry: revocation list, certificate, mailbox key signature and expiry.
#include "tillit/crypto/roster.hpp"

#include <optional>

#include "tillit/crypto/mailbox_keys.hpp"
#include "tillit/crypto/revocation_list.hpp"

namespace tillit::crypto {

result<void> verify_roster_entry(const roster_entry& entry, const public_key& root, std::span<const unsigned char> revocations,
                                 std::uint64_t at)
{
    std::optional<revocation_list> revoked;
    if (!revocations.empty()) {
        auto list = open_revocation_list(root, revocations, at);
        if (!list) return list.error();
        revoked = std::move(*list);
    }
    if (auto ok = verify_certificate(root, entry.identity_key, entry.pseudonym, entry.cert, at, revoked ? &*revoked : nullptr); !ok)
        return ok;
    return verify_mailbox_key(entry.identity_key, entry.mailbox_key, entry.mailbox_not_after, entry.mailbox_signature, at);
}

} // namespace tillit::crypto

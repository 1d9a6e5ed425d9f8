// mailbox_values: hashes, checks and conversions of the mailbox service.
#include "mailbox/mailbox_values.hpp"

#include <algorithm>

#include <sodium.h>

#include "stats/counter_keys.hpp"
#include "tillit/crypto/encoding.hpp"
#include "tillit/crypto/mailbox_keys.hpp"

namespace tillit::mailbox {

std::vector<unsigned char> auth_hash(std::span<const unsigned char> box_auth)
{
    const auto hash = crypto::hash_box_auth(box_auth);
    return {hash.begin(), hash.end()};
}

bool auth_matches(std::span<const unsigned char> box_auth, std::span<const unsigned char> stored)
{
    const auto computed = crypto::hash_box_auth(box_auth);
    return stored.size() == computed.size() && sodium_memcmp(computed.data(), stored.data(), computed.size()) == 0;
}

std::optional<protocol::error_reply> next_number_refusal(const store::thread_row& t, std::int64_t number,
                                                         std::int64_t max_letters)
{
    if (t.letters >= max_letters) return protocol::error_reply{.code = protocol::errc::thread_full};
    if (number != t.letters + 1)
        return protocol::error_reply{.code = protocol::errc::letter_number, .expected = static_cast<std::uint64_t>(t.letters + 1)};
    return std::nullopt;
}

bool can_answer_letters(const store::account& a, std::string_view lane)
{
    return a.role == store::role::counsellor && !a.disabled && !a.certificate.empty() && !a.identity_public_key.empty() &&
           std::find(a.lanes.begin(), a.lanes.end(), lane) != a.lanes.end();
}

protocol::roster_entry entry_of(const store::account& a, const store::mailbox_key_row& key)
{
    return {crypto::to_base64(a.identity_public_key), a.pseudonym,          crypto::to_base64(a.certificate),
            crypto::to_base64(key.public_key),         key.not_after,        crypto::to_base64(key.signature)};
}

bool mailbox_key_signed(std::span<const unsigned char> identity_key, std::span<const unsigned char> public_key,
                        std::int64_t not_after, std::span<const unsigned char> signature, std::int64_t now)
{
    const auto ik = crypto::public_key_from(identity_key);
    const auto mk = crypto::public_key_from(public_key);
    const auto sig = crypto::signature_from(signature);
    return ik && mk && sig &&
           crypto::verify_mailbox_key(*ik, *mk, static_cast<std::uint64_t>(not_after), *sig, static_cast<std::uint64_t>(now));
}

std::size_t answered_in_counters(store::store& s, std::int64_t day_start, std::int64_t now)
{
    std::int64_t total = 0;
    const auto first_hour = day_start - day_start % 3600;
    for (const auto& row : s.counter_rows(first_hour, now - now % 3600 + 3600))
        if (row.name == stats::threads_answered) total += row.value;
    return static_cast<std::size_t>(std::max<std::int64_t>(0, total));
}

} // namespace tillit::mailbox

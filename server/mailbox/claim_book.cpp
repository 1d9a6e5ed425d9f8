// claim_book: claims by box id, each with its expiry.
#include "mailbox/claim_book.hpp"

namespace tillit::mailbox {

claim claim_book::take(const std::string& box, std::int64_t account, std::string pseudonym, std::int64_t now)
{
    if (auto current = holder(box, now); current && current->account != account) return *current;
    auto& held = claims_[box];
    held = {account, std::move(pseudonym), now + duration_};
    return held;
}

std::optional<claim> claim_book::holder(const std::string& box, std::int64_t now) const
{
    const auto found = claims_.find(box);
    if (found == claims_.end() || found->second.expires <= now) return std::nullopt;
    return found->second;
}

bool claim_book::held_by(const std::string& box, std::int64_t account, std::int64_t now) const
{
    const auto current = holder(box, now);
    return current && current->account == account;
}

bool claim_book::release(const std::string& box, std::int64_t account)
{
    const auto found = claims_.find(box);
    if (found == claims_.end() || found->second.account != account) return false;
    claims_.erase(found);
    return true;
}

bool claim_book::expire(std::int64_t now)
{
    return std::erase_if(claims_, [&](const auto& entry) { return entry.second.expires <= now; }) > 0;
}

} // namespace tillit::mailbox

// claim_book: who is answering which thread (issue 16: opening a thread claims it for a few
// minutes so that two counsellors do not answer the same letter at once; others see who holds
// it; a reply releases it). In memory only: a restart frees every claim. Pure logic with the
// time passed in; its owner (mailbox_service) calls it on one thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace tillit::mailbox {

struct claim {
    std::int64_t account = 0;  // the counsellor holding it
    std::string pseudonym;
    std::int64_t expires = 0;  // unix seconds
};

class claim_book {
public:
    explicit claim_book(std::int64_t duration_seconds) : duration_(duration_seconds) {}

    // Gives `box` to `account` until now + duration (renewing their own claim), unless someone
    // else holds it: then nothing changes. Returns the claim that holds now, whoever's it is.
    claim take(const std::string& box, std::int64_t account, std::string pseudonym, std::int64_t now);
    // The claim on `box` that has not expired at `now`, if any.
    [[nodiscard]] std::optional<claim> holder(const std::string& box, std::int64_t now) const;
    [[nodiscard]] bool held_by(const std::string& box, std::int64_t account, std::int64_t now) const;
    // Frees `box` if `account` holds it; returns whether it did.
    bool release(const std::string& box, std::int64_t account);
    // Frees `box` whoever holds it (the thread is gone).
    void forget(const std::string& box) { claims_.erase(box); }
    // Drops expired claims; returns whether any was dropped.
    bool expire(std::int64_t now);

private:
    std::int64_t duration_;
    std::map<std::string, claim> claims_;  // by box id
};

} // namespace tillit::mailbox

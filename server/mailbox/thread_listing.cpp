// thread_listing: the mailbox as one counsellor and as the supervisors see it.
#include "mailbox/thread_listing.hpp"

#include <algorithm>

#include "tillit/crypto/encoding.hpp"

namespace tillit::mailbox {

bool visible_to(const store::thread_row& t, const viewer& v, std::int64_t now, std::int64_t reply_seconds)
{
    if (std::find(v.lanes.begin(), v.lanes.end(), t.lane) == v.lanes.end()) return false;
    const bool theirs = t.counsellor && *t.counsellor == v.account;
    if (!waiting(t)) return theirs;
    if (!t.counsellor || theirs) return true;
    // Someone else's thread: everyone's once the reply-by time is close.
    return *t.reply_by - now <= reply_seconds / 4;
}

protocol::mailbox_listing list_for(const thread_map& threads, const viewer& v, const claim_book& claims,
                                   const pseudonym_of& names, std::int64_t now, std::int64_t reply_seconds)
{
    protocol::mailbox_listing listing;
    listing.reply_within_hours = reply_seconds / 3600;
    for (const auto& [box, t] : threads) {
        if (!visible_to(t, v, now, reply_seconds)) continue;
        const auto claim = claims.holder(box, now);
        listing.threads.push_back({crypto::to_base64(t.box_id),
                                   t.lane,
                                   t.language,
                                   t.age_band,
                                   t.topic,
                                   waiting(t),
                                   t.reply_by,
                                   t.waiting_since,
                                   t.last_letter_hour,
                                   t.letters,
                                   t.counsellor ? names(*t.counsellor) : std::nullopt,
                                   claim ? std::optional(claim->pseudonym) : std::nullopt,
                                   claim ? std::optional(claim->expires) : std::nullopt});
    }
    std::stable_sort(listing.threads.begin(), listing.threads.end(), [](const auto& a, const auto& b) {
        if (a.waiting != b.waiting) return a.waiting;
        if (a.waiting) return *a.reply_by < *b.reply_by;
        return a.last_letter > b.last_letter;
    });
    return listing;
}

protocol::mailbox_load load_of(const thread_map& threads, std::int64_t now, std::size_t answered_today)
{
    protocol::mailbox_load load;
    load.answered_today = answered_today;
    for (const auto& [box, t] : threads) {
        if (!waiting(t)) continue;
        ++load.waiting;
        if (*t.reply_by <= now) ++load.past_reply_by;
        if (t.waiting_since && (!load.oldest_waiting_since || *t.waiting_since < *load.oldest_waiting_since))
            load.oldest_waiting_since = t.waiting_since;
    }
    return load;
}

} // namespace tillit::mailbox

// hourly_limit: at most N events per client key in any hour (letters written, codes that did not
// match), in memory only, forgotten after a quiet hour. Pure logic with the time passed in; its
// owner (mailbox_service) calls it on one thread.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>

namespace tillit::mailbox {

using client_key = std::array<unsigned char, 16>;  // net/client_key.hpp's (app/ checks they agree)
using unix_seconds = std::int64_t;

class hourly_limit {
public:
    static constexpr unix_seconds window = 3600;

    // `per_hour` 0 turns the limit off.
    explicit hourly_limit(std::size_t per_hour) : per_hour_(per_hour) {}

    // nullopt while `key` may have another event at `now`; else the seconds until it may (≥ 1).
    [[nodiscard]] std::optional<std::int64_t> refusal(const client_key& key, unix_seconds now) const;
    // Counts an event of `key` at `now` (past the limit the oldest is forgotten: the count stays full).
    void count(const client_key& key, unix_seconds now);
    // Forgets keys with no event in the last hour (call once in a while).
    void forget_quiet(unix_seconds now);

    [[nodiscard]] std::size_t clients() const { return events_.size(); }

private:
    std::size_t per_hour_;
    std::map<client_key, std::deque<unix_seconds>> events_;  // each key's events within the window
};

} // namespace tillit::mailbox

// thread_listing: which threads a counsellor's mailbox shows and in what order, and the
// supervisors' aggregate of the mailbox (issue 16). A thread keeps its counsellor: a letter in a
// thread that someone answered before shows first only in that counsellor's mailbox, and in
// everyone's (of the lane) once its reply-by time is a quarter of the reply time away. Pure; the
// mailbox_service calls it on its thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mailbox/claim_book.hpp"
#include "protocol/events.hpp"
#include "protocol/mailbox_frames.hpp"
#include "store/mailbox_store.hpp"

namespace tillit::mailbox {

// A counsellor watching their mailbox.
struct viewer {
    std::int64_t account = 0;
    std::vector<std::string> lanes;  // the lanes they serve
};

using thread_map = std::map<std::string, store::thread_row>;  // by box id (its bytes)
using pseudonym_of = std::function<std::optional<std::string>(std::int64_t account)>;

// Waiting: a help-seeker's letter has no answer yet (reply_by is set).
[[nodiscard]] inline bool waiting(const store::thread_row& t) { return t.reply_by.has_value(); }

[[nodiscard]] bool visible_to(const store::thread_row& t, const viewer& v, std::int64_t now, std::int64_t reply_seconds);

// The viewer's list: waiting threads by reply-by (oldest first), then answered ones, newest
// letter first. Box ids are base64 in it.
[[nodiscard]] protocol::mailbox_listing list_for(const thread_map& threads, const viewer& v, const claim_book& claims,
                                                 const pseudonym_of& names, std::int64_t now, std::int64_t reply_seconds);

// Letters waiting, the oldest unanswered letter's hour, how many are past their reply-by time.
// (answered_today is the caller's count.)
[[nodiscard]] protocol::mailbox_load load_of(const thread_map& threads, std::int64_t now, std::size_t answered_today);

} // namespace tillit::mailbox

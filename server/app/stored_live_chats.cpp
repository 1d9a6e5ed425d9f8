// stored_live_chats: live chat ids written on the store's thread.
#include "app/stored_live_chats.hpp"

#include <algorithm>

#include "log/log.hpp"

namespace tillit::app {

void stored_live_chats::opened(const chat::session_id& sid, std::function<void()> then)
{
    db_.post([sid, then = std::move(then)](store::store& s) {
        try {
            s.add_live_chat(sid);
        } catch (const std::exception& e) {
            // The chat goes on; only a crash would now end it for good.
            log::error("live_chat_write_failed", {{"error", e.what()}});
        }
        then();
    });
}

void stored_live_chats::closed(const chat::session_id& sid)
{
    db_.post([sid](store::store& s) {
        try {
            s.remove_live_chat(sid);
        } catch (const std::exception& e) {
            log::error("live_chat_write_failed", {{"error", e.what()}});
        }
    });
}

std::vector<chat::session_id> stored_live_chats::left_from_before()
{
    const auto rows = db_.call([](store::store& s) { return s.live_chats(); });
    std::vector<chat::session_id> ids;
    for (const auto& row : rows) {
        if (row.size() != chat::session_id{}.size()) continue;  // not one of ours: ignored, never restorable
        chat::session_id sid;
        std::copy(row.begin(), row.end(), sid.begin());
        ids.push_back(sid);
    }
    return ids;
}

} // namespace tillit::app

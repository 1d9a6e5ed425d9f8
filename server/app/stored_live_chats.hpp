// stored_live_chats: the live_chat_ledger in the SQLite store (the table live_chats). Writes are
// queued on the store's own thread in the order they are made, so an end is never written before
// its start; a failed write is logged (without the id) and costs nothing else.
#pragma once

#include <vector>

#include "chat/live_chat_ledger.hpp"
#include "store/store_service.hpp"

namespace tillit::app {

class stored_live_chats final : public chat::live_chat_ledger {
public:
    explicit stored_live_chats(store::store_service& db) : db_(db) {}

    void opened(const chat::session_id& sid, std::function<void()> then) override;
    void closed(const chat::session_id& sid) override;

    // The chats that were live when the server last stopped (at start-up only; blocks).
    [[nodiscard]] std::vector<chat::session_id> left_from_before();

private:
    store::store_service& db_;
};

} // namespace tillit::app

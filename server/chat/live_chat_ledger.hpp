// live_chat_ledger: where the pairing actor notes which chats are in progress, so that after a
// crash a chat that was live can be restored from its resume token and one that had ended cannot
// (a blocked abuser must not come back with an old token). Only the chat's random session id is
// noted, and it is crossed out when the chat ends (DESIGN.md, line 2).
// The actor calls both functions on its strand: implementations must not block (queue the write).
#pragma once

#include <functional>

#include "chat/resume_token.hpp"

namespace tillit::chat {

class live_chat_ledger {
public:
    virtual ~live_chat_ledger() = default;
    // `then` runs (on any thread) once the note is written, or failed to be: the actor tells the
    // two sides of a new chat only then, so that a crash right after they learn of it cannot
    // leave a chat they think is live unrestorable.
    virtual void opened(const session_id& sid, std::function<void()> then) = 0;
    virtual void closed(const session_id& sid) = 0;
};

} // namespace tillit::chat

// activity_observer: how the pairing actor and the chat rooms report what happens, for the
// aggregate statistics and /metrics: a pairing and its wait, a chat's end and its length, a
// help-seeker who gave up waiting, a visit while closed, a frame relayed. Only lanes, languages,
// reasons and durations pass: nothing that points at one person or chat.
//
// Called from any thread (the actor's strand, the connections' strands): implementations must be
// thread-safe, quick and must not block (no disk, no waiting for a lock held long).
#pragma once

#include <string>

#include "chat/chat_types.hpp"

namespace tillit::chat {

class activity_observer {
public:
    virtual ~activity_observer() = default;
    // A help-seeker was paired with a counsellor after waiting `waited` since joining (for one put
    // back after their counsellor was gone, since their original join).
    virtual void paired(lane l, clock::duration waited) = 0;
    // A chat paired `length` ago ended (either side, blocked, a side gone, or the help-seeker put
    // back in the queue). Not called for chats made again after a restart (no pairing time).
    virtual void chat_closed(lane l, clock::duration length) = 0;
    // A help-seeker left the queue before being paired (leave, or their connection closed).
    virtual void abandoned(lane l, const std::string& language) = 0;
    // A join was answered "closed".
    virtual void closed_visit(lane l, closed_reason reason) = 0;
    // A chat frame was accepted and passed on (or held) for the other side.
    virtual void frame_relayed() = 0;
};

} // namespace tillit::chat

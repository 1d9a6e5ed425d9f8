// pairing_actor_transfers: handing a chat from one counsellor to another, once the help-seeker
// consents (docs/protocol.md, "transfer"). On the actor's strand, like the rest of the actor.
#include "chat/pairing_actor.hpp"

#include <boost/asio/post.hpp>

#include "log/log.hpp"

namespace tillit::chat {

namespace asio = boost::asio;

namespace {

protocol::chat_note note(protocol::chat_note::kind what, const chat_room& room) { return {what, room.sid_text()}; }

} // namespace

void pairing_actor::propose_transfer(std::shared_ptr<chat_room> room, counsellor_id from, counsellor_id to)
{
    asio::post(strand_, [self = shared_from_this(), room = std::move(room), from, to] {
        const auto found = self->chats_.find(room->sid());
        using kind = protocol::chat_note::kind;
        if (found == self->chats_.end() || room->counsellor() != from) return;
        if (to == from || !self->book_.has_room_for(to, room->request().lane)) {
            room->tell(side::counsellor, note(kind::transfer_unavailable, *room));
            return;
        }
        found->second.transfer_to = to;
        room->tell(side::seeker, note(kind::transfer_request, *room));
        room->tell(side::counsellor, note(kind::transfer_pending, *room));
    });
}

void pairing_actor::answer_transfer(std::shared_ptr<chat_room> room, bool accept)
{
    asio::post(strand_, [self = shared_from_this(), room = std::move(room), accept] {
        const auto found = self->chats_.find(room->sid());
        if (found == self->chats_.end() || !found->second.transfer_to) return;
        const auto to = *std::exchange(found->second.transfer_to, std::nullopt);
        const auto from = room->counsellor();
        using kind = protocol::chat_note::kind;
        if (!accept) {
            room->tell(side::counsellor, note(kind::transfer_declined, *room));
            return;
        }
        const auto target = self->counsellors_.find(to);
        auto next = target == self->counsellors_.end() ? nullptr : target->second.lock();
        if (!next || !self->book_.transfer(found->second.book_chat, to)) {
            room->tell(side::counsellor, note(kind::transfer_failed, *room));
            room->tell(side::seeker, note(kind::transfer_failed, *room));
            return;
        }
        const auto previous_found = self->counsellors_.find(from);
        auto previous = previous_found == self->counsellors_.end() ? nullptr : previous_found->second.lock();
        // A new counsellor means new keys: the room starts a new epoch and tells the help-seeker.
        const auto epoch = room->change_counsellor(to);
        if (previous) previous->leave_chat(room, note(kind::transferred, *room), std::nullopt);
        auto bundle = self->bundle_of(to);
        found->second.awaiting_bundle = bundle.is_null();
        room->tell(side::seeker,
                   protocol::transferred{room->sid_text(), epoch, self->token_for(*room, side::seeker), std::move(bundle)});
        next->enter_chat(room, self->paired_event(*room, side::counsellor, false, {}));
        log::info("chat_transferred");
    });
}

} // namespace tillit::chat

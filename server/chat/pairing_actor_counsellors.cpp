// pairing_actor_counsellors: a counsellor going on and off duty, their connections coming and
// going (a new one takes their chats over), their key bundle reaching the help-seekers who wait
// for it, and a new key epoch when a console lost its keys. On the actor's strand.
#include "chat/pairing_actor.hpp"

#include <boost/asio/post.hpp>

#include "async/offload.hpp"
#include "log/log.hpp"

namespace tillit::chat {

namespace asio = boost::asio;
namespace json = boost::json;

asio::awaitable<bool> pairing_actor::go_on_duty(counsellor_id id, std::weak_ptr<participant> who, std::vector<lane> lanes,
                                                std::vector<std::string> languages, unsigned capacity, json::value bundle)
{
    auto applied = async::offload(strand_, [this, id, who, lanes = std::move(lanes), languages = std::move(languages),
                                            capacity, bundle = std::move(bundle)]() mutable {
        if (capacity < 1 || capacity > settings_.max_capacity) return false;
        const bool new_bundle = !bundle.is_null();
        if (new_bundle || !bundles_.contains(id)) bundles_[id] = std::move(bundle);  // a capacity change keeps the shift key
        book_.go_on_duty(id, std::move(lanes), std::move(languages), capacity);
        // Help-seekers who were told "no bundle yet" (a restart, a console that came back without
        // its shift key) get it now, not only when they happen to reconnect.
        if (new_bundle) send_awaited_bundles(id);
        // Confirmed before any chat this brings, so the console knows its state first.
        if (auto counsellor = who.lock())
            counsellor->notify(protocol::duty_state{true, capacity});
        counsellor_connected(id, who);
        pair_now();
        return true;
    });
    co_return co_await std::move(applied);
}

void pairing_actor::go_off_duty(counsellor_id id, std::weak_ptr<participant> who)
{
    asio::post(strand_, [self = shared_from_this(), id, who] {
        self->book_.go_off_duty(id);
        self->counsellor_connected(id, who);
    });
}

void pairing_actor::counsellor_disconnected(counsellor_id id, std::weak_ptr<participant> who)
{
    asio::post(strand_, [self = shared_from_this(), id, who] {
        const auto found = self->counsellors_.find(id);
        // A late notice from an old connection must not mark a counsellor who is back as gone.
        if (found == self->counsellors_.end() || found->second.owner_before(who) || who.owner_before(found->second)) return;
        self->book_.counsellor_disconnected(id, self->time_now());
        self->counsellors_.erase(found);
    });
}

void pairing_actor::counsellor_connected(counsellor_id id, const std::weak_ptr<participant>& who)
{
    const auto found = counsellors_.find(id);
    const bool same = found != counsellors_.end() && !found->second.owner_before(who) && !who.owner_before(found->second);
    const auto previous = found == counsellors_.end() || same ? nullptr : found->second.lock();
    counsellors_[id] = who;
    book_.counsellor_reconnected(id);
    if (!same) attach_counsellor_chats(id, nullptr, previous);
}

void pairing_actor::attach_counsellor_chats(counsellor_id id, const session_id* only, const std::shared_ptr<participant>& previous)
{
    const auto found = counsellors_.find(id);
    if (found == counsellors_.end()) return;
    const auto who = found->second.lock();
    if (!who) return;
    for (auto& [sid, entry] : chats_) {
        if (entry.room->counsellor() != id || (only != nullptr && sid != *only)) continue;
        const bool returning = !entry.restored;
        if (entry.restored) {
            // The chat was made again after a restart (already in its new epoch): now that its
            // counsellor is back, the help-seeker gets their bundle to run the new handshake.
            entry.restored = false;
            send_seeker_epoch(entry, "");
        }
        if (previous) previous->moved_elsewhere(entry.room);
        who->enter_chat(entry.room, paired_event(*entry.room, side::counsellor, false, {}, returning));
    }
}

void pairing_actor::send_awaited_bundles(counsellor_id id)
{
    for (auto& [sid, entry] : chats_)
        if (entry.awaiting_bundle && !entry.restored && entry.room->counsellor() == id)
            send_seeker_epoch(entry, "");
}

void pairing_actor::restart_epoch(std::shared_ptr<chat_room> room, counsellor_id by)
{
    asio::post(strand_, [self = shared_from_this(), room = std::move(room), by] {
        const auto found = self->chats_.find(room->sid());
        if (found == self->chats_.end() || room->ended() || room->counsellor() != by) return;
        // Old frames are reported undelivered to their senders (the clients' sync resends what
        // the other side lacks), numbering starts again, and both sides run a new handshake.
        const auto epoch = room->new_epoch();
        room->tell(side::counsellor, protocol::epoch_started{room->sid_text(), epoch});
        self->send_seeker_epoch(found->second, "counsellor_reconnected");
        log::info("epoch_restarted");
    });
}

} // namespace tillit::chat

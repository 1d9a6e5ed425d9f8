// chat_room: sequence numbers, acknowledgements and resending for one chat.
#include "chat/chat_room.hpp"

#include <utility>

namespace tillit::chat {

chat_room::chat_room(session_id sid, std::uint32_t epoch, seeker_request request, std::int64_t joined_unix,
                     counsellor_id counsellor, std::shared_ptr<activity_observer> observer, absence_waits waits)
    : sid_(sid),
      sid_text_(session_id_text(sid)),
      request_(std::move(request)),
      joined_unix_(joined_unix),
      observer_(std::move(observer)),
      waits_(waits),
      token_generation_(random_token_generation()),
      counsellor_(counsellor),
      epoch_(epoch)
{
}

counsellor_id chat_room::counsellor() const
{
    std::lock_guard lock(mutex_);
    return counsellor_;
}

std::uint32_t chat_room::epoch() const
{
    std::lock_guard lock(mutex_);
    return epoch_;
}

void chat_room::send_locked(endpoint& to, const protocol::event& e)
{
    if (auto connection = to.connection.lock()) connection->send(e);
}

void chat_room::send_frame_locked(endpoint& to, const frame& f)
{
    send_locked(to, protocol::chat_msg{sid_text_, f.seq, f.payload});
}

chat_room::relay_result chat_room::relay(side from, std::uint64_t seq, std::string_view payload, std::uint64_t& expected)
{
    std::lock_guard lock(mutex_);
    auto& sender = of(from);
    auto& receiver = peer_of(from);
    expected = sender.next_from;
    if (ended_) return relay_result::ended;
    if (seq < sender.next_from) return relay_result::duplicate;  // a resend after a reconnect
    if (seq > sender.next_from) return relay_result::out_of_order;
    if (receiver.unacknowledged.size() >= max_unacknowledged_frames) return relay_result::backlog_full;
    ++sender.next_from;
    expected = sender.next_from;
    receiver.unacknowledged.push_back({seq, std::string(payload)});
    send_frame_locked(receiver, receiver.unacknowledged.back());
    if (observer_) observer_->frame_relayed();
    return relay_result::accepted;
}

void chat_room::acknowledge(side by, std::uint64_t seq)
{
    std::lock_guard lock(mutex_);
    acknowledge_locked(by, seq);
}

void chat_room::acknowledge_locked(side by, std::uint64_t seq)
{
    auto& receiver = of(by);
    if (seq <= receiver.acknowledged) return;
    // Only what was actually sent can be acknowledged.
    const auto sent = peer_of(by).next_from - 1;
    if (seq > sent) seq = sent;
    receiver.acknowledged = seq;
    while (!receiver.unacknowledged.empty() && receiver.unacknowledged.front().seq <= seq) receiver.unacknowledged.pop_front();
    send_locked(peer_of(by), protocol::delivered{sid_text_, seq});
}

void chat_room::attach(side s, const std::shared_ptr<chat_sink>& connection, std::uint64_t last_received)
{
    std::lock_guard lock(mutex_);
    acknowledge_locked(s, last_received);  // what it says it has, it has
    auto& e = of(s);
    e.connection = connection;
    for (const auto& f : e.unacknowledged) send_frame_locked(e, f);
    if (std::exchange(e.announced_away, false) && !ended_)
        send_locked(peer_of(s), protocol::chat_note{protocol::chat_note::kind::peer_back, sid_text_});
}

void chat_room::detach(side s, const std::shared_ptr<chat_sink>& connection)
{
    std::lock_guard lock(mutex_);
    auto& e = of(s);
    if (e.connection.lock() != connection) return;
    e.connection.reset();
    e.away_since = clock::now();
    if (ended_) return;
    // Told at once, so that nobody writes into a silence without knowing it (issue 20).
    const auto waits = s == side::seeker ? waits_.seeker : waits_.counsellor;
    send_locked(peer_of(s), protocol::peer_away{sid_text_, waits.count()});
    e.announced_away = true;
}

clock::duration chat_room::away_for(side s, clock::time_point now) const
{
    std::lock_guard lock(mutex_);
    const auto& e = ends_[static_cast<int>(s)];
    return e.connection.expired() ? now - e.away_since : clock::duration::zero();
}

bool chat_room::attached(side s) const
{
    std::lock_guard lock(mutex_);
    return !ends_[static_cast<int>(s)].connection.expired();
}

void chat_room::report_undelivered_locked(side receiver)
{
    auto& to = of(receiver);
    if (to.unacknowledged.empty()) return;
    protocol::undelivered note{sid_text_, {}};
    note.seqs.reserve(to.unacknowledged.size());
    for (const auto& f : to.unacknowledged) note.seqs.push_back(f.seq);
    send_locked(peer_of(receiver), note);
    to.unacknowledged.clear();
}

std::uint32_t chat_room::new_epoch()
{
    std::lock_guard lock(mutex_);
    report_undelivered_locked(side::seeker);
    report_undelivered_locked(side::counsellor);
    for (auto& e : ends_) {
        e.next_from = 1;
        e.acknowledged = 0;
    }
    return ++epoch_;
}

std::uint32_t chat_room::change_counsellor(counsellor_id to)
{
    {
        std::lock_guard lock(mutex_);
        counsellor_ = to;
        of(side::counsellor).connection.reset();
        of(side::counsellor).away_since = clock::now();
        of(side::counsellor).announced_away = false;  // a new counsellor, not one who dropped
    }
    return new_epoch();
}

bool chat_room::end(std::string_view reason)
{
    std::lock_guard lock(mutex_);
    if (ended_) return false;
    ended_ = true;
    report_undelivered_locked(side::seeker);
    report_undelivered_locked(side::counsellor);
    for (auto& e : ends_) send_locked(e, protocol::chat_ended{sid_text_, reason});
    return true;
}

bool chat_room::ended() const
{
    std::lock_guard lock(mutex_);
    return ended_;
}

std::uint64_t chat_room::token_generation() const
{
    std::lock_guard lock(mutex_);
    return token_generation_;
}

bool chat_room::spend_token(std::uint64_t generation)
{
    std::lock_guard lock(mutex_);
    if (generation == token_generation_) {
        // Until the new token shows it arrived, this one stays good: if the `resumed` carrying
        // the new one is lost, the help-seeker can only come back with this one.
        unconfirmed_generation_ = token_generation_;
    } else if (generation == 0 || generation != unconfirmed_generation_) {
        return false;
    }  // else: the newest never arrived; the older one stays good until a newer one does
    token_generation_ = random_token_generation();
    return true;
}

void chat_room::keep_unconfirmed_token(std::uint64_t generation)
{
    std::lock_guard lock(mutex_);
    unconfirmed_generation_ = generation;
}

void chat_room::token_arrived()
{
    std::lock_guard lock(mutex_);
    unconfirmed_generation_ = 0;
}

bool chat_room::tell(side s, const protocol::event& e)
{
    std::lock_guard lock(mutex_);
    auto& to = of(s);
    if (to.connection.expired()) return false;
    send_locked(to, e);
    return true;
}

} // namespace tillit::chat

// counsellor_desk: duty, chats side by side, and end-of-chat tags for one counsellor.
#include "app/counsellor_desk.hpp"

#include <array>

#include <boost/asio/post.hpp>

#include "app/relay_messages.hpp"
#include "protocol/fields.hpp"
#include "protocol/replies.hpp"
#include "tillit/crypto/encoding.hpp"

namespace tillit::app {

namespace asio = boost::asio;
namespace json = boost::json;
using protocol::errc;
using protocol::bool_field;
using protocol::count_field;
using protocol::string_field;

namespace {

constexpr std::size_t max_open_and_untagged = 64;
constexpr std::array<std::string_view, 5> outcomes = {"supported", "referred", "emergency", "no_contact", "other"};

} // namespace

counsellor_desk::counsellor_desk(const std::shared_ptr<net::websocket_session>& connection,
                                 std::shared_ptr<chat::pairing_actor> actor, store::store_service& db,
                                 stats_recorder& recorder, const store::account& account)
    : connection_(connection),
      sink_(std::make_shared<session_sink>(connection)),
      actor_(std::move(actor)),
      db_(db),
      recorder_(recorder),
      id_(account.id),
      languages_(account.languages)
{
    for (const auto& l : account.lanes)
        if (const auto parsed = chat::parse_lane(l)) lanes_.push_back(*parsed);
}

void counsellor_desk::send(const std::string& frame)
{
    if (auto connection = connection_.lock()) connection->send(frame);
}

void counsellor_desk::send_error(protocol::error_reply reply)
{
    // Errors about a chat (no_such_chat, out_of_order, peer_backlog_full, chat_ended, capacity,
    // certification, transfer) do not count toward the connection's limit of mistakes: they come
    // from a chat's state, not a broken client. A malformed message does (docs/protocol.md).
    const auto counted = reply.code == errc::bad_message ? net::strike::counts : net::strike::forgiven;
    if (auto connection = connection_.lock()) connection->send_error(std::move(reply), counted);
}

std::shared_ptr<chat::chat_room> counsellor_desk::chat_of(const json::object& message)
{
    const auto sid = string_field(message, "chat");
    if (!sid) return nullptr;
    const auto found = chats_.find(std::string(*sid));
    return found == chats_.end() ? nullptr : found->second;
}

// Every awaited call below is built in one statement and awaited in the next: see
// async/offload.hpp for the GCC 12 bug this avoids.
asio::awaitable<bool> counsellor_desk::on_message(std::string_view type, const json::object& message)
{
    if (type == "duty") {
        co_await on_duty(message);
    } else if (type == "msg" || type == "ack") {
        auto connection = connection_.lock();
        if (const auto room = chat_of(message); !room) send_error({errc::no_such_chat});
        // Not counted, not even bad_message: a chat's frames are the console's, not a probe's.
        else if (const auto reply = handle_relay(*room, chat::side::counsellor, type, message); connection)
            send_relay_reply(*connection, reply);
    } else if (type == "new_epoch") {
        // This console lost the chat's keys (a reload, a new tab): start the chat's next epoch.
        if (const auto room = chat_of(message); !room || room->ended())
            send_error({errc::no_such_chat, "You have no chat in progress with that id."});
        else actor_->restart_epoch(room, id_);
    } else if (type == "end") {
        if (const auto room = chat_of(message); !room) send_error({errc::no_such_chat});
        else actor_->end_chat(room, "ended_by_counsellor");
    } else if (type == "tags") {
        co_await on_tags(message);
    } else if (type == "transfer") {
        co_await on_transfer(message);
    } else if (type == "block") {
        // Ends the chat and keeps that client out for a while; nothing about it is written down.
        if (const auto room = chat_of(message); !room) send_error({errc::no_such_chat});
        else actor_->block(room, id_);
    } else {
        co_return false;
    }
    co_return true;
}

asio::awaitable<void> counsellor_desk::on_duty(const json::object& message)
{
    const auto on = bool_field(message, "on");
    if (!on) co_return send_error({errc::bad_message, "duty needs \"on\": true or false."});
    if (!*on) {
        actor_->go_off_duty(id_, weak_from_this());
        co_return send(protocol::frame(protocol::duty_state{false}));
    }
    const auto capacity = count_field(message, "capacity").value_or(1);
    // The shift key (CRYPTO.md "SPK"), signed in the console by the identity key, goes to every
    // help-seeker paired with this counsellor together with the identity key and its certificate
    // as the server has them on file. Without one no help-seeker can start an encrypted chat.
    json::value bundle = nullptr;
    if (const auto* shift = message.if_contains("shift_key")) {
        const auto* fields = shift->if_object();
        const auto key = fields ? string_field(*fields, "public") : std::nullopt;
        const auto signature = fields ? string_field(*fields, "signature") : std::nullopt;
        const auto not_after = fields ? count_field(*fields, "not_after") : std::nullopt;
        const auto key_bytes = key ? crypto::from_base64(*key) : std::nullopt;
        const auto signature_bytes = signature ? crypto::from_base64(*signature) : std::nullopt;
        if (!key_bytes || key_bytes->size() != 32 || !signature_bytes || signature_bytes->size() != 64 || !not_after)
            co_return send_error({errc::bad_message, "shift_key needs a 32-byte public key, a 64-byte signature and not_after."});
        auto reading = db_.run([id = id_](store::store& s) {
            return std::pair{s.find_account(id), s.setting("revocation_list")};
        });
        const auto [account, revocations] = co_await std::move(reading);
        if (!account || account->identity_public_key.empty() || account->certificate.empty())
            co_return send_error({errc::not_certified});
        bundle = protocol::bundle_value({crypto::to_base64(account->identity_public_key), account->pseudonym,
                                         crypto::to_base64(account->certificate), std::string(*key), *not_after,
                                         std::string(*signature), revocations});
    }
    auto going = actor_->go_on_duty(id_, weak_from_this(), lanes_, languages_,
                                    static_cast<unsigned>(std::min<std::uint64_t>(capacity, 1000)), std::move(bundle));
    // On success the actor itself confirms, ahead of the chats that going on duty brings.
    if (!co_await std::move(going)) send_error({errc::bad_capacity});
}

asio::awaitable<void> counsellor_desk::on_tags(const json::object& message)
{
    const auto room = chat_of(message);
    if (!room || !room->ended())
        co_return send_error({errc::no_such_chat, "Tags are given once, to a chat of yours that has ended."});
    const auto outcome = string_field(message, "outcome");
    if (!outcome || std::find(outcomes.begin(), outcomes.end(), *outcome) == outcomes.end())
        co_return send_error({errc::bad_message, "outcome must be one of supported, referred, emergency, no_contact, other."});
    // The counsellor may correct the age band and topic the help-seeker chose (or add them).
    auto age_band = string_field(message, "age_band");
    auto topic = string_field(message, "topic");
    if ((age_band && !chat::valid_age_band(*age_band)) || (topic && !chat::valid_topic(*topic)))
        co_return send_error({errc::bad_message, "Unknown age band or topic."});
    const auto& request = room->request();
    chats_.erase(room->sid_text());
    // One counter per hour and combination (a language no counsellor serves as "other"): no row
    // per chat, nothing finer than the hour. "tags_saved" means it is in the database.
    recorder_.chat_tagged(chat::to_string(request.lane), request.language, age_band.value_or(request.age_band.value_or("unknown")),
                          topic.value_or(request.topic.value_or("unknown")), *outcome);
    auto counting = recorder_.flushed();
    co_await std::move(counting);
    send(protocol::frame(protocol::tags_saved{}));
}

asio::awaitable<void> counsellor_desk::on_transfer(const json::object& message)
{
    const auto room = chat_of(message);
    const auto to = string_field(message, "to");
    if (!room || room->ended() || !to)
        co_return send_error({errc::bad_message, "transfer needs a chat of yours and \"to\": a pseudonym."});
    auto lookup = db_.run([name = std::string(*to)](store::store& s) { return s.find_account(name); });
    const auto target = co_await std::move(lookup);
    if (!target || target->disabled || target->role != store::role::counsellor) {
        protocol::error_reply unavailable{errc::transfer_unavailable};
        unavailable.chat = room->sid_text();
        co_return send_error(std::move(unavailable));
    }
    actor_->propose_transfer(room, id_, target->id);
}

void counsellor_desk::on_closed()
{
    actor_->counsellor_disconnected(id_, weak_from_this());
    for (const auto& [sid, room] : chats_) room->detach(chat::side::counsellor, sink_);
}

void counsellor_desk::notify(const protocol::event& e)
{
    if (const auto* error = std::get_if<protocol::error_reply>(&e)) return send_error(*error);
    if (auto connection = connection_.lock()) send_event(*connection, e);
}

void counsellor_desk::moved_elsewhere(std::shared_ptr<chat::chat_room> room)
{
    auto connection = connection_.lock();
    if (!connection) return;
    asio::post(connection->get_executor(), [self = shared_from_this(), connection, room = std::move(room)] {
        // This connection no longer sends or receives for the chat; another one of theirs has it.
        if (self->chats_.erase(room->sid_text()) == 0) return;
        send_event(*connection, protocol::chat_note{protocol::chat_note::kind::moved_elsewhere, room->sid_text()});
    });
}

void counsellor_desk::enter_chat(std::shared_ptr<chat::chat_room> room, protocol::event announcement)
{
    auto connection = connection_.lock();
    if (!connection) return;
    asio::post(connection->get_executor(), [self = shared_from_this(), connection, room = std::move(room),
                                            announcement = std::move(announcement)] {
        // Ended chats wait here for their tags; the oldest untagged ones are let go.
        if (self->chats_.size() >= max_open_and_untagged)
            std::erase_if(self->chats_, [](const auto& entry) { return entry.second->ended(); });
        self->chats_[room->sid_text()] = room;
        send_event(*connection, announcement);
        room->attach(chat::side::counsellor, self->sink_, 0);
    });
}

void counsellor_desk::leave_chat(std::shared_ptr<chat::chat_room> room, protocol::event announcement,
                                 std::optional<chat::ticket_id>)
{
    auto connection = connection_.lock();
    if (!connection) return;
    asio::post(connection->get_executor(), [self = shared_from_this(), connection, room = std::move(room),
                                            announcement = std::move(announcement)] {
        self->chats_.erase(room->sid_text());
        send_event(*connection, announcement);
    });
}

} // namespace tillit::app

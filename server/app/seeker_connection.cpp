// seeker_connection: queueing, chatting and resuming for one help-seeker.
#include "app/seeker_connection.hpp"

#include <type_traits>

#include <boost/asio/post.hpp>

#include "app/mailbox_requests.hpp"
#include "app/relay_messages.hpp"
#include "app/seeker_mailbox.hpp"
#include "net/client_key.hpp"
#include "protocol/fields.hpp"
#include "protocol/replies.hpp"

namespace tillit::app {

namespace asio = boost::asio;
namespace json = boost::json;
using protocol::errc;
using protocol::bool_field;
using protocol::count_field;
using protocol::string_field;

// The network's key for a client is the one chat/ blocks by: the same type, passed as it is.
static_assert(std::is_same_v<net::client_key, chat::client_key>);

seeker_connection::seeker_connection(const std::shared_ptr<net::websocket_session>& connection,
                                     std::shared_ptr<chat::pairing_actor> actor,
                                     std::shared_ptr<mailbox::mailbox_service> mailbox)
    : connection_(connection), sink_(std::make_shared<session_sink>(connection)), actor_(std::move(actor)),
      mailbox_(std::move(mailbox))
{
}

void seeker_connection::send(const std::string& frame)
{
    if (auto connection = connection_.lock()) connection->send(frame);
}

void seeker_connection::send_error(protocol::error_reply reply)
{
    // None of a help-seeker's errors count toward the connection's limit of mistakes (only
    // bad_json does, and the router sends that): a frightened person typing into a stalled chat,
    // or pressing a button twice, must never be thrown out (docs/protocol.md, "Errors").
    if (auto connection = connection_.lock()) connection->send_error(std::move(reply), net::strike::forgiven);
}

// Every awaited call below is built in one statement and awaited in the next: see
// async/offload.hpp for the GCC 12 bug this avoids.
asio::awaitable<void> seeker_connection::on_message(std::string_view type, const json::object& message)
{
    if (room_ && !token_arrived_) {
        // Any frame after `resumed` (or `paired`) shows that the newest token arrived.
        room_->token_arrived();
        token_arrived_ = true;
    }
    if (is_seeker_mailbox_message(type)) {
        auto connection = connection_.lock();
        if (!connection) co_return;
        auto handling = handle_seeker_mailbox(*mailbox_, *connection, type, message);
        if (co_await std::move(handling)) used_mailbox_ = true;
    } else if (type == "join") {
        co_await on_join(message);
    } else if (type == "resume") {
        co_await on_resume(message);
    } else if (type == "leave") {
        if (ticket_) actor_->leave(*ticket_);
        ticket_.reset();
        send(protocol::frame(protocol::left{}));
    } else if (type == "msg" || type == "ack") {
        if (!room_) co_return send_error({errc::not_in_chat});
        const auto reply = handle_relay(*room_, chat::side::seeker, type, message);
        if (auto connection = connection_.lock()) send_relay_reply(*connection, reply);
    } else if (type == "transfer_consent") {
        const auto accept = bool_field(message, "accept");
        if (!room_ || !accept) co_return send_error({errc::bad_message, "transfer_consent needs \"accept\": true or false, in a chat."});
        actor_->answer_transfer(room_, *accept);
    } else if (type == "end") {
        if (!room_) co_return send_error({errc::not_in_chat, "There is no chat to end."});
        actor_->end_chat(room_, "ended_by_help_seeker");
        room_.reset();
    } else {
        send_error({errc::unknown_type});
    }
}

asio::awaitable<void> seeker_connection::on_join(const json::object& message)
{
    if (ticket_ || (room_ && !room_->ended())) co_return send_error({errc::already_joined});
    const auto lane_text = string_field(message, "lane");
    const auto lane = lane_text ? chat::parse_lane(*lane_text) : std::nullopt;
    const auto language = string_field(message, "language");
    const auto age_band = string_field(message, "age_band");
    const auto topic = string_field(message, "topic");
    if (!lane || !language || !chat::valid_language(*language) || (age_band && !chat::valid_age_band(*age_band)) ||
        (topic && !chat::valid_topic(*topic)))
        co_return send_error(
            {errc::bad_message, "join needs a lane (support or consultation) and a language code; age_band and topic are optional."});
    auto code = join_mailbox_code(message);
    if (!code) co_return send_error(code.error());
    chat::seeker_request request{*lane, std::string(*language),
                                 age_band ? std::optional<std::string>(*age_band) : std::nullopt,
                                 topic ? std::optional<std::string>(*topic) : std::nullopt, std::nullopt};
    auto connection = connection_.lock();
    if (!connection) co_return;
    if (*code) {
        // A live chat with the counsellor who answered this help-seeker's letters, if on duty.
        auto finding = mailbox_->answering_counsellor(connection->key(), std::move(**code));
        request.preferred_counsellor = co_await std::move(finding);
    }
    auto joining = actor_->join(weak_from_this(), std::move(request), std::nullopt, connection->key());
    const auto result = co_await std::move(joining);
    // The actor may already have paired us (enter_chat is posted behind this): keep the ticket
    // only while no chat has begun.
    if (result.ticket && !room_) ticket_ = result.ticket;
}

asio::awaitable<void> seeker_connection::on_resume(const json::object& message)
{
    if (ticket_ || (room_ && !room_->ended())) co_return send_error({errc::already_joined});
    const auto token = string_field(message, "token");
    const auto claim = token ? chat::verify_resume_token(*token, actor_->secret()) : std::nullopt;
    if (!claim) co_return send_error({errc::resume_failed});
    const auto last_received = count_field(message, "last_received").value_or(0);
    auto connection = connection_.lock();
    if (!connection) co_return;
    auto finding = actor_->resume(*claim, weak_from_this(), connection->key());
    auto found = co_await std::move(finding);
    if (found.ticket) {
        // Restored, but the counsellor is full: the actor put us at the front of the queue.
        if (!room_) ticket_ = found.ticket;
        co_return;
    }
    const auto room = found.room;
    if (!room) co_return send_error({errc::resume_failed});
    room_ = room;
    token_arrived_ = false;
    send(protocol::frame(protocol::resumed{room->sid_text(), room->epoch(), room->epoch() != claim->epoch, found.token, found.bundle}));
    room->attach(chat::side::seeker, sink_, room->epoch() == claim->epoch ? last_received : 0);
    actor_->seeker_attached(room);  // an "epoch" told before the attach was lost: it comes again
}

void seeker_connection::on_closed()
{
    if (ticket_) actor_->leave(*ticket_);  // gave up waiting
    if (room_) room_->detach(chat::side::seeker, sink_);
    ticket_.reset();
    room_.reset();
}

void seeker_connection::notify(const protocol::event& e)
{
    if (auto connection = connection_.lock()) send_event(*connection, e);
}

void seeker_connection::moved_elsewhere(std::shared_ptr<chat::chat_room> room)
{
    auto connection = connection_.lock();
    if (!connection) return;
    asio::post(connection->get_executor(), [self = shared_from_this(), connection, room = std::move(room)] {
        if (self->room_ != room) return;
        self->room_.reset();  // its closing must not detach the connection that took over
        send_event(*connection, protocol::chat_note{protocol::chat_note::kind::moved_elsewhere, room->sid_text()});
        connection->close(boost::beast::websocket::close_code::normal, "moved elsewhere");
    });
}

void seeker_connection::enter_chat(std::shared_ptr<chat::chat_room> room, protocol::event announcement)
{
    auto connection = connection_.lock();
    if (!connection) return;
    asio::post(connection->get_executor(), [self = shared_from_this(), connection, room = std::move(room),
                                            announcement = std::move(announcement)] {
        self->ticket_.reset();
        self->room_ = room;
        send_event(*connection, announcement);
        room->attach(chat::side::seeker, self->sink_, 0);
        self->actor_->seeker_attached(room);  // an "epoch" told before the attach was lost: it comes again
    });
}

void seeker_connection::leave_chat(std::shared_ptr<chat::chat_room> room, protocol::event announcement,
                                   std::optional<chat::ticket_id> new_ticket)
{
    auto connection = connection_.lock();
    if (!connection) return;
    asio::post(connection->get_executor(), [self = shared_from_this(), connection, room = std::move(room),
                                            announcement = std::move(announcement), new_ticket] {
        if (self->room_ == room) self->room_.reset();
        self->ticket_ = new_ticket;
        send_event(*connection, announcement);
    });
}

} // namespace tillit::app

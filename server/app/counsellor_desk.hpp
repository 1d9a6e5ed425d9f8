// counsellor_desk: a signed-in counsellor's side of the protocol (docs/protocol.md, "Counsellor"):
// go on and off duty with a capacity, receive chats with their lane, language and wait, relay
// frames in several chats at once, end chats, and record end-of-chat tags, which only ever add
// to aggregate hourly counters. Runs on its connection's strand; as a participant it is reached
// by the pairing actor through posts to that strand.
#pragma once

#include <map>
#include <memory>

#include <boost/json/object.hpp>

#include "app/session_sink.hpp"
#include "app/stats_recorder.hpp"
#include "chat/pairing_actor.hpp"
#include "net/websocket_session.hpp"
#include "store/store.hpp"
#include "store/store_service.hpp"

namespace tillit::app {

class counsellor_desk final : public chat::participant, public std::enable_shared_from_this<counsellor_desk> {
public:
    counsellor_desk(const std::shared_ptr<net::websocket_session>& connection, std::shared_ptr<chat::pairing_actor> actor,
                    store::store_service& db, stats_recorder& recorder, const store::account& account);

    // Returns false for a type this desk does not handle.
    boost::asio::awaitable<bool> on_message(std::string_view type, const boost::json::object& message);
    void on_closed();

    void notify(const protocol::event& e) override;
    void enter_chat(std::shared_ptr<chat::chat_room> room, protocol::event announcement) override;
    void leave_chat(std::shared_ptr<chat::chat_room> room, protocol::event announcement,
                    std::optional<chat::ticket_id> new_ticket) override;
    void moved_elsewhere(std::shared_ptr<chat::chat_room> room) override;

private:
    boost::asio::awaitable<void> on_duty(const boost::json::object& message);
    boost::asio::awaitable<void> on_tags(const boost::json::object& message);
    boost::asio::awaitable<void> on_transfer(const boost::json::object& message);
    std::shared_ptr<chat::chat_room> chat_of(const boost::json::object& message);
    void send(const std::string& frame);
    // Only bad_message is a strike here: see the .cpp.
    void send_error(protocol::error_reply reply);

    std::weak_ptr<net::websocket_session> connection_;
    std::shared_ptr<session_sink> sink_;  // this connection, as the rooms see it
    std::shared_ptr<chat::pairing_actor> actor_;
    store::store_service& db_;
    stats_recorder& recorder_;
    chat::counsellor_id id_;
    std::vector<chat::lane> lanes_;
    std::vector<std::string> languages_;
    std::map<std::string, std::shared_ptr<chat::chat_room>> chats_;  // by session id text, ended ones until tagged
};

} // namespace tillit::app

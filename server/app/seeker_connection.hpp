// seeker_connection: a help-seeker's side of the protocol (docs/protocol.md, "Help-seeker"): join
// the queue with their entry-page choices (preferring the counsellor who answered their letters),
// leave it, be paired, relay frames, end the chat, and come back with a resume token; the mailbox
// messages go to seeker_mailbox. No account, no cookie, nothing stored. Runs on its connection's
// strand; as a participant it is reached by the pairing actor through posts to that strand.
#pragma once

#include <memory>
#include <optional>

#include <boost/json/object.hpp>

#include "app/session_sink.hpp"
#include "chat/pairing_actor.hpp"
#include "mailbox/mailbox_service.hpp"
#include "net/websocket_session.hpp"

namespace tillit::app {

class seeker_connection final : public chat::participant, public std::enable_shared_from_this<seeker_connection> {
public:
    seeker_connection(const std::shared_ptr<net::websocket_session>& connection, std::shared_ptr<chat::pairing_actor> actor,
                      std::shared_ptr<mailbox::mailbox_service> mailbox);

    boost::asio::awaitable<void> on_message(std::string_view type, const boost::json::object& message);
    void on_closed();
    // In the queue or in a chat (a join or resume that was accepted), or a mailbox request was
    // carried out. On the connection's strand.
    [[nodiscard]] bool has_purpose() const { return ticket_.has_value() || room_ != nullptr || used_mailbox_; }

    void notify(const protocol::event& e) override;
    void enter_chat(std::shared_ptr<chat::chat_room> room, protocol::event announcement) override;
    void leave_chat(std::shared_ptr<chat::chat_room> room, protocol::event announcement,
                    std::optional<chat::ticket_id> new_ticket) override;
    void moved_elsewhere(std::shared_ptr<chat::chat_room> room) override;

private:
    boost::asio::awaitable<void> on_join(const boost::json::object& message);
    boost::asio::awaitable<void> on_resume(const boost::json::object& message);
    void send(const std::string& frame);
    void send_error(protocol::error_reply reply);

    std::weak_ptr<net::websocket_session> connection_;
    std::shared_ptr<session_sink> sink_;        // this connection, as the rooms see it
    std::shared_ptr<chat::pairing_actor> actor_;
    std::shared_ptr<mailbox::mailbox_service> mailbox_;
    bool used_mailbox_ = false;
    std::optional<chat::ticket_id> ticket_;     // while waiting
    std::shared_ptr<chat::chat_room> room_;     // while in a chat
    bool token_arrived_ = true;  // false from `resumed` until this connection's next frame
};

} // namespace tillit::app

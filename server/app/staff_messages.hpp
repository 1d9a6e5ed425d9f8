// staff_messages: the protocol of a counsellor's or supervisor's WebSocket before and around
// login (docs/protocol.md, "Staff login"): login_salt, login, session (resume with a token in the
// first message), change_password, logout. Runs on the connection's strand.
#pragma once

#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "auth/login_service.hpp"
#include "net/message_handler.hpp"
#include "net/websocket_session.hpp"

namespace tillit::app {

class staff_messages final : public net::message_handler {
public:
    staff_messages(net::websocket_session& connection, auth::login_service& logins);

    boost::asio::awaitable<void> on_text(std::string_view text) override;

private:
    enum class state { anonymous, must_change_password, signed_in };

    boost::asio::awaitable<void> on_login(const boost::json::object& message);
    boost::asio::awaitable<void> on_session(const boost::json::object& message);
    boost::asio::awaitable<void> on_change_password(const boost::json::object& message);
    void on_login_result(const auth::login_result& result);

    void send(const boost::json::object& message);
    // Tells the client what was wrong; too many mistakes close the connection (1008).
    void send_error(std::string_view code, std::string_view text, std::optional<long long> retry_after = {});

    net::websocket_session& connection_;
    auth::login_service& logins_;
    state state_ = state::anonymous;
    std::optional<store::account_id> account_;
    std::string token_;  // this connection's session token, for logout
    int protocol_errors_ = 0;
};

} // namespace tillit::app

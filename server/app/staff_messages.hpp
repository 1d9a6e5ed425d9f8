// staff_messages: a counsellor's or supervisor's connection (docs/protocol.md, "Staff login"):
// login_salt, login, session (resume with a token in the first message), change_password,
// logout; once a counsellor is signed in, their desk (counsellor_desk) takes the chat messages
// and counsellor_mailbox the letters,
// and once a supervisor or admin is, supervisor_watch takes the dashboard messages and
// statistics_messages the statistics ("stats", "report").
// Runs on the connection's strand.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "app/counsellor_desk.hpp"
#include "app/counsellor_mailbox.hpp"
#include "app/statistics_messages.hpp"
#include "app/stats_recorder.hpp"
#include "app/supervisor_watch.hpp"
#include "auth/dev_certifier.hpp"
#include "auth/login_service.hpp"
#include "chat/pairing_actor.hpp"
#include "net/websocket_session.hpp"
#include "protocol/error.hpp"
#include "store/store_service.hpp"

namespace tillit::app {

class staff_messages {
public:
    staff_messages(const std::shared_ptr<net::websocket_session>& connection, auth::login_service& logins,
                   std::shared_ptr<chat::pairing_actor> actor, store::store_service& db, const auth::dev_certifier* certifier,
                   stats_recorder& recorder, std::int64_t report_min_count,
                   std::shared_ptr<mailbox::mailbox_service> mailbox);

    boost::asio::awaitable<void> on_message(std::string_view type, const boost::json::object& message);
    void on_closed();
    // Signed in (also with a one-time password still to change). On the connection's strand.
    [[nodiscard]] bool signed_in() const { return state_ != state::anonymous; }

private:
    enum class state { anonymous, must_change_password, signed_in };

    boost::asio::awaitable<void> on_login(const boost::json::object& message);
    boost::asio::awaitable<void> on_session(const boost::json::object& message);
    boost::asio::awaitable<void> on_change_password(const boost::json::object& message);
    boost::asio::awaitable<void> on_identity_key(const boost::json::object& message);
    void on_login_result(const auth::login_result& result);
    // Opens the signed-in role's messages: a counsellor's desk, or a supervisor's or admin's watch.
    void open_role();

    void send(std::string frame);
    // Every staff error is a strike (docs/protocol.md, "Errors"). `text` empty: the code's own.
    void send_error(protocol::errc code, std::string_view text = {}, std::optional<long long> retry_after = {});

    std::weak_ptr<net::websocket_session> connection_;
    auth::login_service& logins_;
    std::shared_ptr<chat::pairing_actor> actor_;
    store::store_service& db_;
    const auth::dev_certifier* certifier_;
    stats_recorder& recorder_;
    std::int64_t report_min_count_;
    state state_ = state::anonymous;
    std::optional<store::account> account_;
    std::string token_;  // this connection's session token, for logout
    std::shared_ptr<mailbox::mailbox_service> mailbox_;
    std::shared_ptr<counsellor_desk> desk_;
    std::shared_ptr<counsellor_mailbox> letters_;  // with desk_
    std::shared_ptr<supervisor_watch> watch_;
    std::unique_ptr<statistics_messages> statistics_;  // with watch_
};

} // namespace tillit::app

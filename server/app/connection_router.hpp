// connection_router: the message handler of every WebSocket. It parses each frame once and, by
// the first message, makes the connection a help-seeker's (join, resume, a mailbox message) or a staff member's
// (login_salt, login, session); later messages go to the same side.
#pragma once

#include <memory>

#include "app/seeker_connection.hpp"
#include "app/staff_messages.hpp"
#include "app/stats_recorder.hpp"
#include "auth/dev_certifier.hpp"
#include "net/message_handler.hpp"

namespace tillit::app {

// What every connection's handlers share; owned by the server, outliving every connection.
struct connection_services {
    auth::login_service& logins;
    std::shared_ptr<chat::pairing_actor> actor;
    store::store_service& db;
    const auth::dev_certifier* certifier;  // null unless the unsafe development mode is on
    stats_recorder& recorder;              // the hourly statistics counters
    std::int64_t report_min_count;         // the reports' threshold (report-min-count)
    std::shared_ptr<mailbox::mailbox_service> mailbox;
};

class connection_router final : public net::message_handler {
public:
    connection_router(net::websocket_session& connection, const connection_services& services);

    boost::asio::awaitable<void> on_text(std::string_view text) override;
    void on_closed() override;

private:
    net::websocket_session& connection_;  // owns this router, so outlives it
    const connection_services& services_;
    std::shared_ptr<seeker_connection> seeker_;
    std::unique_ptr<staff_messages> staff_;
};

} // namespace tillit::app

// connection_router: one JSON parse per frame, then the help-seeker or the staff side.
#include "app/connection_router.hpp"

#include "app/seeker_mailbox.hpp"
#include "protocol/fields.hpp"

namespace tillit::app {

connection_router::connection_router(net::websocket_session& connection, const connection_services& services)
    : connection_(connection), services_(services)
{
}

boost::asio::awaitable<void> connection_router::on_text(std::string_view text)
{
    auto message = protocol::parse_message(text);
    if (!message) {
        connection_.send_error({protocol::errc::bad_json});  // the only error parse_message has
        co_return;
    }
    const auto type = *protocol::string_field(*message, "type");
    if (!seeker_ && !staff_) {
        if (type == "join" || type == "resume" || is_seeker_mailbox_message(type))
            seeker_ = std::make_shared<seeker_connection>(connection_.shared_from_this(), services_.actor, services_.mailbox);
        else if (type == "login_salt" || type == "login" || type == "session")
            staff_ = std::make_unique<staff_messages>(connection_.shared_from_this(), services_.logins, services_.actor,
                                                      services_.db, services_.certifier, services_.recorder,
                                                      services_.report_min_count, services_.mailbox);
        else {
            connection_.send_error({protocol::errc::unknown_type,
                                    "Start with join, resume or a mailbox message (help-seekers) or a login (staff)."});
            co_return;
        }
    }
    if (seeker_) {
        auto handling = seeker_->on_message(type, *message);
        co_await std::move(handling);
    } else {
        auto handling = staff_->on_message(type, *message);
        co_await std::move(handling);
    }
    protocol::wipe_strings(*message);  // no login value or token left in freed memory
    // Waiting, chatting, using the mailbox or signed in: no longer merely holding a place
    // (purposeless-timeout).
    if (seeker_ ? seeker_->has_purpose() : staff_->signed_in()) connection_.mark_purposeful();
}

void connection_router::on_closed()
{
    if (seeker_) seeker_->on_closed();
    if (staff_) staff_->on_closed();
}

} // namespace tillit::app

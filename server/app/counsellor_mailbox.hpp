// counsellor_mailbox: a signed-in counsellor's mailbox messages (docs/protocol.md, "Mailbox"):
// their mailbox keys, the list of threads (a feed while watching), opening (claiming) and
// releasing a thread, replying. Only a malformed message counts against the connection, as on
// the desk. Runs on the connection's strand; the mailbox service reaches it as a watcher from the
// store's thread, through the connection's thread-safe send.
#pragma once

#include <memory>
#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include "mailbox/mailbox_service.hpp"
#include "net/websocket_session.hpp"

namespace tillit::app {

class counsellor_mailbox final : public mailbox::mailbox_watcher, public std::enable_shared_from_this<counsellor_mailbox> {
public:
    counsellor_mailbox(const std::shared_ptr<net::websocket_session>& connection,
                       std::shared_ptr<mailbox::mailbox_service> service, mailbox::staff_member member);

    // Returns false for a type that is not the mailbox's.
    boost::asio::awaitable<bool> on_message(std::string_view type, const boost::json::object& message);
    void on_closed();

    void mailbox_changed(std::string frame) override;

private:
    void refuse(protocol::error_reply error);
    template <class T>
    void answer(const mailbox::outcome<T>& result);

    std::weak_ptr<net::websocket_session> connection_;
    std::shared_ptr<mailbox::mailbox_service> service_;
    mailbox::staff_member member_;
};

} // namespace tillit::app

// message_handler: what a WebSocket connection does with the text messages it receives. One
// handler per connection, called on that connection's strand, one message at a time.
#pragma once

#include <string_view>

#include <boost/asio/awaitable.hpp>

namespace tillit::net {

class message_handler {
public:
    virtual ~message_handler() = default;
    // The next message may only arrive once this has finished: a slow step (a login check)
    // holds back the connection's reading, which is the back-pressure we want.
    virtual boost::asio::awaitable<void> on_text(std::string_view text) = 0;
    // The connection has closed; nothing more can be sent.
    virtual void on_closed() {}
};

} // namespace tillit::net

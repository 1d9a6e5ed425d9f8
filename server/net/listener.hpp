// listener: accepts TCP connections and starts an HTTP session for each on a strand of its own.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "net/http_session.hpp"

namespace tillit::net {

// Accepts until the acceptor is closed (at shutdown). Runs on the acceptor's executor.
boost::asio::awaitable<void> accept_loop(boost::asio::ip::tcp::acceptor& acceptor, const http_services& services);

} // namespace tillit::net

// listener: the accept loop.
#include "net/listener.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "log/log.hpp"

namespace tillit::net {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

// A strand over the io_context's own executor, not over the type-erased one: small enough for
// any_io_executor to hold in place, where a strand of an any_io_executor is a heap object behind
// every copy of the connection's executor (about 1.3 KB per connection, and a reference count
// touched by every handler).
asio::any_io_executor connection_strand(tcp::acceptor& acceptor)
{
    if (const auto* io = acceptor.get_executor().target<asio::io_context::executor_type>())
        return asio::make_strand(*io);
    return asio::make_strand(acceptor.get_executor());
}

} // namespace

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, const http_services& services)
{
    for (;;) {
        // Each connection gets its own strand: its handlers never run concurrently.
        auto accepting = acceptor.async_accept(connection_strand(acceptor), asio::as_tuple(asio::use_awaitable));
        auto [ec, socket] = co_await std::move(accepting);
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
        if (ec) {
            // Out of file descriptors or similar: pause instead of spinning on the error.
            log::warn("accept_failed", {{"error", ec.message()}});
            asio::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(100));
            co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
            continue;
        }
        // Chat frames are small and answered at once (accepted, delivered): with Nagle's algorithm
        // one could wait for the peer's delayed acknowledgement, 40 ms here.
        boost::system::error_code no_delay_failed;
        socket.set_option(tcp::no_delay(true), no_delay_failed);
        auto executor = socket.get_executor();
        asio::co_spawn(executor, run_http_session(boost::beast::tcp_stream(std::move(socket)), services),
                       [](const std::exception_ptr& failure) {
                           if (!failure) return;
                           try {
                               std::rethrow_exception(failure);
                           } catch (const std::exception& e) {
                               log::error("connection_failed", {{"error", e.what()}});
                           }
                       });
    }
}

} // namespace tillit::net

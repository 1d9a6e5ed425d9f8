// What every participant of one worker shares: the event loop, the batch of pending writes, where
// the server is, and the counsellors' password (with the login values already derived from it).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "connection.hpp"
#include "options.hpp"

namespace tillit::bench {

class client_context {
public:
    explicit client_context(const options& o);

    [[nodiscard]] const options& opts() const { return opts_; }
    [[nodiscard]] framing kind() const { return opts_.speaks_websocket() ? framing::websocket : framing::length_prefixed; }
    boost::asio::io_context& io() { return io_; }
    flush_list& flushes() { return flushes_; }

    // A new connection, opening now; its events go to `events`.
    std::shared_ptr<connection> connect(connection_events& events);

    // The login value (`auth`, B64) of the counsellors' password under `salt_b64`. Argon2id, so it
    // is worked out once per salt: the peer has one salt for everyone, tillit-server one per account.
    const std::string& auth_for_salt(std::string_view salt_b64);

    // Runs the loop until `done()` holds or `seconds` have passed; returns done().
    bool run_until(const std::function<bool()>& done, double seconds);
    // Runs the loop for `seconds`.
    void run_for(double seconds);

private:
    const options& opts_;
    boost::asio::io_context io_{1};
    flush_list flushes_;
    boost::asio::ip::tcp::endpoint server_;
    std::string password_;
    std::map<std::string, std::string, std::less<>> auth_by_salt_;
};

} // namespace tillit::bench

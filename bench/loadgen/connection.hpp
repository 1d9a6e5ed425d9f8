// One client connection of the generator: TCP to 127.0.0.1, the WebSocket upgrade (Beast's HTTP
// parser) where the target speaks WebSocket, then whole messages in and batched frames out.
// Single-threaded: everything runs on the generator's one io_context thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "wire_frames.hpp"

namespace tillit::bench {

class connection;

// What a scenario's participant hears from its connection.
class connection_events {
public:
    virtual ~connection_events() = default;
    virtual void on_open(connection& c) = 0;                              // connected (and upgraded)
    virtual void on_message(connection& c, std::string_view message) = 0;  // a whole text or binary message
    virtual void on_closed(connection& c, std::string_view why) = 0;       // once, for any reason
};

// Connections with frames waiting to go out. Frames are only appended while handling an event;
// the handler then flushes them all, so that every connection writes once per turn of the loop.
class flush_list {
public:
    // Runs first at each flush: a scenario appends what it answers once per batch (acknowledgements).
    std::function<void()> before_flush;
    void add(std::shared_ptr<connection> c) { waiting_.push_back(std::move(c)); }
    void flush_all();

private:
    std::vector<std::shared_ptr<connection>> waiting_;
    std::vector<std::shared_ptr<connection>> flushing_;
};

class connection : public std::enable_shared_from_this<connection> {
public:
    connection(boost::asio::io_context& io, framing kind, connection_events& events, flush_list& flushes);

    void open(const boost::asio::ip::tcp::endpoint& server);

    // Appends one frame and returns the offset of its payload in out(), valid until the next flush:
    // the caller may stamp bytes of the payload in place.
    std::size_t send(std::string_view payload);
    [[nodiscard]] std::string& out() { return out_; }

    // Sends a WebSocket close (1000) where there is a WebSocket, then closes the socket.
    void close();
    [[nodiscard]] bool is_open() const { return open_; }

    std::uint64_t tag = 0;  // the scenario's own number for this connection

private:
    friend class flush_list;
    void upgrade();
    void read();
    void consume(std::size_t new_bytes);
    void handle_frame(const decoded_frame& frame);
    void write_out();
    void mark_waiting();
    void fail(std::string_view why);

    boost::asio::ip::tcp::socket socket_;
    framing kind_;
    connection_events& events_;
    flush_list& flushes_;
    std::vector<char> in_;
    std::size_t in_used_ = 0;
    std::string fragments_;
    std::string out_;
    std::string writing_;
    bool write_in_flight_ = false;
    bool waiting_flush_ = false;
    bool open_ = false;
    bool closed_ = false;
};

} // namespace tillit::bench

// The client connection: connect, upgrade, read loop with frame decoding, and batched writes.
#include "connection.hpp"

#include <cstring>

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

namespace tillit::bench {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using boost::system::error_code;

namespace {
constexpr std::size_t initial_read_bytes = 4096;
constexpr std::uint8_t opcode_close = 0x8;
constexpr std::uint8_t opcode_pong = 0xa;
} // namespace

void flush_list::flush_all() {
    if (before_flush) before_flush();
    // A flush may add again (a write that completed at once); swap so that iteration is safe.
    while (!waiting_.empty()) {
        flushing_.swap(waiting_);
        for (auto& c : flushing_) {
            c->waiting_flush_ = false;
            c->write_out();
        }
        flushing_.clear();
    }
}

connection::connection(asio::io_context& io, framing kind, connection_events& events, flush_list& flushes)
    : socket_(io), kind_(kind), events_(events), flushes_(flushes) {}

void connection::open(const asio::ip::tcp::endpoint& server) {
    socket_.async_connect(server, [self = shared_from_this()](error_code ec) {
        if (ec) return self->fail("connect failed");
        self->socket_.set_option(asio::ip::tcp::no_delay(true), ec);
        self->in_.resize(initial_read_bytes);
        if (self->kind_ == framing::websocket) return self->upgrade();
        self->open_ = true;
        self->events_.on_open(*self);
        self->flushes_.flush_all();
        self->read();
    });
}

void connection::upgrade() {
    struct upgrade_state {
        http::request<http::empty_body> request{http::verb::get, "/ws", 11};
        boost::beast::flat_buffer buffer;
        http::response_parser<http::empty_body> parser;
    };
    auto state = std::make_shared<upgrade_state>();
    state->request.set(http::field::host, "127.0.0.1");
    state->request.set(http::field::upgrade, "websocket");
    state->request.set(http::field::connection, "Upgrade");
    state->request.set(http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
    state->request.set(http::field::sec_websocket_version, "13");
    http::async_write(socket_, state->request, [self = shared_from_this(), state](error_code ec, std::size_t) {
        if (ec) return self->fail("upgrade request failed");
        http::async_read(self->socket_, state->buffer, state->parser, [self, state](error_code read_ec, std::size_t) {
            if (read_ec) return self->fail("upgrade answer failed");
            if (state->parser.get().result() != http::status::switching_protocols) return self->fail("upgrade refused");
            // Bytes after the answer are already frames.
            const auto left = state->buffer.data();
            if (left.size() > self->in_.size()) self->in_.resize(left.size());
            std::memcpy(self->in_.data(), left.data(), left.size());
            self->open_ = true;
            self->events_.on_open(*self);
            if (left.size() != 0) self->consume(left.size());
            self->flushes_.flush_all();
            if (!self->closed_) self->read();
        });
    });
}

void connection::read() {
    if (in_used_ == in_.size()) in_.resize(in_.size() * 2);
    socket_.async_read_some(asio::buffer(in_.data() + in_used_, in_.size() - in_used_),
                            [self = shared_from_this()](error_code ec, std::size_t n) {
                                if (ec) return self->fail(ec == asio::error::eof ? "closed by the server" : "read failed");
                                self->consume(n);
                                self->flushes_.flush_all();
                                if (!self->closed_) self->read();
                            });
}

void connection::consume(std::size_t new_bytes) {
    in_used_ += new_bytes;
    std::size_t at = 0;
    while (!closed_) {
        const auto frame = decode_frame(std::string_view(in_.data() + at, in_used_ - at), kind_);
        if (!frame) break;
        at += frame->size;
        handle_frame(*frame);
    }
    if (closed_) return;
    if (at != 0) {
        std::memmove(in_.data(), in_.data() + at, in_used_ - at);
        in_used_ -= at;
    }
}

void connection::handle_frame(const decoded_frame& frame) {
    switch (frame.kind) {
    case frame_kind::text:
    case frame_kind::binary:
        if (frame.final) return events_.on_message(*this, frame.payload);
        fragments_.assign(frame.payload);
        return;
    case frame_kind::continuation:
        fragments_.append(frame.payload);
        if (frame.final) {
            events_.on_message(*this, fragments_);
            fragments_.clear();
        }
        return;
    case frame_kind::ping:
        append_control_frame(out_, opcode_pong, frame.payload);
        mark_waiting();
        return;
    case frame_kind::pong: return;
    case frame_kind::close: return fail("close frame from the server");
    case frame_kind::invalid: return fail("invalid frame from the server");
    }
}

std::size_t connection::send(std::string_view payload) {
    const auto offset = append_frame(out_, kind_, payload);
    mark_waiting();
    return offset;
}

void connection::mark_waiting() {
    if (waiting_flush_ || closed_) return;
    waiting_flush_ = true;
    flushes_.add(shared_from_this());
}

void connection::write_out() {
    if (write_in_flight_ || out_.empty() || closed_) return;
    write_in_flight_ = true;
    writing_.swap(out_);
    asio::async_write(socket_, asio::buffer(writing_), [self = shared_from_this()](error_code ec, std::size_t) {
        self->write_in_flight_ = false;
        self->writing_.clear();
        if (ec) return self->fail("write failed");
        self->write_out();
    });
}

void connection::close() {
    if (closed_) return;
    if (open_ && kind_ == framing::websocket && !write_in_flight_) {
        // Status 1000 (normal closure), sent with whatever is queued, before the socket closes.
        append_control_frame(out_, opcode_close, std::string_view("\x03\xe8", 2));
        error_code ignored;
        asio::write(socket_, asio::buffer(out_), ignored);
        out_.clear();
    }
    closed_ = true;
    open_ = false;
    error_code ignored;
    socket_.close(ignored);
}

void connection::fail(std::string_view why) {
    if (closed_) return;
    closed_ = true;
    open_ = false;
    error_code ignored;
    socket_.close(ignored);
    events_.on_closed(*this, why);
}

} // namespace tillit::bench

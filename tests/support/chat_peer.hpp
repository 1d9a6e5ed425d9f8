// chat_peer: what the two end-to-end protocol clients of the tests (seeker_client,
// counsellor_client) share: one chat over a real WebSocket that may drop at any moment, the relay's
// numbers of the current epoch (seq, ack, accepted, delivered, resending what was not accepted),
// the encrypted streams of the epoch, and the conversation (spec E) fed with what they decrypt.
// Event-driven: pump() handles one thing that happened (or reconnects), never waits on speed.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "support/conversation.hpp"
#include "support/ws_client.hpp"
#include "tillit/crypto/secure_stream.hpp"

namespace tillit::test {

class chat_peer {
public:
    chat_peer(std::uint16_t port, chat_side side) : port_(port), talk_(side) {}
    virtual ~chat_peer() = default;
    chat_peer(const chat_peer&) = delete;
    chat_peer& operator=(const chat_peer&) = delete;

    // Writes a message: sent at once when the channel allows, else held (spec E).
    void write(const std::string& text);
    // Handles the next thing that arrives within `timeout`, or, with no connection, tries to
    // connect again (and waits up to `timeout` when the server is not there yet). Returns true
    // when something was handled.
    bool pump(std::chrono::milliseconds timeout);

    [[nodiscard]] const conversation& talk() const { return talk_; }
    [[nodiscard]] bool connected() const { return ws_ != nullptr; }
    [[nodiscard]] bool channel_ready() const { return ready_; }
    [[nodiscard]] const std::string& chat() const { return chat_; }
    [[nodiscard]] std::uint32_t epoch() const { return epoch_; }
    // Everything that went against the protocol or the spec: a test expects none.
    [[nodiscard]] const std::vector<std::string>& problems() const { return problems_; }
    // How many server messages of `type` arrived (peer_away, moved_elsewhere, accepted, …).
    [[nodiscard]] std::size_t count(const std::string& type) const;
    // The last message of `type` received (an empty object if none).
    [[nodiscard]] boost::json::object last(const std::string& type) const;
    [[nodiscard]] std::uint64_t reconnects() const { return reconnects_; }
    // The last messages sent (">") and received ("<"), for a failing test to show.
    [[nodiscard]] std::string recent() const;
    // The network goes: the connection is dropped without a close; the next pump reconnects.
    void drop_connection();
    // Stop reconnecting (after moved_elsewhere, or when the test is done with this side).
    [[nodiscard]] bool gone() const { return gone_; }

protected:
    // Opens a new connection and says who this is (join / resume / session); sets ws_.
    virtual void connect() = 0;
    // A server message other than the relay's ones handled here.
    virtual void on_message(const boost::json::object& message) = 0;
    // A relay payload of this epoch in order: kind byte and data (handshake frames are the subclass's).
    virtual void on_handshake_frame(unsigned char kind, std::span<const unsigned char> data) = 0;

    // A new epoch begins: new numbers, no streams yet, the peer's sync awaited again.
    void begin_epoch(std::uint32_t epoch);
    // The streams are open both ways: send the sync, the first content of the epoch.
    void open_channel();
    void send_json(const boost::json::object& message);
    // Sends one relay frame of this epoch with the next seq; kept until `accepted`.
    void send_payload(const std::string& payload);
    void resend_unaccepted(std::uint64_t from = 0);
    // The chat is on this connection (paired, resumed, assigned): frames may go out. Until then
    // (a new connection) they are only kept, and go out with resend_unaccepted().
    void attach() { attached_ = true; }
    void problem(const std::string& what);
    void lost_connection();

    std::uint16_t port_;
    std::unique_ptr<ws_client> ws_;
    conversation talk_;
    std::string chat_;
    std::uint32_t epoch_ = 0;
    std::optional<crypto::sending_stream> out_;
    std::optional<crypto::receiving_stream> in_;
    bool gone_ = false;
    std::uint64_t reconnects_ = 0;
    std::uint64_t last_received_ = 0;  // the highest seq taken from the peer in this epoch
    // Frames of an epoch whose keys this side does not hold (a reloaded console that asked for a
    // new epoch gets the old epoch's held frames first): dropped unread until the new epoch.
    bool ignoring_frames_ = false;

private:
    void handle(const boost::json::object& message);
    void on_relayed(const boost::json::object& message);
    void on_content(std::span<const unsigned char> frame);
    void send_content(const std::string& plaintext);

    bool ready_ = false;
    bool attached_ = false;
    std::uint64_t next_seq_ = 1;
    std::map<std::uint64_t, std::string> unaccepted_;        // seq → payload, sent without `accepted` yet
    std::map<std::uint64_t, std::uint64_t> message_in_frame_;  // seq → the message number it carried
    std::vector<std::string> problems_;
    std::map<std::string, std::size_t> counts_;
    std::map<std::string, boost::json::object> last_;
    std::deque<std::string> recent_;  // at most 60
};

} // namespace tillit::test

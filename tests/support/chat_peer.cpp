// chat_peer: the relay and content side that both protocol clients share.
#include "support/chat_peer.hpp"

#include <thread>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "support/e2e_chat.hpp"
#include "tillit/crypto/encoding.hpp"

namespace tillit::test {

namespace json = boost::json;
namespace c = tillit::crypto;

std::size_t chat_peer::count(const std::string& type) const
{
    const auto it = counts_.find(type);
    return it == counts_.end() ? 0 : it->second;
}

boost::json::object chat_peer::last(const std::string& type) const
{
    const auto it = last_.find(type);
    return it == last_.end() ? boost::json::object{} : it->second;
}

void chat_peer::drop_connection()
{
    if (ws_) ws_->drop();
    lost_connection();
}

void chat_peer::write(const std::string& text)
{
    if (const auto plaintext = talk_.write(text); plaintext && ready_) send_content(*plaintext);
}

bool chat_peer::pump(std::chrono::milliseconds timeout)
{
    if (gone_) return false;
    if (!ws_) {
        try {
            connect();
            ++reconnects_;
            return true;
        } catch (const std::exception&) {
            // The server is not back yet: try again on the next pump.
            ws_.reset();
            std::this_thread::sleep_for(timeout);
            return false;
        }
    }
    try {
        const auto text = ws_->poll(timeout);
        if (!text) return false;
        handle(json::parse(*text).as_object());
        return true;
    } catch (const ws_closed&) {
        lost_connection();
        return true;
    }
}

void chat_peer::lost_connection()
{
    // A blip keeps the channel: the same epoch goes on if the server still has it.
    ws_.reset();
    attached_ = false;
}

void chat_peer::problem(const std::string& what) { problems_.push_back(what); }

namespace {
void note(std::deque<std::string>& recent, const char* direction, const json::object& message)
{
    auto text = json::serialize(message);
    if (text.size() > 160) text = text.substr(0, 160) + "…";
    recent.push_back(direction + text);
    if (recent.size() > 60) recent.pop_front();
}
} // namespace

std::string chat_peer::recent() const
{
    std::string all;
    for (const auto& line : recent_) all += "\n    " + line;
    return all;
}

void chat_peer::send_json(const json::object& message)
{
    note(recent_, ws_ ? "> " : "x ", message);
    if (!ws_) return;  // what matters is resent on the next connection or by the next epoch's sync
    try {
        ws_->send_json(message);
    } catch (const std::exception&) {
        lost_connection();
    }
}

void chat_peer::begin_epoch(std::uint32_t epoch)
{
    epoch_ = epoch;
    ready_ = false;
    out_.reset();
    in_.reset();
    next_seq_ = 1;
    last_received_ = 0;
    unaccepted_.clear();
    message_in_frame_.clear();
    ignoring_frames_ = false;
    talk_.begin_epoch();
}

void chat_peer::open_channel()
{
    ready_ = true;
    send_content(talk_.sync_plaintext());
}

void chat_peer::send_payload(const std::string& payload)
{
    const auto seq = next_seq_++;
    unaccepted_[seq] = payload;
    if (attached_) send_json({{"type", "msg"}, {"chat", chat_}, {"seq", seq}, {"payload", payload}});
}

void chat_peer::resend_unaccepted(std::uint64_t from)
{
    if (!attached_) return;
    for (const auto& [seq, payload] : unaccepted_)
        if (seq >= from) send_json({{"type", "msg"}, {"chat", chat_}, {"seq", seq}, {"payload", payload}});
}

void chat_peer::send_content(const std::string& plaintext)
{
    auto frame = out_->push(plaintext);
    if (!frame) return problem("push failed: " + std::string(c::to_string(frame.error())));
    const auto seq = next_seq_;
    send_payload(e2e_payload(chat_frame, {*frame}));
    const auto content = json::parse(plaintext).as_object();
    if (content.at("type") == "message") message_in_frame_[seq] = content.at("n").to_number<std::uint64_t>();
}

void chat_peer::handle(const json::object& message)
{
    const std::string type(message.at("type").as_string());
    note(recent_, "< ", message);
    ++counts_[type];
    last_[type] = message;
    if (type == "msg" || type == "accepted" || type == "delivered" || type == "undelivered") return on_relayed(message);
    if (type == "error") {
        const std::string code(message.at("code").as_string());
        if (code == "out_of_order") return resend_unaccepted(message.at("expected").to_number<std::uint64_t>());
        if (code == "peer_backlog_full") return;  // sent again on `delivered` or `peer_back`
    }
    if (type == "peer_back") resend_unaccepted();
    on_message(message);
}

void chat_peer::on_relayed(const json::object& message)
{
    const std::string type(message.at("type").as_string());
    const auto* chat = message.if_contains("chat");
    if (chat && chat->is_string() && !chat_.empty() && chat->as_string() != chat_) return problem("a frame of another chat");
    const auto seq = message.at(type == "undelivered" ? "seqs" : "seq");
    if (type == "accepted") {
        unaccepted_.erase(seq.to_number<std::uint64_t>());
    } else if (type == "delivered") {
        const auto upto = seq.to_number<std::uint64_t>();
        for (auto it = message_in_frame_.begin(); it != message_in_frame_.end() && it->first <= upto;) {
            talk_.mark_delivered(it->second);
            it = message_in_frame_.erase(it);
        }
        resend_unaccepted();  // anything refused with peer_backlog_full meanwhile
    } else if (type == "msg") {
        if (ignoring_frames_) return;
        const auto n = seq.to_number<std::uint64_t>();
        if (n > last_received_) {
            if (n != last_received_ + 1) problem("relay gap: seq " + std::to_string(n) + " after " + std::to_string(last_received_));
            last_received_ = n;
            const auto bytes = bytes_of(message.at("payload"));
            if (bytes.empty()) problem("an empty payload");
            else if (bytes[0] == chat_frame) on_content(std::span(bytes).subspan(1));
            else on_handshake_frame(bytes[0], std::span(bytes).subspan(1));
        }
        // A frame sent again after a reconnect (seq already taken) is acknowledged again, nothing more.
        send_json({{"type", "ack"}, {"chat", chat_}, {"seq", last_received_}});
    }
    // undelivered: the message stays waiting; the next epoch's sync resends it (spec E).
}

void chat_peer::on_content(std::span<const unsigned char> frame)
{
    if (!in_) return problem("content before the channel was open");
    auto opened = in_->pull(frame);
    if (!opened) return problem("a frame that does not decrypt: " + std::string(c::to_string(opened.error())));
    auto reaction = talk_.on_plaintext(opened->plaintext);
    for (const auto& plaintext : reaction.to_send) send_content(plaintext);
}

} // namespace tillit::test

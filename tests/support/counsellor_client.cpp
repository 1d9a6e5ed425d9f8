// counsellor_client: the counsellor's side of docs/protocol.md and the session spec, event by event.
#include "support/counsellor_client.hpp"

#include <boost/json/serialize.hpp>

#include "support/chat_clients.hpp"
#include "tillit/crypto/encoding.hpp"

namespace tillit::test {

namespace json = boost::json;
namespace c = tillit::crypto;

void counsellor_client::start(bool upload_identity)
{
    ws_ = std::make_unique<ws_client>(port_);
    session_ = keys_.counsellor_on_duty(*ws_, upload_identity);
    attach();  // a chat assigned to this connection comes with `assigned`; nothing is sent before
}

void counsellor_client::reload()
{
    ws_.reset();
    has_epoch_ = false;
    keys_of_epoch_.reset();
    talk_ = conversation(chat_side::counsellor, false);
    begin_epoch(epoch_);
    connect();
}

void counsellor_client::connect()
{
    ws_ = std::make_unique<ws_client>(port_);
    send_json({{"type", "session"}, {"token", session_}});
}

void counsellor_client::on_message(const json::object& message)
{
    const std::string type(message.at("type").as_string());
    if (type == "login_ok") {
        send_json(keys_.duty_message(1));  // with the shift key, every time
    } else if (type == "assigned") {
        const std::string chat(message.at("chat").as_string());
        const auto epoch = static_cast<std::uint32_t>(message.at("epoch").to_number<std::uint64_t>());
        const auto* returning = message.if_contains("returning");
        if (!chat_.empty() && chat != chat_) return problem("assigned another chat: " + json::serialize(message));
        chat_ = chat;
        attach();
        if (returning && returning->is_bool() && returning->as_bool()) {
            // Handed back to this console in an epoch that already ran: keep the channel if this
            // page still has it, else ask for a new epoch.
            if (has_epoch_ && epoch == epoch_ && (channel_ready() || out_)) {
                resend_unaccepted();
            } else {
                ignoring_frames_ = true;  // the old epoch's frames that follow cannot be read here
                send_json({{"type", "new_epoch"}, {"chat", chat_}});
            }
            return;
        }
        if (!has_epoch_ || epoch != epoch_) {
            begin_epoch(epoch);
            keys_of_epoch_.reset();
            has_epoch_ = true;
        } else {
            resend_unaccepted();  // the same epoch goes on (today's server says no `returning`)
        }
    } else if (type == "epoch") {
        const auto epoch = static_cast<std::uint32_t>(message.at("epoch").to_number<std::uint64_t>());
        if (!has_epoch_ || epoch != epoch_) {
            begin_epoch(epoch);
            keys_of_epoch_.reset();
            has_epoch_ = true;
        }
    } else if (type == "duty" || type == "peer_away" || type == "peer_back") {
        // nothing to do (counted by chat_peer)
    } else if (type == "moved_elsewhere") {
        problem("moved_elsewhere: the chat continued in another console");
    } else {
        problem("unexpected " + json::serialize(message));
    }
}

void counsellor_client::on_handshake_frame(unsigned char kind, std::span<const unsigned char> data)
{
    const auto sid = c::session_id_from(*c::from_base64(chat_));
    if (kind == seeker_hello && data.size() == 32) {
        const c::handshake_params params{*sid, epoch_, keys_.identity().pk, keys_.shift().pk};
        auto reply = c::counsellor_respond(params, keys_.shift(), *c::public_key_from(data));
        if (!reply) return problem("cannot answer the hello: " + std::string(c::to_string(reply.error())));
        auto out = c::sending_stream::open(reply->keys, c::direction::counsellor_to_help_seeker);
        if (!out) return problem("the stream does not open");
        out_.emplace(std::move(*out));
        send_payload(e2e_payload(counsellor_reply, {reply->e_c, reply->confirm, out_->header()}));
        keys_of_epoch_.emplace(std::move(reply->keys));
    } else if (kind == seeker_header && keys_of_epoch_ && data.size() == 24) {
        auto in = c::receiving_stream::open(*keys_of_epoch_, c::direction::help_seeker_to_counsellor, data);
        if (!in) return problem("the help-seeker's stream does not open");
        in_.emplace(std::move(*in));
        keys_of_epoch_.reset();
        open_channel();  // 0x03 proves the help-seeker holds the same keys: content may flow
    } else {
        problem("an unexpected handshake frame of kind " + std::to_string(kind));
    }
}

} // namespace tillit::test

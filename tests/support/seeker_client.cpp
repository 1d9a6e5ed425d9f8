// seeker_client: the help-seeker's side of docs/protocol.md and the session spec, event by event.
#include "support/seeker_client.hpp"

#include <boost/json/serialize.hpp>

#include "support/e2e_chat.hpp"
#include "tillit/crypto/encoding.hpp"

namespace tillit::test {

namespace json = boost::json;
namespace c = tillit::crypto;

void seeker_client::connect()
{
    ws_ = std::make_unique<ws_client>(port_);
    if (token_.empty()) send_json({{"type", "join"}, {"lane", "support"}, {"language", language_}});
    else send_json({{"type", "resume"}, {"token", token_}, {"last_received", last_received_}});
}

void seeker_client::enter_epoch(std::uint32_t epoch, const json::value* bundle)
{
    if (epoch != epoch_ || chat_.empty()) {
        begin_epoch(epoch);
        handshake_started_ = false;
        handshake_.reset();
    }
    // The bundle may come with resumed or only with the epoch that follows: start once per epoch.
    if (bundle && bundle->is_object() && !handshake_started_) start_handshake(*bundle);
}

void seeker_client::on_message(const json::object& message)
{
    const std::string type(message.at("type").as_string());
    if (const auto* token = message.if_contains("token"); token && token->is_string()) token_ = std::string(token->as_string());
    const auto epoch_of = [&] { return static_cast<std::uint32_t>(message.at("epoch").to_number<std::uint64_t>()); };
    if (type == "paired" || type == "resumed") attach();
    if (type == "paired") {
        const bool first = chat_.empty();
        chat_ = std::string(message.at("chat").as_string());
        if (!first) problem("paired again (requeued): a new chat id");
        begin_epoch(epoch_of());
        handshake_started_ = false;
        enter_epoch(epoch_of(), message.if_contains("bundle"));
    } else if (type == "resumed") {
        if (message.at("new_epoch").as_bool() || epoch_of() != epoch_) enter_epoch(epoch_of(), message.if_contains("bundle"));
        else resend_unaccepted();  // the same epoch goes on: what the server did not take goes again
    } else if (type == "epoch" || type == "transferred") {
        enter_epoch(epoch_of(), message.if_contains("bundle"));
    } else if (type == "moved_elsewhere") {
        gone_ = true;  // this chat continued in another window: never reconnect or resume
    } else if (type == "error" && message.at("code") == "resume_failed") {
        problem("resume_failed");
        gone_ = true;
    } else if (type == "queue" || type == "peer_away" || type == "peer_back") {
        // counted by chat_peer; nothing to do
    } else {
        problem("unexpected " + json::serialize(message));
    }
}

void seeker_client::start_handshake(const json::value& bundle)
{
    const auto sid = c::session_id_from(*c::from_base64(chat_));
    if (!sid) return problem("a chat id that is not a session id");
    auto started = c::help_seeker_handshake::start(root_, parse_bundle(bundle.as_object()), *sid, epoch_, unix_now(), {});
    if (!started) return problem("the bundle does not verify: " + std::string(c::to_string(started.error())));
    handshake_.emplace(std::move(*started));
    handshake_started_ = true;
    send_payload(e2e_payload(seeker_hello, {handshake_->ephemeral_key()}));
}

void seeker_client::on_handshake_frame(unsigned char kind, std::span<const unsigned char> data)
{
    if (kind != counsellor_reply || !handshake_ || data.size() != 32 + 32 + 24)
        return problem("an unexpected handshake frame of kind " + std::to_string(kind));
    const auto e_c = c::public_key_from(data.subspan(0, 32));
    auto keys = handshake_->finish(*e_c, data.subspan(32, 32));
    if (!keys) return problem("the counsellor's confirmation fails: " + std::string(c::to_string(keys.error())));
    auto in = c::receiving_stream::open(*keys, c::direction::counsellor_to_help_seeker, data.subspan(64));
    auto out = c::sending_stream::open(*keys, c::direction::help_seeker_to_counsellor);
    if (!in || !out) return problem("the streams do not open");
    in_.emplace(std::move(*in));
    out_.emplace(std::move(*out));
    handshake_.reset();
    send_payload(e2e_payload(seeker_header, {out_->header()}));
    open_channel();
}

} // namespace tillit::test

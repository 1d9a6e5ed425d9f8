// events: the wire form of what chat/ sends to connections (docs/protocol.md).
#include "protocol/events.hpp"

#include <algorithm>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>

#include "protocol/json_values.hpp"

namespace tillit::protocol {

namespace json = boost::json;

namespace {

// The frames of a chat's hot path, by hand: every field is a number or base64 (or one of the
// protocol's own words), so there is nothing to escape.
std::string chat_frame(std::string_view type, std::string_view chat, std::size_t room_for_rest)
{
    std::string text;
    text.reserve(type.size() + chat.size() + room_for_rest + 32);
    text.append(R"({"type":")").append(type).append(R"(","chat":")").append(chat).append("\"");
    return text;
}

std::string frame_of(const chat_msg& e) { return frame(e); }

std::string frame_of(const delivered& e)
{
    auto text = chat_frame("delivered", e.chat, 24);
    text.append(R"(,"seq":)").append(std::to_string(e.seq)).append("}");
    return text;
}

std::string frame_of(const peer_away& e)
{
    auto text = chat_frame("peer_away", e.chat, 40);
    text.append(R"(,"waits_seconds":)").append(std::to_string(e.waits_seconds)).append("}");
    return text;
}

std::string frame_of(const undelivered& e)
{
    auto text = chat_frame("undelivered", e.chat, 12 * e.seqs.size() + 12);
    text.append(R"(,"seqs":[)");
    for (std::size_t i = 0; i < e.seqs.size(); ++i) text.append(i == 0 ? "" : ",").append(std::to_string(e.seqs[i]));
    text.append("]}");
    return text;
}

std::string frame_of(const chat_ended& e)
{
    auto text = chat_frame("chat_ended", e.chat, e.reason.size() + 16);
    text.append(R"(,"reason":")").append(e.reason).append("\"}");
    return text;
}

template <class Message>
std::string frame_of(const Message& e)
{
    return json::serialize(json::value_from(e));
}

} // namespace

std::string frame(const event& e)
{
    return std::visit([](const auto& message) { return frame_of(message); }, e);
}

std::string frame(const error_reply& e) { return json::serialize(json::value_from(e)); }

std::string frame(const chat_msg& e)
{
    std::string text;
    text.reserve(e.payload.size() + e.chat.size() + 48);
    text.append(R"({"type":"msg","chat":")").append(e.chat).append(R"(","seq":)").append(std::to_string(e.seq));
    text.append(R"(,"payload":")").append(e.payload).append("\"}");
    return text;
}

json::value bundle_value(const key_bundle& b)
{
    return json::object{{"identity_key", b.identity_key},
                        {"pseudonym", b.pseudonym},
                        {"certificate", b.certificate},
                        {"shift_key", b.shift_key},
                        {"shift_not_after", b.shift_not_after},
                        {"shift_signature", b.shift_signature},
                        {"revocation_list", or_null(b.revocation_list)}};
}

std::string_view to_string(chat_note::kind k) noexcept
{
    switch (k) {
    case chat_note::kind::transfer_unavailable: return "transfer_unavailable";
    case chat_note::kind::transfer_pending: return "transfer_pending";
    case chat_note::kind::transfer_request: return "transfer_request";
    case chat_note::kind::transfer_declined: return "transfer_declined";
    case chat_note::kind::transfer_failed: return "transfer_failed";
    case chat_note::kind::transferred: return "transferred";
    case chat_note::kind::moved_elsewhere: return "moved_elsewhere";
    case chat_note::kind::peer_back: return "peer_back";
    }
    return "peer_back";
}

void tag_invoke(const json::value_from_tag&, json::value& out, const error_reply& e)
{
    // "type" first, as every message.
    json::object o{{"type", "error"}, {"code", code_text(e.code)}};
    if (e.message.empty()) o["message"] = error_category().message(static_cast<int>(e.code));
    else o["message"] = e.message;
    if (e.chat) o["chat"] = *e.chat;
    if (e.seq) o["seq"] = *e.seq;
    if (e.expected) o["expected"] = *e.expected;
    if (e.retry_after) o["retry_after"] = *e.retry_after;
    if (e.claimed_by) o["claimed_by"] = *e.claimed_by;
    out = std::move(o);
}

void tag_invoke(const json::value_from_tag&, json::value& out, const queue_position& e)
{
    out = json::object{{"type", "queue"}, {"position", e.position}, {"estimated_wait", or_null(e.estimated_wait_seconds)}};
}

void tag_invoke(const json::value_from_tag&, json::value& out, const closed_notice& e)
{
    json::array numbers;
    for (const auto& n : e.emergency_numbers) numbers.push_back(json::object{{"label", n.label}, {"number", n.number}});
    json::object texts;
    for (const auto& [language, text] : e.texts) texts[language] = text;
    out = json::object{{"type", "closed"},
                       {"reason", e.reason},
                       {"emergency_numbers", std::move(numbers)},
                       {"texts", std::move(texts)},
                       {"next_opening", or_null(e.next_opening)},
                       {"next_opening_local", or_null(e.next_opening_local)}};
}

void tag_invoke(const json::value_from_tag&, json::value& out, const paired& e)
{
    out = json::object{{"type", "paired"},      {"chat", e.chat},
                       {"epoch", e.epoch},      {"lane", e.lane},
                       {"language", e.language}, {"language_differs", e.language_differs},
                       {"token", e.token},      {"bundle", e.bundle}};
}

void tag_invoke(const json::value_from_tag&, json::value& out, const assigned& e)
{
    out = json::object{{"type", "assigned"},
                       {"chat", e.chat},
                       {"epoch", e.epoch},
                       {"lane", e.lane},
                       {"language", e.language},
                       {"language_differs", e.language_differs},
                       {"age_band", or_null(e.age_band)},
                       {"topic", or_null(e.topic)},
                       {"waited_seconds", e.waited_seconds},
                       {"returning", e.returning}};
}

void tag_invoke(const json::value_from_tag&, json::value& out, const requeued& e)
{
    out = json::object{{"type", "requeued"}, {"reason", e.reason}};
}

void tag_invoke(const json::value_from_tag&, json::value& out, const epoch_started& e)
{
    out = json::object{{"type", "epoch"}, {"chat", e.chat}, {"epoch", e.epoch}};
}

void tag_invoke(const json::value_from_tag&, json::value& out, const seeker_epoch& e)
{
    json::object o{{"type", "epoch"}, {"chat", e.chat}, {"epoch", e.epoch}, {"token", e.token}, {"bundle", e.bundle}};
    if (!e.reason.empty()) o["reason"] = e.reason;
    out = std::move(o);
}

void tag_invoke(const json::value_from_tag&, json::value& out, const chat_note& e)
{
    out = json::object{{"type", to_string(e.what)}, {"chat", e.chat}};
}

void tag_invoke(const json::value_from_tag&, json::value& out, const transferred& e)
{
    out = json::object{{"type", "transferred"}, {"chat", e.chat}, {"epoch", e.epoch}, {"token", e.token}, {"bundle", e.bundle}};
}

void tag_invoke(const json::value_from_tag&, json::value& out, const duty_state& e)
{
    json::object o{{"type", "duty"}, {"on", e.on}};
    if (e.on) o["capacity"] = e.capacity;
    out = std::move(o);
}

void tag_invoke(const json::value_from_tag&, json::value& out, const unwatched&) { out = json::object{{"type", "unwatched"}}; }

void tag_invoke(const json::value_from_tag&, json::value& out, const dashboard_update& e)
{
    json::array waiting;
    for (const auto& group : e.waiting)
        waiting.push_back(json::object{{"lane", group.lane},
                                       {"language", group.language},
                                       {"count", group.count},
                                       {"longest_wait_seconds", group.longest_wait_seconds}});
    json::array lanes;
    for (const auto& load : e.lanes)
        lanes.push_back(json::object{
            {"lane", load.lane}, {"waiting", load.waiting}, {"longest_wait_seconds", or_null(load.longest_wait_seconds)}});
    out = json::object{{"type", "dashboard"},
                       {"at", e.at},
                       {"waiting", std::move(waiting)},
                       {"lanes", std::move(lanes)},
                       {"counsellors", json::object{{"on_duty", e.on_duty}, {"busy", e.busy}, {"free", e.free}, {"away", e.away}}},
                       {"chats_in_progress", e.chats_in_progress},
                       {"abandoned_last_hour", e.abandoned_last_hour},
                       {"mailbox", json::object{{"waiting", e.mailbox.waiting},
                                                {"oldest_wait_seconds",
                                                 e.mailbox.oldest_waiting_since
                                                     ? json::value(std::max<std::int64_t>(0, e.at - *e.mailbox.oldest_waiting_since))
                                                     : json::value(nullptr)},
                                                {"past_reply_by", e.mailbox.past_reply_by},
                                                {"answered_today", e.mailbox.answered_today}}}};
}

} // namespace tillit::protocol

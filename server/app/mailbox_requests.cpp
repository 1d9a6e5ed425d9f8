// mailbox_requests: reading and checking the mailbox's messages.
#include "app/mailbox_requests.hpp"

#include "chat/chat_types.hpp"
#include "protocol/fields.hpp"
#include "tillit/crypto/encoding.hpp"

namespace tillit::app {

namespace json = boost::json;
using mailbox::bytes;
using mailbox::outcome;
using protocol::errc;
using protocol::count_field;
using protocol::string_field;

namespace {

constexpr std::size_t box_id_bytes = 16;
constexpr std::size_t key_bytes = 32;
constexpr std::size_t envelope_box_bytes = 72;  // nonce 24 ‖ crypto_box_easy of a 32-byte key
constexpr std::size_t max_envelopes = 64;
// nonce 24 ‖ AEAD of 1 to 16 blocks of 1 KiB ‖ tag 16
constexpr std::size_t letter_overhead = 24 + 16;
constexpr std::size_t letter_block = 1024;
constexpr std::size_t max_letter_blocks = 16;

protocol::error_reply bad(std::string text) { return {errc::bad_message, std::move(text)}; }

std::optional<bytes> binary_field(const json::object& message, std::string_view key, std::size_t size)
{
    const auto text = string_field(message, key);
    auto value = text ? crypto::from_base64(*text) : std::nullopt;
    if (!value || value->size() != size) return std::nullopt;
    return value;
}

std::optional<std::string> optional_text(const json::object& message, std::string_view key)
{
    const auto text = string_field(message, key);
    return text ? std::optional<std::string>(*text) : std::nullopt;
}

outcome<mailbox::sealed_letter> sealed_letter(const json::object& message)
{
    const auto text = string_field(message, "ciphertext");
    auto ciphertext = text ? crypto::from_base64(*text) : std::nullopt;
    if (!ciphertext || ciphertext->size() <= letter_overhead || (ciphertext->size() - letter_overhead) % letter_block != 0 ||
        (ciphertext->size() - letter_overhead) / letter_block > max_letter_blocks)
        return bad("A letter's ciphertext is a 24-byte nonce, 1 to 16 sealed blocks of 1 KiB and a 16-byte tag.");
    const auto* list = message.if_contains("envelopes");
    if (!list || !list->is_array() || list->as_array().empty() || list->as_array().size() > max_envelopes)
        return bad("A letter needs 1 to 64 envelopes.");
    mailbox::sealed_letter letter{std::move(*ciphertext), {}};
    for (const auto& item : list->as_array()) {
        const auto* envelope = item.if_object();
        auto to = envelope ? binary_field(*envelope, "to", key_bytes) : std::nullopt;
        auto box = envelope ? binary_field(*envelope, "box", envelope_box_bytes) : std::nullopt;
        if (!to || !box) return bad("Each envelope is {\"to\": a 32-byte key, \"box\": 72 bytes}.");
        letter.envelopes.push_back({std::move(*to), std::move(*box)});
    }
    return letter;
}

outcome<mailbox::thread_code> code_in(const json::object& object)
{
    auto box_id = binary_field(object, "box_id", box_id_bytes);
    auto box_auth = binary_field(object, "box_auth", key_bytes);
    if (!box_id || !box_auth) return bad("A thread is named by box_id (16 bytes) and box_auth (32 bytes).");
    return mailbox::thread_code{std::move(*box_id), std::move(*box_auth)};
}

} // namespace

outcome<std::string> roster_lane(const json::object& message)
{
    const auto lane = string_field(message, "lane");
    if (!lane || !chat::parse_lane(*lane)) return bad("mailbox_roster needs a lane (support or consultation).");
    return std::string(*lane);
}

outcome<mailbox::new_thread_request> new_thread_request(const json::object& message)
{
    auto code = code_in(message);
    if (!code) return code.error();
    auto thread_key = binary_field(message, "thread_key", key_bytes);
    if (!thread_key) return bad("letter_new needs the thread's key (32 bytes).");
    const auto lane = string_field(message, "lane");
    const auto language = string_field(message, "language");
    const auto age_band = string_field(message, "age_band");
    const auto topic = string_field(message, "topic");
    if (!lane || !chat::parse_lane(*lane) || !language || !chat::valid_language(*language) ||
        (age_band && !chat::valid_age_band(*age_band)) || (topic && !chat::valid_topic(*topic)))
        return bad("letter_new needs a lane and a language code; age_band and topic are optional, as for join.");
    auto letter = sealed_letter(message);
    if (!letter) return letter.error();
    return mailbox::new_thread_request{std::move(*code),
                                       std::move(*thread_key),
                                       std::string(*lane),
                                       std::string(*language),
                                       optional_text(message, "age_band"),
                                       optional_text(message, "topic"),
                                       optional_text(message, "counsellor"),
                                       std::move(*letter)};
}

outcome<mailbox::thread_code> thread_code(const json::object& message) { return code_in(message); }

outcome<std::optional<mailbox::thread_code>> join_mailbox_code(const json::object& message)
{
    const auto* field = message.if_contains("mailbox");
    if (!field || field->is_null()) return std::optional<mailbox::thread_code>{};
    if (!field->is_object()) return bad("join's mailbox is {\"box_id\", \"box_auth\"}.");
    auto code = code_in(field->as_object());
    if (!code) return code.error();
    return std::optional<mailbox::thread_code>(std::move(*code));
}

outcome<mailbox::letter_request> letter_request(const json::object& message)
{
    auto code = code_in(message);
    if (!code) return code.error();
    const auto number = count_field(message, "number");
    if (!number || *number == 0 || *number > 1'000'000) return bad("letter needs the letter's number.");
    auto letter = sealed_letter(message);
    if (!letter) return letter.error();
    return mailbox::letter_request{std::move(*code), static_cast<std::int64_t>(*number), std::move(*letter)};
}

outcome<mailbox::key_request> key_request(const json::object& message)
{
    auto public_key = binary_field(message, "public", key_bytes);
    auto signature = binary_field(message, "signature", 64);
    auto wrapped = binary_field(message, "wrapped", 72);
    const auto not_after = count_field(message, "not_after");
    if (!public_key || !signature || !wrapped || !not_after || *not_after > std::uint64_t{1} << 40)
        return bad("mailbox_key needs public (32 bytes), signature (64), not_after and wrapped (72).");
    return mailbox::key_request{std::move(*public_key), std::move(*signature), static_cast<std::int64_t>(*not_after),
                                std::move(*wrapped)};
}

outcome<bytes> box_id_field(const json::object& message)
{
    auto box_id = binary_field(message, "box_id", box_id_bytes);
    if (!box_id) return bad("This message needs a box_id (16 bytes).");
    return std::move(*box_id);
}

outcome<mailbox::reply_request> reply_request(const json::object& message)
{
    auto box_id = box_id_field(message);
    if (!box_id) return box_id.error();
    const auto number = count_field(message, "number");
    auto sender_key = binary_field(message, "sender_key", key_bytes);
    if (!number || *number == 0 || *number > 1'000'000 || !sender_key)
        return bad("reply needs the letter's number and your mailbox key as sender_key.");
    auto letter = sealed_letter(message);
    if (!letter) return letter.error();
    return mailbox::reply_request{std::move(*box_id), static_cast<std::int64_t>(*number), std::move(*sender_key),
                                  std::move(*letter)};
}

} // namespace tillit::app

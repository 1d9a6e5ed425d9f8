// Pre-encoded msg frames and the stamp at the front of their payload.
#include "relay_frame.hpp"

#include <cstring>

namespace tillit::bench {
namespace {

constexpr std::size_t seq_field_chars = 10;  // digits, then spaces: JSON allows the whitespace
constexpr char hex_digits[] = "0123456789abcdef";

void write_hex(char* at, std::uint64_t value, int digits) {
    for (int i = digits - 1; i >= 0; --i) {
        at[i] = hex_digits[value & 0xf];
        value >>= 4;
    }
}

std::optional<std::uint64_t> read_hex(std::string_view text) {
    std::uint64_t value = 0;
    for (const char ch : text) {
        value <<= 4;
        if (ch >= '0' && ch <= '9') value |= static_cast<std::uint64_t>(ch - '0');
        else if (ch >= 'a' && ch <= 'f') value |= static_cast<std::uint64_t>(ch - 'a' + 10);
        else return std::nullopt;
    }
    return value;
}

} // namespace

std::optional<stamp> read_stamp(std::string_view payload) {
    if (payload.size() < stamp_chars) return std::nullopt;
    const auto sent = read_hex(payload.substr(0, 16));
    const auto seq = read_hex(payload.substr(16, 8));
    const auto chat = read_hex(payload.substr(24, 8));
    if (!sent || !seq || !chat) return std::nullopt;
    return stamp{*sent, static_cast<std::uint32_t>(*seq), static_cast<std::uint32_t>(*chat)};
}

relay_frame::relay_frame(framing kind, std::string_view chat_id, std::size_t ciphertext_bytes) {
    if (kind == framing::length_prefixed) {
        // The floor relays bytes: the ciphertext itself, no base64.
        message_.assign(ciphertext_bytes, 'A');
        has_seq_field_ = false;
        return;
    }
    const std::size_t payload_chars = (ciphertext_bytes * 4 + 2) / 3;  // unpadded B64
    message_ = "{\"type\":\"msg\",";
    if (!chat_id.empty()) message_.append("\"chat\":\"").append(chat_id).append("\",");
    message_.append("\"seq\":");
    seq_offset_ = message_.size();
    message_.append(seq_field_chars, ' ');
    message_.append(",\"payload\":\"");
    stamp_offset_ = message_.size();
    message_.append(payload_chars, 'A');
    message_.append("\"}");
}

void relay_frame::send(connection& c, std::uint32_t seq, std::uint32_t chat_number, std::uint64_t sent_ns) const {
    const std::size_t at = c.send(message_);
    char* bytes = c.out().data() + at;
    if (has_seq_field_) {
        char digits[seq_field_chars];
        std::size_t n = 0;
        for (auto value = seq; n == 0 || value != 0; value /= 10) digits[n++] = static_cast<char>('0' + value % 10);
        for (std::size_t i = 0; i < n; ++i) bytes[seq_offset_ + i] = digits[n - 1 - i];
    }
    char* s = bytes + stamp_offset_;
    write_hex(s, sent_ns, 16);
    write_hex(s + 16, seq, 8);
    write_hex(s + 24, chat_number, 8);
}

} // namespace tillit::bench

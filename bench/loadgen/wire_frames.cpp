// WebSocket client framing with a zero mask key, server frame decoding, and the floor's framing.
#include "wire_frames.hpp"

namespace tillit::bench {
namespace {

constexpr std::uint8_t opcode_text = 0x1;

void append_websocket_header(std::string& out, std::uint8_t first_byte, std::size_t length) {
    out.push_back(static_cast<char>(first_byte));
    if (length < 126) {
        out.push_back(static_cast<char>(0x80 | length));
    } else if (length <= 0xffff) {
        out.push_back(static_cast<char>(0x80 | 126));
        out.push_back(static_cast<char>(length >> 8));
        out.push_back(static_cast<char>(length & 0xff));
    } else {
        out.push_back(static_cast<char>(0x80 | 127));
        for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((length >> shift) & 0xff));
    }
    out.append(4, '\0');  // the mask key 0
}

} // namespace

std::size_t append_frame(std::string& out, framing kind, std::string_view payload) {
    if (kind == framing::websocket) {
        append_websocket_header(out, 0x80 | opcode_text, payload.size());
    } else {
        const auto length = static_cast<std::uint32_t>(payload.size());
        for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>((length >> shift) & 0xff));
    }
    const std::size_t offset = out.size();
    out.append(payload);
    return offset;
}

void append_control_frame(std::string& out, std::uint8_t opcode, std::string_view payload) {
    append_websocket_header(out, static_cast<std::uint8_t>(0x80 | opcode), payload.size());
    out.append(payload);
}

std::optional<decoded_frame> decode_frame(std::string_view in, framing kind) {
    const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(in[i]); };
    if (kind == framing::length_prefixed) {
        if (in.size() < 4) return std::nullopt;
        const std::uint32_t length = byte(0) | (byte(1) << 8) | (byte(2) << 16) | (std::uint32_t{byte(3)} << 24);
        if (in.size() < 4 + std::size_t{length}) return std::nullopt;
        return decoded_frame{frame_kind::binary, true, in.substr(4, length), 4 + std::size_t{length}};
    }
    if (in.size() < 2) return std::nullopt;
    const bool final = (byte(0) & 0x80) != 0;
    const bool reserved = (byte(0) & 0x70) != 0;
    const bool masked = (byte(1) & 0x80) != 0;
    std::size_t length = byte(1) & 0x7f;
    std::size_t header = 2;
    if (length == 126) {
        if (in.size() < 4) return std::nullopt;
        length = (std::size_t{byte(2)} << 8) | byte(3);
        header = 4;
    } else if (length == 127) {
        if (in.size() < 10) return std::nullopt;
        length = 0;
        for (std::size_t i = 2; i < 10; ++i) length = (length << 8) | byte(i);
        header = 10;
    }
    if (in.size() - header < length) return std::nullopt;
    frame_kind what = frame_kind::invalid;
    switch (byte(0) & 0x0f) {
    case 0x0: what = frame_kind::continuation; break;
    case 0x1: what = frame_kind::text; break;
    case 0x2: what = frame_kind::binary; break;
    case 0x8: what = frame_kind::close; break;
    case 0x9: what = frame_kind::ping; break;
    case 0xa: what = frame_kind::pong; break;
    default: break;
    }
    if (reserved || masked) what = frame_kind::invalid;
    return decoded_frame{what, final, in.substr(header, length), header + length};
}

} // namespace tillit::bench

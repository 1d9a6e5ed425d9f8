// The two framings the generator speaks: WebSocket (RFC 6455) as a client, for tillit-server and
// the peer, and the floor's 4-byte little-endian length prefix. Encoding appends to a buffer so
// that many frames go out in one write; decoding reads whole frames from the front of a buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tillit::bench {

enum class framing { websocket, length_prefixed };

// A client WebSocket frame must be masked. The generator masks with the key 0, which leaves the
// bytes as they are: frames can be pre-encoded and stamped in place (a load generator's shortcut;
// a browser picks a random key).
inline constexpr std::size_t max_websocket_client_header = 2 + 8 + 4;

// Appends one frame holding `payload` and returns the offset of the payload in `out`.
std::size_t append_frame(std::string& out, framing kind, std::string_view payload);
// Appends a WebSocket control frame (pong, or close with a status code) from the client.
void append_control_frame(std::string& out, std::uint8_t opcode, std::string_view payload);

enum class frame_kind { text, binary, ping, pong, close, continuation, invalid };

struct decoded_frame {
    frame_kind kind;
    bool final;
    std::string_view payload;
    std::size_t size;  // bytes of the frame in the buffer, header included
};

// The frame at the front of `in`, or nullopt when it is not complete yet. Frames from the server
// are never masked; a masked one, a reserved bit or an unknown opcode is `invalid`.
std::optional<decoded_frame> decode_frame(std::string_view in, framing kind);

} // namespace tillit::bench

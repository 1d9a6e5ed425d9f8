// secretstream per direction with associated data th ‖ direction, padding, REKEY and FINAL tags.
#include "tillit/crypto/secure_stream.hpp"

#include <algorithm>

#include <sodium.h>

#include "tillit/crypto/sodium_init.hpp"
#include "wire.hpp"

namespace tillit::crypto {

static_assert(stream_header_bytes == crypto_secretstream_xchacha20poly1305_HEADERBYTES);
static_assert(frame_overhead == crypto_secretstream_xchacha20poly1305_ABYTES);

namespace {

using state_t = crypto_secretstream_xchacha20poly1305_state;

state_t* as_state(secure_buffer& buffer) { return reinterpret_cast<state_t*>(buffer.data()); }

const secure_buffer& key_of(const session_keys& keys, direction dir)
{
    return dir == direction::help_seeker_to_counsellor ? keys.k_hc : keys.k_ch;
}

std::array<unsigned char, hash_bytes + 1> associated_data(const transcript_hash& th, direction dir)
{
    std::array<unsigned char, hash_bytes + 1> ad{};
    std::copy(th.begin(), th.end(), ad.begin());
    ad.back() = static_cast<unsigned char>(dir);
    return ad;
}

} // namespace

sending_stream::sending_stream(secure_buffer state, const stream_header& header, const transcript_hash& th, direction dir)
    : state_(std::move(state)), header_(header), ad_(associated_data(th, dir))
{
}

result<sending_stream> sending_stream::open(const session_keys& keys, direction dir)
{
    ensure_sodium();
    auto state = wire::secure(sizeof(state_t));
    if (!state) return crypto_error::out_of_memory;
    stream_header header{};
    crypto_secretstream_xchacha20poly1305_init_push(as_state(*state), header.data(), key_of(keys, dir).data());
    return sending_stream(std::move(*state), header, keys.th, dir);
}

result<sending_stream> sending_stream::open_with_header_for_vectors(const session_keys& keys, direction dir,
                                                                    const stream_header& header)
{
    ensure_sodium();
    auto state = wire::secure(sizeof(state_t));
    if (!state) return crypto_error::out_of_memory;
    // init_pull derives from (key, header) exactly the state that init_push would have made
    // after drawing that header, so pushing from it yields what a receiver of `header` expects.
    if (crypto_secretstream_xchacha20poly1305_init_pull(as_state(*state), header.data(), key_of(keys, dir).data()) != 0)
        return crypto_error::malformed;
    return sending_stream(std::move(*state), header, keys.th, dir);
}

result<std::vector<unsigned char>> sending_stream::push(std::string_view plaintext)
{
    return push_tagged(plaintext, crypto_secretstream_xchacha20poly1305_TAG_REKEY);
}

result<std::vector<unsigned char>> sending_stream::push_final(std::string_view plaintext)
{
    return push_tagged(plaintext, crypto_secretstream_xchacha20poly1305_TAG_FINAL);
}

result<std::vector<unsigned char>> sending_stream::push_tagged(std::string_view plaintext, unsigned char tag)
{
    if (closed_) return crypto_error::stream_closed;
    if (plaintext.size() > max_plaintext_bytes) return crypto_error::too_large;
    std::array<unsigned char, max_padded_bytes> padded{};
    std::copy(plaintext.begin(), plaintext.end(), padded.begin());
    std::size_t padded_size = 0;
    if (sodium_pad(&padded_size, padded.data(), plaintext.size(), padding_block, padded.size()) != 0) {
        sodium_memzero(padded.data(), padded.size());
        return crypto_error::too_large;
    }
    std::vector<unsigned char> frame(padded_size + frame_overhead);
    crypto_secretstream_xchacha20poly1305_push(as_state(state_), frame.data(), nullptr, padded.data(), padded_size,
                                               ad_.data(), ad_.size(), tag);
    sodium_memzero(padded.data(), padded.size());
    if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) closed_ = true;
    return frame;
}

receiving_stream::receiving_stream(secure_buffer state, const transcript_hash& th, direction dir)
    : state_(std::move(state)), ad_(associated_data(th, dir))
{
}

result<receiving_stream> receiving_stream::open(const session_keys& keys, direction dir,
                                                std::span<const unsigned char> header)
{
    ensure_sodium();
    if (header.size() != stream_header_bytes) return crypto_error::malformed;
    auto state = wire::secure(sizeof(state_t));
    if (!state) return crypto_error::out_of_memory;
    if (crypto_secretstream_xchacha20poly1305_init_pull(as_state(*state), header.data(), key_of(keys, dir).data()) != 0)
        return crypto_error::malformed;
    return receiving_stream(std::move(*state), keys.th, dir);
}

result<received_frame> receiving_stream::pull(std::span<const unsigned char> frame)
{
    if (dead_) return crypto_error::stream_closed;
    // Any error kills the stream: the transport promised each frame once and in order, so a bad
    // frame means that promise broke, and the two sides must start a new epoch.
    dead_ = true;
    if (frame.size() > max_frame_bytes) return crypto_error::too_large;
    if (frame.size() < frame_overhead) return crypto_error::frame_rejected;

    std::array<unsigned char, max_padded_bytes> padded{};
    unsigned long long padded_size = 0;
    unsigned char tag = 0;
    const int opened = crypto_secretstream_xchacha20poly1305_pull(as_state(state_), padded.data(), &padded_size, &tag,
                                                                  frame.data(), frame.size(), ad_.data(), ad_.size());
    const auto wipe = [&] { sodium_memzero(padded.data(), padded.size()); };
    if (opened != 0) return crypto_error::frame_rejected;
    if (tag != crypto_secretstream_xchacha20poly1305_TAG_REKEY && tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
        wipe();
        return crypto_error::frame_rejected;
    }
    std::size_t size = 0;
    if (padded_size == 0 || padded_size % padding_block != 0 ||
        sodium_unpad(&size, padded.data(), static_cast<std::size_t>(padded_size), padding_block) != 0) {
        wipe();
        return crypto_error::bad_padding;
    }
    received_frame out{std::string(reinterpret_cast<const char*>(padded.data()), size),
                       tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL};
    wipe();
    finished_ = out.final;
    dead_ = out.final;
    return out;
}

result<void> receiving_stream::close()
{
    dead_ = true;
    if (!finished_) return crypto_error::truncated;
    return {};
}

} // namespace tillit::crypto

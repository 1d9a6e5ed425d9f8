// crypto_error and result<T>: how every protocol function reports bad input, as a value, never by throwing.
#pragma once

#include <cstdint>
#include <exception>
#include <string_view>
#include <utility>
#include <variant>

namespace tillit::crypto {

// Why a protocol step refused its input. Every value means "do not go on": there is no fallback.
enum class crypto_error : std::uint8_t {
    malformed = 1,        // wrong length or encoding of a key, signature, blob or field
    bad_signature,        // a certificate, shift-key or revocation-list signature does not verify (also: wrong root key)
    expired,              // a certificate, shift key or revocation list is past its not_after
    revoked,              // the identity key is on the root-signed revocation list
    low_order_point,      // a Diffie-Hellman output was all zero (low-order or zero public key)
    bad_confirmation,     // the counsellor's key confirmation does not match
    frame_rejected,       // a frame failed authentication: modified, replayed, reordered or one was dropped;
                          // a letter moved to another thread or number, modified, or not from its sender
    bad_padding,          // an authentic frame or letter whose plaintext is not padded as version 1 says
    too_large,            // a plaintext or frame above the 4 KiB limit, a letter above 16 KiB
    truncated,            // the stream was closed before its final frame arrived
    stream_closed,        // the stream has ended (final frame) or failed before; nothing more goes through it
    unwrap_failed,        // the wrapped identity or mailbox key does not open with this `wrap` value
    out_of_memory,        // sodium_malloc could not get (locked) memory
};

// A short English description for logs and tests; never contains key material.
[[nodiscard]] constexpr std::string_view to_string(crypto_error e) noexcept
{
    switch (e) {
    case crypto_error::malformed: return "malformed input";
    case crypto_error::bad_signature: return "bad signature";
    case crypto_error::expired: return "expired";
    case crypto_error::revoked: return "revoked";
    case crypto_error::low_order_point: return "low-order public key";
    case crypto_error::bad_confirmation: return "key confirmation failed";
    case crypto_error::frame_rejected: return "frame rejected (modified, replayed, reordered or missing)";
    case crypto_error::bad_padding: return "bad padding";
    case crypto_error::too_large: return "too large";
    case crypto_error::truncated: return "stream truncated (no final frame)";
    case crypto_error::stream_closed: return "stream closed";
    case crypto_error::unwrap_failed: return "wrapped key does not unwrap";
    case crypto_error::out_of_memory: return "out of memory";
    }
    return "unknown error";
}

// The value's name as docs/crypto.md and the TypeScript CryptoErrorCode write it, e.g. "frame_rejected".
[[nodiscard]] constexpr std::string_view name_of(crypto_error e) noexcept
{
    switch (e) {
    case crypto_error::malformed: return "malformed";
    case crypto_error::bad_signature: return "bad_signature";
    case crypto_error::expired: return "expired";
    case crypto_error::revoked: return "revoked";
    case crypto_error::low_order_point: return "low_order_point";
    case crypto_error::bad_confirmation: return "bad_confirmation";
    case crypto_error::frame_rejected: return "frame_rejected";
    case crypto_error::bad_padding: return "bad_padding";
    case crypto_error::too_large: return "too_large";
    case crypto_error::truncated: return "truncated";
    case crypto_error::stream_closed: return "stream_closed";
    case crypto_error::unwrap_failed: return "unwrap_failed";
    case crypto_error::out_of_memory: return "out_of_memory";
    }
    return "unknown";
}

// Either a T or a crypto_error. value()/operator* on an error is a programming error (checked by
// has_value() first); it terminates rather than return garbage.
template <class T>
class [[nodiscard]] result {
public:
    result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
    result(crypto_error error) : v_(std::in_place_index<1>, error) {}  // NOLINT: implicit by design

    [[nodiscard]] bool has_value() const noexcept { return v_.index() == 0; }
    explicit operator bool() const noexcept { return has_value(); }
    [[nodiscard]] crypto_error error() const noexcept { return has_value() ? crypto_error{} : std::get<1>(v_); }

    [[nodiscard]] T& value() & { return *std::get_if<0>(&checked()); }
    [[nodiscard]] const T& value() const& { return *std::get_if<0>(&checked()); }
    [[nodiscard]] T&& value() && { return std::move(*std::get_if<0>(&checked())); }
    [[nodiscard]] T& operator*() & { return value(); }
    [[nodiscard]] const T& operator*() const& { return value(); }
    [[nodiscard]] T&& operator*() && { return std::move(*this).value(); }
    [[nodiscard]] T* operator->() { return &value(); }
    [[nodiscard]] const T* operator->() const { return &value(); }

private:
    std::variant<T, crypto_error>& checked()
    {
        if (!has_value()) std::terminate();
        return v_;
    }
    const std::variant<T, crypto_error>& checked() const
    {
        if (!has_value()) std::terminate();
        return v_;
    }
    std::variant<T, crypto_error> v_;
};

template <>
class [[nodiscard]] result<void> {
public:
    result() = default;
    result(crypto_error error) : error_(error) {}  // NOLINT: implicit by design

    [[nodiscard]] bool has_value() const noexcept { return error_ == crypto_error{}; }
    explicit operator bool() const noexcept { return has_value(); }
    [[nodiscard]] crypto_error error() const noexcept { return error_; }

private:
    crypto_error error_{};
};

} // namespace tillit::crypto

// error: the error codes the server sends to clients ({"type":"error","code":…}), as a
// boost::system error-code enum with its category (modelled on Boost.MySQL's error.hpp). The
// wire text of each code is docs/protocol.md's contract ("Errors"); message() is the English
// text a client gets when the sender has nothing more particular to say. Pure; any thread.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>

#include <boost/system/error_category.hpp>
#include <boost/system/error_code.hpp>

namespace tillit::protocol {

// In the order of docs/protocol.md's table. Zero is not a code (boost::system's "no error").
enum class errc : int {
    bad_json = 1,
    unknown_type,
    bad_message,
    rate_limited,
    internal,
    not_signed_in,
    already_signed_in,
    password_change_required,
    login_failed,
    login_locked,
    account_disabled,
    busy,
    session_expired,
    session_invalid,
    already_joined,
    resume_failed,
    too_many_joins,
    blocked,
    not_in_chat,
    no_such_chat,
    bad_capacity,
    not_certified,
    transfer_unavailable,
    out_of_order,
    peer_backlog_full,
    chat_ended,
    // The mailbox (docs/protocol.md, "Mailbox").
    no_such_thread,
    too_many_attempts,
    too_many_letters,
    mailbox_full,
    thread_exists,
    thread_full,
    letter_number,
    thread_claimed,
    not_claimed,
};

inline constexpr std::size_t errc_count = static_cast<std::size_t>(errc::not_claimed);

// Every code's wire text, indexed by code - 1.
inline constexpr std::array<std::string_view, errc_count> code_texts{
    "bad_json", "unknown_type", "bad_message", "rate_limited", "internal", "not_signed_in", "already_signed_in",
    "password_change_required", "login_failed", "login_locked", "account_disabled", "busy", "session_expired",
    "session_invalid", "already_joined", "resume_failed", "too_many_joins", "blocked", "not_in_chat", "no_such_chat",
    "bad_capacity", "not_certified", "transfer_unavailable", "out_of_order", "peer_backlog_full", "chat_ended",
    "no_such_thread", "too_many_attempts", "too_many_letters", "mailbox_full", "thread_exists", "thread_full",
    "letter_number", "thread_claimed", "not_claimed"};

// The code as it goes on the wire ("bad_json", ...).
[[nodiscard]] constexpr std::string_view code_text(errc e) noexcept { return code_texts[static_cast<std::size_t>(e) - 1]; }
// Its index into code_texts (and any per-code table), 0 to errc_count - 1.
[[nodiscard]] constexpr std::size_t code_index(errc e) noexcept { return static_cast<std::size_t>(e) - 1; }

// The category of errc ("tillit.protocol"); message() is the default English text for clients.
[[nodiscard]] const boost::system::error_category& error_category() noexcept;

[[nodiscard]] inline boost::system::error_code make_error_code(errc e) noexcept
{
    return {static_cast<int>(e), error_category()};
}

} // namespace tillit::protocol

namespace boost::system {
template <>
struct is_error_code_enum<tillit::protocol::errc> : std::true_type {};
} // namespace boost::system

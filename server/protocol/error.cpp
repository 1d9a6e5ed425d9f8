// error: the protocol's error category and each code's default English text.
#include "protocol/error.hpp"

namespace tillit::protocol {

namespace {

// The texts clients see today where the sender adds nothing more particular (docs/protocol.md
// says they may change: programs read the code).
std::string_view default_message(errc e) noexcept
{
    switch (e) {
    case errc::bad_json: return R"(Messages are JSON objects with a string field "type".)";
    case errc::unknown_type: return "Unknown message type.";
    case errc::bad_message: return "A field of this message is missing or has the wrong form.";
    case errc::rate_limited: return "Too many messages: slow down.";
    case errc::internal: return "Something went wrong on the server: try again.";
    case errc::not_signed_in: return "Sign in first.";
    case errc::already_signed_in: return "This connection is already signed in.";
    case errc::password_change_required: return "Choose a new password first.";
    case errc::login_failed: return "Wrong pseudonym or password.";
    case errc::login_locked: return "Too many failed logins: try again later.";
    case errc::account_disabled: return "This account is disabled.";
    case errc::busy: return "The server is busy: try again in a moment.";
    case errc::session_expired: return "Your session has expired: log in again.";
    case errc::session_invalid: return "This session is not valid: log in again.";
    case errc::already_joined: return "You are already waiting or in a chat.";
    case errc::resume_failed: return "This chat cannot be resumed: join again.";
    case errc::too_many_joins: return "Too many new chats from here: wait a little and try again.";
    case errc::blocked: return "A new chat cannot be started from here right now.";
    case errc::not_in_chat: return "There is no chat to send to.";
    case errc::no_such_chat: return "You have no chat with that id.";
    case errc::bad_capacity: return "Choose a capacity the centre allows.";
    case errc::not_certified: return "Your identity key is not certified yet: ask the centre's administrator.";
    case errc::transfer_unavailable: return "No counsellor by that name can take the chat.";
    case errc::out_of_order: return "Messages must be numbered one after another.";
    case errc::peer_backlog_full: return "The other side is not receiving: this message was not accepted.";
    case errc::chat_ended: return "This chat has ended: the message was not accepted.";
    case errc::no_such_thread: return "No letters were found for this code.";
    case errc::too_many_attempts: return "Too many codes that did not match: wait a while and try again.";
    case errc::too_many_letters: return "Too many letters from here: wait a while and try again.";
    case errc::mailbox_full: return "The mailbox is full right now: no new letters can be taken.";
    case errc::thread_exists: return "This code is in use already: make a new one.";
    case errc::thread_full: return "This conversation has as many letters as it can hold.";
    case errc::letter_number: return "A letter came in meanwhile: read it, then send yours again.";
    case errc::thread_claimed: return "A colleague is answering this letter.";
    case errc::not_claimed: return "Open the letter again before replying: your hold on it has ended.";
    }
    return "Unknown error.";
}

class protocol_category final : public boost::system::error_category {
public:
    [[nodiscard]] const char* name() const noexcept override { return "tillit.protocol"; }
    [[nodiscard]] std::string message(int code) const override
    {
        return std::string(default_message(static_cast<errc>(code)));
    }
};

} // namespace

const boost::system::error_category& error_category() noexcept
{
    static const protocol_category category;
    return category;
}

} // namespace tillit::protocol

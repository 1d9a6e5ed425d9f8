// counsellor_client: a counsellor's console as an end-to-end protocol client for the tests, with
// one chat: signs in (the first time with the password and the identity key), comes back after any
// drop with its session token and `duty` carrying the shift key (always: the server may have
// restarted), answers each epoch's handshake (0x02 after 0x01, the channel once 0x03 came), and
// asks for a new epoch when a chat is handed back to it (`returning`) without its channel.
#pragma once

#include <optional>

#include "support/chat_peer.hpp"
#include "support/e2e_chat.hpp"
#include "tillit/crypto/handshake.hpp"

namespace tillit::test {

class counsellor_client : public chat_peer {
public:
    counsellor_client(std::uint16_t port, e2e_chat& keys) : chat_peer(port, chat_side::counsellor), keys_(keys) {}

    // Signs in with the password (uploading the identity key when `upload_identity`) and goes on
    // duty with capacity 1. Blocking: a test's set-up.
    void start(bool upload_identity = true);
    // Forgets the channel and the conversation's own numbering, as a reloaded console does, and
    // connects anew with the session token.
    void reload();
    [[nodiscard]] const std::string& session() const { return session_; }

protected:
    void connect() override;
    void on_message(const boost::json::object& message) override;
    void on_handshake_frame(unsigned char kind, std::span<const unsigned char> data) override;

private:
    e2e_chat& keys_;
    std::string session_;
    bool has_epoch_ = false;                     // a chat was assigned and its epoch is known
    std::optional<crypto::session_keys> keys_of_epoch_;  // between 0x02 and 0x03
};

} // namespace tillit::test

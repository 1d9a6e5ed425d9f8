// seeker_client: a help-seeker's page as an end-to-end protocol client for the tests: joins, checks
// the counsellor's bundle against the pinned root key, runs the handshake of every epoch (0x01,
// 0x03), keeps only the latest resume token and resumes with it and last_received after any drop.
#pragma once

#include <optional>

#include "support/chat_peer.hpp"
#include "tillit/crypto/handshake.hpp"
#include "tillit/crypto/keys.hpp"

namespace tillit::test {

class seeker_client : public chat_peer {
public:
    seeker_client(std::uint16_t port, const crypto::public_key& root, std::string language = "sv")
        : chat_peer(port, chat_side::help_seeker), root_(root), language_(std::move(language)) {}

    // Connects and joins the support lane.
    void start() { connect(); }
    [[nodiscard]] const std::string& token() const { return token_; }

protected:
    void connect() override;
    void on_message(const boost::json::object& message) override;
    void on_handshake_frame(unsigned char kind, std::span<const unsigned char> data) override;

private:
    // A new epoch's bundle: verify it and send 0x01.
    void start_handshake(const boost::json::value& bundle);
    // An epoch announced by resumed / epoch / transferred.
    void enter_epoch(std::uint32_t epoch, const boost::json::value* bundle);

    crypto::public_key root_;
    std::string language_;
    std::string token_;
    std::optional<crypto::help_seeker_handshake> handshake_;
    bool handshake_started_ = false;  // in the current epoch
};

} // namespace tillit::test

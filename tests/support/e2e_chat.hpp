// e2e_chat: both browsers of a real end-to-end encrypted chat (CRYPTO.md) as the tests play them:
// the development root key and a counsellor account, the counsellor's identity and shift keys,
// the handshake over relay frames and encrypted messages both ways. Handshake and chat frames
// ride in relay payloads, which the server never reads: one kind byte, then the data
// (docs/protocol.md, "End-to-end frames").
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "support/ws_client.hpp"
#include "tillit/crypto/bundle.hpp"
#include "tillit/crypto/keys.hpp"
#include "tillit/crypto/secure_stream.hpp"

namespace tillit::test {

enum frame_kind : unsigned char { seeker_hello = 1, counsellor_reply = 2, seeker_header = 3, chat_frame = 4 };

// B64 of the kind byte followed by `parts`.
std::string e2e_payload(frame_kind kind, std::initializer_list<std::span<const unsigned char>> parts);
std::vector<unsigned char> bytes_of(const boost::json::value& base64_text);
std::uint64_t unix_now();
crypto::counsellor_bundle parse_bundle(const boost::json::object& bundle);

// One side's streams for one epoch.
struct e2e_side {
    std::optional<crypto::receiving_stream> in;
    std::optional<crypto::sending_stream> out;
    std::string code;  // the verification code this side shows
    std::uint64_t next_seq = 1;
};

class e2e_chat {
public:
    // Makes the development root key in dir/dev-root-key, a counsellor account and opening hours
    // around the clock in dir/data, and the counsellor's identity and shift keys.
    e2e_chat(const std::filesystem::path& dir, std::string pseudonym, std::string password);

    // What the server needs to certify the counsellor's key at once (unsafe, development only).
    [[nodiscard]] std::vector<std::string> server_args() const;

    // Logs in, uploads the identity key (first time) and goes on duty with a signed shift key;
    // returns the session token.
    std::string counsellor_on_duty(ws_client& client, bool upload_identity);

    // The whole handshake of one epoch over the relay; leaves both sides ready to talk.
    void handshake(ws_client& seeker, ws_client& counsellor, const std::string& chat, std::uint32_t epoch,
                   const boost::json::object& bundle_json, e2e_side& s, e2e_side& k);

    // Sends `plaintext` one way and returns what the other side decrypted.
    static std::string through(ws_client& from, e2e_side& sender, ws_client& to, e2e_side& receiver,
                               const std::string& chat, const std::string& plaintext);

    [[nodiscard]] const crypto::public_key& root() const { return root_; }
    [[nodiscard]] const crypto::signing_keypair& identity() const { return *identity_; }
    [[nodiscard]] const crypto::dh_keypair& shift() const { return *shift_; }
    [[nodiscard]] const std::string& pseudonym() const { return pseudonym_; }
    // `duty` on with `capacity` and the signed shift key (a console sends it with every duty: the
    // server may have restarted and forgotten it).
    [[nodiscard]] boost::json::object duty_message(unsigned capacity) const;

private:
    std::string pseudonym_;
    std::string password_;
    crypto::public_key root_{};
    std::filesystem::path root_file_;
    std::optional<crypto::signing_keypair> identity_;
    std::optional<crypto::dh_keypair> shift_;
};

} // namespace tillit::test

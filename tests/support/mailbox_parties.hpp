// mailbox_parties: the two sides of the mailbox (CRYPTO.md, "Mailbox, version 1") as the
// integration tests play them over real WebSockets with tillit::crypto: a help-seeker who holds
// nothing but a return code, and a counsellor with a certified identity key and a mailbox key.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "support/ws_client.hpp"
#include "tillit/crypto/keys.hpp"
#include "tillit/crypto/mailbox_keys.hpp"

namespace tillit::test {

// One letter as its reader opened it.
struct opened_letter {
    std::int64_t number = 0;
    std::string from;    // "help_seeker" or "counsellor"
    std::string text;    // empty when it did not open
    std::string author;  // a counsellor letter: the verified pseudonym
};

class letter_writer {
public:
    // A fresh return code, or the one given (as a person would type it).
    explicit letter_writer(const crypto::public_key& root, const std::string& typed_code = {});

    [[nodiscard]] const std::string& code() const { return code_; }
    [[nodiscard]] std::string box_id() const;
    [[nodiscard]] std::string box_auth() const;

    // letter_new / letter for `text`, sealed to every roster entry that verifies (from a
    // "mailbox_roster" answer) and to the writer's own thread key. Throws when none verifies.
    [[nodiscard]] boost::json::object first_letter(const boost::json::object& roster, const std::string& text,
                                                   const std::string& lane = "support", const std::string& language = "sv") const;
    [[nodiscard]] boost::json::object next_letter(const boost::json::object& roster, std::int64_t number,
                                                  const std::string& text) const;
    // {"type": type, box_id, box_auth}: mailbox_open, mailbox_delete.
    [[nodiscard]] boost::json::object with_code(const std::string& type) const;
    // Opens every letter of a "thread" answer: own letters by the self copy, replies after
    // verifying their author against the root key at the letter's hour.
    [[nodiscard]] std::vector<opened_letter> read(const boost::json::object& thread) const;

private:
    crypto::public_key root_;
    std::string code_;
    crypto::thread_keys keys_;
};

class mailbox_counsellor {
public:
    // Makes the account with tillit-admin (languages sv,en; lanes support) and its identity key.
    mailbox_counsellor(const std::filesystem::path& data_dir, const crypto::public_key& root, std::string pseudonym,
                       std::string password);

    // Logs in on `client` (uploading the identity key the first time: the server must run with
    // the development root key, which certifies it at once) and uploads a fresh mailbox key.
    void sign_in(ws_client& client);
    [[nodiscard]] const std::string& pseudonym() const { return pseudonym_; }

    // Opens every letter of a counsellor's "thread" answer with this counsellor's mailbox key.
    [[nodiscard]] std::vector<opened_letter> read(const boost::json::object& thread) const;
    // A reply to the thread (its next number), sealed to the first letter's thread key and to
    // every roster colleague.
    [[nodiscard]] boost::json::object reply(const boost::json::object& thread, const std::string& text) const;

private:
    crypto::public_key root_;
    std::string pseudonym_;
    std::string password_;
    bool identity_uploaded_ = false;
    crypto::signing_keypair identity_;
    crypto::dh_keypair mailbox_key_;
};

} // namespace tillit::test

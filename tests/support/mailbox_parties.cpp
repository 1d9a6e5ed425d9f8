// mailbox_parties: sealing and opening letters over the real server, as the two browsers do.
#include "support/mailbox_parties.hpp"

#include <algorithm>
#include <stdexcept>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "support/chat_clients.hpp"
#include "support/e2e_chat.hpp"
#include "support/staff_login.hpp"
#include "tillit/crypto/certificate.hpp"
#include "tillit/crypto/encoding.hpp"
#include "tillit/crypto/identity_wrap.hpp"
#include "tillit/crypto/letter.hpp"
#include "tillit/crypto/login_keys.hpp"
#include "tillit/crypto/return_code.hpp"
#include "tillit/crypto/roster.hpp"

namespace tillit::test {

namespace c = tillit::crypto;
namespace json = boost::json;

namespace {

std::string text(const json::value& v) { return std::string(v.as_string()); }

c::public_key key_of(const json::value& v) { return *c::public_key_from(bytes_of(v)); }

c::box_id box_of(const json::value& v)
{
    const auto raw = bytes_of(v);
    c::box_id id{};
    if (raw.size() != id.size()) throw std::runtime_error("box_id is not 16 bytes");
    std::copy(raw.begin(), raw.end(), id.begin());
    return id;
}

c::roster_entry entry_of(const json::object& e)
{
    c::roster_entry entry;
    entry.identity_key = key_of(e.at("identity_key"));
    entry.pseudonym = text(e.at("pseudonym"));
    entry.cert = *c::decode_certificate(bytes_of(e.at("certificate")));
    entry.mailbox_key = key_of(e.at("mailbox_key"));
    entry.mailbox_not_after = static_cast<std::uint64_t>(e.at("mailbox_not_after").as_int64());
    entry.mailbox_signature = *c::signature_from(bytes_of(e.at("mailbox_signature")));
    return entry;
}

std::vector<unsigned char> revocations_of(const json::object& message)
{
    const auto& list = message.at("revocation_list");
    return list.is_null() ? std::vector<unsigned char>{} : bytes_of(list);
}

// The mailbox keys of every roster entry that verifies now.
std::vector<c::public_key> verified_readers(const json::array& roster, const c::public_key& root,
                                            const std::vector<unsigned char>& revocations)
{
    std::vector<c::public_key> readers;
    for (const auto& e : roster) {
        const auto entry = entry_of(e.as_object());
        if (c::verify_roster_entry(entry, root, revocations, unix_now())) readers.push_back(entry.mailbox_key);
    }
    return readers;
}

json::array envelopes_json(const c::sealed_letter& sealed)
{
    json::array out;
    for (const auto& e : sealed.envelopes) out.push_back(json::object{{"to", c::to_base64(e.to)}, {"box", c::to_base64(e.box)}});
    return out;
}

c::sealed_letter seal(const json::object& body, const c::box_id& box, std::int64_t number, c::letter_direction direction,
                      const c::dh_keypair& sender, const std::vector<c::public_key>& readers)
{
    auto sealed = c::seal_letter(json::serialize(body), box, static_cast<std::uint32_t>(number), direction, sender, readers);
    if (!sealed) throw std::runtime_error("seal_letter failed: " + std::string(c::to_string(sealed.error())));
    return std::move(*sealed);
}

std::string body_text(const std::string& body) { return text(json::parse(body).as_object().at("text")); }

} // namespace

letter_writer::letter_writer(const c::public_key& root, const std::string& typed_code)
    : root_(root),
      code_(typed_code.empty() ? c::make_return_code() : *c::normalise_return_code(typed_code)),
      keys_(std::move(*c::derive_thread_keys(code_)))
{
}

std::string letter_writer::box_id() const { return c::to_base64(keys_.id); }
std::string letter_writer::box_auth() const { return c::to_base64(keys_.box_auth.span()); }

json::object letter_writer::with_code(const std::string& type) const
{
    return {{"type", type}, {"box_id", box_id()}, {"box_auth", box_auth()}};
}

json::object letter_writer::first_letter(const json::object& roster, const std::string& text_, const std::string& lane,
                                         const std::string& language) const
{
    auto message = next_letter(roster, 1, text_);
    message["type"] = "letter_new";
    message.erase("number");
    message["thread_key"] = c::to_base64(keys_.thread_key.pk);
    message["lane"] = lane;
    message["language"] = language;
    return message;
}

json::object letter_writer::next_letter(const json::object& roster, std::int64_t number, const std::string& text_) const
{
    auto readers = verified_readers(roster.at("counsellors").as_array(), root_, revocations_of(roster));
    if (readers.empty()) throw std::runtime_error("no roster entry verifies: the letter would not be sent");
    readers.push_back(keys_.thread_key.pk);  // the writer's own copy
    const auto sealed = seal({{"text", text_}, {"thread_key", c::to_base64(keys_.thread_key.pk)}}, keys_.id, number,
                             c::letter_direction::to_centre, keys_.thread_key, readers);
    auto message = with_code("letter");
    message["number"] = number;
    message["ciphertext"] = c::to_base64(sealed.ciphertext);
    message["envelopes"] = envelopes_json(sealed);
    return message;
}

std::vector<opened_letter> letter_writer::read(const json::object& thread) const
{
    const auto revocations = revocations_of(thread);
    std::vector<opened_letter> out;
    for (const auto& item : thread.at("letters").as_array()) {
        const auto& l = item.as_object();
        opened_letter letter{l.at("number").as_int64(), text(l.at("from")), {}, {}};
        const auto number = static_cast<std::uint32_t>(letter.number);
        if (l.at("envelope").is_null()) {
            out.push_back(letter);
            continue;
        }
        const auto ciphertext = bytes_of(l.at("ciphertext"));
        const auto box = bytes_of(l.at("envelope"));
        if (letter.from == "help_seeker") {
            const auto body = c::open_letter(ciphertext, box, keys_.id, number, c::letter_direction::to_centre,
                                             keys_.thread_key.pk, keys_.thread_key.sk.span());
            if (body) letter.text = body_text(*body);
        } else if (!l.at("author").is_null()) {
            // A reply counts only from a counsellor the centre certified, as they were when writing.
            const auto author = entry_of(l.at("author").as_object());
            const auto hour = static_cast<std::uint64_t>(l.at("hour").as_int64());
            if (c::verify_roster_entry(author, root_, revocations, hour)) {
                const auto body = c::open_letter(ciphertext, box, keys_.id, number, c::letter_direction::to_help_seeker,
                                                 author.mailbox_key, keys_.thread_key.sk.span());
                if (body) {
                    letter.text = body_text(*body);
                    letter.author = author.pseudonym;
                }
            }
        }
        out.push_back(letter);
    }
    return out;
}

mailbox_counsellor::mailbox_counsellor(const std::filesystem::path& data_dir, const c::public_key& root, std::string pseudonym,
                                       std::string password)
    : root_(root), pseudonym_(std::move(pseudonym)), password_(std::move(password)), identity_(std::move(*c::generate_signing_keypair())),
      mailbox_key_(std::move(*c::generate_dh_keypair()))
{
    create_account(data_dir, pseudonym_, "counsellor", password_);
}

void mailbox_counsellor::sign_in(ws_client& client)
{
    client.send_json({{"type", "login_salt"}, {"pseudonym", pseudonym_}});
    const auto salt = bytes_of(client.receive_json().at("salt"));
    const auto login_keys = c::derive_login_keys(password_, salt);
    client.send_json({{"type", "login"}, {"pseudonym", pseudonym_}, {"auth", c::to_base64(login_keys->auth.span())}});
    receive_type(client, "login_ok", 30s);
    if (!identity_uploaded_) {
        const auto wrapped = c::wrap_identity_key(login_keys->wrap.span(), identity_);
        client.send_json({{"type", "identity_key"}, {"public", c::to_base64(identity_.pk)}, {"wrapped", c::to_base64(*wrapped)}});
        if (receive_type(client, "identity_key_saved").at("state") != "certified")
            throw std::runtime_error("the development root key should certify at once");
        identity_uploaded_ = true;
    }
    const auto not_after = unix_now() + c::mailbox_key_lifetime_seconds;
    const auto wrapped = c::wrap_mailbox_key(login_keys->wrap.span(), mailbox_key_);
    client.send_json({{"type", "mailbox_key"},
                      {"public", c::to_base64(mailbox_key_.pk)},
                      {"signature", c::to_base64(c::sign_mailbox_key(identity_, mailbox_key_.pk, not_after))},
                      {"not_after", not_after},
                      {"wrapped", c::to_base64(*wrapped)}});
    receive_type(client, "mailbox_key_saved");
}

std::vector<opened_letter> mailbox_counsellor::read(const json::object& thread) const
{
    const auto id = box_of(thread.at("box_id"));
    const auto thread_key = key_of(thread.at("thread_key"));
    std::vector<opened_letter> out;
    for (const auto& item : thread.at("letters").as_array()) {
        const auto& l = item.as_object();
        opened_letter letter{l.at("number").as_int64(), text(l.at("from")), {}, {}};
        const auto& envelopes = l.at("envelopes").as_array();
        const auto mine = std::find_if(envelopes.begin(), envelopes.end(), [&](const json::value& e) {
            return bytes_of(e.as_object().at("to")) == std::vector<unsigned char>(mailbox_key_.pk.begin(), mailbox_key_.pk.end());
        });
        if (mine != envelopes.end()) {
            const bool from_help_seeker = letter.from == "help_seeker";
            const auto sender = from_help_seeker ? thread_key : key_of(l.at("sender_key"));
            const auto body = c::open_letter(bytes_of(l.at("ciphertext")), bytes_of(mine->as_object().at("box")), id,
                                             static_cast<std::uint32_t>(letter.number),
                                             from_help_seeker ? c::letter_direction::to_centre : c::letter_direction::to_help_seeker,
                                             sender, mailbox_key_.sk.span());
            // The thread key inside a help-seeker's letter must be the one it was opened with.
            if (body && (!from_help_seeker || json::parse(*body).as_object().at("thread_key") == thread.at("thread_key")))
                letter.text = body_text(*body);
            if (!from_help_seeker && !l.at("author").is_null()) letter.author = text(l.at("author"));
        }
        out.push_back(letter);
    }
    return out;
}

json::object mailbox_counsellor::reply(const json::object& thread, const std::string& text_) const
{
    const auto id = box_of(thread.at("box_id"));
    const auto number = static_cast<std::int64_t>(thread.at("letters").as_array().size()) + 1;
    // To the thread's key (the tests check it against the first letter in read()), to every
    // colleague on the roster that verifies, this counsellor included.
    auto readers = verified_readers(thread.at("roster").as_array(), root_, revocations_of(thread));
    readers.push_back(key_of(thread.at("thread_key")));
    const auto sealed = seal({{"text", text_}}, id, number, c::letter_direction::to_help_seeker, mailbox_key_, readers);
    return {{"type", "reply"},
            {"box_id", thread.at("box_id")},
            {"number", number},
            {"sender_key", c::to_base64(mailbox_key_.pk)},
            {"ciphertext", c::to_base64(sealed.ciphertext)},
            {"envelopes", envelopes_json(sealed)}};
}

} // namespace tillit::test

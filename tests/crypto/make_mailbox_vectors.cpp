// make_mailbox_vectors: writes tests/vectors/mailbox_v1.json from fixed seeds and nonces (built,
// not run by ctest: its output is committed; mailbox_vectors_test.cpp re-makes every byte).
//   tillit_make_mailbox_vectors [OUTPUT]   (default: the source tree's tests/vectors/mailbox_v1.json)
// The schema is shared with web-client/test/mailbox_vectors.ts, which writes mailbox_v1_from_ts.json:
// both test suites run the same checks over both files (docs/crypto.md "Mailbox, version 1").
// Over 400 lines because it is one scenario (one code, one thread, one centre) whose values the
// negative cases reuse; split into files, a reader would have to follow it across them.
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>
#include <sodium.h>

#include "json_pretty.hpp"
#include "vector_writing.hpp"
#include "tillit/crypto/certificate.hpp"
#include "tillit/crypto/encoding.hpp"
#include "tillit/crypto/letter.hpp"
#include "tillit/crypto/mailbox_keys.hpp"
#include "tillit/crypto/return_code.hpp"
#include "tillit/crypto/revocation_list.hpp"
#include "tillit/crypto/sodium_init.hpp"

namespace json = boost::json;
using namespace tillit::crypto;

namespace {

using tillit::vectors::bytes;
using tillit::vectors::hex;
using tillit::vectors::seed;

template <class T>
T must(result<T> r, std::string_view what)
{
    return tillit::vectors::must(std::move(r), "make_mailbox_vectors", what);
}

letter_nonce nonce_from(std::string_view label)
{
    const auto s = seed(label, 24);
    letter_nonce n{};
    std::copy(s.begin(), s.end(), n.begin());
    return n;
}

bytes flip(std::span<const unsigned char> in, std::size_t index)
{
    bytes out(in.begin(), in.end());
    out.at(index) ^= 0x01;
    return out;
}

bytes unhex_at(const json::value& v) { return *from_hex(std::string(v.as_string())); }

std::string direction_name(letter_direction dir) { return dir == letter_direction::to_centre ? "to_centre" : "to_help_seeker"; }

struct counsellor {
    std::string name;
    bytes identity_seed, mailbox_seed;
    signing_keypair identity;
    dh_keypair mailbox;
    std::string pseudonym;
    certificate cert;
    std::uint64_t mailbox_not_after = 0;
    signature mailbox_signature{};
};

json::object entry_json(const public_key& ik, std::string_view pseudonym, const certificate& cert, const public_key& mk,
                        std::uint64_t not_after, const signature& sig)
{
    return {{"identity_key", to_base64(ik)},           {"pseudonym", pseudonym},
            {"certificate", to_base64(encode_certificate(cert))}, {"mailbox_key", to_base64(mk)},
            {"mailbox_not_after", not_after},          {"mailbox_signature", to_base64(sig)}};
}

json::object counsellor_json(const counsellor& c, std::span<const unsigned char> wrap, const letter_nonce& wrap_nonce)
{
    return {{"name", c.name},
            {"identity_seed_hex", hex(c.identity_seed)},
            {"identity_public_hex", hex(c.identity.pk)},
            {"mailbox_seed_hex", hex(c.mailbox_seed)},
            {"mailbox_public_hex", hex(c.mailbox.pk)},
            {"mailbox_secret_hex", hex(c.mailbox.sk.span())},
            {"mailbox_message_hex", hex(mailbox_key_message(c.mailbox.pk, c.mailbox_not_after))},
            {"wrap_hex", hex(wrap)},
            {"wrap_nonce_hex", hex(wrap_nonce)},
            {"wrapped_hex", hex(must(wrap_mailbox_key_for_vectors(wrap, c.mailbox, wrap_nonce), "wrap"))},
            {"entry", entry_json(c.identity.pk, c.pseudonym, c.cert, c.mailbox.pk, c.mailbox_not_after, c.mailbox_signature)}};
}

struct reader {
    public_key pk{};
    std::span<const unsigned char> secret;
};

// One letter sealed with fixed randomness, and each envelope with the reader secret that opens it.
json::object letter_json(std::string_view name, const std::string& body, const box_id& box, std::uint32_t number,
                         letter_direction dir, const dh_keypair& sender, const std::vector<reader>& readers)
{
    const auto k = seed(std::string("tillit-mailbox-vectors-v1 k of ") + std::string(name));
    const auto nonce = nonce_from(std::string("tillit-mailbox-vectors-v1 nonce of ") + std::string(name));
    std::vector<public_key> to;
    std::vector<letter_nonce> nonces;
    for (std::size_t i = 0; i < readers.size(); ++i) {
        to.push_back(readers[i].pk);
        nonces.push_back(nonce_from(std::string("tillit-mailbox-vectors-v1 envelope ") + std::to_string(i) + " of " + std::string(name)));
    }
    const auto sealed = must(seal_letter_for_vectors(body, box, number, dir, sender, to, k, nonce, nonces), "seal");
    json::array envelopes;
    for (std::size_t i = 0; i < readers.size(); ++i)
        envelopes.push_back(json::object{{"to_hex", hex(sealed.envelopes[i].to)},
                                         {"nonce_hex", hex(nonces[i])},
                                         {"box_hex", hex(sealed.envelopes[i].box)},
                                         {"reader_secret_hex", hex(readers[i].secret)}});
    return {{"name", name},
            {"box_id_hex", hex(box)},
            {"number", number},
            {"direction", direction_name(dir)},
            {"sender_public_hex", hex(sender.pk)},
            {"sender_secret_hex", hex(sender.sk.span())},
            {"body", body},
            {"key_hex", hex(k)},
            {"nonce_hex", hex(nonce)},
            {"associated_data_hex", hex(letter_associated_data(box, number, dir))},
            {"ciphertext_hex", hex(sealed.ciphertext)},
            {"envelopes", std::move(envelopes)}};
}

// An authentic letter whose plaintext is not padded as version 1 says: raw AEAD, which seal_letter does not allow.
bytes raw_letter(std::span<const unsigned char> k, const letter_nonce& nonce, const box_id& box, std::uint32_t number,
                 letter_direction dir, std::span<const unsigned char> plaintext)
{
    const auto ad = letter_associated_data(box, number, dir);
    bytes out(nonce.size() + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
    std::copy(nonce.begin(), nonce.end(), out.begin());
    crypto_aead_xchacha20poly1305_ietf_encrypt(out.data() + nonce.size(), nullptr, plaintext.data(), plaintext.size(), ad.data(),
                                               ad.size(), nullptr, nonce.data(), k.data());
    return out;
}

bytes envelope_of(std::span<const unsigned char> k, const letter_nonce& nonce, const public_key& to, const dh_keypair& sender)
{
    bytes box(envelope_bytes);
    std::copy(nonce.begin(), nonce.end(), box.begin());
    if (crypto_box_easy(box.data() + nonce.size(), k.data(), k.size(), nonce.data(), to.data(), sender.sk.data()) != 0) std::exit(1);
    return box;
}

json::object open_case(std::string_view name, std::span<const unsigned char> ciphertext, std::span<const unsigned char> box,
                       const box_id& id, std::uint32_t number, letter_direction dir, const public_key& sender,
                       std::span<const unsigned char> reader_secret, crypto_error error)
{
    return {{"name", name},
            {"ciphertext_hex", hex(ciphertext)},
            {"box_hex", hex(box)},
            {"box_id_hex", hex(id)},
            {"number", number},
            {"direction", direction_name(dir)},
            {"sender_public_hex", hex(sender)},
            {"reader_secret_hex", hex(reader_secret)},
            {"error", name_of(error)}};
}

// A letter whose body tests what a reader accepts (letter.hpp, open_letter's steps 5 and 6).
json::object body_case(std::string_view name, const std::string& body, const box_id& id, std::uint32_t number, letter_direction dir,
                       const dh_keypair& sender, const public_key& reader, std::span<const unsigned char> reader_secret,
                       std::string_view expected)
{
    const auto k = seed(std::string("tillit-mailbox-vectors-v1 body check k of ") + std::string(name));
    const auto nonce = nonce_from(std::string("tillit-mailbox-vectors-v1 body check nonce of ") + std::string(name));
    const std::vector<letter_nonce> nonces{nonce_from(std::string("tillit-mailbox-vectors-v1 body check envelope of ") + std::string(name))};
    const std::vector<public_key> readers{reader};
    const auto sealed = must(seal_letter_for_vectors(body, id, number, dir, sender, readers, k, nonce, nonces), "seal body check");
    auto c = open_case(name, sealed.ciphertext, sealed.envelopes[0].box, id, number, dir, sender.pk, reader_secret, crypto_error::malformed);
    c["error"] = expected;
    c["body_hex"] = hex(std::span(reinterpret_cast<const unsigned char*>(body.data()), body.size()));
    return c;
}

} // namespace

int main(int argc, char** argv)
{
    ensure_sodium();
    const std::string output = argc > 1 ? argv[1] : TILLIT_VECTORS_DIR "/mailbox_v1.json";
    constexpr std::uint64_t now = 1767225600; // 2026-01-01T00:00:00Z
    constexpr std::uint64_t cert_not_after = now + 60 * 86400;
    constexpr std::uint64_t mk_not_after = now + 30 * 86400;

    // The return code, and how typed forms of it normalise.
    const auto code_random = seed("tillit-mailbox-vectors-v1 return code", 16);
    const std::span<const unsigned char> random13(code_random.data(), return_code_random_bytes);
    const auto code = must(return_code_from_bytes(random13), "code");
    const auto formatted = format_return_code(code);
    std::string lower_spaced;
    for (const char c : formatted) lower_spaced += c == '-' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string look_alikes = code;
    for (char& c : look_alikes) c = c == '0' ? 'O' : c == '1' ? 'l' : c == 'V' ? 'u' : c;
    const json::array normalise{
        json::object{{"typed", formatted}, {"code", code}},
        json::object{{"typed", "  " + lower_spaced + "\n"}, {"code", code}},
        json::object{{"typed", look_alikes}, {"code", code}},
        json::object{{"typed", "0o1i-lL2u-U3vV\u2013456789AB"}, {"code", "0011112VV3VV456789AB"}},
        json::object{{"typed", "\u00d6" + code.substr(0, 10) + "\u00a0\u00e9" + code.substr(10)}, {"code", code}},
        json::object{{"typed", code.substr(0, 19)}, {"error", "malformed"}},
        json::object{{"typed", code + "7"}, {"error", "malformed"}},
        json::object{{"typed", ""}, {"error", "malformed"}},
    };

    const auto keys = must(derive_thread_keys(code), "thread keys");
    std::array<unsigned char, 32> rk{};
    crypto_generichash(rk.data(), rk.size(), reinterpret_cast<const unsigned char*>(code.data()), code.size(),
                       reinterpret_cast<const unsigned char*>(return_code_hash_key.data()), return_code_hash_key.size());
    std::array<unsigned char, 32> hk_seed{};
    crypto_kdf_derive_from_key(hk_seed.data(), hk_seed.size(), 3, mailbox_kdf_context, rk.data());
    const auto wrong_random = seed("tillit-mailbox-vectors-v1 wrong code", 16);
    const auto wrong_code = must(return_code_from_bytes(std::span(wrong_random).first(return_code_random_bytes)), "code");
    const auto wrong = must(derive_thread_keys(wrong_code), "wrong keys");

    // The centre: root, two certified counsellors with mailbox keys, and one that is not certified.
    const auto root = must(signing_keypair_from_seed(seed("tillit-mailbox-vectors-v1 root O")), "root");
    const auto other_root = must(signing_keypair_from_seed(seed("tillit-mailbox-vectors-v1 another root")), "other root");
    const auto make = [&](std::string name, std::string pseudonym, const signing_keypair& certifier) {
        counsellor c{name, seed("tillit-mailbox-vectors-v1 IK of " + name), seed("tillit-mailbox-vectors-v1 MK of " + name),
                     must(signing_keypair_from_seed(seed("tillit-mailbox-vectors-v1 IK of " + name)), "ik"),
                     must(dh_keypair_from_seed(seed("tillit-mailbox-vectors-v1 MK of " + name)), "mk"), pseudonym, {}, mk_not_after, {}};
        c.cert = must(make_certificate(certifier, c.identity.pk, pseudonym, cert_not_after), "cert");
        c.mailbox_signature = sign_mailbox_key(c.identity, c.mailbox.pk, mk_not_after);
        return c;
    };
    const auto anna = make("anna", "kurator.anna", root);
    const auto bo = make("bo", "kurator.bo", root);
    const auto mallory = make("mallory", "kurator.anna", other_root); // the root never certified this one
    const auto wrap = seed("tillit-mailbox-vectors-v1 wrap of anna");
    const auto wrap_b = seed("tillit-mailbox-vectors-v1 wrap of bo");
    const auto revocations = must(sign_revocation_list(root, {now - 86400, now + 30 * 86400, {mallory.identity.pk}}), "list");
    const auto revoking_anna = must(sign_revocation_list(root, {now - 86400, now + 30 * 86400, {anna.identity.pk}}), "list");
    const auto list_by_other_root = must(sign_revocation_list(other_root, {now - 86400, now + 30 * 86400, {}}), "list");

    // The thread: the help-seeker's first letter, anna's reply, the help-seeker's second letter.
    const std::string hk_b64 = to_base64(keys.thread_key.pk);
    const std::string body1 = R"({"text":"Hej. Jag är 16 och mina föräldrar har bestämt att jag ska gifta mig i sommar. Jag vet inte vem jag kan prata med.","thread_key":")" + hk_b64 + "\"}";
    const std::string body2 = R"({"text":"Tack för att du skriver till oss. Det du berättar är allvarligt, och du har rätt att säga nej. Vill du berätta mer?"})";
    std::string long_text;
    for (int i = 0; i < 40; ++i) long_text += "لا أريد أن أتزوج. ";
    const std::string body3 = R"({"text":")" + long_text + R"(","thread_key":")" + hk_b64 + "\"}";
    const reader to_anna{anna.mailbox.pk, anna.mailbox.sk.span()};
    const reader to_bo{bo.mailbox.pk, bo.mailbox.sk.span()};
    const reader to_self{keys.thread_key.pk, keys.thread_key.sk.span()};
    const auto letter1 = letter_json("help_seeker_first", body1, keys.id, 1, letter_direction::to_centre, keys.thread_key,
                                     {to_anna, to_bo, to_self});
    const auto letter2 = letter_json("counsellor_reply", body2, keys.id, 2, letter_direction::to_help_seeker, anna.mailbox,
                                     {to_self, to_bo, to_anna});
    const auto letter3 = letter_json("help_seeker_second", body3, keys.id, 3, letter_direction::to_centre, keys.thread_key,
                                     {to_anna, to_bo, to_self});

    // Negative opening cases: every input explicit, and the exact error expected.
    const auto c1 = unhex_at(letter1.at("ciphertext_hex"));
    const auto box_to_anna_1 = unhex_at(letter1.at("envelopes").as_array()[0].at("box_hex"));
    const auto box_to_self_1 = unhex_at(letter1.at("envelopes").as_array()[2].at("box_hex"));
    const auto c2 = unhex_at(letter2.at("ciphertext_hex"));
    const auto box_to_self_2 = unhex_at(letter2.at("envelopes").as_array()[0].at("box_hex"));

    // A "reply" sealed by mallory's MK, which the server could name as anna's.
    const auto forged = letter_json("uncertified_reply", body2, keys.id, 2, letter_direction::to_help_seeker, mallory.mailbox, {to_self});
    const auto forged_c = unhex_at(forged.at("ciphertext_hex"));
    const auto forged_box = unhex_at(forged.at("envelopes").as_array()[0].at("box_hex"));

    // A help-seeker letter whose body names another thread key than the one that sealed it.
    const std::string body_other_hk = R"({"text":"Hej igen.","thread_key":")" + to_base64(wrong.thread_key.pk) + "\"}";
    const auto mismatch = letter_json("thread_key_mismatch", body_other_hk, keys.id, 3, letter_direction::to_centre, keys.thread_key, {to_anna});
    const auto mismatch_c = unhex_at(mismatch.at("ciphertext_hex"));
    const auto mismatch_box = unhex_at(mismatch.at("envelopes").as_array()[0].at("box_hex"));

    // Authentic letters with wrong padding, and one too large, each with a good envelope to anna.
    const auto raw_k = seed("tillit-mailbox-vectors-v1 raw k");
    const auto raw_nonce = nonce_from("tillit-mailbox-vectors-v1 raw nonce");
    const auto raw_box = envelope_of(raw_k, nonce_from("tillit-mailbox-vectors-v1 raw envelope"), anna.mailbox.pk, keys.thread_key);
    const bytes no_marker(1024, 'a');
    const std::string short_body = R"({"text":"x"})";
    bytes short_padded(short_body.begin(), short_body.end());
    short_padded.push_back(0x80); // ISO 7816-4 padding, but to 13 bytes instead of a whole 1024-byte block
    const auto unpadded = raw_letter(raw_k, raw_nonce, keys.id, 1, letter_direction::to_centre, no_marker);
    const auto not_a_block = raw_letter(raw_k, raw_nonce, keys.id, 1, letter_direction::to_centre, short_padded);
    const auto too_large = raw_letter(raw_k, raw_nonce, keys.id, 1, letter_direction::to_centre, bytes(max_letter_padded_bytes + 1024, 0));

    const auto& hk = keys.thread_key;
    json::array open_cases;
    for (auto&& c : {
        open_case("moved_to_another_thread", c1, box_to_anna_1, wrong.id, 1, letter_direction::to_centre, hk.pk, anna.mailbox.sk.span(),
                  crypto_error::frame_rejected),
        open_case("letter_number_changed", c1, box_to_anna_1, keys.id, 2, letter_direction::to_centre, hk.pk, anna.mailbox.sk.span(),
                  crypto_error::frame_rejected),
        open_case("direction_changed", c2, box_to_self_2, keys.id, 2, letter_direction::to_centre, anna.mailbox.pk, hk.sk.span(),
                  crypto_error::frame_rejected),
        open_case("ciphertext_modified", flip(c2, 40), box_to_self_2, keys.id, 2, letter_direction::to_help_seeker, anna.mailbox.pk,
                  hk.sk.span(), crypto_error::frame_rejected),
        open_case("envelope_modified", c2, flip(box_to_self_2, 30), keys.id, 2, letter_direction::to_help_seeker, anna.mailbox.pk,
                  hk.sk.span(), crypto_error::frame_rejected),
        open_case("wrong_code_cannot_open_own_copy", c1, box_to_self_1, keys.id, 1, letter_direction::to_centre, wrong.thread_key.pk,
                  wrong.thread_key.sk.span(), crypto_error::frame_rejected),
        open_case("wrong_code_cannot_open_reply", c2, box_to_self_2, wrong.id, 2, letter_direction::to_help_seeker, anna.mailbox.pk,
                  wrong.thread_key.sk.span(), crypto_error::frame_rejected),
        open_case("uncertified_reply_claimed_as_annas", forged_c, forged_box, keys.id, 2, letter_direction::to_help_seeker,
                  anna.mailbox.pk, hk.sk.span(), crypto_error::frame_rejected),
        open_case("thread_key_mismatch", mismatch_c, mismatch_box, keys.id, 3, letter_direction::to_centre, hk.pk,
                  anna.mailbox.sk.span(), crypto_error::frame_rejected),
        open_case("bad_padding_no_marker", unpadded, raw_box, keys.id, 1, letter_direction::to_centre, hk.pk, anna.mailbox.sk.span(),
                  crypto_error::bad_padding),
        open_case("bad_padding_not_whole_blocks", not_a_block, raw_box, keys.id, 1, letter_direction::to_centre, hk.pk,
                  anna.mailbox.sk.span(), crypto_error::bad_padding),
        open_case("too_large", too_large, raw_box, keys.id, 1, letter_direction::to_centre, hk.pk, anna.mailbox.sk.span(),
                  crypto_error::too_large),
         })
        open_cases.push_back(c);

    // Bodies: what a reader accepts, as JSON.parse and a strict UTF-8 decoder would (both languages alike).
    const std::string other64 = to_base64(wrong.thread_key.pk);
    std::string hk_escaped = "\\u00" + to_hex(std::span(reinterpret_cast<const unsigned char*>(hk_b64.data()), 1)) + hk_b64.substr(1);
    const auto tk = [&](std::string_view key) { return R"(,"thread_key":")" + std::string(key) + "\"}"; };
    const std::vector<std::pair<std::string, std::pair<std::string, std::string>>> bodies{
        {"nested_values", {R"({"later":{"x":[1,-0.5e+10,true,false,null,{"y":"}\"]"}],"z":"\u00e9\/\n"},"text":"a")" + tk(hk_b64), "ok"}},
        {"whitespace_around", {" \t\r\n{ \"text\" : \"a\" , \"thread_key\" : \"" + hk_b64 + "\" } \n", "ok"}},
        {"escaped_names_and_key", {R"({"te\u0078t":"a","thread_\u006bey":")" + hk_escaped + "\"}", "ok"}},
        {"empty_text", {R"({"text":"")" + tk(hk_b64), "ok"}},
        {"lone_surrogate_escape_in_text", {R"({"text":"\ud800")" + tk(hk_b64), "ok"}},
        {"number_without_exponent_digits", {R"({"text":"a","n":1e)" + tk(hk_b64), "malformed"}},
        {"number_with_leading_zero", {R"({"text":"a","n":01)" + tk(hk_b64), "malformed"}},
        {"number_with_plus", {R"({"text":"a","n":+1)" + tk(hk_b64), "malformed"}},
        {"bad_escape", {R"({"text":"a\q")" + tk(hk_b64), "malformed"}},
        {"short_unicode_escape", {R"({"text":"\u12")" + tk(hk_b64), "malformed"}},
        {"raw_tab_in_string", {"{\"text\":\"a\tb\"" + tk(hk_b64), "malformed"}},
        {"byte_order_mark", {"\xef\xbb\xbf{\"text\":\"a\"" + tk(hk_b64), "malformed"}},
        {"overlong_utf8", {"{\"text\":\"\xc0\xaf\"" + tk(hk_b64), "malformed"}},
        {"surrogate_in_utf8", {"{\"text\":\"\xed\xa0\x80\"" + tk(hk_b64), "malformed"}},
        {"above_u10ffff", {"{\"text\":\"\xf4\x90\x80\x80\"" + tk(hk_b64), "malformed"}},
        {"truncated_utf8", {"{\"text\":\"a\xe2\x82\"" + tk(hk_b64), "malformed"}},
        {"trailing_comma", {R"({"text":"a","thread_key":")" + hk_b64 + "\",}", "malformed"}},
        {"trailing_content", {R"({"text":"a")" + tk(hk_b64) + " {}", "malformed"}},
        {"single_quotes", {"{'text':'a','thread_key':'" + hk_b64 + "'}", "malformed"}},
        {"text_not_a_string", {R"({"text":["a"])" + tk(hk_b64), "malformed"}},
        {"last_duplicate_text_counts", {R"({"text":"a","text":2)" + tk(hk_b64), "malformed"}},
        {"no_text", {R"({"thread_key":")" + hk_b64 + "\"}", "malformed"}},
        {"an_array", {R"(["text","a"])", "malformed"}},
        {"empty_body", {"", "malformed"}},
        {"no_thread_key", {R"({"text":"a"})", "frame_rejected"}},
        {"thread_key_not_a_string", {R"({"text":"a","thread_key":null})", "frame_rejected"}},
        {"last_duplicate_thread_key_counts", {R"({"text":"a","thread_key":")" + hk_b64 + "\"" + tk(other64), "frame_rejected"}},
        {"thread_key_with_a_non_ascii_escape", {R"({"text":"a","thread_key":"\u00e9)" + hk_b64.substr(1) + "\"}", "frame_rejected"}},
        {"thread_key_with_padding", {R"({"text":"a")" + tk(hk_b64 + "="), "frame_rejected"}},
    };
    json::array body_checks;
    for (const auto& [name, body] : bodies)
        body_checks.push_back(body_case(name, body.first, keys.id, 1, letter_direction::to_centre, keys.thread_key, anna.mailbox.pk,
                                        anna.mailbox.sk.span(), body.second));
    body_checks.push_back(body_case("reply_with_a_thread_key_ignored", R"({"text":"a","thread_key":7})", keys.id, 2,
                                    letter_direction::to_help_seeker, anna.mailbox, keys.thread_key.pk, keys.thread_key.sk.span(), "ok"));
    body_checks.push_back(body_case("reply_without_text", R"({"thread_key":")" + hk_b64 + "\"}", keys.id, 2,
                                    letter_direction::to_help_seeker, anna.mailbox, keys.thread_key.pk, keys.thread_key.sk.span(),
                                    "malformed"));

    // Roster entries that must be refused at `at`, each with its exact error.
    const auto entry = [](const counsellor& c) {
        return entry_json(c.identity.pk, c.pseudonym, c.cert, c.mailbox.pk, c.mailbox_not_after, c.mailbox_signature);
    };
    auto bad_cert = entry(anna);
    bad_cert["certificate"] = to_base64(flip(encode_certificate(anna.cert), 20));
    auto bad_mk_sig = entry(anna);
    bad_mk_sig["mailbox_signature"] = to_base64(flip(anna.mailbox_signature, 10));
    auto mk_swapped = entry(anna); // anna's certified IK, but mallory's MK signed by mallory's IK
    mk_swapped["mailbox_key"] = to_base64(mallory.mailbox.pk);
    mk_swapped["mailbox_signature"] = to_base64(mallory.mailbox_signature);
    const auto roster_case = [&](std::string_view name, json::object e, const bytes* list, std::uint64_t at, std::string_view error) {
        return json::object{{"name", name}, {"entry", std::move(e)}, {"revocation_list_hex", list ? json::value(hex(*list)) : json::value(nullptr)},
                            {"at", at}, {"error", error}};
    };
    json::array roster_checks;
    for (auto&& c : {
        roster_case("bad_certificate", bad_cert, &revocations, now, "bad_signature"),
        roster_case("bad_mailbox_signature", bad_mk_sig, &revocations, now, "bad_signature"),
        roster_case("uncertified_mailbox_key", mk_swapped, &revocations, now, "bad_signature"),
        roster_case("certificate_by_another_root", entry(mallory), nullptr, now, "bad_signature"),
        roster_case("expired_mailbox_key", entry(anna), &revocations, mk_not_after, "expired"),
        roster_case("expired_certificate", entry(anna), nullptr, cert_not_after, "expired"),
        roster_case("revoked_identity_key", entry(anna), &revoking_anna, now, "revoked"),
        roster_case("list_by_another_root", entry(bo), &list_by_other_root, now, "bad_signature"),
        roster_case("valid_at_the_hour_of_a_reply", entry(anna), &revocations, mk_not_after - 3600, "ok"),
         })
        roster_checks.push_back(c);

    json::object v;
    v["description"] = "Mailbox version 1 (docs/crypto.md \"Mailbox, version 1\"), written by tests/crypto/make_mailbox_vectors.cpp "
                       "from fixed seeds (seed = BLAKE2b of a label). Same schema as mailbox_v1_from_ts.json.";
    v["version"] = 1;
    v["writer"] = "cpp";
    v["now"] = now;
    v["return_code"] = json::object{{"random_hex", hex(random13)}, {"code", code}, {"formatted", formatted}};
    v["normalise"] = normalise;
    v["thread"] = json::object{{"code", code},
                               {"rk_hex", hex(rk)},
                               {"box_id_hex", hex(keys.id)},
                               {"box_auth_hex", hex(keys.box_auth.span())},
                               {"box_auth_hash_hex", hex(hash_box_auth(keys.box_auth.span()))},
                               {"hk_seed_hex", hex(hk_seed)},
                               {"hk_public_hex", hex(keys.thread_key.pk)},
                               {"hk_secret_hex", hex(keys.thread_key.sk.span())}};
    v["wrong_code"] = json::object{{"code", wrong_code},
                                   {"box_id_hex", hex(wrong.id)},
                                   {"box_auth_hex", hex(wrong.box_auth.span())},
                                   {"hk_public_hex", hex(wrong.thread_key.pk)}};
    v["root"] = json::object{{"seed_hex", hex(seed("tillit-mailbox-vectors-v1 root O"))}, {"public_key_hex", hex(root.pk)}};
    v["revocation_list_hex"] = hex(revocations);
    json::array counsellors;
    counsellors.push_back(counsellor_json(anna, wrap, nonce_from("tillit-mailbox-vectors-v1 wrap nonce of anna")));
    counsellors.push_back(counsellor_json(bo, wrap_b, nonce_from("tillit-mailbox-vectors-v1 wrap nonce of bo")));
    v["counsellors"] = std::move(counsellors);
    v["letters"] = json::array{letter1, letter2, letter3};
    v["negative_open"] = std::move(open_cases);
    v["body_checks"] = std::move(body_checks);
    v["roster_checks"] = std::move(roster_checks);
    v["uncertified_reply"] = json::object{{"letter", forged}, {"author_entry", entry(mallory)}, {"author_error", "bad_signature"}};

    std::ofstream out(output);
    tillit::test::print_pretty(out, v);
    out << "\n";
    if (!out) {
        std::cerr << "make_mailbox_vectors: cannot write " << output << "\n";
        return 1;
    }
    std::cout << "wrote " << output << "\n";
    return 0;
}

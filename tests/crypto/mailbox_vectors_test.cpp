// The C++ side re-makes and opens everything in both mailbox vector files: mailbox_v1.json (its
// own, make_mailbox_vectors.cpp) and mailbox_v1_from_ts.json (web-client/test/mailbox_vectors.ts),
// which share one schema; every negative case must fail with exactly the error the file names.
#include <gtest/gtest.h>

#include <sodium.h>

#include "tillit/crypto/certificate.hpp"
#include "tillit/crypto/encoding.hpp"
#include "tillit/crypto/letter.hpp"
#include "tillit/crypto/mailbox_keys.hpp"
#include "tillit/crypto/return_code.hpp"
#include "tillit/crypto/roster.hpp"
#include "vectors.hpp"

namespace tillit::test {
namespace {

namespace json = boost::json;
using namespace tillit::crypto;

class MailboxVectors : public ::testing::TestWithParam<const char*> {
protected:
    json::object v = load_vectors(GetParam());
    public_key root = key_of(v.at("root").at("public_key_hex"));
    std::uint64_t now = u64(v.at("now"));
};

letter_direction direction_of(const json::value& d)
{
    return str(d) == "to_centre" ? letter_direction::to_centre : letter_direction::to_help_seeker;
}

box_id box_id_of(const json::value& v)
{
    const auto b = unhex(v);
    box_id id{};
    if (b.size() != id.size()) throw std::invalid_argument("box_id not 16 bytes");
    std::copy(b.begin(), b.end(), id.begin());
    return id;
}

bytes b64(const json::value& v)
{
    auto out = from_base64(v.as_string());
    if (!out) throw std::invalid_argument("bad base64 in vector file");
    return *out;
}

// A roster entry E from its wire form (docs/protocol.md "Mailbox").
roster_entry entry_of(const json::value& e)
{
    return {public_key_from(b64(e.at("identity_key"))).value(),    str(e.at("pseudonym")),
            decode_certificate(b64(e.at("certificate"))).value(),  public_key_from(b64(e.at("mailbox_key"))).value(),
            u64(e.at("mailbox_not_after")),                        signature_from(b64(e.at("mailbox_signature"))).value()};
}

std::string outcome(const result<void>& r) { return r ? "ok" : std::string(name_of(r.error())); }

TEST_P(MailboxVectors, ReturnCodeFromItsRandomBytesAndItsShownForm)
{
    const auto& rc = v.at("return_code");
    const auto code = return_code_from_bytes(unhex(rc.at("random_hex")));
    ASSERT_TRUE(code);
    EXPECT_EQ(*code, str(rc.at("code")));
    EXPECT_EQ(format_return_code(*code), str(rc.at("formatted")));
    EXPECT_TRUE(is_normalised_return_code(*code));
}

TEST_P(MailboxVectors, TypedCodesNormaliseOrAreMalformed)
{
    for (const auto& c : v.at("normalise").as_array()) {
        SCOPED_TRACE(str(c.at("typed")));
        const auto got = normalise_return_code(str(c.at("typed")));
        if (c.as_object().contains("error")) {
            ASSERT_FALSE(got);
            EXPECT_EQ(name_of(got.error()), str(c.at("error")));
        } else {
            ASSERT_TRUE(got);
            EXPECT_EQ(*got, str(c.at("code")));
        }
    }
}

TEST_P(MailboxVectors, ThreadKeysFromTheCode)
{
    const auto& t = v.at("thread");
    const auto code = str(t.at("code"));
    // rk and HK's seed step by step with raw libsodium, as docs/crypto.md writes them.
    std::array<unsigned char, 32> rk{};
    crypto_generichash(rk.data(), rk.size(), reinterpret_cast<const unsigned char*>(code.data()), code.size(),
                       reinterpret_cast<const unsigned char*>("tillit-mailbox-v1"), 17);
    EXPECT_EQ(hex(rk), str(t.at("rk_hex")));
    std::array<unsigned char, 32> hk_seed{};
    crypto_kdf_derive_from_key(hk_seed.data(), hk_seed.size(), 3, "tillitmb", rk.data());
    EXPECT_EQ(hex(hk_seed), str(t.at("hk_seed_hex")));

    const auto keys = derive_thread_keys(code);
    ASSERT_TRUE(keys);
    EXPECT_EQ(hex(keys->id), str(t.at("box_id_hex")));
    EXPECT_EQ(hex(keys->box_auth.span()), str(t.at("box_auth_hex")));
    EXPECT_EQ(hex(hash_box_auth(keys->box_auth.span())), str(t.at("box_auth_hash_hex")));
    EXPECT_EQ(hex(keys->thread_key.pk), str(t.at("hk_public_hex")));
    EXPECT_EQ(hex(keys->thread_key.sk.span()), str(t.at("hk_secret_hex")));
}

TEST_P(MailboxVectors, WrongCodeGivesAnotherBoxIdAuthAndThreadKey)
{
    const auto& w = v.at("wrong_code");
    const auto keys = derive_thread_keys(str(w.at("code"))).value();
    EXPECT_EQ(hex(keys.id), str(w.at("box_id_hex")));
    EXPECT_EQ(hex(keys.box_auth.span()), str(w.at("box_auth_hex")));
    EXPECT_EQ(hex(keys.thread_key.pk), str(w.at("hk_public_hex")));
    EXPECT_NE(str(w.at("box_id_hex")), str(v.at("thread").at("box_id_hex")));
    EXPECT_NE(str(w.at("box_auth_hex")), str(v.at("thread").at("box_auth_hex")));
    EXPECT_NE(str(w.at("hk_public_hex")), str(v.at("thread").at("hk_public_hex")));
}

TEST_P(MailboxVectors, MailboxKeysSignedWrappedAndTheirRosterEntriesValid)
{
    const auto list = unhex(v.at("revocation_list_hex"));
    for (const auto& c : v.at("counsellors").as_array()) {
        SCOPED_TRACE(str(c.at("name")));
        const auto ik = signing_keypair_from_seed(unhex(c.at("identity_seed_hex"))).value();
        const auto mk = dh_keypair_from_seed(unhex(c.at("mailbox_seed_hex"))).value();
        EXPECT_EQ(hex(ik.pk), str(c.at("identity_public_hex")));
        EXPECT_EQ(hex(mk.pk), str(c.at("mailbox_public_hex")));
        EXPECT_EQ(hex(mk.sk.span()), str(c.at("mailbox_secret_hex")));
        const auto entry = entry_of(c.at("entry"));
        EXPECT_EQ(entry.identity_key, ik.pk);
        EXPECT_EQ(entry.mailbox_key, mk.pk);
        EXPECT_EQ(hex(mailbox_key_message(mk.pk, entry.mailbox_not_after)), str(c.at("mailbox_message_hex")));
        // Ed25519 is deterministic: the same IK and message give the same signature.
        EXPECT_EQ(sign_mailbox_key(ik, mk.pk, entry.mailbox_not_after), entry.mailbox_signature);
        EXPECT_TRUE(verify_mailbox_key(ik.pk, mk.pk, entry.mailbox_not_after, entry.mailbox_signature, now));
        EXPECT_EQ(outcome(verify_roster_entry(entry, root, list, now)), "ok");
        EXPECT_EQ(outcome(verify_roster_entry(entry, root, {}, now)), "ok");

        const auto wrap = unhex(c.at("wrap_hex"));
        const auto blob = unhex(c.at("wrapped_hex"));
        EXPECT_EQ(hex(wrap_mailbox_key_for_vectors(wrap, mk, unhex(c.at("wrap_nonce_hex"))).value()), hex(blob));
        const auto unwrapped = unwrap_mailbox_key(wrap, blob, mk.pk);
        ASSERT_TRUE(unwrapped) << to_string(unwrapped.error());
        EXPECT_EQ(hex(unwrapped->sk.span()), str(c.at("mailbox_secret_hex")));
        EXPECT_EQ(unwrap_mailbox_key(wrap, blob, ik.pk).error(), crypto_error::unwrap_failed);
    }
}

TEST_P(MailboxVectors, LettersResealByteForByteAndEveryEnvelopeOpens)
{
    for (const auto& l : v.at("letters").as_array()) {
        SCOPED_TRACE(str(l.at("name")));
        const auto id = box_id_of(l.at("box_id_hex"));
        const auto number = static_cast<std::uint32_t>(u64(l.at("number")));
        const auto dir = direction_of(l.at("direction"));
        auto sender_sk = secure_buffer(32);
        const auto sender_secret = unhex(l.at("sender_secret_hex"));
        std::copy(sender_secret.begin(), sender_secret.end(), sender_sk.data());
        const dh_keypair from{key_of(l.at("sender_public_hex")), std::move(sender_sk)};
        std::vector<public_key> readers;
        std::vector<letter_nonce> nonces;
        for (const auto& e : l.at("envelopes").as_array()) {
            readers.push_back(key_of(e.at("to_hex")));
            letter_nonce n{};
            const auto nb = unhex(e.at("nonce_hex"));
            std::copy(nb.begin(), nb.end(), n.begin());
            nonces.push_back(n);
        }
        letter_nonce nonce{};
        const auto nb = unhex(l.at("nonce_hex"));
        std::copy(nb.begin(), nb.end(), nonce.begin());
        EXPECT_EQ(hex(letter_associated_data(id, number, dir)), str(l.at("associated_data_hex")));
        const auto sealed = seal_letter_for_vectors(str(l.at("body")), id, number, dir, from, readers, unhex(l.at("key_hex")), nonce, nonces);
        ASSERT_TRUE(sealed) << to_string(sealed.error());
        EXPECT_EQ(hex(sealed->ciphertext), str(l.at("ciphertext_hex")));
        const auto ciphertext = unhex(l.at("ciphertext_hex"));
        EXPECT_EQ((ciphertext.size() - letter_nonce_bytes - letter_tag_bytes) % letter_block, 0U) << "padded to 1024-byte blocks";
        const auto& envelopes = l.at("envelopes").as_array();
        ASSERT_EQ(sealed->envelopes.size(), envelopes.size());
        for (std::size_t i = 0; i < envelopes.size(); ++i) {
            EXPECT_EQ(hex(sealed->envelopes[i].box), str(envelopes[i].at("box_hex")));
            const auto body = open_letter(ciphertext, unhex(envelopes[i].at("box_hex")), id, number, dir, from.pk,
                                          unhex(envelopes[i].at("reader_secret_hex")));
            ASSERT_TRUE(body) << "envelope " << i << ": " << to_string(body.error());
            EXPECT_EQ(*body, str(l.at("body")));
        }
    }
}

TEST_P(MailboxVectors, EveryNegativeOpeningFailsWithItsError)
{
    const auto& cases = v.at("negative_open").as_array();
    ASSERT_GE(cases.size(), 12U);
    for (const auto& c : cases) {
        SCOPED_TRACE(str(c.at("name")));
        const auto got = open_letter(unhex(c.at("ciphertext_hex")), unhex(c.at("box_hex")), box_id_of(c.at("box_id_hex")),
                                     static_cast<std::uint32_t>(u64(c.at("number"))), direction_of(c.at("direction")),
                                     key_of(c.at("sender_public_hex")), unhex(c.at("reader_secret_hex")));
        ASSERT_FALSE(got) << "opened: " << *got;
        EXPECT_EQ(name_of(got.error()), str(c.at("error")));
    }
}

TEST_P(MailboxVectors, EveryBodyCheckOpensOrFailsWithItsError)
{
    const auto& cases = v.at("body_checks").as_array();
    ASSERT_GE(cases.size(), 10U);
    for (const auto& c : cases) {
        SCOPED_TRACE(str(c.at("name")));
        const auto got = open_letter(unhex(c.at("ciphertext_hex")), unhex(c.at("box_hex")), box_id_of(c.at("box_id_hex")),
                                     static_cast<std::uint32_t>(u64(c.at("number"))), direction_of(c.at("direction")),
                                     key_of(c.at("sender_public_hex")), unhex(c.at("reader_secret_hex")));
        EXPECT_EQ(got ? "ok" : std::string(name_of(got.error())), str(c.at("error")));
        if (got) {
            EXPECT_EQ(hex(std::span(reinterpret_cast<const unsigned char*>(got->data()), got->size())), str(c.at("body_hex")));
        }
    }
}

TEST_P(MailboxVectors, RosterEntriesRefusedWithTheirErrors)
{
    const auto& cases = v.at("roster_checks").as_array();
    ASSERT_GE(cases.size(), 8U);
    for (const auto& c : cases) {
        SCOPED_TRACE(str(c.at("name")));
        const auto list = c.at("revocation_list_hex").is_null() ? bytes{} : unhex(c.at("revocation_list_hex"));
        EXPECT_EQ(outcome(verify_roster_entry(entry_of(c.at("entry")), root, list, u64(c.at("at")))), str(c.at("error")));
    }
}

TEST_P(MailboxVectors, ReplyFromAnUncertifiedMailboxKeyOpensWithThatKeyButItsAuthorIsRefused)
{
    const auto& u = v.at("uncertified_reply");
    const auto& l = u.at("letter");
    const auto& e = l.at("envelopes").as_array().at(0);
    const auto body = open_letter(unhex(l.at("ciphertext_hex")), unhex(e.at("box_hex")), box_id_of(l.at("box_id_hex")),
                                  static_cast<std::uint32_t>(u64(l.at("number"))), direction_of(l.at("direction")),
                                  key_of(l.at("sender_public_hex")), unhex(e.at("reader_secret_hex")));
    ASSERT_TRUE(body) << to_string(body.error());
    const auto author = entry_of(u.at("author_entry"));
    EXPECT_EQ(hex(author.mailbox_key), str(l.at("sender_public_hex")));
    EXPECT_EQ(outcome(verify_roster_entry(author, root, unhex(v.at("revocation_list_hex")), now)), str(u.at("author_error")));
}

INSTANTIATE_TEST_SUITE_P(BothWriters, MailboxVectors, ::testing::Values("mailbox_v1.json", "mailbox_v1_from_ts.json"),
                         [](const ::testing::TestParamInfo<const char*>& file) { return std::string(file.param) == "mailbox_v1.json" ? "Cpp" : "TypeScript"; });

} // namespace
} // namespace tillit::test

// The mailbox with fresh random keys: return codes, mailbox keys, letters at their size limits,
// what a letter's body must hold, and a round of letters between a help-seeker and two counsellors.
#include <gtest/gtest.h>

#include <set>

#include "tillit/crypto/certificate.hpp"
#include "tillit/crypto/encoding.hpp"
#include "tillit/crypto/letter.hpp"
#include "tillit/crypto/mailbox_keys.hpp"
#include "tillit/crypto/return_code.hpp"
#include "tillit/crypto/roster.hpp"

namespace tillit::test {
namespace {

using namespace tillit::crypto;

constexpr std::uint64_t now = 1'800'000'000;

std::string hs_body(std::string_view text, const public_key& hk)
{
    return R"({"text":")" + std::string(text) + R"(","thread_key":")" + to_base64(hk) + "\"}";
}

struct thread {
    thread_keys keys = derive_thread_keys(make_return_code()).value();
    dh_keypair anna = generate_dh_keypair().value();
    dh_keypair bo = generate_dh_keypair().value();
};

// Seals body_json from the help-seeker to anna and opens it as anna.
result<std::string> to_anna_and_back(const thread& t, std::string_view body_json)
{
    const std::vector<public_key> readers{t.anna.pk};
    auto sealed = seal_letter(body_json, t.keys.id, 1, letter_direction::to_centre, t.keys.thread_key, readers);
    if (!sealed) return sealed.error();
    return open_letter(sealed->ciphertext, sealed->envelopes[0].box, t.keys.id, 1, letter_direction::to_centre,
                       t.keys.thread_key.pk, t.anna.sk.span());
}

TEST(ReturnCode, FreshCodesAreNormalisedDistinctAndSurviveTheirShownForm)
{
    std::set<std::string> seen;
    for (int i = 0; i < 50; ++i) {
        const auto code = make_return_code();
        EXPECT_TRUE(is_normalised_return_code(code)) << code;
        const auto shown = format_return_code(code);
        ASSERT_EQ(shown.size(), 24U);
        for (const std::size_t dash : {4U, 9U, 14U, 19U}) EXPECT_EQ(shown[dash], '-');
        EXPECT_EQ(normalise_return_code(shown).value(), code);
        seen.insert(code);
    }
    EXPECT_EQ(seen.size(), 50U);
}

TEST(ReturnCode, FirstHundredBitsMostSignificantFirst)
{
    EXPECT_EQ(return_code_from_bytes(std::vector<unsigned char>(13, 0x00)).value(), "00000000000000000000");
    EXPECT_EQ(return_code_from_bytes(std::vector<unsigned char>(13, 0xff)).value(), "ZZZZZZZZZZZZZZZZZZZZ");
    std::vector<unsigned char> first_bit(13, 0);
    first_bit[0] = 0x80;
    EXPECT_EQ(return_code_from_bytes(first_bit).value(), "G0000000000000000000");  // 10000 = 16 = 'G'
    std::vector<unsigned char> unused_bits(13, 0);
    unused_bits[12] = 0x0f;  // the last 4 bits are not used
    EXPECT_EQ(return_code_from_bytes(unused_bits).value(), "00000000000000000000");
    EXPECT_EQ(return_code_from_bytes(std::vector<unsigned char>(12, 0)).error(), crypto_error::malformed);
}

TEST(ReturnCode, DerivingNeedsTheNormalisedForm)
{
    const auto code = make_return_code();
    EXPECT_TRUE(derive_thread_keys(code));
    EXPECT_EQ(derive_thread_keys(format_return_code(code)).error(), crypto_error::malformed);
    EXPECT_EQ(derive_thread_keys(code.substr(0, 19) + "u").error(), crypto_error::malformed);
}

TEST(MailboxKey, SignedWrappedUnwrappedAndRefused)
{
    const auto ik = generate_signing_keypair().value();
    const auto mk = generate_dh_keypair().value();
    const auto not_after = now + mailbox_key_lifetime_seconds;
    const auto sig = sign_mailbox_key(ik, mk.pk, not_after);
    EXPECT_TRUE(verify_mailbox_key(ik.pk, mk.pk, not_after, sig, not_after - 1));
    EXPECT_EQ(verify_mailbox_key(ik.pk, mk.pk, not_after, sig, not_after).error(), crypto_error::expired);
    EXPECT_EQ(verify_mailbox_key(ik.pk, mk.pk, not_after + 1, sig, now).error(), crypto_error::bad_signature);
    EXPECT_EQ(verify_mailbox_key(generate_signing_keypair()->pk, mk.pk, not_after, sig, now).error(), crypto_error::bad_signature);

    const std::vector<unsigned char> wrap(32, 0x42);
    const auto blob = wrap_mailbox_key(wrap, mk).value();
    ASSERT_EQ(blob.size(), wrapped_mailbox_key_bytes);
    EXPECT_NE(blob, wrap_mailbox_key(wrap, mk).value()) << "a fresh nonce each time";
    const auto back = unwrap_mailbox_key(wrap, blob, mk.pk);
    ASSERT_TRUE(back);
    EXPECT_TRUE(back->sk.equals(mk.sk.span()));
    EXPECT_EQ(unwrap_mailbox_key(std::vector<unsigned char>(32, 0x43), blob, mk.pk).error(), crypto_error::unwrap_failed);
    EXPECT_EQ(unwrap_mailbox_key(wrap, blob, generate_dh_keypair()->pk).error(), crypto_error::unwrap_failed);
    auto altered = blob;
    altered[40] ^= 1;
    EXPECT_EQ(unwrap_mailbox_key(wrap, altered, mk.pk).error(), crypto_error::unwrap_failed);
    EXPECT_EQ(unwrap_mailbox_key(wrap, std::span(blob).first(71), mk.pk).error(), crypto_error::malformed);
    EXPECT_EQ(wrap_mailbox_key(std::span(wrap).first(31), mk).error(), crypto_error::malformed);
}

TEST(Letter, ARoundOfLettersBetweenAHelpSeekerAndTwoCounsellors)
{
    const thread t;
    const std::vector<public_key> to_centre{t.anna.pk, t.bo.pk, t.keys.thread_key.pk};
    const auto first = hs_body("Hjälp mig", t.keys.thread_key.pk);
    const auto letter = seal_letter(first, t.keys.id, 1, letter_direction::to_centre, t.keys.thread_key, to_centre).value();
    ASSERT_EQ(letter.envelopes.size(), 3U);
    for (const auto* reader : {&t.anna, &t.bo}) {
        const auto& box = letter.envelopes[reader == &t.anna ? 0 : 1].box;
        EXPECT_EQ(open_letter(letter.ciphertext, box, t.keys.id, 1, letter_direction::to_centre, t.keys.thread_key.pk,
                              reader->sk.span()).value(),
                  first);
    }
    EXPECT_EQ(open_letter(letter.ciphertext, letter.envelopes[2].box, t.keys.id, 1, letter_direction::to_centre, t.keys.thread_key.pk,
                          t.keys.thread_key.sk.span()).value(),
              first)
        << "the help-seeker rereads their own letter";

    // Anna answers to HK (from the first letter), bo and herself; anyone holding the code reads it.
    const std::vector<public_key> to_hs{t.keys.thread_key.pk, t.bo.pk, t.anna.pk};
    const std::string reply = R"({"text":"Vi finns här."})";
    const auto answer = seal_letter(reply, t.keys.id, 2, letter_direction::to_help_seeker, t.anna, to_hs).value();
    const auto again = derive_thread_keys(normalise_return_code(" " + format_return_code(make_return_code())).value()).value();
    EXPECT_FALSE(open_letter(answer.ciphertext, answer.envelopes[0].box, t.keys.id, 2, letter_direction::to_help_seeker, t.anna.pk,
                             again.thread_key.sk.span()))
        << "another code's HK cannot open it";
    EXPECT_EQ(open_letter(answer.ciphertext, answer.envelopes[0].box, t.keys.id, 2, letter_direction::to_help_seeker, t.anna.pk,
                          t.keys.thread_key.sk.span()).value(),
              reply);
    EXPECT_EQ(open_letter(answer.ciphertext, answer.envelopes[1].box, t.keys.id, 2, letter_direction::to_help_seeker, t.anna.pk,
                          t.bo.sk.span()).value(),
              reply);
    EXPECT_EQ(open_letter(answer.ciphertext, answer.envelopes[0].box, t.keys.id, 2, letter_direction::to_help_seeker, t.bo.pk,
                          t.keys.thread_key.sk.span()).error(),
              crypto_error::frame_rejected)
        << "a reply is authenticated to the MK that sealed it";
}

TEST(Letter, PaddedToWholeKibibytesUpTo16)
{
    const thread t;
    const std::vector<public_key> readers{t.anna.pk};
    const auto size_for = [&](std::size_t body_bytes) {
        auto sealed = seal_letter(std::string(body_bytes, 'x'), t.keys.id, 1, letter_direction::to_help_seeker, t.anna, readers);
        return sealed ? sealed->ciphertext.size() : 0U;
    };
    EXPECT_EQ(size_for(0), 24U + 1024 + 16);
    EXPECT_EQ(size_for(1023), 24U + 1024 + 16);
    EXPECT_EQ(size_for(1024), 24U + 2048 + 16);
    EXPECT_EQ(size_for(16383), max_letter_ciphertext_bytes);
    EXPECT_EQ(seal_letter(std::string(16384, 'x'), t.keys.id, 1, letter_direction::to_help_seeker, t.anna, readers).error(),
              crypto_error::too_large);
}

TEST(Letter, SealRefusesNumberZeroAndReaderCounts)
{
    const thread t;
    const std::vector<public_key> one{t.anna.pk};
    EXPECT_EQ(seal_letter("{}", t.keys.id, 0, letter_direction::to_centre, t.keys.thread_key, one).error(), crypto_error::malformed);
    EXPECT_EQ(seal_letter("{}", t.keys.id, 1, letter_direction::to_centre, t.keys.thread_key, {}).error(), crypto_error::malformed);
    const std::vector<public_key> too_many(max_letter_readers + 1, t.anna.pk);
    EXPECT_EQ(seal_letter("{}", t.keys.id, 1, letter_direction::to_centre, t.keys.thread_key, too_many).error(), crypto_error::malformed);
    const std::vector<public_key> low_order{public_key{}};
    EXPECT_EQ(seal_letter("{}", t.keys.id, 1, letter_direction::to_centre, t.keys.thread_key, low_order).error(),
              crypto_error::low_order_point);
}

TEST(Letter, BodyMustBeOneObjectWithTextAndTheSealingThreadKey)
{
    const thread t;
    const auto& hk = t.keys.thread_key.pk;
    const auto other = generate_dh_keypair().value();
    const auto hk64 = to_base64(hk);
    EXPECT_TRUE(to_anna_and_back(t, hs_body("a", hk)));
    EXPECT_TRUE(to_anna_and_back(t, R"( {"later":{"x":[1,-2.5e3,true,null,{"y":"}\"]"}]},"text":"a\"b\\","thread_key":")" + hk64 + "\"}\n"));
    EXPECT_EQ(to_anna_and_back(t, hs_body("a", other.pk)).error(), crypto_error::frame_rejected);
    EXPECT_EQ(to_anna_and_back(t, R"({"text":"a"})").error(), crypto_error::frame_rejected) << "no thread_key";
    EXPECT_EQ(to_anna_and_back(t, R"({"text":"a","thread_key":7})").error(), crypto_error::frame_rejected);
    // The last of duplicate members counts, as with JSON.parse.
    EXPECT_EQ(to_anna_and_back(t, R"({"text":"a","thread_key":")" + hk64 + R"(","thread_key":")" + to_base64(other.pk) + "\"}").error(),
              crypto_error::frame_rejected);
    EXPECT_EQ(to_anna_and_back(t, R"({"text":"a","text":2,"thread_key":")" + hk64 + "\"}").error(), crypto_error::malformed);
    EXPECT_EQ(to_anna_and_back(t, "not json").error(), crypto_error::malformed);
    EXPECT_EQ(to_anna_and_back(t, R"(["text"])").error(), crypto_error::malformed);
    EXPECT_EQ(to_anna_and_back(t, hs_body("a", hk) + "x").error(), crypto_error::malformed);
    EXPECT_EQ(to_anna_and_back(t, R"({"thread_key":")" + hk64 + "\"}").error(), crypto_error::malformed) << "no text";
    EXPECT_EQ(to_anna_and_back(t, R"({"text":"a",)").error(), crypto_error::malformed);
}

TEST(Roster, ABadRevocationListRefusesTheEntry)
{
    const auto root = generate_signing_keypair().value();
    const auto ik = generate_signing_keypair().value();
    const auto mk = generate_dh_keypair().value();
    const roster_entry entry{ik.pk, "kurator.sara", make_certificate(root, ik.pk, "kurator.sara", now + 86400).value(), mk.pk,
                             now + 3600, sign_mailbox_key(ik, mk.pk, now + 3600)};
    EXPECT_TRUE(verify_roster_entry(entry, root.pk, {}, now));
    EXPECT_EQ(verify_roster_entry(entry, root.pk, std::vector<unsigned char>(10, 1), now).error(), crypto_error::malformed);
    const auto stale = sign_revocation_list(root, {now - 100, now - 1, {}}).value();
    EXPECT_EQ(verify_roster_entry(entry, root.pk, stale, now).error(), crypto_error::expired);
    EXPECT_EQ(verify_roster_entry(entry, root.pk, {}, now + 3600).error(), crypto_error::expired);
}

} // namespace
} // namespace tillit::test

// Unit: the test clients' conversation logic (spec E): numbering, sync, resend of exactly what the
// peer lacks, dropping duplicates, delivery state and the one order both sides compute.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "support/conversation.hpp"

namespace tillit::test {
namespace {

std::uint64_t n_of(const std::string& plaintext) { return boost::json::parse(plaintext).at("n").to_number<std::uint64_t>(); }

std::vector<std::string> texts(const std::vector<chat_message>& shown)
{
    std::vector<std::string> out;
    for (const auto& m : shown) out.push_back(m.text);
    return out;
}

// Passes every plaintext in `frames` to `to`; returns what `to` must send back (after a sync).
std::vector<std::string> deliver(const std::vector<std::string>& frames, conversation& to)
{
    std::vector<std::string> back;
    for (const auto& f : frames) {
        auto r = to.on_plaintext(f);
        back.insert(back.end(), r.to_send.begin(), r.to_send.end());
    }
    return back;
}

TEST(Conversation, MessagesAreHeldUntilThePeersSyncThenSentInOrder)
{
    conversation seeker(chat_side::help_seeker);
    EXPECT_FALSE(seeker.write("one")) << "held: the peer's sync has not come";
    EXPECT_FALSE(seeker.write("two"));
    EXPECT_EQ(seeker.waiting(), (std::vector<std::uint64_t>{1, 2}));
    const auto sent = seeker.on_plaintext(R"({"type":"sync","received":0})").to_send;
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_EQ(n_of(sent[0]), 1u);
    EXPECT_EQ(n_of(sent[1]), 2u);
    const auto third = seeker.write("three");
    ASSERT_TRUE(third) << "after the sync, a message goes at once";
    EXPECT_EQ(n_of(*third), 3u);
}

TEST(Conversation, APeersSyncResendsExactlyWhatItLacksAndMarksTheRestDelivered)
{
    conversation seeker(chat_side::help_seeker);
    seeker.on_plaintext(R"({"type":"sync","received":0})");
    for (const auto* t : {"a", "b", "c", "d"}) ASSERT_TRUE(seeker.write(t));
    seeker.mark_delivered(1);  // the relay confirmed only the first
    seeker.begin_epoch();      // the server restarted
    EXPECT_FALSE(seeker.write("e")) << "held again until the new epoch's sync";
    const auto resent = seeker.on_plaintext(R"({"type":"sync","received":3})").to_send;
    ASSERT_EQ(resent.size(), 2u);
    EXPECT_EQ(n_of(resent[0]), 4u);
    EXPECT_EQ(n_of(resent[1]), 5u);
    EXPECT_TRUE(seeker.delivered(3)) << "the peer's sync says it has 1 to 3, even without the relay's delivered";
    EXPECT_EQ(seeker.waiting(), (std::vector<std::uint64_t>{4, 5}));
}

TEST(Conversation, ADuplicateIsDroppedAndNeverShownTwice)
{
    conversation counsellor(chat_side::counsellor);
    EXPECT_TRUE(counsellor.on_plaintext(R"({"type":"message","n":1,"seen":0,"text":"hej"})").shown);
    const auto again = counsellor.on_plaintext(R"({"type":"message","n":1,"seen":0,"text":"hej"})");
    EXPECT_FALSE(again.shown);
    EXPECT_TRUE(again.duplicate);
    EXPECT_EQ(texts(counsellor.shown()), (std::vector<std::string>{"hej"}));
    EXPECT_EQ(counsellor.duplicates_dropped(), 1u);
    EXPECT_EQ(counsellor.sync_plaintext(), R"({"type":"sync","received":1})");
}

TEST(Conversation, AReloadedSideContinuesAfterWhatThePeerHas)
{
    conversation console(chat_side::counsellor);  // reloaded: knows nothing of its own 1..4
    console.on_plaintext(R"({"type":"sync","received":4})");
    const auto next = console.write("after the reload");
    ASSERT_TRUE(next);
    EXPECT_EQ(n_of(*next), 5u) << "a number is never reused for different text";
}

TEST(Conversation, WhatAReloadedSideWritesBeforeTheSyncIsNumberedAfterWhatThePeerHas)
{
    conversation console(chat_side::counsellor, false);
    EXPECT_FALSE(console.write("written at once after the reload"));
    EXPECT_EQ(console.waiting(), (std::vector<std::uint64_t>{0})) << "waiting, not numbered yet";
    const auto sent = console.on_plaintext(R"({"type":"sync","received":7})").to_send;
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(n_of(sent[0]), 8u) << "not 1: the help-seeker already has 1 to 7";
}

TEST(Conversation, BothSidesComputeTheSameOrderWhateverOrderThingsArrivedIn)
{
    conversation seeker(chat_side::help_seeker);
    conversation counsellor(chat_side::counsellor);
    deliver({counsellor.sync_plaintext()}, seeker);
    deliver({seeker.sync_plaintext()}, counsellor);
    // Both write at the same time, neither having seen the other's: the help-seeker's comes first.
    const auto s1 = *seeker.write("s1");
    const auto c1 = *counsellor.write("c1");
    deliver({c1}, seeker);
    deliver({s1}, counsellor);
    // Both write again at the same time, each having seen the other's first: again the
    // help-seeker's first, on both screens, although each side got the other's later.
    const auto c2 = *counsellor.write("c2");
    const auto s2 = *seeker.write("s2");
    deliver({c2}, seeker);
    deliver({s2}, counsellor);
    const auto expected = std::vector<std::string>{"s1", "c1", "s2", "c2"};
    EXPECT_EQ(texts(seeker.shown()), expected);
    EXPECT_EQ(texts(counsellor.shown()), expected);
}

TEST(Conversation, ALateMessageTakesItsPlaceInsteadOfBeingAppended)
{
    conversation counsellor(chat_side::counsellor);
    counsellor.on_plaintext(R"({"type":"sync","received":0})");
    ASSERT_TRUE(counsellor.write("c1"));
    ASSERT_TRUE(counsellor.write("c2"));
    // The help-seeker wrote s1 before seeing anything; it arrives after c2 was written, and goes
    // first, as on the help-seeker's screen.
    counsellor.on_plaintext(R"({"type":"message","n":1,"seen":0,"text":"s1"})");
    EXPECT_EQ(texts(counsellor.shown()), (std::vector<std::string>{"s1", "c1", "c2"}));
    // A reply to c2 comes after it.
    counsellor.on_plaintext(R"({"type":"message","n":2,"seen":2,"text":"s2 answers c2"})");
    EXPECT_EQ(texts(counsellor.shown()), (std::vector<std::string>{"s1", "c1", "c2", "s2 answers c2"}));
}

} // namespace
} // namespace tillit::test

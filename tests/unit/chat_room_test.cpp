// Unit: chat_room, the relay of one chat. Sequence numbers, duplicates, the bounded backlog,
// acknowledgements, new epochs, transfer and the end are checked without a connection; what the
// room sends (frames, "delivered", resends after a reconnect, "undelivered", "chat_ended") is
// read from real websocket_sessions on 127.0.0.1, as a client would see it.
#include "chat/chat_room.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "support/session_wire.hpp"

namespace tillit::chat {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using result = chat_room::relay_result;

const seeker_request request{lane::consultation, "ar", "18-25", "honour"};
constexpr counsellor_id first_counsellor = 7;

chat_room make_room(std::uint32_t epoch = 0) { return chat_room(random_session_id(), epoch, request, 1'700'000'000, first_counsellor); }

// Relays frame `seq` from `from` and returns what the room said.
result send(chat_room& room, side from, std::uint64_t seq, std::uint64_t* expected_out = nullptr)
{
    std::uint64_t expected = 0;
    const auto r = room.relay(from, seq, "cGF5bG9hZA", expected);
    if (expected_out != nullptr) *expected_out = expected;
    return r;
}

// Relays frames first..last from `from`, all of which must be accepted.
void send_all(chat_room& room, side from, std::uint64_t first, std::uint64_t last)
{
    for (auto seq = first; seq <= last; ++seq) ASSERT_EQ(send(room, from, seq), result::accepted) << "frame " << seq;
}

// --- without a connection

TEST(ChatRoom, KeepsWhatItWasMadeWith)
{
    const auto sid = random_session_id();
    chat_room room(sid, 3, request, 1'700'000'000, first_counsellor);
    EXPECT_EQ(room.sid(), sid);
    EXPECT_EQ(room.sid_text(), session_id_text(sid));
    EXPECT_EQ(room.epoch(), 3u);
    EXPECT_EQ(room.counsellor(), first_counsellor);
    EXPECT_EQ(room.request().language, "ar");
    EXPECT_EQ(room.joined_unix(), 1'700'000'000);
    EXPECT_FALSE(room.ended());
    EXPECT_FALSE(room.attached(side::seeker));
    EXPECT_FALSE(room.attached(side::counsellor));
}

TEST(ChatRoom, AcceptsFramesNumberedFromOneInOrder)
{
    auto room = make_room();
    std::uint64_t expected = 0;
    EXPECT_EQ(send(room, side::seeker, 1, &expected), result::accepted);
    EXPECT_EQ(expected, 2u);
    EXPECT_EQ(send(room, side::seeker, 2, &expected), result::accepted);
    EXPECT_EQ(expected, 3u);
}

TEST(ChatRoom, EachDirectionHasItsOwnNumbers)
{
    auto room = make_room();
    send_all(room, side::seeker, 1, 3);
    std::uint64_t expected = 0;
    EXPECT_EQ(send(room, side::counsellor, 1, &expected), result::accepted);
    EXPECT_EQ(expected, 2u);
    EXPECT_EQ(send(room, side::seeker, 4, &expected), result::accepted);
    EXPECT_EQ(expected, 5u);
}

TEST(ChatRoom, AFrameAheadIsOutOfOrderAndSaysWhichIsExpected)
{
    auto room = make_room();
    std::uint64_t expected = 0;
    EXPECT_EQ(send(room, side::seeker, 2, &expected), result::out_of_order);
    EXPECT_EQ(expected, 1u);
    send_all(room, side::seeker, 1, 3);
    EXPECT_EQ(send(room, side::seeker, 9, &expected), result::out_of_order);
    EXPECT_EQ(expected, 4u);
    // Refusing it used up nothing: the expected frame still goes through.
    EXPECT_EQ(send(room, side::seeker, 4, &expected), result::accepted);
    EXPECT_EQ(expected, 5u);
}

TEST(ChatRoom, AFrameAlreadyAcceptedIsADuplicate)
{
    auto room = make_room();
    send_all(room, side::counsellor, 1, 3);
    std::uint64_t expected = 0;
    EXPECT_EQ(send(room, side::counsellor, 1, &expected), result::duplicate);
    EXPECT_EQ(expected, 4u);
    EXPECT_EQ(send(room, side::counsellor, 3, &expected), result::duplicate);
    EXPECT_EQ(expected, 4u);
    EXPECT_EQ(send(room, side::counsellor, 4, &expected), result::accepted) << "duplicates do not move the numbering";
}

TEST(ChatRoom, RefusesFramesOnceThePeerHoldsTheMaximumUnacknowledged)
{
    auto room = make_room();
    send_all(room, side::seeker, 1, max_unacknowledged_frames);
    std::uint64_t expected = 0;
    EXPECT_EQ(send(room, side::seeker, max_unacknowledged_frames + 1, &expected), result::backlog_full);
    EXPECT_EQ(expected, max_unacknowledged_frames + 1) << "the refused frame is still the one expected";
    // The other direction is not held up by it.
    EXPECT_EQ(send(room, side::counsellor, 1), result::accepted);
    // An acknowledgement by the sender itself frees nothing in this direction.
    room.acknowledge(side::seeker, 1);
    EXPECT_EQ(send(room, side::seeker, max_unacknowledged_frames + 1), result::backlog_full);
    // The receiver's acknowledgement makes room for exactly as many frames as it covers.
    room.acknowledge(side::counsellor, 2);
    send_all(room, side::seeker, max_unacknowledged_frames + 1, max_unacknowledged_frames + 2);
    EXPECT_EQ(send(room, side::seeker, max_unacknowledged_frames + 3), result::backlog_full);
}

TEST(ChatRoom, AnAcknowledgementBeyondWhatWasSentCoversOnlyWhatWasSent)
{
    auto room = make_room();
    send_all(room, side::seeker, 1, 2);
    // Were the room to believe this, it would ignore the real acknowledgements that follow and
    // keep those frames forever.
    room.acknowledge(side::counsellor, 1000);
    send_all(room, side::seeker, 3, max_unacknowledged_frames + 2);
    EXPECT_EQ(send(room, side::seeker, max_unacknowledged_frames + 3), result::backlog_full);
    room.acknowledge(side::counsellor, max_unacknowledged_frames + 2);
    send_all(room, side::seeker, max_unacknowledged_frames + 3, 2 * max_unacknowledged_frames + 2);
}

TEST(ChatRoom, AnAcknowledgementBeforeAnythingWasSentCoversNothing)
{
    auto room = make_room();
    room.acknowledge(side::counsellor, 5);
    send_all(room, side::seeker, 1, max_unacknowledged_frames);
    room.acknowledge(side::counsellor, 5);
    send_all(room, side::seeker, max_unacknowledged_frames + 1, max_unacknowledged_frames + 5);
    EXPECT_EQ(send(room, side::seeker, max_unacknowledged_frames + 6), result::backlog_full);
}

TEST(ChatRoom, AnOlderAcknowledgementChangesNothing)
{
    auto room = make_room();
    send_all(room, side::seeker, 1, max_unacknowledged_frames);
    room.acknowledge(side::counsellor, 10);
    room.acknowledge(side::counsellor, 3);
    send_all(room, side::seeker, max_unacknowledged_frames + 1, max_unacknowledged_frames + 10);
    EXPECT_EQ(send(room, side::seeker, max_unacknowledged_frames + 11), result::backlog_full);
}

TEST(ChatRoom, ANewEpochStartsTheNumbersAgainAndEmptiesTheBacklog)
{
    auto room = make_room(4);
    send_all(room, side::seeker, 1, max_unacknowledged_frames);
    send_all(room, side::counsellor, 1, 5);
    room.acknowledge(side::counsellor, 200);
    room.acknowledge(side::seeker, 5);

    EXPECT_EQ(room.new_epoch(), 5u);
    EXPECT_EQ(room.epoch(), 5u);

    std::uint64_t expected = 0;
    EXPECT_EQ(send(room, side::seeker, max_unacknowledged_frames + 1, &expected), result::out_of_order);
    EXPECT_EQ(expected, 1u);
    EXPECT_EQ(send(room, side::counsellor, 6, &expected), result::out_of_order);
    EXPECT_EQ(expected, 1u);
    // Frame 1 is new in this epoch, not a duplicate, and the old backlog is gone.
    send_all(room, side::seeker, 1, max_unacknowledged_frames);
    send_all(room, side::counsellor, 1, 1);
    // Acknowledgements count from zero again: one of 100 frees 100 places.
    room.acknowledge(side::counsellor, 100);
    send_all(room, side::seeker, max_unacknowledged_frames + 1, max_unacknowledged_frames + 100);
    EXPECT_EQ(send(room, side::seeker, max_unacknowledged_frames + 101), result::backlog_full);

    EXPECT_EQ(room.new_epoch(), 6u);
}

TEST(ChatRoom, ChangingTheCounsellorIsATransferInANewEpoch)
{
    auto room = make_room(2);
    send_all(room, side::seeker, 1, 3);
    send_all(room, side::counsellor, 1, 2);
    const auto sid = room.sid();

    EXPECT_EQ(room.change_counsellor(8), 3u);
    EXPECT_EQ(room.counsellor(), 8);
    EXPECT_EQ(room.epoch(), 3u);
    EXPECT_EQ(room.sid(), sid) << "the chat keeps its id";
    EXPECT_FALSE(room.attached(side::counsellor));
    EXPECT_FALSE(room.ended());
    EXPECT_EQ(send(room, side::seeker, 1), result::accepted);
    EXPECT_EQ(send(room, side::counsellor, 1), result::accepted);
}

TEST(ChatRoom, AwayTimeGrowsWhileASideIsDetached)
{
    const auto before = clock::now();
    auto room = make_room();
    const auto after = clock::now();
    for (const auto s : {side::seeker, side::counsellor}) {
        EXPECT_LE(room.away_for(s, after), after - before) << "away since the room was made";
        EXPECT_GE(room.away_for(s, after + 10s), 10s);
        EXPECT_EQ(room.away_for(s, after + 70s) - room.away_for(s, after + 10s), 60s);
    }
}

TEST(ChatRoom, ChangingTheCounsellorRestartsTheirAwayTime)
{
    auto room = make_room();
    const auto later = clock::now() + 1h;
    const auto seeker_away = room.away_for(side::seeker, later);
    std::this_thread::sleep_for(20ms);
    room.change_counsellor(8);
    EXPECT_LE(room.away_for(side::counsellor, later) + 20ms, seeker_away)
        << "the new counsellor's grace period runs from the transfer, not from the start of the chat";
}

TEST(ChatRoom, EndsOnceAndRefusesFramesAfterwards)
{
    auto room = make_room();
    send_all(room, side::seeker, 1, 2);
    EXPECT_TRUE(room.end("ended_by_counsellor"));
    EXPECT_TRUE(room.ended());
    EXPECT_FALSE(room.end("ended_by_help_seeker")) << "the second end is not news";
    std::uint64_t expected = 0;
    EXPECT_EQ(send(room, side::seeker, 3, &expected), result::ended);
    EXPECT_EQ(send(room, side::counsellor, 1), result::ended);
    EXPECT_EQ(send(room, side::seeker, 1), result::ended) << "not even a duplicate is accepted";
}

// --- with connections (support/session_wire: a real WebSocket on 127.0.0.1)

using wire = test::session_wire;

// A field as text: a string as it is, anything else as JSON.
std::string field(const json::object& message, std::string_view key)
{
    const auto* value = message.if_contains(key);
    if (value == nullptr) return "(missing)";
    return value->is_string() ? std::string(value->get_string()) : json::serialize(*value);
}

// Asserts that nothing else reached `w` before a marker sent now.
void expect_nothing_more(chat_room& room, side s, wire& w)
{
    room.tell(s, protocol::unwatched{});  // a marker: no room sends this
    EXPECT_EQ(field(w.receive(), "type"), "unwatched");
}

void expect_msg(const json::object& got, const chat_room& room, std::uint64_t seq, std::string_view payload)
{
    EXPECT_EQ(field(got, "type"), "msg");
    EXPECT_EQ(field(got, "chat"), room.sid_text());
    EXPECT_EQ(got.at("seq").to_number<std::uint64_t>(), seq);
    EXPECT_EQ(field(got, "payload"), payload);
}

TEST(ChatRoom, RelaysAFrameToTheAttachedPeerAsItWasSent)
{
    auto room = make_room();
    wire counsellor;
    room.attach(side::counsellor, counsellor.sink(), 0);
    EXPECT_TRUE(room.attached(side::counsellor));
    EXPECT_EQ(room.away_for(side::counsellor, clock::now() + 1h), clock::duration::zero());

    std::uint64_t expected = 0;
    ASSERT_EQ(room.relay(side::seeker, 1, "QUJD-_xyz", expected), result::accepted);
    const auto got = counsellor.receive();
    expect_msg(got, room, 1, "QUJD-_xyz");
    EXPECT_EQ(got.size(), 4u) << "type, chat, seq and payload, nothing else";
    // A duplicate is not sent again.
    ASSERT_EQ(room.relay(side::seeker, 1, "QUJD-_xyz", expected), result::duplicate);
    expect_nothing_more(room, side::counsellor, counsellor);
}

TEST(ChatRoom, TellsTheSenderWhatWasDelivered)
{
    auto room = make_room();
    wire seeker;
    wire counsellor;
    room.attach(side::seeker, seeker.sink(), 0);
    room.attach(side::counsellor, counsellor.sink(), 0);
    send_all(room, side::seeker, 1, 3);
    for (std::uint64_t seq = 1; seq <= 3; ++seq) expect_msg(counsellor.receive(), room, seq, "cGF5bG9hZA");

    room.acknowledge(side::counsellor, 2);
    auto delivered = seeker.receive();
    EXPECT_EQ(field(delivered, "type"), "delivered");
    EXPECT_EQ(field(delivered, "chat"), room.sid_text());
    EXPECT_EQ(delivered.at("seq").to_number<std::uint64_t>(), 2u);

    room.acknowledge(side::counsellor, 1);  // old news
    room.acknowledge(side::counsellor, 99);  // more than was sent: only up to 3
    delivered = seeker.receive();
    EXPECT_EQ(field(delivered, "type"), "delivered");
    EXPECT_EQ(delivered.at("seq").to_number<std::uint64_t>(), 3u);
    expect_nothing_more(room, side::seeker, seeker);
}

TEST(ChatRoom, ResendsWhatTheReturningSideHasNotReceived)
{
    auto room = make_room();
    wire seeker;
    room.attach(side::seeker, seeker.sink(), 0);
    send_all(room, side::seeker, 1, 4);  // the counsellor is away

    {
        wire counsellor;
        room.attach(side::counsellor, counsellor.sink(), 1);  // it says it has frame 1
        auto delivered = seeker.receive();
        EXPECT_EQ(field(delivered, "type"), "delivered");
        EXPECT_EQ(delivered.at("seq").to_number<std::uint64_t>(), 1u);
        for (std::uint64_t seq = 2; seq <= 4; ++seq) expect_msg(counsellor.receive(), room, seq, "cGF5bG9hZA");
        expect_nothing_more(room, side::counsellor, counsellor);
        room.detach(side::counsellor, counsellor.sink());
        EXPECT_FALSE(room.attached(side::counsellor));
        EXPECT_EQ(field(seeker.receive(), "type"), "peer_away");
    }
    send_all(room, side::seeker, 5, 5);

    // Back again, having lost everything it received on the old connection: it gets 2 to 5.
    wire counsellor;
    room.attach(side::counsellor, counsellor.sink(), 0);
    for (std::uint64_t seq = 2; seq <= 5; ++seq) expect_msg(counsellor.receive(), room, seq, "cGF5bG9hZA");
    expect_nothing_more(room, side::counsellor, counsellor);
    EXPECT_EQ(field(seeker.receive(), "type"), "peer_back");
    expect_nothing_more(room, side::seeker, seeker);
}

TEST(ChatRoom, EachSideHearsAtOnceThatTheOtherDroppedAndHowLongTheChatWaits)
{
    chat_room room(random_session_id(), 0, request, 1'700'000'000, first_counsellor, nullptr,
                   absence_waits{std::chrono::seconds(120), std::chrono::seconds(45)});
    wire seeker;
    wire counsellor;
    room.attach(side::seeker, seeker.sink(), 0);
    room.attach(side::counsellor, counsellor.sink(), 0);
    expect_nothing_more(room, side::seeker, seeker);  // a first attach is no return

    room.detach(side::counsellor, counsellor.sink());
    auto away = seeker.receive();
    EXPECT_EQ(field(away, "type"), "peer_away");
    EXPECT_EQ(field(away, "chat"), room.sid_text());
    EXPECT_EQ(field(away, "waits_seconds"), "45") << "the counsellor's grace";
    wire counsellor_again;
    room.attach(side::counsellor, counsellor_again.sink(), 0);
    EXPECT_EQ(field(seeker.receive(), "type"), "peer_back");

    room.detach(side::seeker, seeker.sink());
    away = counsellor_again.receive();
    EXPECT_EQ(field(away, "type"), "peer_away");
    EXPECT_EQ(field(away, "waits_seconds"), "120") << "the help-seeker's grace";
    wire seeker_again;
    room.attach(side::seeker, seeker_again.sink(), 0);
    EXPECT_EQ(field(counsellor_again.receive(), "type"), "peer_back");
    expect_nothing_more(room, side::counsellor, counsellor_again);
}

TEST(ChatRoom, NobodyIsToldOfADropAfterTheEndOrOfAnOldConnectionClosingLate)
{
    auto room = make_room();
    wire seeker;
    wire old_counsellor;
    wire new_counsellor;
    room.attach(side::seeker, seeker.sink(), 0);
    room.attach(side::counsellor, old_counsellor.sink(), 0);
    room.attach(side::counsellor, new_counsellor.sink(), 0);  // a second tab took over
    room.detach(side::counsellor, old_counsellor.sink());    // the first tab closes
    expect_nothing_more(room, side::seeker, seeker);

    ASSERT_TRUE(room.end("ended_by_counsellor"));
    EXPECT_EQ(field(seeker.receive(), "type"), "chat_ended");
    room.detach(side::counsellor, new_counsellor.sink());
    expect_nothing_more(room, side::seeker, seeker);
}

TEST(ChatRoom, ATokenGenerationIsReplacedWhenUsed)
{
    auto room = make_room();
    const auto first = room.token_generation();
    EXPECT_NE(first, 0u);
    ASSERT_TRUE(room.spend_token(first));
    const auto second = room.token_generation();
    EXPECT_NE(second, first);
    EXPECT_NE(make_room().token_generation(), second) << "random per chat, not a counter";
    EXPECT_FALSE(room.spend_token(0)) << "no token has generation 0";
    EXPECT_FALSE(room.spend_token(second + 1)) << "a generation this chat never had";
}

TEST(ChatRoom, AnOlderTokenResumesUntilTheNewestShowsItArrived)
{
    auto room = make_room();
    const auto first = room.token_generation();
    ASSERT_TRUE(room.spend_token(first));
    // The `resumed` with the second generation was lost: the first still resumes, more than once.
    ASSERT_TRUE(room.spend_token(first)) << "the newest never arrived";
    ASSERT_TRUE(room.spend_token(first));
    const auto newest = room.token_generation();
    room.token_arrived();
    EXPECT_FALSE(room.spend_token(first)) << "spent once a newer one arrived";
    EXPECT_TRUE(room.spend_token(newest));
}

TEST(ChatRoom, ATokenFromBeforeARestartResumesUntilTheNewestArrived)
{
    auto room = make_room();  // made again after a restart, with a generation of its own
    room.keep_unconfirmed_token(1234);
    ASSERT_TRUE(room.spend_token(1234));
    room.token_arrived();
    EXPECT_FALSE(room.spend_token(1234));
}

TEST(ChatRoom, DetachingAnOldConnectionLeavesTheNewOneAttached)
{
    auto room = make_room();
    wire old_connection;
    wire new_connection;
    room.attach(side::seeker, old_connection.sink(), 0);
    room.attach(side::seeker, new_connection.sink(), 0);
    room.detach(side::seeker, old_connection.sink());  // the old one's close arrives late
    EXPECT_TRUE(room.attached(side::seeker));
    send_all(room, side::counsellor, 1, 1);
    expect_msg(new_connection.receive(), room, 1, "cGF5bG9hZA");

    const auto before = clock::now();
    room.detach(side::seeker, new_connection.sink());
    EXPECT_FALSE(room.attached(side::seeker));
    EXPECT_LE(room.away_for(side::seeker, before + 5s), 5s) << "away from the detach on";
    EXPECT_GE(room.away_for(side::seeker, clock::now() + 5s), 5s);
}

TEST(ChatRoom, ANewEpochTellsEachSenderWhatWasNotDelivered)
{
    auto room = make_room();
    wire seeker;
    wire counsellor;
    room.attach(side::seeker, seeker.sink(), 0);
    send_all(room, side::seeker, 1, 3);  // the counsellor is away, then says it has frame 1
    room.acknowledge(side::counsellor, 1);
    EXPECT_EQ(field(seeker.receive(), "type"), "delivered");

    room.new_epoch();
    const auto undelivered = seeker.receive();
    EXPECT_EQ(field(undelivered, "type"), "undelivered");
    EXPECT_EQ(field(undelivered, "chat"), room.sid_text());
    EXPECT_EQ(json::serialize(undelivered.at("seqs")), "[2,3]");
    expect_nothing_more(room, side::seeker, seeker);

    // Nothing of the old epoch is resent to the counsellor when it comes back.
    room.attach(side::counsellor, counsellor.sink(), 0);
    expect_nothing_more(room, side::counsellor, counsellor);
}

TEST(ChatRoom, EndingTellsBothSidesOnceWithWhatWasNotDelivered)
{
    auto room = make_room();
    wire seeker;
    wire counsellor;
    room.attach(side::seeker, seeker.sink(), 0);
    room.attach(side::counsellor, counsellor.sink(), 0);
    send_all(room, side::seeker, 1, 2);
    expect_msg(counsellor.receive(), room, 1, "cGF5bG9hZA");
    expect_msg(counsellor.receive(), room, 2, "cGF5bG9hZA");
    room.acknowledge(side::counsellor, 1);
    EXPECT_EQ(field(seeker.receive(), "type"), "delivered");

    ASSERT_TRUE(room.end("ended_by_counsellor"));
    const auto undelivered = seeker.receive();
    EXPECT_EQ(field(undelivered, "type"), "undelivered");
    EXPECT_EQ(json::serialize(undelivered.at("seqs")), "[2]");
    for (auto* w : {&seeker, &counsellor}) {
        const auto ended = w->receive();
        EXPECT_EQ(field(ended, "type"), "chat_ended");
        EXPECT_EQ(field(ended, "chat"), room.sid_text());
        EXPECT_EQ(field(ended, "reason"), "ended_by_counsellor");
    }
    EXPECT_FALSE(room.end("ended_by_help_seeker"));
    expect_nothing_more(room, side::seeker, seeker);
    expect_nothing_more(room, side::counsellor, counsellor);
}

TEST(ChatRoom, TellReachesOnlyThatSide)
{
    auto room = make_room();
    wire seeker;
    wire counsellor;
    room.attach(side::seeker, seeker.sink(), 0);
    room.attach(side::counsellor, counsellor.sink(), 0);
    room.tell(side::counsellor, protocol::requeued{"for_the_counsellor"});
    EXPECT_EQ(field(counsellor.receive(), "reason"), "for_the_counsellor");
    expect_nothing_more(room, side::seeker, seeker);
}

} // namespace
} // namespace tillit::chat

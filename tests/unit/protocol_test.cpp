// Unit: the wire protocol's one home (server/protocol/): every error code as a boost::system
// error code whose message is the text clients read, and frames exactly as docs/protocol.md shows
// them (external clients parse these; the hot path's are built by hand).
#include "protocol/error.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "protocol/events.hpp"
#include "protocol/fields.hpp"
#include "protocol/replies.hpp"

namespace tillit::protocol {
namespace {

TEST(ProtocolErrors, AreBoostSystemErrorCodesWithTheClientsText)
{
    const boost::system::error_code ec = errc::login_locked;
    EXPECT_EQ(ec.category().name(), std::string("tillit.protocol"));
    EXPECT_EQ(ec.message(), "Too many failed logins: try again later.");
    EXPECT_TRUE(ec.failed());
    EXPECT_EQ(ec, make_error_code(errc::login_locked));
    EXPECT_NE(ec, make_error_code(errc::login_failed));
    for (std::size_t i = 0; i < errc_count; ++i) {
        const auto code = static_cast<errc>(i + 1);
        EXPECT_EQ(code_index(code), i);
        EXPECT_FALSE(make_error_code(code).message().empty()) << code_text(code);
    }
}

TEST(ProtocolErrors, TheFrameIsTheDocumentedOne)
{
    error_reply locked{errc::login_locked};
    locked.retry_after = 120;
    EXPECT_EQ(frame(locked),
              R"({"type":"error","code":"login_locked","message":"Too many failed logins: try again later.","retry_after":120})");
    error_reply out_of_order{errc::out_of_order};
    out_of_order.chat = "c2lk";
    out_of_order.seq = 5;
    out_of_order.expected = 3;
    EXPECT_EQ(frame(out_of_order), R"({"type":"error","code":"out_of_order","message":"Messages must be numbered one after another.",)"
                                   R"("chat":"c2lk","seq":5,"expected":3})");
    EXPECT_EQ(frame(error_reply{errc::bad_message, "join needs a lane."}),
              R"({"type":"error","code":"bad_message","message":"join needs a lane."})");
}

TEST(ProtocolFrames, TheRelaysFramesAreExact)
{
    EXPECT_EQ(frame(chat_msg{"c2lk", 7, "cGF5bG9hZA"}), R"({"type":"msg","chat":"c2lk","seq":7,"payload":"cGF5bG9hZA"})");
    EXPECT_EQ(frame(event{delivered{"c2lk", 7}}), R"({"type":"delivered","chat":"c2lk","seq":7})");
    EXPECT_EQ(frame(event{peer_away{"c2lk", 120}}), R"({"type":"peer_away","chat":"c2lk","waits_seconds":120})");
    EXPECT_EQ(frame(event{undelivered{"c2lk", {3, 4}}}), R"({"type":"undelivered","chat":"c2lk","seqs":[3,4]})");
    EXPECT_EQ(frame(event{chat_ended{"c2lk", "blocked"}}), R"({"type":"chat_ended","chat":"c2lk","reason":"blocked"})");
    EXPECT_EQ(frame(event{chat_note{chat_note::kind::peer_back, "c2lk"}}), R"({"type":"peer_back","chat":"c2lk"})");
    EXPECT_EQ(frame(accepted{"c2lk", 7}), R"({"type":"accepted","chat":"c2lk","seq":7})");
}

TEST(ProtocolFrames, QueueingAndDutyFramesAreExact)
{
    EXPECT_EQ(frame(event{queue_position{2, std::nullopt}}), R"({"type":"queue","position":2,"estimated_wait":null})");
    EXPECT_EQ(frame(event{queue_position{1, 90}}), R"({"type":"queue","position":1,"estimated_wait":90})");
    EXPECT_EQ(frame(event{requeued{"counsellor_gone"}}), R"({"type":"requeued","reason":"counsellor_gone"})");
    EXPECT_EQ(frame(event{duty_state{true, 3}}), R"({"type":"duty","on":true,"capacity":3})");
    EXPECT_EQ(frame(event{duty_state{false}}), R"({"type":"duty","on":false})");
    EXPECT_EQ(frame(event{unwatched{}}), R"({"type":"unwatched"})");
    EXPECT_EQ(frame(left{}), R"({"type":"left"})");
    EXPECT_EQ(frame(tags_saved{}), R"({"type":"tags_saved"})");
    seeker_epoch epoch{"c2lk", 2, "dG9rZW4", nullptr, ""};
    EXPECT_EQ(frame(event{epoch}), R"({"type":"epoch","chat":"c2lk","epoch":2,"token":"dG9rZW4","bundle":null})");
    epoch.reason = "counsellor_reconnected";
    EXPECT_EQ(frame(event{epoch}),
              R"({"type":"epoch","chat":"c2lk","epoch":2,"token":"dG9rZW4","bundle":null,"reason":"counsellor_reconnected"})");
}

TEST(ProtocolFields, AFrameThatIsNotAnObjectWithATypeIsBadJson)
{
    EXPECT_TRUE(parse_message(R"({"type":"join","lane":"support"})").has_value());
    std::string deep = R"({"type":"join","a":)";
    for (int i = 0; i < 8; ++i) deep += R"({"a":)";
    deep += "1" + std::string(9, '}');  // nested deeper than 8
    for (const std::string& text : {std::string(), std::string("[]"), std::string(R"({"lane":"support"})"),
                                    std::string(R"({"type":1})"), std::string("{"), deep}) {
        const auto parsed = parse_message(text);
        ASSERT_FALSE(parsed.has_value()) << text;
        EXPECT_EQ(parsed.error(), make_error_code(errc::bad_json)) << text;
    }
}

} // namespace
} // namespace tillit::protocol

// relay_chat: the steps of docs/protocol.md's relay, checked as they happen.
#include "support/relay_chat.hpp"

#include <stdexcept>

#include <boost/json/serialize.hpp>

#include "support/chat_clients.hpp"

namespace tillit::test {

namespace {

void expect(bool ok, const std::string& what, const boost::json::object& got)
{
    if (!ok) throw std::runtime_error(what + "; got " + boost::json::serialize(got));
}

bool is_string(const boost::json::value& v, std::string_view expected)
{
    return v.is_string() && std::string_view(v.as_string()) == expected;
}

} // namespace

std::string relay_both_ways(ws_client& counsellor, ws_client& seeker, std::string_view from_seeker,
                            std::string_view from_counsellor)
{
    const auto paired = join(seeker, "support", "en", false);
    expect(paired.at("type") == "paired", "the help-seeker was not paired", paired);
    const std::string chat(paired.at("chat").as_string());
    const auto assigned = receive_type(counsellor, "assigned");
    expect(is_string(assigned.at("chat"), chat), "the counsellor was assigned another chat", assigned);

    send_frame(seeker, chat, 1, from_seeker);
    receive_type(seeker, "accepted");
    const auto relayed = receive_type(counsellor, "msg");
    expect(is_string(relayed.at("payload"), from_seeker), "the counsellor got another payload", relayed);
    counsellor.send_json({{"type", "ack"}, {"chat", chat}, {"seq", 1}});
    receive_type(seeker, "delivered");

    send_frame(counsellor, chat, 1, from_counsellor);
    const auto back = receive_type(seeker, "msg");
    expect(is_string(back.at("payload"), from_counsellor), "the help-seeker got another payload", back);
    return chat;
}

} // namespace tillit::test

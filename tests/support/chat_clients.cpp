// chat_clients: the client side of docs/protocol.md as the tests need it.
#include "support/chat_clients.hpp"

#include <stdexcept>

#include "support/staff_login.hpp"

namespace tillit::test {

boost::json::object receive_type(ws_client& client, std::string_view type, std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string skipped;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left <= 0ms) throw std::runtime_error("no \"" + std::string(type) + "\" message; skipped:" + skipped);
        auto message = client.receive_json(left);
        if (message.at("type").as_string() == type) return message;
        skipped += " " + std::string(message.at("type").as_string());
        if (message.at("type") == "error") skipped += "(" + std::string(message.at("code").as_string()) + ")";
    }
}

boost::json::object join(ws_client& client, std::string_view lane, std::string_view language, bool want_queue)
{
    client.send_json({{"type", "join"}, {"lane", lane}, {"language", language}});
    for (;;) {
        auto message = client.receive_json();
        if (message.at("type") != "queue" || want_queue) return message;
    }
}

boost::json::object go_on_duty(ws_client& client, const std::string& pseudonym, const std::string& password, unsigned capacity)
{
    const auto login = log_in(client, pseudonym, password);
    if (login.at("type") != "login_ok") throw std::runtime_error("login failed for " + pseudonym);
    client.send_json({{"type", "duty"}, {"on", true}, {"capacity", capacity}});
    return receive_type(client, "duty");
}

void send_frame(ws_client& client, std::string_view chat, std::uint64_t seq, std::string_view payload)
{
    client.send_json({{"type", "msg"}, {"chat", chat}, {"seq", seq}, {"payload", payload}});
}

} // namespace tillit::test

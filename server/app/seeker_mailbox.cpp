// seeker_mailbox: from a help-seeker's message to the mailbox service and back.
#include "app/seeker_mailbox.hpp"

#include "app/mailbox_requests.hpp"

namespace tillit::app {

namespace asio = boost::asio;

namespace {

bool refuse(net::websocket_session& connection, protocol::error_reply error)
{
    connection.send_error(std::move(error), net::strike::forgiven);
    return false;
}

// Sends the answer or the error; true for an answer.
template <class T>
bool answer(net::websocket_session& connection, const mailbox::outcome<T>& result)
{
    if (!result) return refuse(connection, result.error());
    connection.send(protocol::frame(*result));
    return true;
}

} // namespace

bool is_seeker_mailbox_message(std::string_view type)
{
    return type == "mailbox_roster" || type == "letter_new" || type == "mailbox_open" || type == "letter" ||
           type == "mailbox_delete";
}

// Every awaited call below is built in one statement and awaited in the next: see
// async/offload.hpp for the GCC 12 bug this avoids.
asio::awaitable<bool> handle_seeker_mailbox(mailbox::mailbox_service& service, net::websocket_session& connection,
                                            std::string_view type, const boost::json::object& message)
{
    const auto key = connection.key();
    if (type == "mailbox_roster") {
        auto lane = roster_lane(message);
        if (!lane) co_return refuse(connection, lane.error());
        auto reading = service.roster(std::move(*lane));
        const auto roster = co_await std::move(reading);
        connection.send(protocol::frame(roster));
        co_return true;
    }
    if (type == "letter_new") {
        auto request = new_thread_request(message);
        if (!request) co_return refuse(connection, request.error());
        auto creating = service.create_thread(key, std::move(*request));
        const auto saved = co_await std::move(creating);
        co_return answer(connection, saved);
    }
    if (type == "letter") {
        auto request = letter_request(message);
        if (!request) co_return refuse(connection, request.error());
        auto adding = service.add_letter(key, std::move(*request));
        const auto saved = co_await std::move(adding);
        co_return answer(connection, saved);
    }
    auto code = thread_code(message);
    if (!code) co_return refuse(connection, code.error());
    if (type == "mailbox_open") {
        auto opening = service.open_thread(key, std::move(*code));
        const auto thread = co_await std::move(opening);
        co_return answer(connection, thread);
    }
    auto deleting = service.delete_thread(key, std::move(*code));  // mailbox_delete
    const auto deleted = co_await std::move(deleting);
    co_return answer(connection, deleted);
}

} // namespace tillit::app

// counsellor_mailbox: from a counsellor's mailbox message to the mailbox service and back.
#include "app/counsellor_mailbox.hpp"

#include "app/mailbox_requests.hpp"

namespace tillit::app {

namespace asio = boost::asio;
using protocol::errc;

counsellor_mailbox::counsellor_mailbox(const std::shared_ptr<net::websocket_session>& connection,
                                       std::shared_ptr<mailbox::mailbox_service> service, mailbox::staff_member member)
    : connection_(connection), service_(std::move(service)), member_(std::move(member))
{
}

void counsellor_mailbox::mailbox_changed(std::string frame)
{
    if (auto connection = connection_.lock()) connection->send(frame);
}

void counsellor_mailbox::refuse(protocol::error_reply error)
{
    // A thread someone else holds, or one that is gone, comes from the mailbox's state, not a
    // broken client: only a malformed message is a strike (as on the desk).
    const auto counted = error.code == errc::bad_message ? net::strike::counts : net::strike::forgiven;
    if (auto connection = connection_.lock()) connection->send_error(std::move(error), counted);
}

template <class T>
void counsellor_mailbox::answer(const mailbox::outcome<T>& result)
{
    if (!result) return refuse(result.error());
    if (auto connection = connection_.lock()) connection->send(protocol::frame(*result));
}

void counsellor_mailbox::on_closed() { service_->unwatch(weak_from_this()); }

// Every awaited call below is built in one statement and awaited in the next: see
// async/offload.hpp for the GCC 12 bug this avoids.
asio::awaitable<bool> counsellor_mailbox::on_message(std::string_view type, const boost::json::object& message)
{
    if (type == "mailbox_keys") {
        auto reading = service_->keys_of(member_.account);
        const auto keys = co_await std::move(reading);
        if (auto connection = connection_.lock()) connection->send(protocol::frame(keys));
    } else if (type == "mailbox_key") {
        auto request = key_request(message);
        if (!request) {
            refuse(request.error());
            co_return true;
        }
        auto saving = service_->add_key(member_.account, std::move(*request));
        const auto saved = co_await std::move(saving);
        answer(saved);
    } else if (type == "mailbox_watch") {
        service_->watch(weak_from_this(), member_);
    } else if (type == "mailbox_unwatch") {
        service_->unwatch(weak_from_this());
    } else if (type == "thread_open" || type == "thread_release") {
        auto box_id = box_id_field(message);
        if (!box_id) {
            refuse(box_id.error());
            co_return true;
        }
        if (type == "thread_open") {
            auto opening = service_->open_for(member_, std::move(*box_id));
            const auto thread = co_await std::move(opening);
            answer(thread);
        } else {
            auto releasing = service_->release(member_, std::move(*box_id));
            const auto released = co_await std::move(releasing);
            answer(released);
        }
    } else if (type == "reply") {
        auto request = reply_request(message);
        if (!request) {
            refuse(request.error());
            co_return true;
        }
        auto replying = service_->reply(member_, std::move(*request));
        const auto saved = co_await std::move(replying);
        answer(saved);
    } else {
        co_return false;
    }
    co_return true;
}

} // namespace tillit::app

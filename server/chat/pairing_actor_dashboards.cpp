// pairing_actor_dashboards: the supervisors' dashboard feed (a picture at once, then a new one
// from the tick whenever its content changed) and the snapshot for /metrics. On the actor's strand.
#include "chat/pairing_actor.hpp"

#include <algorithm>

#include <boost/asio/post.hpp>

#include "async/offload.hpp"

namespace tillit::chat {

namespace asio = boost::asio;

namespace {

bool same_owner(const std::weak_ptr<dashboard_watcher>& a, const std::weak_ptr<dashboard_watcher>& b)
{
    return !a.owner_before(b) && !b.owner_before(a);
}

} // namespace

asio::awaitable<dashboard> pairing_actor::snapshot()
{
    auto taking = async::offload(strand_, [this] { return current_dashboard(); });
    co_return co_await std::move(taking);
}

dashboard pairing_actor::current_dashboard() const
{
    auto current = book_.snapshot(time_now());
    current.mailbox = mailbox_load_;
    return current;
}

void pairing_actor::set_mailbox_load(protocol::mailbox_load load)
{
    asio::post(strand_, [self = shared_from_this(), load] { self->mailbox_load_ = load; });
}

void pairing_actor::watch(std::weak_ptr<dashboard_watcher> who)
{
    asio::post(strand_, [self = shared_from_this(), who = std::move(who)] {
        auto watcher = who.lock();
        if (!watcher) return;
        auto current = self->current_dashboard();
        watcher->notify(dashboard_event(current, self->unix_now()));
        const auto found = std::find_if(self->watchers_.begin(), self->watchers_.end(),
                                        [&](const watcher_entry& entry) { return same_owner(entry.who, who); });
        if (found != self->watchers_.end()) found->told = std::move(current);
        else self->watchers_.push_back({who, std::move(current)});
    });
}

void pairing_actor::unwatch(std::weak_ptr<dashboard_watcher> who)
{
    asio::post(strand_, [self = shared_from_this(), who = std::move(who)] {
        std::erase_if(self->watchers_, [&](const watcher_entry& entry) { return same_owner(entry.who, who); });
        // Sent from this strand, so after every dashboard sent to it before.
        if (auto watcher = who.lock()) watcher->notify(protocol::unwatched{});
    });
}

void pairing_actor::send_dashboards()
{
    std::erase_if(watchers_, [](const watcher_entry& entry) { return entry.who.expired(); });
    if (watchers_.empty()) return;
    const auto current = current_dashboard();
    std::optional<protocol::event> update;  // made once, only if someone needs it
    for (auto& entry : watchers_) {
        if (entry.told == current) continue;
        auto watcher = entry.who.lock();
        if (!watcher) continue;
        if (!update) update = dashboard_event(current, unix_now());
        watcher->notify(*update);
        entry.told = current;
    }
}

} // namespace tillit::chat

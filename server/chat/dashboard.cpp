// dashboard: the picture as the protocol's "dashboard" message.
#include "chat/dashboard.hpp"

namespace tillit::chat {

protocol::dashboard_update dashboard_event(const dashboard& d, std::int64_t at_unix)
{
    protocol::dashboard_update out;
    out.at = at_unix;
    for (const auto& group : d.waiting)
        out.waiting.push_back({std::string(to_string(group.lane)), group.language, group.count, group.longest_wait.count()});
    for (const auto& load : d.lanes)
        out.lanes.push_back({std::string(to_string(load.lane)), load.waiting,
                             load.longest_wait ? std::optional<std::int64_t>(load.longest_wait->count()) : std::nullopt});
    out.on_duty = d.counsellors.on_duty;
    out.busy = d.counsellors.busy;
    out.free = d.counsellors.free;
    out.away = d.counsellors.away;
    out.chats_in_progress = d.chats_in_progress;
    out.abandoned_last_hour = d.abandoned_last_hour;
    out.mailbox = d.mailbox;
    return out;
}

} // namespace tillit::chat

// dashboard: the JSON of a supervisor's "dashboard" message.
#include "chat/dashboard.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace tillit::chat {

namespace json = boost::json;

std::string dashboard_text(const dashboard& d, std::int64_t at_unix)
{
    json::array waiting;
    for (const auto& group : d.waiting)
        waiting.push_back(json::object{{"lane", to_string(group.lane)},
                                       {"language", group.language},
                                       {"count", group.count},
                                       {"longest_wait_seconds", group.longest_wait.count()}});
    json::array lanes;
    for (const auto& load : d.lanes)
        lanes.push_back(json::object{
            {"lane", to_string(load.lane)},
            {"waiting", load.waiting},
            {"longest_wait_seconds", load.longest_wait ? json::value(load.longest_wait->count()) : json::value(nullptr)}});
    return json::serialize(json::object{{"type", "dashboard"},
                                        {"at", at_unix},
                                        {"waiting", std::move(waiting)},
                                        {"lanes", std::move(lanes)},
                                        {"counsellors", json::object{{"on_duty", d.counsellors.on_duty},
                                                                     {"busy", d.counsellors.busy},
                                                                     {"free", d.counsellors.free},
                                                                     {"away", d.counsellors.away}}},
                                        {"chats_in_progress", d.chats_in_progress},
                                        {"abandoned_last_hour", d.abandoned_last_hour}});
}

} // namespace tillit::chat

// activity_statistics: one event, counted in the database and in memory.
#include "app/activity_statistics.hpp"

namespace tillit::app {

activity_statistics::activity_statistics(stats_recorder& recorder, metrics::server_metrics& metrics)
    : recorder_(recorder), metrics_(metrics)
{
}

void activity_statistics::paired(chat::lane l, chat::clock::duration waited)
{
    metrics_.waited(l == chat::lane::support ? metrics::wait_lane::support : metrics::wait_lane::consultation, waited);
    recorder_.paired(chat::to_string(l), waited);
}

void activity_statistics::chat_closed(chat::lane l, chat::clock::duration length) { recorder_.chat_closed(chat::to_string(l), length); }

void activity_statistics::abandoned(chat::lane l, const std::string& language) { recorder_.abandoned(chat::to_string(l), language); }

void activity_statistics::closed_visit(chat::lane l, chat::closed_reason reason)
{
    recorder_.closed_visit(chat::to_string(l), chat::to_string(reason));
}

void activity_statistics::frame_relayed() { metrics_.frame_relayed(); }

} // namespace tillit::app

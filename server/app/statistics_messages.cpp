// statistics_messages: "stats" and "report" for supervisors and admins.
#include "app/statistics_messages.hpp"

#include "protocol/fields.hpp"
#include "protocol/replies.hpp"
#include "stats/calendar.hpp"
#include "stats/report.hpp"
#include "stats/series.hpp"

namespace tillit::app {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

store::unix_seconds unix_now()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

} // namespace

statistics_messages::statistics_messages(const std::shared_ptr<net::websocket_session>& connection, store::store_service& db,
                                         stats_recorder& recorder, std::int64_t report_min_count)
    : connection_(connection), db_(db), recorder_(recorder), report_min_count_(report_min_count)
{
}

void statistics_messages::send(std::string text)
{
    if (auto connection = connection_.lock()) connection->send(std::move(text));
}

void statistics_messages::send_error(std::string_view message)
{
    if (auto connection = connection_.lock()) connection->send_error({protocol::errc::bad_message, std::string(message)});
}

// Every awaited call below is built in one statement and awaited in the next: see
// async/offload.hpp for the GCC 12 bug this avoids.
asio::awaitable<bool> statistics_messages::on_message(std::string_view type, const json::object& message)
{
    if (type == "stats") co_await on_stats(message);
    else if (type == "report") co_await on_report(message);
    else co_return false;
    co_return true;
}

asio::awaitable<void> statistics_messages::on_stats(const json::object& message)
{
    const auto range = protocol::string_field(message, "range");
    if (!range || (*range != "24h" && *range != "30d")) co_return send_error("stats needs \"range\": \"24h\" or \"30d\".");
    const bool hourly = *range == "24h";
    // Counts made a moment ago are still in memory: write them first so the chart has them.
    auto writing = recorder_.flushed();
    co_await std::move(writing);
    auto reading = db_.run([hourly, now = unix_now()](store::store& s) {
        return hourly ? stats::read_hourly_series(s, now) : stats::read_daily_series(s, now);
    });
    const auto points = co_await std::move(reading);
    protocol::stats_reply reply{std::string(*range), {}};
    for (const auto& p : points)
        reply.buckets.push_back({p.start, p.chats, p.abandoned, p.closed_visits, p.wait_p50_seconds, p.wait_p90_seconds,
                                 p.letters, p.replies, p.answered_in_time, p.answered_late});
    send(protocol::frame(reply));
}

asio::awaitable<void> statistics_messages::on_report(const json::object& message)
{
    const auto from = protocol::string_field(message, "from");
    const auto to = protocol::string_field(message, "to");
    if (!from || !to) co_return send_error("report needs \"from\" and \"to\": dates YYYY-MM-DD (\"to\" not included).");
    const auto parsed = stats::parse_period(*from, *to);
    if (!parsed) co_return send_error("report: " + parsed.error().message() + ".");
    auto writing = recorder_.flushed();
    co_await std::move(writing);
    auto reading = db_.run([p = *parsed, threshold = report_min_count_](store::store& s) {
        return stats::read_report(s, p, threshold);
    });
    const auto file = co_await std::move(reading);
    send(protocol::frame(protocol::report_reply{std::string(*from), std::string(*to), file.filename, file.csv}));
}

} // namespace tillit::app

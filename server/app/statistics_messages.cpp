// statistics_messages: "stats" and "report" for supervisors and admins.
#include "app/statistics_messages.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "app/json_fields.hpp"
#include "stats/calendar.hpp"
#include "stats/report.hpp"
#include "stats/series.hpp"

namespace tillit::app {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

json::value optional_number(const std::optional<std::int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); }

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
    if (auto connection = connection_.lock()) connection->send_error(error_text("bad_message", message));
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
    const auto range = string_field(message, "range");
    if (!range || (*range != "24h" && *range != "30d")) co_return send_error("stats needs \"range\": \"24h\" or \"30d\".");
    const bool hourly = *range == "24h";
    // Counts made a moment ago are still in memory: write them first so the chart has them.
    auto writing = recorder_.flushed();
    co_await std::move(writing);
    auto reading = db_.run([hourly, now = unix_now()](store::store& s) {
        return hourly ? stats::read_hourly_series(s, now) : stats::read_daily_series(s, now);
    });
    const auto points = co_await std::move(reading);
    json::array buckets;
    for (const auto& p : points)
        buckets.push_back(json::object{{"start", p.start},
                                       {"chats", p.chats},
                                       {"abandoned", p.abandoned},
                                       {"closed_visits", p.closed_visits},
                                       {"wait_p50_seconds", optional_number(p.wait_p50_seconds)},
                                       {"wait_p90_seconds", optional_number(p.wait_p90_seconds)}});
    send(json::serialize(json::object{{"type", "stats"}, {"range", *range}, {"buckets", std::move(buckets)}}));
}

asio::awaitable<void> statistics_messages::on_report(const json::object& message)
{
    const auto from = string_field(message, "from");
    const auto to = string_field(message, "to");
    if (!from || !to) co_return send_error("report needs \"from\" and \"to\": dates YYYY-MM-DD (\"to\" not included).");
    const auto parsed = stats::parse_period(*from, *to);
    if (const auto* error = std::get_if<std::string>(&parsed)) co_return send_error("report: " + *error + ".");
    auto writing = recorder_.flushed();
    co_await std::move(writing);
    auto reading = db_.run([p = std::get<stats::period>(parsed), threshold = report_min_count_](store::store& s) {
        return stats::read_report(s, p, threshold);
    });
    const auto file = co_await std::move(reading);
    send(json::serialize(json::object{
        {"type", "report"}, {"from", *from}, {"to", *to}, {"filename", file.filename}, {"csv", file.csv}}));
}

} // namespace tillit::app

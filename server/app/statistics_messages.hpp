// statistics_messages: a signed-in supervisor's or admin's statistics (docs/protocol.md,
// "Statistics"): "stats" answers with the chart buckets of the last 24 hours or 30 days (exact
// counts: staff only), "report" with the CSV report for a period, small counts suppressed, for
// the page to offer as a download. Runs on the connection's strand; the reading runs on the
// store's thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include "app/stats_recorder.hpp"
#include "net/websocket_session.hpp"
#include "store/store_service.hpp"

namespace tillit::app {

class statistics_messages {
public:
    statistics_messages(const std::shared_ptr<net::websocket_session>& connection, store::store_service& db,
                        stats_recorder& recorder, std::int64_t report_min_count);

    // Handles "stats" and "report"; returns false for any other type. Errors: bad_message (sent,
    // counted); a database failure throws store_error (the connection answers "internal").
    boost::asio::awaitable<bool> on_message(std::string_view type, const boost::json::object& message);

private:
    boost::asio::awaitable<void> on_stats(const boost::json::object& message);
    boost::asio::awaitable<void> on_report(const boost::json::object& message);
    void send(std::string text);
    void send_error(std::string_view message);

    std::weak_ptr<net::websocket_session> connection_;
    store::store_service& db_;
    stats_recorder& recorder_;
    std::int64_t report_min_count_;
};

} // namespace tillit::app

// statistics_upkeep: the languages refresh and the daily pruning.
#include "app/statistics_upkeep.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "log/log.hpp"
#include "stats/retention.hpp"

namespace tillit::app {

namespace asio = boost::asio;

namespace {
constexpr auto languages_refresh = std::chrono::seconds(30);
constexpr auto prune_interval = std::chrono::hours(24);
} // namespace

int prune_old_statistics(store::store& db, unsigned retention_days)
{
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    const auto removed = stats::prune_statistics(db, now, retention_days);
    if (removed > 0) log::info("statistics_pruned", {{"rows", removed}, {"retention_days", retention_days}});
    return removed;
}

asio::awaitable<void> keep_statistics(store::store_service& db, stats_recorder& recorder, unsigned retention_days,
                                      asio::steady_timer& pause)
{
    auto last_prune = std::chrono::steady_clock::now();  // the server pruned at start-up
    for (;;) {
        pause.expires_after(languages_refresh);
        if (auto [ec] = co_await pause.async_wait(asio::as_tuple(asio::use_awaitable)); ec) co_return;  // shutdown
        const bool prune = std::chrono::steady_clock::now() - last_prune >= prune_interval;
        try {
            auto work = db.run([&recorder, prune, retention_days](store::store& s) {
                recorder.refresh_languages(s);
                if (prune) prune_old_statistics(s, retention_days);
            });
            co_await std::move(work);
            if (prune) last_prune = std::chrono::steady_clock::now();
        } catch (const std::exception& e) {
            log::error("statistics_upkeep_failed", {{"error", e.what()}});
        }
    }
}

} // namespace tillit::app

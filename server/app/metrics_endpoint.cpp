// metrics_endpoint: gathering the figures for /metrics.
#include "app/metrics_endpoint.hpp"

#include "metrics/exposition.hpp"
#include "stats/counter_keys.hpp"

namespace tillit::app {

metrics_endpoint::metrics_endpoint(std::shared_ptr<chat::pairing_actor> actor, const net::connection_registry& registry,
                                   const metrics::server_metrics& metrics, const stats_recorder& recorder)
    : actor_(std::move(actor)), registry_(registry), metrics_(metrics), recorder_(recorder)
{
}

boost::asio::awaitable<std::string> metrics_endpoint::text() const
{
    auto taking = actor_->snapshot();
    const auto picture = co_await std::move(taking);
    metrics::exposition_input in;
    in.languages = recorder_.served_languages();
    in.languages.emplace_back(stats::other_language);
    for (const auto& group : picture.waiting) {
        const auto lane = group.lane == chat::lane::support ? metrics::wait_lane::support : metrics::wait_lane::consultation;
        in.waiting[{lane, recorder_.bounded_language(group.language)}] += group.count;
    }
    in.counsellors = {picture.counsellors.on_duty, picture.counsellors.busy, picture.counsellors.free, picture.counsellors.away};
    in.open_connections = registry_.size();
    in.counters = metrics_.read();
    co_return metrics::exposition_text(in);
}

} // namespace tillit::app

// metrics_endpoint: the text of GET /metrics: the queue per lane and language and the counsellors
// by state (from the pairing actor), the open connections (from the registry), and the counters
// of metrics::server_metrics, written by metrics/exposition.cpp. Languages are bounded as in the
// statistics (served ones, else "other"). Who may read it is net/metrics_access's business.
#pragma once

#include <memory>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "app/stats_recorder.hpp"
#include "chat/pairing_actor.hpp"
#include "metrics/server_metrics.hpp"
#include "net/connection_registry.hpp"

namespace tillit::app {

class metrics_endpoint {
public:
    // Everything must outlive this object.
    metrics_endpoint(std::shared_ptr<chat::pairing_actor> actor, const net::connection_registry& registry,
                     const metrics::server_metrics& metrics, const stats_recorder& recorder);

    // The exposition text now. Any executor (asks the actor's strand for its snapshot); throws
    // only std::bad_alloc.
    boost::asio::awaitable<std::string> text() const;

private:
    std::shared_ptr<chat::pairing_actor> actor_;
    const net::connection_registry& registry_;
    const metrics::server_metrics& metrics_;
    const stats_recorder& recorder_;
};

} // namespace tillit::app

// activity_statistics: what the pairing actor and the chat rooms report (chat/activity_observer.hpp),
// passed on to the two places that keep count: the hourly counters in the database
// (stats_recorder) and the in-memory counters behind /metrics (metrics::server_metrics).
// Any thread: both are thread-safe and neither blocks.
#pragma once

#include "app/stats_recorder.hpp"
#include "chat/activity_observer.hpp"
#include "metrics/server_metrics.hpp"

namespace tillit::app {

class activity_statistics final : public chat::activity_observer {
public:
    // Both must outlive this object.
    activity_statistics(stats_recorder& recorder, metrics::server_metrics& metrics);

    void paired(chat::lane l, chat::clock::duration waited) override;
    void chat_closed(chat::lane l, chat::clock::duration length) override;
    void abandoned(chat::lane l, const std::string& language) override;
    void closed_visit(chat::lane l, chat::closed_reason reason) override;
    void frame_relayed() override;

private:
    stats_recorder& recorder_;
    metrics::server_metrics& metrics_;
};

} // namespace tillit::app

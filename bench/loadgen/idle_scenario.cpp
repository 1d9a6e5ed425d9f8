// Idle capacity (a): help-seekers that joined and wait, held open, up to about 19,000. One
// counsellor is on duty (capacity 1), so that joining queues instead of being told "closed".
// The server's memory is read before and after; the kernel's (both ends of each loopback
// connection are in this kernel) is reported apart.
#include <stdexcept>
#include <thread>

#include <boost/json.hpp>

#include "client_context.hpp"
#include "clock.hpp"
#include "participants.hpp"
#include "scenarios.hpp"
#include "server_probe.hpp"
#include "worker_pool.hpp"

namespace tillit::bench {
namespace {

constexpr unsigned connecting_at_once = 256;

class idle_worker final : public counsellor_listener, public help_seeker_listener, public connection_events {
public:
    idle_worker(const options& o, unsigned index, unsigned count)
        : context_(o), index_(index), wanted_(o.connections / count + (index < o.connections % count ? 1 : 0)) {}

    void set_up() {
        if (context_.kind() != framing::websocket || index_ != 0) return;
        staff_ = start_counsellors_on_duty(context_, 1, 0, 1, 1, *this);
    }

    boost::json::object connect_all() {
        const auto started = now_ns();
        launch_more();
        context_.flushes().flush_all();
        context_.run_until([&] { return answered_ + failed_ == wanted_; }, 600);
        return {{"wanted", wanted_}, {"answered", answered_}, {"failed", failed_},
                {"seconds", static_cast<double>(now_ns() - started) / 1e9}};
    }

    void close_all() {
        for (auto& s : seekers_)
            if (s->has_link()) s->link().close();
        for (auto& end : floor_ends_) end->close();
    }

    // counsellor_listener: the one counsellor's chat is not used.
    void on_assigned(counsellor&, std::string_view) override {}
    void on_message(counsellor&, std::string_view, std::string_view) override {}
    void on_closed(counsellor& who, std::string_view) override {
        throw std::runtime_error("tillit-loadgen: the counsellor's connection closed: " + who.failure());
    }

    // help_seeker_listener
    void on_open(help_seeker& who) override { who.join(); }
    void on_paired(help_seeker& who, std::string_view) override { settle(who.number, true); }
    void on_message(help_seeker& who, std::string_view type, std::string_view) override {
        if (type == "queue") settle(who.number, true);
        else if (type != "msg") settle(who.number, false);  // closed, error: not queued
    }
    void on_closed(help_seeker& who, std::string_view) override { settle(who.number, false); }

    // connection_events, for the floor: a hello with a key nobody else has, so it waits forever.
    void on_open(connection& end) override {
        const std::uint64_t key = (1ULL << 63) | (std::uint64_t{index_} << 32) | end.tag;
        std::string hello(8, '\0');
        for (int i = 0; i < 8; ++i) hello[static_cast<std::size_t>(i)] = static_cast<char>((key >> (8 * i)) & 0xff);
        end.send(hello);
        settle(end.tag, true);
    }
    void on_message(connection&, std::string_view) override {}
    void on_closed(connection& end, std::string_view) override { settle(end.tag, false); }

private:
    // Counts each connection once: its first answer (queued), or its failure before that.
    void settle(std::uint64_t number, bool queued) {
        if (settled_[number]) return;
        settled_[number] = true;
        ++(queued ? answered_ : failed_);
        --connecting_;
        launch_more();
    }
    void launch_more() {
        while (launched_ < wanted_ && connecting_ < connecting_at_once) {
            ++connecting_;
            settled_.push_back(false);
            if (context_.kind() == framing::websocket) {
                seekers_.push_back(std::make_unique<help_seeker>(context_, *this));
                seekers_.back()->number = launched_;
                seekers_.back()->start();
            } else {
                floor_ends_.push_back(context_.connect(*this));
                floor_ends_.back()->tag = launched_;
            }
            ++launched_;
        }
    }

    client_context context_;
    unsigned index_;
    unsigned wanted_;
    std::vector<std::unique_ptr<counsellor>> staff_;
    std::vector<std::unique_ptr<help_seeker>> seekers_;
    std::vector<std::shared_ptr<connection>> floor_ends_;
    std::vector<bool> settled_;
    unsigned launched_ = 0, connecting_ = 0, answered_ = 0, failed_ = 0;
};

} // namespace

boost::json::array run_idle(const options& o) {
    worker_pool pool(o.processes, [&o](conductor_link& link, unsigned index, unsigned count) {
        idle_worker worker(o, index, count);
        if (!link.wait_turn()) return 1;
        worker.set_up();
        if (link.barrier("ready") != "connect") return 1;
        const auto result = worker.connect_all();
        if (link.barrier("loaded") != "close") return 1;
        worker.close_all();
        link.send_result(result);
        return 0;
    });
    pool.set_up_in_turn();
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const auto rss_before = o.server_pid ? server_rss_bytes(*o.server_pid) : 0;
    const auto kernel_before = read_kernel_memory();
    for (unsigned i = 0; i < pool.size(); ++i) pool.tell(i, "connect");
    pool.meet_all("loaded", "");
    std::this_thread::sleep_for(std::chrono::seconds(2));  // let the last answers and allocations settle
    const auto rss_after = o.server_pid ? server_rss_bytes(*o.server_pid) : 0;
    const auto kernel_after = read_kernel_memory();
    for (unsigned i = 0; i < pool.size(); ++i) pool.tell(i, "close");
    const auto reports = pool.results();

    std::uint64_t answered = 0, failed = 0;
    double seconds = 0;
    for (const auto& r : reports) {
        answered += r.at("answered").to_number<std::uint64_t>();
        failed += r.at("failed").to_number<std::uint64_t>();
        seconds = std::max(seconds, r.at("seconds").to_number<double>());
    }
    const auto per = [&](std::int64_t bytes) { return answered ? static_cast<double>(bytes) / static_cast<double>(answered) : 0.0; };
    const auto delta = [](std::uint64_t after, std::uint64_t before) {
        return static_cast<std::int64_t>(after) - static_cast<std::int64_t>(before);
    };
    boost::json::object result{
        {"label", "connections=" + std::to_string(o.connections)},
        {"connections", answered},
        {"failed", failed},
        {"processes", o.processes},
        {"seconds_to_connect", seconds},
        {"kernel_slab_bytes_per_connection", per(delta(kernel_after.slab_bytes, kernel_before.slab_bytes))},
        {"kernel_tcp_buffer_bytes_per_connection",
         per(delta(kernel_after.tcp_buffer_bytes, kernel_before.tcp_buffer_bytes))},
        {"kernel_bytes_per_connection", per(delta(kernel_after.slab_bytes + kernel_after.tcp_buffer_bytes,
                                                  kernel_before.slab_bytes + kernel_before.tcp_buffer_bytes))}};
    if (o.server_pid) {
        result["server_rss_before_bytes"] = rss_before;
        result["server_rss_after_bytes"] = rss_after;
        result["server_rss_per_connection_bytes"] = per(delta(rss_after, rss_before));
    }
    if (!pool.all_succeeded() || failed != 0) result["incomplete"] = true;
    return boost::json::array{std::move(result)};
}

} // namespace tillit::bench

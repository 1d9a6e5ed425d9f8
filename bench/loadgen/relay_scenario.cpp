// Throughput (b) and latency (c), the conductor's side: starts the workers (relay_worker.cpp),
// measures the server over each run's windows, and adds up what the workers counted.
#include <optional>
#include <stdexcept>
#include <thread>

#include <boost/json.hpp>

#include "clock.hpp"
#include "histogram.hpp"
#include "relay_worker.hpp"
#include "scenarios.hpp"
#include "server_probe.hpp"
#include "window_counts.hpp"
#include "worker_pool.hpp"

namespace tillit::bench {
namespace {

void sleep_until_ns(std::uint64_t at) {
    const auto now = now_ns();
    if (at > now) std::this_thread::sleep_for(std::chrono::nanoseconds(at - now));
}

} // namespace

boost::json::array run_relay(const options& o) {
    worker_pool pool(o.processes, [&o](conductor_link& link, unsigned index, unsigned count) {
        return relay_worker_body(o, link, index, count);
    });
    pool.set_up_in_turn();  // one after the other: both ends of a chat in one worker
    std::vector<unsigned> rates;
    if (o.what == scenario::latency) rates = o.rates;
    else rates.push_back(0);

    struct measured {
        std::uint64_t start, cpu_from, cpu_to, cpu_ns, sys_from, sys_to, rss;
        std::optional<std::uint64_t> syscalls;
    };
    std::vector<measured> windows;
    const auto warmup = static_cast<std::uint64_t>(o.warmup_seconds * 1e9);
    const auto duration = static_cast<std::uint64_t>(o.duration_seconds * 1e9);
    const auto syscall_window = static_cast<std::uint64_t>(relay_syscall_window_seconds(o) * 1e9);
    for (std::size_t r = 0; r < rates.size(); ++r) {
        measured m{};
        m.start = now_ns() + 100'000'000;
        const auto go = "go " + std::to_string(m.start) + " " + std::to_string(rates[r]);
        for (unsigned i = 0; i < pool.size(); ++i) pool.tell(i, go);
        sleep_until_ns(m.start + warmup);
        m.cpu_from = now_ns();
        const auto cpu_before = o.server_pid ? server_cpu_ns(*o.server_pid) : 0;
        sleep_until_ns(m.start + warmup + duration);
        m.cpu_to = now_ns();
        m.cpu_ns = o.server_pid ? server_cpu_ns(*o.server_pid) - cpu_before : 0;
        if (o.server_pid) {
            syscall_counter counter(*o.server_pid);
            m.sys_from = now_ns();
            sleep_until_ns(m.start + warmup + duration + syscall_window);
            m.sys_to = now_ns();
            m.syscalls = counter.stop();
            m.rss = server_rss_bytes(*o.server_pid);
        }
        windows.push_back(m);
        for (unsigned i = 0; i < pool.size(); ++i)
            if (pool.hear(i) != "done") throw std::runtime_error("tillit-loadgen: a worker failed during the run");
        if (r + 1 == rates.size())
            for (unsigned i = 0; i < pool.size(); ++i) pool.tell(i, "end");
    }
    const auto reports = pool.results();
    if (!pool.all_succeeded()) throw std::runtime_error("tillit-loadgen: a worker failed");

    boost::json::array results;
    for (std::size_t r = 0; r < rates.size(); ++r) {
        const auto& m = windows[r];
        histogram latency, lateness;
        std::uint64_t frames = 0, syscall_frames = 0, sent = 0, skipped = 0, lost = 0, out_of_order = 0, errors = 0,
                      generator_cpu = 0;
        for (const auto& report : reports) {
            const auto& run = report.at("runs").as_array().at(r).as_object();
            const auto& bins = run.at("received_bins").as_array();
            frames += window_counts::in_window(bins, m.start, m.cpu_from, m.cpu_to);
            syscall_frames += window_counts::in_window(bins, m.start, m.sys_from, m.sys_to);
            latency.add(histogram::from_json(run.at("latency")));
            lateness.add(histogram::from_json(run.at("lateness")));
            sent += run.at("sent").to_number<std::uint64_t>();
            skipped += run.at("skipped").to_number<std::uint64_t>();
            lost += run.at("lost").to_number<std::uint64_t>();
            out_of_order += run.at("out_of_order").to_number<std::uint64_t>();
            errors += run.at("errors").to_number<std::uint64_t>();
            generator_cpu += run.at("generator_cpu_ns").to_number<std::uint64_t>();
        }
        const double seconds = static_cast<double>(m.cpu_to - m.cpu_from) / 1e9;
        boost::json::object result{{"label", rates[r] == 0 ? std::string("window=") + std::to_string(o.window)
                                                           : "rate=" + std::to_string(rates[r])},
                                   {"chats", o.chats},
                                   {"frames", frames},
                                   {"seconds", seconds},
                                   {"frames_per_second", static_cast<double>(frames) / seconds},
                                   {"latency_us", latency.summary_us()},
                                   {"sent", sent},
                                   {"skipped_for_backlog", skipped},
                                   {"lost", lost},
                                   {"out_of_order", out_of_order},
                                   {"errors", errors},
                                   {"generator_cpu_seconds", static_cast<double>(generator_cpu) / 1e9}};
        if (rates[r] != 0) {
            result["offered_rate"] = rates[r];
            result["achieved_rate"] = static_cast<double>(frames) / seconds;
            result["generator_lateness_us"] = lateness.summary_us();
        }
        if (o.server_pid && frames != 0) {
            const double cpu_seconds = static_cast<double>(m.cpu_ns) / 1e9;
            result["server_cpu_seconds"] = cpu_seconds;
            result["server_cpu_share"] = cpu_seconds / seconds;
            result["server_cpu_us_per_frame"] = cpu_seconds * 1e6 / static_cast<double>(frames);
            result["frames_per_server_cpu_second"] = static_cast<double>(frames) / cpu_seconds;
            result["server_rss_bytes"] = m.rss;
            if (m.syscalls && syscall_frames != 0) {
                result["syscalls_per_frame"] = static_cast<double>(*m.syscalls) / static_cast<double>(syscall_frames);
            }
        }
        results.push_back(std::move(result));
    }
    return results;
}

} // namespace tillit::bench

// Pairing churn (d): help-seekers arrive at a fixed rate on new connections, join, are paired,
// exchange a few frames each way, and the counsellor ends the chat (and tags it with --tags);
// the help-seeker then closes. Measures pairings per second, join-to-paired latency, and the
// server's memory after the first 10,000 chats and after all of them.
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include <boost/asio/steady_timer.hpp>
#include <boost/json.hpp>

#include "client_context.hpp"
#include "clock.hpp"
#include "histogram.hpp"
#include "json_scan.hpp"
#include "participants.hpp"
#include "relay_frame.hpp"
#include "scenarios.hpp"
#include "server_probe.hpp"
#include "worker_pool.hpp"

namespace tillit::bench {
namespace {

constexpr unsigned first_chats = 10000;

class churn_worker final : public counsellor_listener, public help_seeker_listener {
public:
    churn_worker(const options& o, unsigned index, unsigned count)
        : o_(o), context_(o), index_(index), count_(count),
          total_(o.churn_total / count + (index < o.churn_total % count ? 1 : 0)),
          rate_(o.churn_rate / count + (index < o.churn_rate % count ? 1 : 0)),
          seeker_frame_(framing::websocket, {}, o.payload_bytes), timer_(context_.io()) {}

    void set_up() {
        const unsigned wanted = o_.counsellors / count_ + (index_ < o_.counsellors % count_ ? 1 : 0);
        staff_ = start_counsellors_on_duty(context_, wanted, index_, count_, o_.capacity, *this);
    }

    boost::json::object run(std::uint64_t start_ns) {
        while (now_ns() < start_ns) std::this_thread::sleep_for(std::chrono::microseconds(200));
        start_ns_ = start_ns;
        tick();
        // Bounded: three times the planned time, plus half a minute.
        const double limit = 3.0 * static_cast<double>(total_) / static_cast<double>(rate_) + 30;
        context_.run_until([&] { return ended_ + failed_ == total_; }, limit);
        timer_.cancel();
        const auto finished = now_ns();
        context_.run_for(0.2);
        boost::json::object result{{"chats", ended_},
                                   {"paired", paired_},
                                   {"failed", failed_},
                                   {"arrivals_held_back", held_back_},
                                   // From the first pairing to the last: paired - 1 intervals.
                                   {"seconds", static_cast<double>(last_paired_ns_ - first_paired_ns_) / 1e9},
                                   {"wall_seconds", static_cast<double>(finished - start_ns_) / 1e9},
                                   {"join_to_paired", join_to_paired_.to_json()},
                                   {"rss_after_first_chats", rss_after_first_},
                                   {"errors", errors_}};
        return result;
    }

    // counsellor_listener
    void on_assigned(counsellor& who, std::string_view chat_id) override {
        auto& chat = chats_[std::string(chat_id)];
        chat.frame = std::make_unique<relay_frame>(framing::websocket, chat_id, o_.payload_bytes);
        for (std::uint32_t seq = 1; seq <= o_.chat_frames; ++seq) chat.frame->send(who.link(), seq, 0, now_ns());
    }
    void on_message(counsellor& who, std::string_view type, std::string_view message) override {
        if (type == "msg") {
            const auto id = string_field(message, "\"chat\":\"");
            const auto found = chats_.find(std::string(id));
            if (found == chats_.end()) return;
            if (++found->second.received == o_.chat_frames) {
                const std::string chat(id);
                who.link().send(R"({"type":"ack","chat":")" + chat + R"(","seq":)" + std::to_string(o_.chat_frames) + "}");
                who.link().send(R"({"type":"end","chat":")" + chat + R"("})");
            }
        } else if (type == "chat_ended") {
            const std::string chat(string_field(message, "\"chat\":\""));
            chats_.erase(chat);
            if (o_.tags) who.link().send(R"({"type":"tags","chat":")" + chat + R"(","outcome":"supported"})");
        } else if (type == "error") {
            ++errors_;
        }
    }
    void on_closed(counsellor& who, std::string_view) override {
        throw std::runtime_error("tillit-loadgen: a counsellor's connection closed: " + who.failure());
    }

    // help_seeker_listener
    void on_open(help_seeker& who) override { who.join(); }
    void on_paired(help_seeker& who, std::string_view) override {
        const auto now = now_ns();
        join_to_paired_.record(now - who.joined_ns);
        if (paired_ == 0) first_paired_ns_ = now;
        last_paired_ns_ = now;
        ++paired_;
        for (std::uint32_t seq = 1; seq <= o_.chat_frames; ++seq) seeker_frame_.send(who.link(), seq, 0, now);
    }
    void on_message(help_seeker& who, std::string_view type, std::string_view message) override {
        if (type == "msg") {
            const auto seq = int_field(message, "\"seq\":");
            if (seq && *seq == o_.chat_frames) who.link().send(R"({"type":"ack","seq":)" + std::to_string(*seq) + "}");
        } else if (type == "chat_ended") {
            who.link().close();
            finish(who, true);
        } else if (type == "error" || type == "closed") {
            ++errors_;
            who.link().close();
            finish(who, false);
        }
    }
    void on_closed(help_seeker& who, std::string_view) override { finish(who, false); }

private:
    struct chat_state {
        std::unique_ptr<relay_frame> frame;
        unsigned received = 0;
    };

    void finish(help_seeker& who, bool ended) {
        const auto found = seekers_.find(who.number);
        if (found == seekers_.end()) return;
        ++(ended ? ended_ : failed_);
        if (ended_ == first_chats / count_ && o_.server_pid) rss_after_first_ = server_rss_bytes(*o_.server_pid);
        // Freed later: this call runs inside the help-seeker's own handler.
        finished_.push_back(std::move(found->second));
        seekers_.erase(found);
    }

    void tick() {
        finished_.clear();
        const auto due = std::min<std::uint64_t>(total_, (now_ns() - start_ns_) * rate_ / 1'000'000'000ULL + 1);
        while (arrived_ < due) {
            if (seekers_.size() >= o_.concurrency) {
                ++held_back_;
                break;
            }
            auto s = std::make_unique<help_seeker>(context_, *this);
            s->number = arrived_++;
            s->start();
            seekers_.emplace(s->number, std::move(s));
        }
        if (arrived_ == total_) return;
        timer_.expires_after(std::chrono::milliseconds(1));
        timer_.async_wait([this](boost::system::error_code ec) {
            if (!ec) tick();
        });
    }

    const options& o_;
    client_context context_;
    unsigned index_, count_;
    std::uint64_t total_, rate_;
    relay_frame seeker_frame_;
    boost::asio::steady_timer timer_;
    std::vector<std::unique_ptr<counsellor>> staff_;
    std::unordered_map<std::uint64_t, std::unique_ptr<help_seeker>> seekers_;
    std::vector<std::unique_ptr<help_seeker>> finished_;
    std::unordered_map<std::string, chat_state> chats_;
    histogram join_to_paired_;
    std::uint64_t start_ns_ = 0, first_paired_ns_ = 0, last_paired_ns_ = 0, rss_after_first_ = 0;
    std::uint64_t arrived_ = 0, paired_ = 0, ended_ = 0, failed_ = 0, held_back_ = 0, errors_ = 0;
};

} // namespace

boost::json::array run_churn(const options& o) {
    worker_pool pool(o.processes, [&o](conductor_link& link, unsigned index, unsigned count) {
        churn_worker worker(o, index, count);
        if (!link.wait_turn()) return 1;
        worker.set_up();
        const auto go = link.barrier("ready");
        std::uint64_t start = 0;
        if (std::sscanf(go.c_str(), "go %lu", &start) != 1) return 1;
        link.send_result(worker.run(start));
        return 0;
    });
    pool.set_up_in_turn();
    const auto start = now_ns() + 100'000'000;
    for (unsigned i = 0; i < pool.size(); ++i) pool.tell(i, "go " + std::to_string(start));
    const auto reports = pool.results();
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const auto rss_after_all = o.server_pid ? server_rss_bytes(*o.server_pid) : 0;

    histogram join_to_paired;
    std::uint64_t chats = 0, paired = 0, failed = 0, held_back = 0, errors = 0, rss_first = 0;
    double seconds = 0;
    for (const auto& r : reports) {
        chats += r.at("chats").to_number<std::uint64_t>();
        paired += r.at("paired").to_number<std::uint64_t>();
        failed += r.at("failed").to_number<std::uint64_t>();
        held_back += r.at("arrivals_held_back").to_number<std::uint64_t>();
        errors += r.at("errors").to_number<std::uint64_t>();
        rss_first = std::max(rss_first, r.at("rss_after_first_chats").to_number<std::uint64_t>());
        seconds = std::max(seconds, r.at("seconds").to_number<double>());
        join_to_paired.add(histogram::from_json(r.at("join_to_paired")));
    }
    boost::json::object result{{"label", "rate=" + std::to_string(o.churn_rate)},
                               {"offered_rate", o.churn_rate},
                               {"chats", chats},
                               {"failed", failed},
                               {"errors", errors},
                               {"arrivals_held_back", held_back},
                               {"seconds", seconds},
                               {"pairings_per_second",
                                seconds > 0 ? static_cast<double>(paired - reports.size()) / seconds : 0.0},
                               {"join_to_paired_us", join_to_paired.summary_us()}};
    if (o.server_pid && rss_first != 0) {
        result["rss_after_first_10000_bytes"] = rss_first;
        result["rss_after_all_bytes"] = rss_after_all;
        result["rss_growth_ratio"] = static_cast<double>(rss_after_all) / static_cast<double>(rss_first);
    }
    if (!pool.all_succeeded()) result["incomplete"] = true;
    return boost::json::array{std::move(result)};
}

} // namespace tillit::bench

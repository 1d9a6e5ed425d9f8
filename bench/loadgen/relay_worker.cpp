// The worker side of throughput (b) and latency (c): paired chats relaying 300-byte ciphertexts
// both ways. Throughput keeps `window` frames in flight per direction (topped up on `delivered`);
// latency offers a fixed rate, spread over every direction of every chat, stamped with the send
// time. Each worker sets up its own counsellors and help-seekers, one worker after the other, so
// that both ends of every chat are in the same process.
#include <cinttypes>
#include <cstdio>
#include <memory>
#include <optional>
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
#include "window_counts.hpp"
#include "relay_worker.hpp"
#include "worker_pool.hpp"

namespace tillit::bench {
namespace {

constexpr std::uint32_t server_backlog_limit = 250;  // below the server's 256 unacknowledged frames

struct run_plan {
    std::uint64_t start_ns;
    unsigned rate;  // frames per second for this worker; 0: as fast as the window allows
};

// One direction of one chat: its sender's state and its receiver's.
struct direction {
    std::unique_ptr<relay_frame> frame;
    connection* sender = nullptr;
    connection* receiver = nullptr;
    std::string ack_prefix;  // the receiver's ack up to its seq
    std::uint32_t chat_number = 0;
    std::uint32_t next_seq = 1;
    std::uint32_t delivered = 0;
    std::uint32_t expected = 1;
    std::uint32_t to_acknowledge = 0;
    bool ack_waiting = false;
    [[nodiscard]] std::uint32_t in_flight() const { return next_seq - 1 - delivered; }
};

struct chat {
    std::string id;
    help_seeker* seeker = nullptr;
    counsellor* staff = nullptr;
    std::shared_ptr<connection> floor_ends[2];
    bool floor_ready[2] = {false, false};
    direction to_staff;   // sent by the help-seeker
    direction to_seeker;  // sent by the counsellor
};

struct run_counts {
    explicit run_counts(std::uint64_t start) : received(start) {}
    window_counts received;
    histogram latency;
    histogram lateness;
    std::uint64_t sent = 0, skipped = 0, lost = 0, out_of_order = 0, errors = 0;
    std::uint64_t cpu_ns = 0;
};

class relay_worker final : public counsellor_listener, public help_seeker_listener, public connection_events {
public:
    relay_worker(const options& o, unsigned index, unsigned count)
        : o_(o), context_(o), index_(index), count_(count), chats_wanted_(share(o.chats, index, count)),
          counsellors_wanted_(share(o.counsellors, index, count)), timer_(context_.io()) {
        context_.flushes().before_flush = [this] { send_acks(); };
    }

    void set_up() {
        chats_.resize(chats_wanted_);
        if (context_.kind() == framing::length_prefixed) return set_up_floor();
        if (counsellors_wanted_ * o_.capacity < chats_wanted_)
            throw std::runtime_error("tillit-loadgen: counsellors x capacity is less than the chats");
        staff_ = start_counsellors_on_duty(context_, counsellors_wanted_, index_, count_, o_.capacity, *this);
        for (unsigned i = 0; i < chats_wanted_; ++i) {
            seekers_.push_back(std::make_unique<help_seeker>(context_, *this));
            seekers_.back()->number = i;
            seekers_.back()->start();
        }
        if (!context_.run_until([&] { return ready_ == chats_wanted_; }, 120))
            throw std::runtime_error("tillit-loadgen: only " + std::to_string(ready_) + " of " +
                                     std::to_string(chats_wanted_) + " chats were paired in time");
    }

    boost::json::object run(const run_plan& plan) {
        current_ = std::make_unique<run_counts>(plan.start_ns);
        rate_ = plan.rate;
        start_ns_ = plan.start_ns;
        window_from_ = plan.start_ns + seconds_ns(o_.warmup_seconds);
        window_to_ = window_from_ + seconds_ns(o_.duration_seconds);
        end_ns_ = window_to_ + seconds_ns(relay_syscall_window_seconds(o_));
        // Numbering goes on across runs (the server's does); only the counts start again.
        while (now_ns() < start_ns_) std::this_thread::sleep_for(std::chrono::microseconds(200));
        const auto cpu_before = process_cpu_ns();
        sending_ = true;
        if (rate_ == 0) {
            for (auto& c : chats_) {
                top_up(c.to_staff);
                top_up(c.to_seeker);
            }
            context_.flushes().flush_all();
        } else {
            next_due_ = start_ns_;
            next_direction_ = 0;
            tick();
        }
        context_.run_until([&] { return now_ns() >= end_ns_; }, 3600);
        sending_ = false;
        timer_.cancel();
        context_.run_for(0.5);  // the last acknowledgements
        current_->cpu_ns = process_cpu_ns() - cpu_before;
        boost::json::object result{{"received_bins", current_->received.to_json()},
                                   {"latency", current_->latency.to_json()},
                                   {"lateness", current_->lateness.to_json()},
                                   {"sent", current_->sent},
                                   {"skipped", current_->skipped},
                                   {"lost", current_->lost},
                                   {"out_of_order", current_->out_of_order},
                                   {"errors", current_->errors},
                                   {"generator_cpu_ns", current_->cpu_ns}};
        return result;
    }

    // counsellor_listener
    void on_assigned(counsellor& who, std::string_view chat_id) override {
        const auto found = pending_.find(std::string(chat_id));
        if (found == pending_.end()) {
            pending_staff_.emplace(std::string(chat_id), &who);
            return;
        }
        const auto number = found->second;
        pending_.erase(found);
        complete(number, who);
    }
    void on_message(counsellor& who, std::string_view type, std::string_view message) override {
        if (type == "msg") {
            const auto found = chat_by_id_.find(string_field(message, "\"chat\":\""));
            if (found != chat_by_id_.end()) receive(chats_[found->second].to_staff, message);
        } else if (type == "delivered") {
            const auto found = chat_by_id_.find(string_field(message, "\"chat\":\""));
            if (found != chat_by_id_.end()) delivered(chats_[found->second].to_seeker, message);
        } else if (type == "error") {
            error(who.link(), message);
        }
    }
    void on_closed(counsellor& who, std::string_view why) override {
        throw std::runtime_error("tillit-loadgen: a counsellor's connection closed: " + who.failure() + " " +
                                 std::string(why));
    }

    // help_seeker_listener
    void on_open(help_seeker& who) override { who.join(); }
    void on_paired(help_seeker& who, std::string_view chat_id) override {
        auto& c = chats_[who.number];
        c.seeker = &who;
        c.id = chat_id;
        const auto found = pending_staff_.find(c.id);
        if (found == pending_staff_.end()) {
            pending_.emplace(c.id, static_cast<std::uint32_t>(who.number));
            return;
        }
        auto* staff = found->second;
        pending_staff_.erase(found);
        complete(static_cast<std::uint32_t>(who.number), *staff);
    }
    void on_message(help_seeker& who, std::string_view type, std::string_view message) override {
        auto& c = chats_[who.number];
        if (type == "msg") receive(c.to_seeker, message);
        else if (type == "delivered") delivered(c.to_staff, message);
        else if (type == "error") error(who.link(), message);
    }
    void on_closed(help_seeker&, std::string_view why) override {
        throw std::runtime_error("tillit-loadgen: a help-seeker's connection closed: " + std::string(why));
    }

    // connection_events, for the floor's ends (tag: chat number * 2 + side)
    void on_open(connection& end) override {
        const std::uint64_t key = (std::uint64_t{index_} << 32) | (end.tag / 2);
        std::string hello(8, '\0');
        for (int i = 0; i < 8; ++i) hello[static_cast<std::size_t>(i)] = static_cast<char>((key >> (8 * i)) & 0xff);
        end.send(hello);
    }
    void on_message(connection& end, std::string_view message) override {
        auto& c = chats_[end.tag / 2];
        const auto side = end.tag % 2;
        if (!c.floor_ready[side]) {
            c.floor_ready[side] = message == "P";
            if (c.floor_ready[0] && c.floor_ready[1]) ++ready_;
            return;
        }
        auto& d = side == 0 ? c.to_seeker : c.to_staff;  // side 0 plays the help-seeker
        receive_payload(d, message);
        // The floor has no acknowledgements: the receiver is in this process, so it tells the sender.
        d.delivered = d.expected - 1;
        if (sending_ && rate_ == 0) top_up(d);
    }
    void on_closed(connection&, std::string_view why) override {
        throw std::runtime_error("tillit-loadgen: a floor connection closed: " + std::string(why));
    }

private:
    static unsigned share(unsigned total, unsigned index, unsigned count) {
        return total / count + (index < total % count ? 1 : 0);
    }
    static std::uint64_t seconds_ns(double s) { return static_cast<std::uint64_t>(s * 1e9); }
    static std::uint64_t process_cpu_ns() {
        timespec ts{};
        ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000ULL + static_cast<std::uint64_t>(ts.tv_nsec);
    }

    void set_up_floor() {
        for (std::uint32_t i = 0; i < chats_wanted_; ++i) {
            auto& c = chats_[i];
            for (int side = 0; side < 2; ++side) {
                c.floor_ends[side] = context_.connect(*this);
                c.floor_ends[side]->tag = i * 2 + static_cast<std::uint64_t>(side);
            }
            init_direction(c.to_staff, c, *c.floor_ends[0], *c.floor_ends[1], {}, i);
            init_direction(c.to_seeker, c, *c.floor_ends[1], *c.floor_ends[0], {}, i);
        }
        if (!context_.run_until([&] { return ready_ == chats_wanted_; }, 120))
            throw std::runtime_error("tillit-loadgen: the floor paired only " + std::to_string(ready_) + " chats");
    }

    void complete(std::uint32_t number, counsellor& staff) {
        auto& c = chats_[number];
        c.staff = &staff;
        chat_by_id_.emplace(c.id, number);
        init_direction(c.to_staff, c, c.seeker->link(), staff.link(), "{\"type\":\"ack\",\"chat\":\"" + c.id + "\",\"seq\":",
                       number);
        init_direction(c.to_seeker, c, staff.link(), c.seeker->link(), "{\"type\":\"ack\",\"seq\":", number);
        ++ready_;
    }

    void init_direction(direction& d, const chat& c, connection& from, connection& to, std::string ack_prefix,
                        std::uint32_t number) {
        const bool from_counsellor = &d == &c.to_seeker && context_.kind() == framing::websocket;
        d.frame = std::make_unique<relay_frame>(context_.kind(), from_counsellor ? std::string_view(c.id) : std::string_view(),
                                                o_.payload_bytes);
        d.sender = &from;
        d.receiver = &to;
        d.ack_prefix = std::move(ack_prefix);
        d.chat_number = number;
    }

    void send_one(direction& d, std::uint64_t at_ns) {
        d.frame->send(*d.sender, d.next_seq++, d.chat_number, at_ns);
        ++current_->sent;
    }

    void top_up(direction& d) {
        if (!sending_) return;
        const auto at = now_ns();
        while (d.in_flight() < o_.window) send_one(d, at);
    }

    void tick() {
        const auto now = now_ns();
        const auto interval = 1'000'000'000ULL / rate_;
        const auto directions = chats_.size() * 2;
        while (next_due_ <= now && now < end_ns_) {
            auto& c = chats_[next_direction_ / 2];
            auto& d = next_direction_ % 2 == 0 ? c.to_staff : c.to_seeker;
            next_direction_ = (next_direction_ + 1) % directions;
            if (d.in_flight() < server_backlog_limit) {
                send_one(d, now);
                if (next_due_ >= window_from_ && next_due_ < window_to_) current_->lateness.record(now - next_due_);
            } else {
                ++current_->skipped;
            }
            next_due_ += interval;
        }
        context_.flushes().flush_all();
        if (!sending_ || now >= end_ns_) return;
        timer_.expires_at(std::chrono::steady_clock::time_point(std::chrono::nanoseconds(next_due_)));
        timer_.async_wait([this](boost::system::error_code ec) {
            if (!ec && sending_) tick();
        });
    }

    void receive(direction& d, std::string_view message) {
        const auto payload = string_field(message, "\"payload\":\"");
        receive_payload(d, payload);
        if (!d.ack_waiting) {
            d.ack_waiting = true;
            acks_.push_back(&d);
        }
    }

    void receive_payload(direction& d, std::string_view payload) {
        if (!current_) return;
        const auto now = now_ns();
        const auto s = read_stamp(payload);
        if (!s) {
            ++current_->errors;
            return;
        }
        if (s->seq < d.expected) return;  // sent again after a reconnect: not expected here
        if (s->seq > d.expected) {
            current_->lost += s->seq - d.expected;
            ++current_->out_of_order;
        }
        d.expected = s->seq + 1;
        d.to_acknowledge = s->seq;
        current_->received.count(now);
        if (now >= window_from_ && now < window_to_ && now >= s->sent_ns) current_->latency.record(now - s->sent_ns);
    }

    void delivered(direction& d, std::string_view message) {
        const auto seq = int_field(message, "\"seq\":");
        if (!seq) return;
        if (*seq > d.delivered) d.delivered = static_cast<std::uint32_t>(*seq);
        if (sending_ && rate_ == 0) top_up(d);
    }

    void error(connection&, std::string_view message) {
        ++current_->errors;
        if (error_reported_++ < 5)
            std::fprintf(stderr, "tillit-loadgen: the server answered an error: %.*s\n", static_cast<int>(message.size()),
                         message.data());
    }

    // Once per batch read: one cumulative ack per direction that received frames.
    void send_acks() {
        for (auto* d : acks_) {
            d->ack_waiting = false;
            char number[16];
            const int n = std::snprintf(number, sizeof number, "%" PRIu32 "}", d->to_acknowledge);
            std::string ack = d->ack_prefix;
            ack.append(number, static_cast<std::size_t>(n));
            d->receiver->send(ack);
        }
        acks_.clear();
    }

    const options& o_;
    client_context context_;
    unsigned index_;
    unsigned count_;
    unsigned chats_wanted_;
    unsigned counsellors_wanted_;
    std::vector<std::unique_ptr<counsellor>> staff_;
    std::vector<std::unique_ptr<help_seeker>> seekers_;
    std::vector<chat> chats_;
    std::unordered_map<std::string, std::uint32_t> pending_;
    std::unordered_map<std::string, counsellor*> pending_staff_;
    struct string_hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, std::uint32_t, string_hash, std::equal_to<>> chat_by_id_;
    std::vector<direction*> acks_;
    unsigned ready_ = 0;
    std::unique_ptr<run_counts> current_;
    unsigned rate_ = 0;
    bool sending_ = false;
    std::uint64_t start_ns_ = 0, window_from_ = 0, window_to_ = 0, end_ns_ = 0, next_due_ = 0;
    std::size_t next_direction_ = 0;
    unsigned error_reported_ = 0;
    boost::asio::steady_timer timer_;
};

} // namespace

int relay_worker_body(const options& o, conductor_link& link, unsigned index, unsigned count) {
    relay_worker worker(o, index, count);
    if (!link.wait_turn()) return 1;
    worker.set_up();
    boost::json::array runs;
    for (auto command = link.barrier("ready"); command.rfind("go ", 0) == 0; command = link.barrier("done")) {
        std::uint64_t start = 0;
        unsigned rate = 0;
        if (std::sscanf(command.c_str(), "go %" SCNu64 " %u", &start, &rate) != 2) return 1;
        runs.push_back(worker.run({start, rate / count + (index < rate % count ? 1 : 0)}));
    }
    link.send_result(boost::json::object{{"runs", std::move(runs)}});
    return 0;
}

double relay_syscall_window_seconds(const options& o) { return std::min(3.0, o.duration_seconds); }
} // namespace tillit::bench

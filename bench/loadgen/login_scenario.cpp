// Login burst (e): many counsellor logins at once (all as the first bench account), to show that
// the server's cap on concurrent Argon2id checks (64 MiB each) keeps its memory flat whatever the
// size of the burst; logins past its queue are told `busy`. The server's RSS is sampled every 2 ms.
#include <stdexcept>
#include <thread>

#include <boost/asio/steady_timer.hpp>
#include <boost/json.hpp>

#include "client_context.hpp"
#include "clock.hpp"
#include "json_scan.hpp"
#include "scenarios.hpp"
#include "server_probe.hpp"
#include "worker_pool.hpp"

namespace tillit::bench {
namespace {

class login_burst final : public connection_events {
public:
    explicit login_burst(const options& o) : o_(o), context_(o), sampler_(context_.io()) {}

    // The login value is derived once, with the salt the server gives for the account.
    void prepare() {
        salt_probe_ = context_.connect(*this);
        if (!context_.run_until([&] { return !auth_.empty() || failed_ != 0; }, 60) || auth_.empty())
            throw std::runtime_error("tillit-loadgen: no login salt from the server");
        salt_probe_->close();
    }

    boost::json::object burst(unsigned logins) {
        ok_ = busy_ = failed_ = answered_ = 0;
        const auto rss_before = server_rss_bytes(*o_.server_pid);
        rss_peak_ = rss_before;
        sample();
        const auto started = now_ns();
        std::vector<std::shared_ptr<connection>> links;
        for (unsigned i = 0; i < logins; ++i) links.push_back(context_.connect(*this));
        context_.run_until([&] { return answered_ == logins; }, 600);
        const auto seconds = static_cast<double>(now_ns() - started) / 1e9;
        sampler_.cancel();
        for (auto& l : links) l->close();
        context_.run_for(0.2);
        return {{"label", "logins=" + std::to_string(logins)},
                {"logins", logins},
                {"ok", ok_},
                {"busy", busy_},
                {"failed", failed_},
                {"seconds", seconds},
                {"rss_before_bytes", rss_before},
                {"rss_peak_bytes", rss_peak_},
                {"rss_peak_growth_bytes", static_cast<std::int64_t>(rss_peak_) - static_cast<std::int64_t>(rss_before)}};
    }

    void on_open(connection& c) override {
        const auto account = o_.pseudonym_prefix + "1";
        if (&c == salt_probe_.get()) {
            c.send(R"({"type":"login_salt","pseudonym":")" + account + "\"}");
            return;
        }
        c.send(R"({"type":"login","pseudonym":")" + account + R"(","auth":")" + auth_ + "\"}");
    }
    void on_message(connection&, std::string_view message) override {
        const auto type = message_type(message);
        if (type == "login_salt") {
            auth_ = context_.auth_for_salt(string_field(message, "\"salt\":\""));
            return;
        }
        ++answered_;
        if (type == "login_ok") ++ok_;
        else if (string_field(message, "\"code\":\"") == "busy") ++busy_;
        else ++failed_;
    }
    void on_closed(connection&, std::string_view) override {
        ++failed_;
        ++answered_;
    }

private:
    void sample() {
        rss_peak_ = std::max(rss_peak_, server_rss_bytes(*o_.server_pid));
        sampler_.expires_after(std::chrono::milliseconds(2));
        sampler_.async_wait([this](boost::system::error_code ec) {
            if (!ec) sample();
        });
    }

    const options& o_;
    client_context context_;
    boost::asio::steady_timer sampler_;
    std::shared_ptr<connection> salt_probe_;
    std::string auth_;
    std::uint64_t rss_peak_ = 0;
    unsigned ok_ = 0, busy_ = 0, failed_ = 0, answered_ = 0;
};

} // namespace

boost::json::array run_login(const options& o) {
    if (!o.server_pid) throw std::runtime_error("tillit-loadgen: the login scenario needs --server-pid");
    worker_pool pool(1, [&o](conductor_link& link, unsigned, unsigned) {
        login_burst bursts(o);
        bursts.prepare();
        boost::json::array results;
        for (const auto logins : o.logins) {
            results.push_back(bursts.burst(logins));
            std::this_thread::sleep_for(std::chrono::seconds(2));  // let the server's memory settle between bursts
        }
        link.send_result(boost::json::object{{"results", std::move(results)}});
        return 0;
    });
    auto reports = pool.results();
    if (!pool.all_succeeded()) throw std::runtime_error("tillit-loadgen: the login worker failed");
    return reports.at(0).at("results").as_array();
}

} // namespace tillit::bench

// server: wiring and lifecycle of tillit-server.
#include "app/server.hpp"

#include <filesystem>
#include <thread>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "app/activity_statistics.hpp"
#include "app/connection_router.hpp"
#include "app/mailbox_statistics.hpp"
#include "app/metrics_endpoint.hpp"
#include "app/service_hours.hpp"
#include "app/statistics_upkeep.hpp"
#include "app/stats_recorder.hpp"
#include "app/stored_live_chats.hpp"
#include "auth/dev_certifier.hpp"
#include "auth/login_service.hpp"
#include "auth/server_secret.hpp"
#include "log/log.hpp"
#include "metrics/server_metrics.hpp"
#include "net/listener.hpp"
#include "net/tls_context.hpp"
#include "net/metrics_access.hpp"
#include "store/data_dir_lock.hpp"
#include "store/store_service.hpp"

namespace tillit::app {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using asio::ip::tcp;

namespace {

constexpr auto shutdown_grace = std::chrono::seconds(5);
constexpr auto settings_refresh = std::chrono::seconds(30);

void prepare_data_dir(const fs::path& dir)
{
    fs::create_directories(dir);
    // The database and the server's secret are for the service account alone.
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace);
}

// Waits until every connection has closed, or the grace period is over, then ends run(). It stops
// the context rather than wait for it to run out of work: a cancel that comes while the settings
// or statistics loop is between a database call and its next wait does not reach that wait, and
// the loop would go on (a SIGTERM just after start hung the server: ProcessHardening found it).
asio::awaitable<void> drain(asio::io_context& ioc, net::connection_registry& registry)
{
    asio::steady_timer tick(co_await asio::this_coro::executor);
    const auto deadline = std::chrono::steady_clock::now() + shutdown_grace;
    while (registry.size() > 0) {
        if (std::chrono::steady_clock::now() >= deadline) {
            log::warn("shutdown_forced", {{"connections_left", registry.size()}});
            ioc.stop();
            co_return;
        }
        tick.expires_after(std::chrono::milliseconds(20));
        co_await tick.async_wait(asio::use_awaitable);
    }
    ioc.stop();
}

// Re-reads opening hours and emergency numbers now and then, so that tillit-admin's changes
// reach the server without a restart.
asio::awaitable<void> refresh_settings(store::store_service& db, service_hours& hours, asio::steady_timer& pause)
{
    for (;;) {
        try {
            auto reading = db.run([&hours](store::store& s) { hours.refresh(s); });
            co_await std::move(reading);
        } catch (const std::exception& e) {
            log::error("settings_refresh_failed", {{"error", e.what()}});
        }
        pause.expires_after(settings_refresh);
        if (auto [ec] = co_await pause.async_wait(asio::as_tuple(asio::use_awaitable)); ec) co_return;  // shutdown
    }
}

} // namespace

int run_server(const config::config& cfg)
{
    log::set_min_level(cfg.min_log_level);
    log::set_lines_per_event(cfg.log_lines_per_event);
    try {
        prepare_data_dir(cfg.data_dir);
        // Held until exit: a second server, or a tillit-admin restore, must not share the folder.
        const auto data_lock = store::data_dir_lock::try_acquire(cfg.data_dir);
        if (!data_lock) {
            log::error("startup_failed", {{"reason", "the data folder is in use (another tillit-server, or tillit-admin restore)"},
                                          {"data_dir", cfg.data_dir.string()}});
            return 1;
        }
        // Loaded before anything listens, so a bad certificate or key stops the start with its reason.
        const auto tls = cfg.tls() ? net::make_tls_context(cfg.tls_certificate, cfg.tls_key) : nullptr;
        if (!fs::is_directory(cfg.web_root)) {
            log::error("startup_failed", {{"reason", "web root missing (build the web client first)"},
                                          {"web_root", cfg.web_root.string()}});
            return 1;
        }
        store::store_service db((cfg.data_dir / "tillit.db").string());
        // Old hours go before anything else, then the statistics are counted from here on.
        db.call([&cfg](store::store& s) { prune_old_statistics(s, cfg.stats_retention_days); });
        stats_recorder recorder(db);
        metrics::server_metrics metrics;
        const net::metrics_access metrics_gate(cfg.metrics_token);
        const auto secret = auth::server_secret::load_or_create(cfg.data_dir);
        auth::login_service logins(db, cfg, secret);
        const net::static_files files(cfg.web_root);
        const net::origin_policy origins(cfg.allowed_origins, cfg.tls());
        const net::trusted_proxies proxies(cfg.trusted_proxies);
        net::connection_registry registry(cfg.max_connections, cfg.max_connections_per_client);

        const unsigned threads = cfg.worker_threads();
        asio::io_context ioc(static_cast<int>(threads));
        const auto control = asio::make_strand(ioc);  // the acceptor, the signals and the settings refresh share it

        service_hours hours;
        // Read before the first help-seeker can arrive: a "closed" answer must carry the numbers.
        db.call([&hours](store::store& s) { hours.refresh(s); });
        // The chats that were live when the server last stopped may be resumed; ended ones may not.
        auto live_chats = std::make_shared<stored_live_chats>(db);
        auto actor = std::make_shared<chat::pairing_actor>(
            ioc.get_executor(),
            chat::pairing_actor::settings{{cfg.language_fallback, cfg.counsellor_grace, std::chrono::minutes(30)},
                                          cfg.seeker_grace,
                                          cfg.max_capacity,
                                          cfg.block_duration,
                                          cfg.joins_per_minute},
            secret, [&hours](chat::lane l, bool anyone_on_duty) { return hours.check(l, anyone_on_duty); },
            std::make_shared<activity_statistics>(recorder, metrics), live_chats, live_chats->left_from_before());
        std::unique_ptr<auth::dev_certifier> certifier;
        if (!cfg.dev_root_key_file.empty()) {
            certifier = std::make_unique<auth::dev_certifier>(cfg.dev_root_key_file);
            log::warn("dev_auto_certify_on", {{"warning", "UNSAFE FOR PRODUCTION: counsellor keys are certified with a root key on this server"}});
        }
        auto letters = std::make_shared<mailbox::mailbox_service>(
            db,
            mailbox::mailbox_service::settings{cfg.letters_per_hour, cfg.mailbox_attempts_per_hour,
                                               std::chrono::duration_cast<std::chrono::seconds>(cfg.mailbox_claim).count()},
            mailbox_statistics(recorder, actor), [] {
                return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                    .count();
            });
        const connection_services handler_services{logins, actor, db, certifier.get(), recorder, cfg.report_min_count, letters};
        const metrics_endpoint metrics_page(actor, registry, metrics, recorder);

        const net::http_services services{
            cfg, files, origins, registry,
            [&db]() -> asio::awaitable<bool> {
                try {
                    auto probe = db.run([](store::store& s) { return s.schema_version() > 0; });
                    co_return co_await std::move(probe);
                } catch (const std::exception&) {
                    co_return false;
                }
            },
            [&handler_services](net::websocket_session& connection) -> std::unique_ptr<net::message_handler> {
                return std::make_unique<connection_router>(connection, handler_services);
            },
            metrics_gate,
            [&metrics_page]() { return metrics_page.text(); },
            metrics,
            tls.get(),
            proxies.empty() ? nullptr : &proxies};
        tcp::acceptor acceptor(control);
        const tcp::endpoint endpoint(asio::ip::make_address(cfg.listen_address), cfg.port);
        acceptor.open(endpoint.protocol());
        acceptor.set_option(asio::socket_base::reuse_address(true));
        acceptor.bind(endpoint);
        acceptor.listen(asio::socket_base::max_listen_connections);
        asio::co_spawn(control, net::accept_loop(acceptor, services), asio::detached);
        asio::steady_timer refresh_pause(control);
        asio::co_spawn(control, refresh_settings(db, hours, refresh_pause), asio::detached);
        asio::steady_timer statistics_pause(control);
        asio::co_spawn(control, keep_statistics(db, recorder, cfg.stats_retention_days, statistics_pause), asio::detached);
        actor->start();
        letters->start(ioc.get_executor());

        asio::signal_set signals(control, SIGINT, SIGTERM);
        signals.async_wait([&](const boost::system::error_code& ec, int signal_number) {
            if (ec) return;
            log::info("shutdown_started", {{"signal", signal_number == SIGTERM ? "SIGTERM" : "SIGINT"}});
            refresh_pause.cancel();
            statistics_pause.cancel();
            acceptor.close();
            actor->stop();
            letters->stop();
            registry.close_all();
            asio::co_spawn(control, drain(ioc, registry), asio::detached);
        });
        // Only now, with SIGTERM handled: whoever waits for this line may stop the server at once.
        // The port only: no address of any kind goes into the log.
        log::info("listening", {{"port", acceptor.local_endpoint().port()}, {"tls", cfg.tls()},
                                {"threads", threads}});

        std::vector<std::jthread> workers;
        for (unsigned i = 1; i < threads; ++i) workers.emplace_back([&ioc] { ioc.run(); });
        ioc.run();
        workers.clear();  // joins

        logins.stop();
        recorder.stop();  // what was counted last goes in before the database closes
        db.stop();
        log::info("stopped");
        log::flush_repeats();
        return 0;
    } catch (const std::exception& e) {
        log::error("startup_failed", {{"reason", e.what()}});
        return 1;
    }
}

} // namespace tillit::app

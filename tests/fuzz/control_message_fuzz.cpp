// Fuzz target: WebSocket text frames into the server's real message handling, without sockets.
// Each input is one or two connections' frames, one per line (a line starting with "1" goes to
// the second connection, with "0" or anything else to the first); each frame goes through the
// connection_router that every WebSocket uses (JSON parse, first-message side, the help-seeker's,
// staff login, the counsellor's and the supervisor's messages) against a real pairing actor,
// database, login service and statistics, as in tillit-server. The harness holds a counsellor
// and a supervisor account with known session tokens, so that the fuzzer reaches signed-in paths
// without Argon2id on every input. State lives on across inputs, as in a long-running server.
// Chat ids are random, so a counsellor's chat messages get as far as "no_such_chat"; the relay
// itself is reached from the help-seeker's side, which needs no id.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <sodium.h>

#include "admin/admin_commands.hpp"
#include "app/activity_statistics.hpp"
#include "app/connection_router.hpp"
#include "app/service_hours.hpp"
#include "app/mailbox_statistics.hpp"
#include "app/stats_recorder.hpp"
#include "auth/dev_certifier.hpp"
#include "auth/login_service.hpp"
#include "auth/server_secret.hpp"
#include "chat/pairing_actor.hpp"
#include "log/log.hpp"
#include "metrics/server_metrics.hpp"
#include "net/websocket_session.hpp"
#include "store/store_service.hpp"

namespace asio = boost::asio;
namespace fs = std::filesystem;
using namespace tillit;

namespace {

// Known session tokens (32 bytes each; base64 "WlpaWlpa…" and "ZmZmZmZm…" in the seed corpus).
const std::vector<unsigned char> counsellor_token(32, 0x5a);
const std::vector<unsigned char> supervisor_token(32, 0x66);

int admin(const fs::path& data, std::vector<std::string> args, const std::string& input = {})
{
    args.insert(args.begin(), {"--data-dir", data.string()});
    std::istringstream in(input);
    std::ostringstream out;
    return admin::run_admin(args, in, out, out);
}

void store_session(store::store& s, const std::string& pseudonym, const std::vector<unsigned char>& token)
{
    std::vector<unsigned char> hash(crypto_generichash_BYTES);
    crypto_generichash(hash.data(), hash.size(), token.data(), token.size(), nullptr, 0);
    s.create_session(hash, s.find_account(pseudonym)->id, 4'000'000'000);
}

fs::path make_data_dir()
{
    const auto dir = fs::temp_directory_path() / ("tillit-fuzz-data-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    const auto data = dir / "data";
    const std::string lanes = "support,consultation";
    if (admin(data, {"account", "create", "anna", "--role", "counsellor", "--languages", "sv,en", "--lanes", lanes,
                     "--password-stdin"}, "a counsellor passphrase\n") != 0 ||
        admin(data, {"account", "create", "sara", "--role", "supervisor", "--languages", "sv", "--lanes", lanes,
                     "--password-stdin"}, "a supervisor passphrase\n") != 0 ||
        admin(data, {"account", "create", "omar", "--role", "counsellor", "--languages", "ar", "--lanes", lanes,
                     "--password-stdin"}, "another passphrase\n") != 0 ||
        admin(data, {"root-key", "dev-init", (dir / "root").string()}) != 0)
        std::abort();
    std::vector<std::string> hours = {"hours", "set", "--timezone", "Europe/Stockholm"};
    for (const auto* day : {"--mon", "--tue", "--wed", "--thu", "--fri", "--sat", "--sun"}) {
        hours.emplace_back(day);
        hours.emplace_back("00:00-24:00");
    }
    if (admin(data, hours) != 0) std::abort();
    std::atexit([] { fs::remove_all(fs::temp_directory_path() / ("tillit-fuzz-data-" + std::to_string(::getpid()))); });
    return data;
}

// tillit-server's wiring (app/server.cpp), less the network.
struct server {
    fs::path data = make_data_dir();
    config::config cfg = [this] {
        config::config c;
        c.data_dir = data;
        c.login_failure_delay = std::chrono::milliseconds(0);  // nothing to gain from waiting here
        return c;
    }();
    asio::io_context ioc{1};
    store::store_service db{(data / "tillit.db").string()};
    app::stats_recorder recorder{db};
    metrics::server_metrics metrics;
    auth::server_secret secret = auth::server_secret::load_or_create(data);
    auth::login_service logins{db, cfg, secret};
    app::service_hours hours;
    std::shared_ptr<chat::pairing_actor> actor;
    auth::dev_certifier certifier{data.parent_path() / "root" / "root-key.secret"};
    std::shared_ptr<mailbox::mailbox_service> letters;
    std::unique_ptr<app::connection_services> services;

    server()
    {
        db.call([](store::store& s) {
            store_session(s, "anna", counsellor_token);
            store_session(s, "sara", supervisor_token);
        });
        db.call([this](store::store& s) { hours.refresh(s); });
        actor = std::make_shared<chat::pairing_actor>(
            ioc.get_executor(),
            chat::pairing_actor::settings{{cfg.language_fallback, cfg.counsellor_grace, std::chrono::minutes(30)},
                                          cfg.seeker_grace, cfg.max_capacity, cfg.block_duration},
            secret, [this](chat::lane l, bool anyone_on_duty) { return hours.check(l, anyone_on_duty); },
            std::make_shared<app::activity_statistics>(recorder, metrics));
        actor->start();
        letters = std::make_shared<mailbox::mailbox_service>(
            db, mailbox::mailbox_service::settings{}, app::mailbox_statistics(recorder, actor), [] {
                return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                    .count();
            });
        services = std::make_unique<app::connection_services>(
            app::connection_services{logins, actor, db, &certifier, recorder, cfg.report_min_count, letters});
    }
};

// Never destroyed: its threads may still be busy when the fuzzer exits.
server& the_server()
{
    static server* s = [] {
        log::set_min_level(log::level::error);
        return new server;
    }();
    return *s;
}

// One WebSocket as websocket_session::run drives its handler, less the socket: the session's
// queue collects what the server sends.
struct connection {
    std::shared_ptr<net::websocket_session> session;
    std::unique_ptr<app::connection_router> router;

    explicit connection(server& s, unsigned char who)
        : session(std::make_shared<net::websocket_session>(boost::beast::tcp_stream(asio::make_strand(s.ioc)), s.cfg,
                                                           net::client_key{who}, &s.metrics)),
          router(std::make_unique<app::connection_router>(*session, *s.services))
    {
    }

    // Handles one frame to the end, as the read loop does (an exception costs only that message).
    void deliver(server& s, const std::string& text)
    {
        bool done = false;
        asio::co_spawn(session->get_executor(), router->on_text(text), [&done](const std::exception_ptr& failure) {
            done = true;
            if (!failure) return;
            try {
                std::rethrow_exception(failure);
            } catch (const std::exception&) {  // answered "internal" by the real session
            }
        });
        while (!done) s.ioc.run_one_for(std::chrono::milliseconds(50));
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    auto& s = the_server();
    connection first(s, 1);
    connection second(s, 2);
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    for (int frames = 0; !rest.empty() && frames < 32; ++frames) {
        const auto end = rest.find('\n');
        auto line = rest.substr(0, end);
        rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
        auto* to = &first;
        if (!line.empty() && (line.front() == '0' || line.front() == '1')) {
            if (line.front() == '1') to = &second;
            line.remove_prefix(1);
        }
        to->deliver(s, std::string(line));
    }
    first.router->on_closed();
    second.router->on_closed();
    s.ioc.poll();
    return 0;
}

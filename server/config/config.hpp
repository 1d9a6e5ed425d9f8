// config: every setting of tillit-server, read from an optional file and then from command-line
// flags (flags win; of two equal flags the last wins). The same names serve both: `--web-root DIR`
// on the command line is `web-root = DIR` in the file. `--help` lists them all with their
// defaults. Parsed with Boost.Program_options; the options themselves are in option_table.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <boost/system/result.hpp>

#include "config/config_error.hpp"

namespace tillit::config {

enum class log_level { debug, info, warn, error };

struct config {
    std::string listen_address = "127.0.0.1";
    std::uint16_t port = 8080;                        // 0 picks a free port (tests)
    std::filesystem::path data_dir = "data";          // database and the server's own secret
    std::filesystem::path web_root = "web-client/dist";
    unsigned threads = 0;                             // 0: one per core
    std::vector<std::string> allowed_origins;         // empty: same origin as the Host header only
    // Reverse proxies whose X-Forwarded-For names the client, for blocks only (in memory, never written).
    std::vector<std::string> trusted_proxies;
    // TLS in the server itself (both or neither; PEM files). Empty: plain HTTP, for behind a proxy.
    std::filesystem::path tls_certificate;            // the certificate chain, leaf first
    std::filesystem::path tls_key;                    // its private key (readable by the service only)

    std::size_t max_connections = 19000;              // below the 20,000 open files a process may hold
    // WebSockets one client (client_key.hpp) may hold open at once: a school behind one address fits.
    std::size_t max_connections_per_client = 200;
    std::size_t http_max_header_bytes = 8 * 1024;
    std::size_t http_max_body_bytes = 16 * 1024;
    std::chrono::seconds http_request_timeout{10};    // to send one whole request, and the upgrade
    std::chrono::seconds idle_timeout{60};            // an HTTP keep-alive or a silent WebSocket
    std::size_t ws_max_message_bytes = 64 * 1024;     // at most 64 KiB
    std::size_t ws_write_queue_frames = 1024;         // a reader further behind than this is cut off
    unsigned ws_messages_per_second = 50;             // per connection, on average
    unsigned ws_message_burst = 200;                  // per connection, at once
    // A WebSocket message must be whole this long after its first bytes arrived (a trickle is cut off).
    std::chrono::seconds ws_message_deadline{10};
    // A WebSocket that has not joined, resumed or signed in by then is closed (it only held a place).
    std::chrono::seconds purposeless_timeout{120};

    unsigned max_capacity = 5;                        // most chats a counsellor may take at once
    std::chrono::seconds language_fallback{120};      // wait before any-language counsellors may take a chat
    std::chrono::seconds counsellor_grace{60};        // a counsellor away longer loses their chats to the queue
    std::chrono::seconds seeker_grace{120};           // a help-seeker away longer ends their chat
    std::chrono::seconds block_duration{3600};        // a blocked client may not join again for this long
    unsigned joins_per_minute = 30;                   // queue entries one client (or one school behind one address) may start per minute; 0: no limit
    unsigned letters_per_hour = 10;                   // mailbox letters one client may write per hour; 0: no limit
    unsigned mailbox_attempts_per_hour = 10;          // mailbox codes that did not match, per client and hour, before a pause
    std::chrono::minutes mailbox_claim{5};            // how long opening a thread keeps it for one counsellor

    std::chrono::seconds session_ttl{12 * 3600};      // counsellor and supervisor login sessions
    unsigned login_max_concurrent = 2;                // Argon2id checks at once (64 MiB each)
    unsigned login_max_queued = 64;                   // logins waiting for a check; more get "busy"
    unsigned login_max_failures = 5;                  // failures per account before a lockout
    std::chrono::seconds login_lockout{300};          // first lockout; doubles on each further failure
    std::chrono::milliseconds login_failure_delay{1000};  // every failed login answers this late

    unsigned stats_retention_days = 400;              // hourly statistics older than this are deleted
    unsigned report_min_count = 5;                    // report counts below this are shown as "<N"
    // A bearer token that opens /metrics from anywhere (Authorization: Bearer …); empty: only a
    // loopback peer that came through no proxy may read it.
    std::string metrics_token;

    log_level min_log_level = log_level::info;
    // Lines of one event per minute; past it they are counted into one summary line a minute.
    unsigned log_lines_per_event = 20;

    // DEVELOPMENT ONLY: certify uploaded counsellor keys at once with this root key file.
    std::filesystem::path dev_root_key_file;

    // The number of worker threads actually used (resolves 0).
    [[nodiscard]] unsigned worker_threads() const;
    // Whether the server speaks TLS itself (tls-certificate and tls-key are set).
    [[nodiscard]] bool tls() const { return !tls_certificate.empty(); }
};

// What the command line asks for: a configuration to run with, or only the help text.
struct command_line {
    config settings;
    bool help_requested = false;  // --help or -h: print help_text() and exit 0
};

// Parses argv (without argv[0]). A `--config FILE` flag is read first wherever it appears.
// Returns the configuration or an error whose message names the bad flag, line or value.
[[nodiscard]] boost::system::result<command_line, config_error> parse_command_line(const std::vector<std::string>& args);

// Applies the `key = value` lines of a configuration file's text to `into` ('#' starts a comment).
// Returns an error naming the line for an unknown key or a bad value.
[[nodiscard]] boost::system::result<void, config_error> apply_config_text(std::string_view text, config& into);

[[nodiscard]] std::string help_text();

} // namespace tillit::config

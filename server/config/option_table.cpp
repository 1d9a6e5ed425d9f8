// option_table: the table of tillit-server's options with their checks (see option_table.hpp).
#include "config/option_table.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include <arpa/inet.h>

#include <boost/algorithm/string/classification.hpp>
#include <boost/algorithm/string/join.hpp>
#include <boost/algorithm/string/split.hpp>
#include <boost/algorithm/string/trim.hpp>

namespace tillit::config {

namespace {



template <class Int>
std::optional<Int> parse_integer(std::string_view text, Int min, Int max)
{
    Int value{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) return std::nullopt;
    return value;
}

template <class Int, class Member>
option integer_option(std::string_view name, std::string_view description, Member member, Int min, Int max)
{
    return {name, description,
            [=](config& c, std::string_view v) -> std::optional<std::string> {
                const auto parsed = parse_integer<Int>(v, min, max);
                if (!parsed) return "expects a whole number from " + std::to_string(min) + " to " + std::to_string(max);
                c.*member = *parsed;
                return std::nullopt;
            },
            [=](const config& c) { return std::to_string(c.*member); }};
}

template <class Duration>
option duration_option(std::string_view name, std::string_view description, Duration config::*member, long long max,
                       long long min = 0)
{
    return {name, description,
            [=](config& c, std::string_view v) -> std::optional<std::string> {
                const auto parsed = parse_integer<long long>(v, min, max);
                if (!parsed) return "expects a whole number from " + std::to_string(min) + " to " + std::to_string(max);
                c.*member = Duration(*parsed);
                return std::nullopt;
            },
            [=](const config& c) { return std::to_string((c.*member).count()); }};
}


// "a, b,,c" -> {"a", "b", "c"}: items trimmed, empty ones dropped.
std::vector<std::string> split_list(std::string_view text)
{
    std::vector<std::string> items;
    boost::algorithm::split(items, text, boost::algorithm::is_any_of(","));
    for (auto& item : items) boost::algorithm::trim(item);
    std::erase_if(items, [](const std::string& item) { return item.empty(); });
    return items;
}

} // namespace

const std::vector<option>& options()
{
    static const std::vector<option> table = {
        {"listen-address", "address to listen on (keep 127.0.0.1 behind a reverse proxy)",
         [](config& c, std::string_view v) -> std::optional<std::string> {
             if (v.empty()) return "expects an IP address";
             c.listen_address = std::string(v);
             return std::nullopt;
         },
         [](const config& c) { return c.listen_address; }},
        integer_option<std::uint16_t>("port", "TCP port; 0 picks a free one", &config::port, 0, 65535),
        {"data-dir", "folder for the SQLite database and the server's secret",
         [](config& c, std::string_view v) -> std::optional<std::string> {
             if (v.empty()) return "expects a folder";
             c.data_dir = std::string(v);
             return std::nullopt;
         },
         [](const config& c) { return c.data_dir.string(); }},
        {"web-root", "folder of the built web client",
         [](config& c, std::string_view v) -> std::optional<std::string> {
             if (v.empty()) return "expects a folder";
             c.web_root = std::string(v);
             return std::nullopt;
         },
         [](const config& c) { return c.web_root.string(); }},
        {"tls-certificate", "PEM certificate chain for TLS in the server (with tls-key); empty: plain HTTP behind a proxy",
         [](config& c, std::string_view v) -> std::optional<std::string> {
             c.tls_certificate = std::string(v);
             return std::nullopt;
         },
         [](const config& c) { return c.tls_certificate.string(); }},
        {"tls-key", "PEM private key of tls-certificate",
         [](config& c, std::string_view v) -> std::optional<std::string> {
             c.tls_key = std::string(v);
             return std::nullopt;
         },
         [](const config& c) { return c.tls_key.string(); }},
        integer_option<unsigned>("threads", "worker threads; 0 means one per core", &config::threads, 0, 256),
        {"allowed-origins", "comma-separated origins allowed to open a WebSocket; empty means same origin only",
         [](config& c, std::string_view v) -> std::optional<std::string> {
             c.allowed_origins = split_list(v);
             for (const auto& origin : c.allowed_origins)
                 if (!origin.starts_with("http://") && !origin.starts_with("https://"))
                     return "expects origins such as https://chat.example.org";
             return std::nullopt;
         },
         [](const config& c) { return boost::algorithm::join(c.allowed_origins, ","); }},
        {"trusted-proxies", "comma-separated addresses of reverse proxies whose X-Forwarded-For names the client "
                            "(used in memory only, to tell clients apart for blocks); empty: none",
         [](config& c, std::string_view v) -> std::optional<std::string> {
             c.trusted_proxies = split_list(v);
             for (const auto& address : c.trusted_proxies) {
                 std::array<unsigned char, 16> parsed{};
                 if (inet_pton(AF_INET, address.c_str(), parsed.data()) != 1 && inet_pton(AF_INET6, address.c_str(), parsed.data()) != 1)
                     return "expects IP addresses such as 127.0.0.1 or ::1";
             }
             return std::nullopt;
         },
         [](const config& c) { return boost::algorithm::join(c.trusted_proxies, ","); }},
        integer_option<std::size_t>("max-connections", "open connections at most", &config::max_connections, 1, 19500),
        integer_option<std::size_t>("max-connections-per-client",
                                    "WebSockets one client (an address, or the client a trusted proxy names) may hold "
                                    "open; more get HTTP 429",
                                    &config::max_connections_per_client, 1, 19500),
        integer_option<std::size_t>("http-max-header-bytes", "largest HTTP request header", &config::http_max_header_bytes,
                                    512, 64 * 1024),
        integer_option<std::size_t>("http-max-body-bytes", "largest HTTP request body", &config::http_max_body_bytes, 0,
                                    1024 * 1024),
        duration_option("http-request-timeout", "seconds to send a whole HTTP request or upgrade",
                        &config::http_request_timeout, 3600),
        duration_option("idle-timeout", "seconds an idle connection is kept", &config::idle_timeout, 86400),
        integer_option<std::size_t>("ws-max-message-bytes", "largest WebSocket message (at most 65536)",
                                    &config::ws_max_message_bytes, 256, 64 * 1024),
        integer_option<std::size_t>("ws-write-queue-frames", "frames queued for a slow reader before it is cut off",
                                    &config::ws_write_queue_frames, 1, 100000),
        integer_option<unsigned>("ws-messages-per-second", "messages a connection may send per second on average",
                                 &config::ws_messages_per_second, 1, 100000),
        integer_option<unsigned>("ws-message-burst", "messages a connection may send at once",
                                 &config::ws_message_burst, 1, 100000),
        duration_option("ws-message-deadline",
                        "seconds a WebSocket message may take from its first bytes to its last; slower: cut off",
                        &config::ws_message_deadline, 3600, 1),
        duration_option("purposeless-timeout",
                        "seconds a WebSocket may stay open without joining, resuming or signing in",
                        &config::purposeless_timeout, 86400, 1),
        integer_option<unsigned>("max-capacity", "most chats a counsellor may take at once", &config::max_capacity, 1, 50),
        duration_option("language-fallback", "seconds before a counsellor of another language may take a chat",
                        &config::language_fallback, 86400),
        duration_option("counsellor-grace", "seconds a counsellor may be away before their chats go back to the queue",
                        &config::counsellor_grace, 3600),
        duration_option("seeker-grace", "seconds a help-seeker may be away before their chat ends",
                        &config::seeker_grace, 3600),
        duration_option("block-duration", "seconds a client blocked by a counsellor may not start a new chat",
                        &config::block_duration, 7 * 86400),
        integer_option<unsigned>("joins-per-minute", "queue entries one client may start per minute (0: no limit)",
                                 &config::joins_per_minute, 0, 10000),
        integer_option<unsigned>("letters-per-hour", "mailbox letters one client may write per hour (0: no limit)",
                                 &config::letters_per_hour, 0, 10000),
        integer_option<unsigned>("mailbox-attempts-per-hour",
                                 "mailbox codes that did not match one client may try per hour before a pause",
                                 &config::mailbox_attempts_per_hour, 1, 10000),
        duration_option("mailbox-claim-minutes", "minutes opening a letter keeps it for one counsellor",
                        &config::mailbox_claim, 120, 1),
        duration_option("session-ttl", "seconds a staff login session lasts", &config::session_ttl, 30 * 86400),
        integer_option<unsigned>("login-max-concurrent", "Argon2id login checks at once (64 MiB each)",
                                 &config::login_max_concurrent, 1, 64),
        integer_option<unsigned>("login-max-queued", "logins waiting for a check before new ones are told to retry",
                                 &config::login_max_queued, 1, 100000),
        integer_option<unsigned>("login-max-failures", "failed logins per account before it is locked for a while",
                                 &config::login_max_failures, 1, 1000),
        duration_option("login-lockout", "seconds of the first lockout (doubles each further failure)",
                        &config::login_lockout, 86400),
        duration_option("login-failure-delay-ms", "milliseconds every failed login waits before its answer",
                        &config::login_failure_delay, 60000),
        integer_option<unsigned>("stats-retention-days", "days the hourly statistics are kept (older hours are deleted)",
                                 &config::stats_retention_days, 1, 3660),
        integer_option<unsigned>("report-min-count",
                                 "counts from 1 to this minus 1 are shown as \"<N\" in reports (3 to 1000)",
                                 &config::report_min_count, 3, 1000),
        {"metrics-token", "bearer token that opens /metrics from anywhere; empty: loopback only (prefer the config file)",
         [](config& c, std::string_view v) -> std::optional<std::string> {
             const bool printable = std::all_of(v.begin(), v.end(), [](char ch) { return ch > ' ' && ch < 0x7f; });
             if (!v.empty() && (v.size() < 16 || v.size() > 256 || !printable))
                 return "expects nothing, or 16 to 256 printable characters without spaces";
             c.metrics_token = std::string(v);
             return std::nullopt;
         },
         // Never shown: --help prints only defaults, but a secret has no business in any output.
         [](const config& c) { return c.metrics_token.empty() ? std::string() : std::string("(set)"); }},
        {"dev-root-key-file", "DEVELOPMENT ONLY, UNSAFE FOR PRODUCTION: certify counsellor keys at once with this root key",
         [](config& c, std::string_view v) -> std::optional<std::string> {
             c.dev_root_key_file = std::string(v);
             return std::nullopt;
         },
         [](const config& c) { return c.dev_root_key_file.string(); }},
        integer_option<unsigned>("log-lines-per-event",
                                 "log lines of one event per minute; the rest are counted in one summary line",
                                 &config::log_lines_per_event, 1, 1000000),
        {"log-level", "debug, info, warn or error",
         [](config& c, std::string_view v) -> std::optional<std::string> {
             if (v == "debug") c.min_log_level = log_level::debug;
             else if (v == "info") c.min_log_level = log_level::info;
             else if (v == "warn") c.min_log_level = log_level::warn;
             else if (v == "error") c.min_log_level = log_level::error;
             else return "expects debug, info, warn or error";
             return std::nullopt;
         },
         [](const config& c) {
             constexpr std::string_view names[] = {"debug", "info", "warn", "error"};
             return std::string(names[static_cast<int>(c.min_log_level)]);
         }},
    };
    return table;
}

const option* find_option(std::string_view name)
{
    for (const auto& o : options())
        if (o.name == name) return &o;
    return nullptr;
}


} // namespace tillit::config

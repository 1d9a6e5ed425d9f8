// Configuration parsing: one table of options drives the file parser, the flag parser and --help.
#include "config/config.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <thread>

#include <arpa/inet.h>

namespace tillit::config {

namespace {

using setter = std::function<std::optional<std::string>(config&, std::string_view)>;
using printer = std::function<std::string(const config&)>;

struct option {
    std::string_view name;
    std::string_view description;
    setter set;
    printer show;
};

std::string_view trim(std::string_view s)
{
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t\r");
    return s.substr(first, last - first + 1);
}

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

std::vector<std::string> split_list(std::string_view text)
{
    std::vector<std::string> items;
    while (!text.empty()) {
        const auto comma = text.find(',');
        const auto item = trim(text.substr(0, comma));
        if (!item.empty()) items.emplace_back(item);
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return items;
}

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
         [](const config& c) {
             std::string joined;
             for (const auto& origin : c.allowed_origins) joined += (joined.empty() ? "" : ",") + origin;
             return joined;
         }},
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
         [](const config& c) {
             std::string joined;
             for (const auto& address : c.trusted_proxies) joined += (joined.empty() ? "" : ",") + address;
             return joined;
         }},
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

} // namespace

unsigned config::worker_threads() const
{
    if (threads != 0) return threads;
    const unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : cores;
}

std::string help_text()
{
    const config defaults;
    std::ostringstream out;
    out << "Usage: tillit-server [--config FILE] [--OPTION VALUE]...\n\n"
           "The anonymous, end-to-end encrypted support chat server. Every option can also be set\n"
           "in the file given by --config as a line 'OPTION = VALUE'; flags win over the file.\n\n"
           "  --config FILE\n      read options from FILE first\n";
    for (const auto& o : options())
        out << "  --" << o.name << " VALUE\n      " << o.description << " (default: " << o.show(defaults) << ")\n";
    out << "  --help\n      show this text\n";
    return out.str();
}

std::variant<std::monostate, config_error> apply_config_text(std::string_view text, config& into)
{
    int line_number = 0;
    while (!text.empty()) {
        ++line_number;
        const auto newline = text.find('\n');
        auto line = text.substr(0, newline);
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
        if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
        line = trim(line);
        if (line.empty()) continue;
        const auto equals = line.find('=');
        const auto where = "line " + std::to_string(line_number) + ": ";
        if (equals == std::string_view::npos) return config_error{where + "expected 'option = value'"};
        const auto key = trim(line.substr(0, equals));
        const auto* o = find_option(key);
        if (o == nullptr) return config_error{where + "unknown option '" + std::string(key) + "'"};
        if (auto error = o->set(into, trim(line.substr(equals + 1))))
            return config_error{where + std::string(key) + " " + *error};
    }
    return std::monostate{};
}

std::variant<config, help_requested, config_error> parse_command_line(const std::vector<std::string>& args)
{
    config result;
    // Split "--name=value" and "--name value" into pairs first, so that --config can be applied
    // before the other flags whatever its position.
    std::vector<std::pair<std::string, std::string>> flags;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view arg = args[i];
        if (arg == "--help" || arg == "-h") return help_requested{help_text()};
        if (!arg.starts_with("--")) return config_error{"unexpected argument '" + args[i] + "' (see --help)"};
        arg.remove_prefix(2);
        if (const auto equals = arg.find('='); equals != std::string_view::npos) {
            flags.emplace_back(std::string(arg.substr(0, equals)), std::string(arg.substr(equals + 1)));
        } else {
            if (i + 1 >= args.size()) return config_error{"--" + std::string(arg) + " needs a value"};
            flags.emplace_back(std::string(arg), args[++i]);
        }
    }
    for (const auto& [name, value] : flags) {
        if (name != "config") continue;
        std::ifstream file(value);
        if (!file) return config_error{"cannot read the configuration file " + value};
        std::ostringstream contents;
        contents << file.rdbuf();
        if (auto applied = apply_config_text(contents.str(), result); std::holds_alternative<config_error>(applied))
            return config_error{value + ": " + std::get<config_error>(applied).message};
    }
    for (const auto& [name, value] : flags) {
        if (name == "config") continue;
        const auto* o = find_option(name);
        if (o == nullptr) return config_error{"unknown option --" + name + " (see --help)"};
        if (auto error = o->set(result, value)) return config_error{"--" + name + " " + *error};
    }
    // Half a TLS set-up would silently serve plain HTTP where the operator asked for TLS.
    if (result.tls_certificate.empty() != result.tls_key.empty())
        return config_error{"tls-certificate and tls-key go together: give both (TLS in the server) or neither"};
    return result;
}

} // namespace tillit::config

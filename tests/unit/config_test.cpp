// Unit: configuration from a file and from flags, their precedence, and clear errors.
#include "config/config.hpp"
#include "config/option_table.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "support/temp_dir.hpp"

namespace tillit::config {
namespace {

config parse_ok(const std::vector<std::string>& args)
{
    auto parsed = parse_command_line(args);
    if (!parsed) ADD_FAILURE() << parsed.error().message;
    return parsed ? parsed->settings : config{};
}

std::string parse_error(const std::vector<std::string>& args)
{
    auto parsed = parse_command_line(args);
    return parsed ? "" : parsed.error().message;
}

TEST(Config, DefaultsAreSafe)
{
    const auto c = parse_ok({});
    EXPECT_EQ(c.listen_address, "127.0.0.1");
    EXPECT_LE(c.ws_max_message_bytes, 64u * 1024);
    EXPECT_TRUE(c.allowed_origins.empty());
    EXPECT_GE(c.worker_threads(), 1u);
}

TEST(Config, FlagsInBothSpellings)
{
    const auto c = parse_ok({"--port", "9000", "--web-root=/srv/web", "--allowed-origins", "https://a.example, https://b.example",
                             "--idle-timeout", "30", "--log-level", "debug"});
    EXPECT_EQ(c.port, 9000);
    EXPECT_EQ(c.web_root, "/srv/web");
    EXPECT_EQ(c.allowed_origins, (std::vector<std::string>{"https://a.example", "https://b.example"}));
    EXPECT_EQ(c.idle_timeout, std::chrono::seconds(30));
    EXPECT_EQ(c.min_log_level, log_level::debug);
}

TEST(Config, FileIsReadFirstAndFlagsWin)
{
    tillit::test::temp_dir dir;
    const auto file = dir.path() / "tillit.conf";
    std::ofstream(file) << "# Tillit\nport = 7000\n  data-dir = /var/lib/tillit  # state\n\nthreads=3\n";
    const auto c = parse_ok({"--port", "7001", "--config", file.string()});
    EXPECT_EQ(c.port, 7001);
    EXPECT_EQ(c.data_dir, "/var/lib/tillit");
    EXPECT_EQ(c.threads, 3u);
}

TEST(Config, BadInputNamesWhatIsWrong)
{
    EXPECT_NE(parse_error({"--port", "70000"}).find("--port"), std::string::npos);
    EXPECT_NE(parse_error({"--port", "12ab"}).find("whole number"), std::string::npos);
    EXPECT_NE(parse_error({"--no-such-option", "1"}).find("unknown option --no-such-option"), std::string::npos);
    EXPECT_NE(parse_error({"--port"}).find("needs a value"), std::string::npos);
    EXPECT_NE(parse_error({"--ws-max-message-bytes", "1000000"}).find("65536"), std::string::npos);
    EXPECT_NE(parse_error({"--allowed-origins", "evil.example"}).find("https://"), std::string::npos);
    EXPECT_NE(parse_error({"--config", "/no/such/file"}).find("cannot read"), std::string::npos);
    EXPECT_NE(parse_error({"stray"}).find("unexpected argument"), std::string::npos);

    config c;
    auto bad_line = apply_config_text("port = 1\nthis line is wrong\n", c);
    ASSERT_FALSE(bad_line);
    EXPECT_NE(bad_line.error().message.find("line 2"), std::string::npos);
    auto unknown = apply_config_text("colour = blue\n", c);
    ASSERT_FALSE(unknown);
    EXPECT_NE(unknown.error().message.find("unknown option 'colour'"), std::string::npos);
}

TEST(Config, HelpListsEveryOptionWithItsDefault)
{
    auto parsed = parse_command_line({"--web-root", "x", "--help"});
    ASSERT_TRUE(parsed && parsed->help_requested);
    const auto text = help_text();
    for (const auto* option : {"--listen-address", "--port", "--data-dir", "--web-root", "--threads", "--allowed-origins",
                               "--http-max-header-bytes", "--http-max-body-bytes", "--http-request-timeout",
                               "--idle-timeout", "--ws-max-message-bytes", "--ws-write-queue-frames", "--config",
                               "--login-max-concurrent", "--session-ttl"})
        EXPECT_NE(text.find(option), std::string::npos) << option;
    EXPECT_NE(text.find("(default: 127.0.0.1)"), std::string::npos);
}

TEST(Config, StatisticsAndMetricsOptions)
{
    const auto defaults = parse_ok({});
    EXPECT_EQ(defaults.stats_retention_days, 400u);
    EXPECT_EQ(defaults.report_min_count, 5u);
    EXPECT_TRUE(defaults.metrics_token.empty()) << "token access is off unless configured";

    const auto c = parse_ok({"--stats-retention-days", "30", "--report-min-count=10", "--metrics-token", "0123456789abcdef"});
    EXPECT_EQ(c.stats_retention_days, 30u);
    EXPECT_EQ(c.report_min_count, 10u);
    EXPECT_EQ(c.metrics_token, "0123456789abcdef");

    config from_file;
    ASSERT_TRUE(apply_config_text("metrics-token = s3cret-token-from-the-file\n", from_file));
    EXPECT_EQ(from_file.metrics_token, "s3cret-token-from-the-file");

    EXPECT_FALSE(parse_error({"--stats-retention-days", "0"}).empty());
    EXPECT_FALSE(parse_error({"--report-min-count", "2"}).empty()) << "\"<2\" would say \"exactly 1\"";
    EXPECT_FALSE(parse_error({"--report-min-count", "1001"}).empty());
    EXPECT_NE(parse_error({"--metrics-token", "short"}).find("16 to 256"), std::string::npos);
    EXPECT_FALSE(parse_error({"--metrics-token", "has a space in it, long enough"}).empty());
    EXPECT_TRUE(parse_ok({"--metrics-token", ""}).metrics_token.empty());

    ASSERT_TRUE(parse_command_line({"--metrics-token", "0123456789abcdef", "--help"})->help_requested);
    const auto help = help_text();
    for (const auto* option : {"--stats-retention-days", "--report-min-count", "--metrics-token"})
        EXPECT_NE(help.find(option), std::string::npos) << option;
    EXPECT_EQ(help.find("0123456789abcdef"), std::string::npos) << "a token is never printed";
}

TEST(Config, TlsNeedsBothFilesOrNeither)
{
    EXPECT_FALSE(parse_ok({}).tls());
    const auto c = parse_ok({"--tls-certificate", "/etc/tillit/tls/fullchain.pem", "--tls-key", "/etc/tillit/tls/privkey.pem"});
    EXPECT_TRUE(c.tls());
    EXPECT_EQ(c.tls_key, "/etc/tillit/tls/privkey.pem");
    EXPECT_NE(parse_error({"--tls-certificate", "cert.pem"}).find("tls-certificate and tls-key go together"), std::string::npos);
    EXPECT_NE(parse_error({"--tls-key", "key.pem"}).find("go together"), std::string::npos);
}

TEST(Config, TrustedProxiesAreAddressesAndNoneByDefault)
{
    EXPECT_TRUE(parse_ok({}).trusted_proxies.empty());
    EXPECT_EQ(parse_ok({"--trusted-proxies", "127.0.0.1, ::1"}).trusted_proxies, (std::vector<std::string>{"127.0.0.1", "::1"}));
    EXPECT_NE(parse_error({"--trusted-proxies", "proxy.example.org"}).find("trusted-proxies"), std::string::npos);
    EXPECT_NE(parse_error({"--trusted-proxies", "10.0.0.0/8"}), "") << "single addresses, not ranges";
}

TEST(Config, LimitsAgainstOneClientHoldingTheServer)
{
    const auto defaults = parse_ok({});
    EXPECT_EQ(defaults.max_connections_per_client, 200u);
    EXPECT_EQ(defaults.ws_message_deadline, std::chrono::seconds(10));
    EXPECT_EQ(defaults.purposeless_timeout, std::chrono::seconds(120));
    EXPECT_EQ(defaults.log_lines_per_event, 20u);

    tillit::test::temp_dir dir;
    const auto file = dir.path() / "tillit.conf";
    std::ofstream(file) << "max-connections-per-client = 50\nws-message-deadline = 4\npurposeless-timeout = 30\n"
                           "log-lines-per-event = 5\n";
    const auto c = parse_ok({"--config", file.string(), "--purposeless-timeout", "60"});
    EXPECT_EQ(c.max_connections_per_client, 50u);
    EXPECT_EQ(c.ws_message_deadline, std::chrono::seconds(4));
    EXPECT_EQ(c.purposeless_timeout, std::chrono::seconds(60));
    EXPECT_EQ(c.log_lines_per_event, 5u);

    // Zero would close every connection at once (or refuse every one).
    EXPECT_NE(parse_error({"--ws-message-deadline", "0"}).find("from 1 to"), std::string::npos);
    EXPECT_NE(parse_error({"--purposeless-timeout", "0"}).find("from 1 to"), std::string::npos);
    EXPECT_NE(parse_error({"--max-connections-per-client", "0"}).find("from 1 to"), std::string::npos);
    for (const auto* name : {"--max-connections-per-client VALUE", "--ws-message-deadline VALUE",
                             "--purposeless-timeout VALUE", "--log-lines-per-event VALUE"})
        EXPECT_NE(help_text().find(name), std::string::npos) << name;
}

TEST(Config, HelpNamesEveryOptionOfTheTableWithMeaningAndDefault)
{
    ASSERT_TRUE(parse_command_line({"-h"}).value().help_requested);
    const auto text = help_text();
    const config defaults;
    for (const auto& o : options()) {
        const auto at = text.find("--" + std::string(o.name) + " VALUE\n      " + std::string(o.description));
        ASSERT_NE(at, std::string::npos) << o.name;
        EXPECT_NE(text.find("(default: " + o.show(defaults) + ")", at), std::string::npos) << o.name;
    }
}

TEST(Config, FlagsAreWholeNamesAndTheLastOfTwoWins)
{
    // Program_options would take an abbreviation for the one option it starts; a typo must not.
    EXPECT_NE(parse_error({"--por", "9000"}).find("unknown option --por"), std::string::npos);
    EXPECT_NE(parse_error({"-p", "9000"}).find("unexpected argument '-p'"), std::string::npos);
    EXPECT_EQ(parse_ok({"--port", "9000", "--port=9001"}).port, 9001);
    EXPECT_NE(parse_error({"--idle-timeout", "soon"}).find("--idle-timeout expects a whole number"), std::string::npos);
    // An empty value in both spellings: "no token".
    EXPECT_TRUE(parse_ok({"--metrics-token=0123456789abcdef", "--metrics-token="}).metrics_token.empty());
    EXPECT_TRUE(parse_ok({"--metrics-token", ""}).metrics_token.empty());
}

TEST(Config, FileErrorsNameTheFileAndLine)
{
    tillit::test::temp_dir dir;
    const auto file = dir.path() / "tillit.conf";
    std::ofstream(file) << "port = 7000\n[section]\n";
    EXPECT_NE(parse_error({"--config", file.string()}).find(file.string() + ": line 2: expected 'option = value'"), std::string::npos);
    std::ofstream(file, std::ios::trunc) << "# comment only\n\nport = 99999\n";
    EXPECT_NE(parse_error({"--config", file.string()}).find("line 3: port expects a whole number"), std::string::npos);
    std::ofstream(file, std::ios::trunc) << "config = other.conf\n";
    EXPECT_NE(parse_error({"--config", file.string()}).find("line 1: unknown option 'config'"), std::string::npos);
}

} // namespace
} // namespace tillit::config

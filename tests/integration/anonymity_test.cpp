// Integration: anonymity canaries. A whole encrypted chat from a distinct loopback address
// (127.0.0.77) with a marker user agent and marker plaintext, the pages and the mistakes a browser
// makes; then every file the server wrote (its log, the database, the write-ahead log, anything in
// its data folder, also while it still runs) is searched for the markers, in text, hex and raw
// bytes. The same for a whole mailbox round, its backup included, with the return code and its
// proof as markers too. And behind a trusted proxy: the forwarded address tells clients apart for blocks, in
// memory only, and is written nowhere.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <sstream>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include "support/chat_clients.hpp"
#include "support/e2e_chat.hpp"
#include "support/mailbox_parties.hpp"
#include "support/server_process.hpp"
#include "support/staff_login.hpp"
#include "tillit/crypto/encoding.hpp"
#include "tillit/crypto/return_code.hpp"

namespace tillit::test {
namespace {

namespace asio = boost::asio;

constexpr auto password = "counsellor passphrase";
constexpr auto source = "127.0.0.77";
constexpr auto user_agent = "Mozilla/5.0 (CanaryPhone; tillit-anonymity-marker-5e1d)";

std::string text(const boost::json::value& v) { return std::string(v.as_string()); }

std::string read_all(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// Everything the server has written: its log and every file in its data folder.
std::vector<std::pair<std::string, std::string>> written_by(const server_process& server, const std::string& earlier_log = {})
{
    std::vector<std::pair<std::string, std::string>> files = {{"log", earlier_log + server.log()}};
    for (const auto& entry : std::filesystem::recursive_directory_iterator(server.data_dir()))
        if (entry.is_regular_file()) files.emplace_back(entry.path().filename().string(), read_all(entry.path()));
    return files;
}

// An address as text, as its four raw bytes, and as hex: the forms a careless program writes.
std::vector<std::string> address_forms(const std::string& dotted)
{
    const auto bytes = asio::ip::make_address_v4(dotted).to_bytes();
    std::string raw(bytes.begin(), bytes.end());
    std::ostringstream hex;
    for (const auto b : bytes) hex << std::hex << (b < 16 ? "0" : "") << int(b);
    return {dotted, raw, hex.str()};
}

void expect_no_marker(const std::vector<std::pair<std::string, std::string>>& files, const std::vector<std::string>& markers)
{
    for (const auto& [file, contents] : files)
        for (const auto& marker : markers)
            EXPECT_EQ(contents.find(marker), std::string::npos)
                << "the marker " << ::testing::PrintToString(marker) << " was found in " << file;
}

// A page load from `from`, with the marker user agent; returns the status line.
std::string http_get_from(const std::string& from, std::uint16_t port, const std::string& target)
{
    asio::io_context ioc;
    asio::ip::tcp::socket socket(ioc);
    socket.open(asio::ip::tcp::v4());
    socket.bind({asio::ip::make_address(from), 0});
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    asio::write(socket, asio::buffer("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: " + user_agent +
                                     "\r\nConnection: close\r\n\r\n"));
    std::string answer;
    boost::system::error_code ec;
    asio::read(socket, asio::dynamic_buffer(answer), ec);
    return answer.substr(0, answer.find("\r\n"));
}

TEST(Anonymity, AChatFromADistinctAddressLeavesNoTraceOfItAnywhere)
{
    temp_dir dir;
    e2e_chat e2e(dir.path(), "anna", password);
    auto args = e2e.server_args();
    args.insert(args.end(), {"--log-level", "debug", "--login-failure-delay-ms", "10"});
    server_process server(dir.path(), args);
    const ws_options from_canary{.user_agent = user_agent, .source_address = source};
    const std::vector<std::string> plaintexts = {
        R"({"type":"message","text":"canary-plaintext-from-seeker 9a4c"})",
        R"({"type":"message","text":"canary-plaintext-from-counsellor 3f7e"})"};

    // The pages, and the mistakes of a browser: a missing file, a foreign origin, a URL token.
    EXPECT_EQ(http_get_from(source, server.port(), "/"), "HTTP/1.1 200 OK");
    EXPECT_EQ(http_get_from(source, server.port(), "/no/such/file?canary=" + std::string(source)), "HTTP/1.1 404 Not Found");
    EXPECT_EQ(ws_client::upgrade_status(server.port(), {.origin = "https://evil.example", .user_agent = user_agent,
                                                        .source_address = source}), 403u);
    EXPECT_EQ(ws_client::upgrade_status(server.port(), {.target = "/ws?canary", .user_agent = user_agent,
                                                        .source_address = source}), 404u);

    // A wrong login and a right one, the counsellor on duty, from the same address.
    ws_client wrong(server.port(), from_canary);
    EXPECT_EQ(log_in(wrong, "anna", "not the passphrase").at("code"), "login_failed");
    ws_client counsellor(server.port(), from_canary);
    e2e.counsellor_on_duty(counsellor, true);

    // The help-seeker: join with every optional choice, the handshake, both ways, the end.
    ws_client seeker(server.port(), from_canary);
    seeker.send_json({{"type", "join"}, {"lane", "support"}, {"language", "sv"}, {"age_band", "13-17"}, {"topic", "honour"}});
    const auto paired = receive_type(seeker, "paired");
    const auto chat = text(paired.at("chat"));
    receive_type(counsellor, "assigned");
    e2e_side s;
    e2e_side k;
    e2e.handshake(seeker, counsellor, chat, 0, paired.at("bundle").as_object(), s, k);
    EXPECT_EQ(e2e_chat::through(seeker, s, counsellor, k, chat, plaintexts[0]), plaintexts[0]);
    EXPECT_EQ(e2e_chat::through(counsellor, k, seeker, s, chat, plaintexts[1]), plaintexts[1]);
    seeker.send_json({{"type", "end"}});
    receive_type(counsellor, "chat_ended");
    counsellor.send_json({{"type", "tags"}, {"chat", chat}, {"outcome", "supported"}});
    receive_type(counsellor, "tags_saved");

    std::vector<std::string> markers = address_forms(source);
    markers.insert(markers.end(), {user_agent, "CanaryPhone", "anonymity-marker", "canary-plaintext", "9a4c", "3f7e"});
    expect_no_marker(written_by(server), markers);  // the write-ahead log as it is while running
    ASSERT_EQ(server.stop(SIGTERM), 0);
    expect_no_marker(written_by(server), markers);  // and everything once it is checkpointed
}

TEST(Anonymity, AMailboxRoundFromADistinctAddressLeavesNoCodeNoTextAndNoAddressInAnyFileOrBackup)
{
    temp_dir dir;
    e2e_chat e2e(dir.path(), "anna", password);
    mailbox_counsellor sam(dir.path() / "data", e2e.root(), "sam", password);
    auto args = e2e.server_args();
    args.insert(args.end(), {"--log-level", "debug"});
    server_process server(dir.path(), args);
    const ws_options from_canary{.user_agent = user_agent, .source_address = source};

    // A letter, a reply, the thread read with the code and a second letter, all from 127.0.0.77.
    {
        ws_client console(server.port(), from_canary);
        sam.sign_in(console);
    }
    const letter_writer writer(e2e.root());
    ws_client page(server.port(), from_canary);
    page.send_json({{"type", "mailbox_roster"}, {"lane", "support"}});
    const auto roster = receive_type(page, "mailbox_roster");
    page.send_json(writer.first_letter(roster, "canary-letter-from-seeker 71b2"));
    receive_type(page, "letter_saved");
    {
        ws_client console(server.port(), from_canary);
        sam.sign_in(console);
        console.send_json({{"type", "thread_open"}, {"box_id", writer.box_id()}});
        console.send_json(sam.reply(receive_type(console, "thread"), "canary-reply-from-counsellor c05d"));
        receive_type(console, "reply_saved");
    }
    page.send_json(writer.with_code("mailbox_open"));
    const auto letters = writer.read(receive_type(page, "thread"));
    ASSERT_EQ(letters.size(), 2u);
    EXPECT_EQ(letters[1].text, "canary-reply-from-counsellor c05d");
    page.send_json(writer.next_letter(roster, 3, "canary-letter-again 0e9f"));
    receive_type(page, "letter_saved");
    const auto backup = dir.path() / "mailbox-backup.db";
    std::string output;
    ASSERT_EQ(admin(server.data_dir(), {"backup", backup.string()}, &output), 0) << output;

    std::vector<std::string> markers = address_forms(source);
    const auto box_auth = *crypto::from_base64(writer.box_auth());
    markers.insert(markers.end(), {user_agent, "CanaryPhone", "canary-letter", "canary-reply", "71b2", "c05d", "0e9f",
                                   writer.code(), crypto::format_return_code(writer.code()), writer.box_auth(),
                                   std::string(box_auth.begin(), box_auth.end()), crypto::to_hex(box_auth)});
    auto files = written_by(server);
    files.emplace_back("backup", read_all(backup));
    expect_no_marker(files, markers);
    ASSERT_EQ(server.stop(SIGTERM), 0);
    expect_no_marker(written_by(server), markers);
}

class BehindAProxy : public ::testing::Test {
protected:
    void start(std::vector<std::string> args)
    {
        create_account(dir.path() / "data", "anna", "counsellor", password);
        open_around_the_clock(dir.path() / "data");
        args.insert(args.end(), {"--log-level", "debug"});
        server = std::make_unique<server_process>(dir.path(), args);
        counsellor = std::make_unique<ws_client>(server->port());
        go_on_duty(*counsellor, "anna", password, 1);
    }

    // A help-seeker whose upgrade came through the proxy on 127.0.0.1 for `forwarded`, or straight from `from`.
    std::unique_ptr<ws_client> seeker(const std::string& forwarded, const std::string& from = "127.0.0.1")
    {
        ws_options options{.user_agent = user_agent, .source_address = from};
        if (!forwarded.empty()) options.headers = {{"X-Forwarded-For", forwarded}};
        return std::make_unique<ws_client>(server->port(), options);
    }

    // Joins; returns "paired", or the error code when refused. A pairing is ended again at once.
    std::string try_join(ws_client& client)
    {
        const auto answer = join(client, "support", "sv", false);
        if (answer.at("type") == "error") return text(answer.at("code"));
        if (answer.at("type") == "paired") {
            const auto chat = text(answer.at("chat"));
            receive_type(*counsellor, "assigned");
            client.send_json({{"type", "end"}});
            receive_type(*counsellor, "chat_ended");
            counsellor->send_json({{"type", "tags"}, {"chat", chat}, {"outcome", "other"}});
            receive_type(*counsellor, "tags_saved");
        }
        return text(answer.at("type"));
    }

    // Pairs a help-seeker with the counsellor, and the counsellor blocks that chat.
    void block(ws_client& client)
    {
        const auto paired = join(client, "support", "sv", false);
        ASSERT_EQ(paired.at("type"), "paired");
        const auto chat = text(paired.at("chat"));
        receive_type(*counsellor, "assigned");
        counsellor->send_json({{"type", "block"}, {"chat", chat}});
        receive_type(*counsellor, "chat_ended");
        counsellor->send_json({{"type", "tags"}, {"chat", chat}, {"outcome", "other"}});
        receive_type(*counsellor, "tags_saved");
    }

    temp_dir dir;
    std::unique_ptr<server_process> server;
    std::unique_ptr<ws_client> counsellor;
};

TEST_F(BehindAProxy, TheForwardedAddressTellsClientsApartAndIsWrittenNowhere)
{
    start({"--trusted-proxies", "127.0.0.1"});
    const std::string forwarded = "203.0.113.77";
    block(*seeker("198.51.100.1, " + forwarded));  // the proxy's own hop is the rightmost

    EXPECT_EQ(try_join(*seeker(forwarded)), "blocked") << "the same client, through the same proxy";
    EXPECT_EQ(try_join(*seeker("203.0.113.78")), "paired") << "another client behind the same proxy";
    EXPECT_EQ(try_join(*seeker("")), "paired") << "the proxy itself is not the blocked client";
    EXPECT_EQ(try_join(*seeker(forwarded, source)), "paired")
        << "an X-Forwarded-For from a peer that is not a trusted proxy is not believed";

    auto markers = address_forms(forwarded);
    markers.insert(markers.end(), {"198.51.100.1", user_agent});
    expect_no_marker(written_by(*server), markers);
    ASSERT_EQ(server->stop(SIGTERM), 0);
    expect_no_marker(written_by(*server), markers);
}

TEST_F(BehindAProxy, WithoutTrustedProxiesTheHeaderIsIgnored)
{
    start({});
    block(*seeker("203.0.113.77"));
    EXPECT_EQ(try_join(*seeker("203.0.113.78")), "blocked") << "everyone behind 127.0.0.1 is one client";
    EXPECT_EQ(try_join(*seeker("", source)), "paired");
}

TEST(TrustedProxiesOption, RefusesWhatIsNotAnAddress)
{
    temp_dir dir;
    EXPECT_THROW(server_process(dir.path(), {"--trusted-proxies", "proxy.example.org"}), std::runtime_error);
}

} // namespace
} // namespace tillit::test

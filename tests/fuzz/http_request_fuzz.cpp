// Fuzz target: a connection's bytes up to and through the WebSocket upgrade, without sockets. They
// go through Beast's request parser with the server's limits, read as http_session reads them
// (keep-alive, one request after another; beast::test::stream stands in for the socket), then
// through the server's decisions: method, /metrics access, static file resolution, the upgrade
// check (path, Origin) and the client behind a trusted proxy; an accepted upgrade goes through
// Beast's WebSocket handshake with the server's options, and the frames after it are read with
// the server's message limit and parsed as the connection router parses them.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/beast/_experimental/test/stream.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/beast/websocket/stream.hpp>

#include "protocol/fields.hpp"
#include "config/config.hpp"
#include "net/client_key.hpp"
#include "net/metrics_access.hpp"
#include "net/origin_policy.hpp"
#include "net/static_files.hpp"
#include "net/trusted_proxies.hpp"
#include "net/upgrade_check.hpp"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace fs = std::filesystem;
using namespace tillit;

namespace {

// A small web root like the built client's, with a symlink that points out of it.
fs::path make_web_root()
{
    const auto dir = fs::temp_directory_path() / ("tillit-fuzz-web-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    const auto write = [](const fs::path& file, std::string_view text) {
        fs::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << text;
    };
    write(dir / "web" / "index.html", "<!doctype html><title>t</title>");
    write(dir / "web" / "counsellor" / "index.html", "<!doctype html><title>c</title>");
    write(dir / "web" / "assets" / "app.js", "export {};");
    write(dir / "outside.txt", "outside");
    fs::create_symlink(dir / "outside.txt", dir / "web" / "assets" / "escape.txt");
    std::atexit([] { fs::remove_all(fs::temp_directory_path() / ("tillit-fuzz-web-" + std::to_string(::getpid()))); });
    return dir / "web";
}

struct fixture {
    config::config cfg;  // the defaults: the limits a real server runs with
    net::static_files files{make_web_root()};
    net::origin_policy origins{{}};
    net::origin_policy listed{{"https://chat.example.org"}};
    net::metrics_access metrics{"fuzz-metrics-token-0123456789"};
    net::trusted_proxies proxies{{"127.0.0.1", "::1", "10.0.0.1"}};
};

const fixture& fixed()
{
    static const fixture f;
    return f;
}

// What the server does with one request that is not an upgrade (http_session's serve_request,
// less the writing).
void serve(const http::request<http::string_body>& req, const asio::ip::address& peer)
{
    const auto& f = fixed();
    if (req.method() != http::verb::get && req.method() != http::verb::head) return;
    const auto target = std::string_view(req.target());
    const auto path = target.substr(0, target.find_first_of("?#"));
    if (path == "/metrics") {
        (void)f.metrics.allows(peer, req);
        return;
    }
    if (path == "/healthz") return;
    const auto found = f.files.resolve(target);
    // Whatever resolves must lie inside the web root.
    if (found.result == net::file_lookup::outcome::found && !found.file.string().starts_with(f.files.root().string()))
        std::abort();
}

// The handshake and the frames after it, as websocket_session runs them.
void websocket_frames(beast::test::stream& socket, const http::request<http::string_body>& req)
{
    const auto& f = fixed();
    websocket::stream<beast::test::stream&> ws(socket);
    websocket::permessage_deflate no_compression;
    no_compression.server_enable = false;
    ws.set_option(no_compression);
    ws.read_message_max(f.cfg.ws_max_message_bytes);
    ws.set_option(websocket::stream_base::decorator([](websocket::response_type& res) { res.set(http::field::server, ""); }));
    beast::error_code ec;
    ws.accept(req, ec);
    if (ec) return;
    // Piece by piece, as the server reads (it watches how long one message takes to arrive).
    beast::flat_buffer buffer;
    for (int i = 0; i < 256; ++i) {
        ws.read_some(buffer, f.cfg.ws_max_message_bytes, ec);
        if (ec) return;
        if (!ws.is_message_done()) continue;
        if (ws.got_text()) (void)protocol::parse_message(beast::buffers_to_string(buffer.data()));
        buffer.consume(buffer.size());
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 2) return 0;
    const auto& f = fixed();
    // The first byte picks how the bytes arrive (all at once, or in small pieces) and who sends them.
    const unsigned read_size = data[0] & 0x3f;
    const bool through_proxy = (data[0] & 0x40) != 0;
    const bool listed_origins = (data[0] & 0x80) != 0;
    const asio::ip::address peer =
        through_proxy ? asio::ip::make_address("127.0.0.1") : asio::ip::make_address("192.0.2.10");

    asio::io_context ioc;
    beast::test::stream socket(ioc);
    beast::test::stream client(ioc);
    socket.connect(client);
    if (read_size != 0) socket.read_size(read_size);
    socket.append(std::string_view(reinterpret_cast<const char*>(data + 1), size - 1));
    socket.close_remote();  // the client sends nothing more: the server reads to the end of its bytes

    beast::flat_buffer buffer;
    for (int requests = 0; requests < 16; ++requests) {
        http::request_parser<http::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(f.cfg.http_max_header_bytes));
        parser.body_limit(f.cfg.http_max_body_bytes);
        // As http_session reads: the header, then (not chunked) the body.
        beast::error_code ec;
        http::read_header(socket, buffer, parser, ec);
        if (ec || parser.chunked()) break;
        if (!parser.is_done()) http::read(socket, buffer, parser, ec);
        if (ec) break;
        auto req = parser.release();
        if (websocket::is_upgrade(req)) {
            if (net::check_upgrade(req, listed_origins ? f.listed : f.origins) != net::upgrade_verdict::accept) break;
            (void)net::make_client_key(f.proxies.client_address(peer, req));
            websocket_frames(socket, req);
            break;
        }
        serve(req, peer);
        if (!req.keep_alive()) break;
    }
    return 0;
}

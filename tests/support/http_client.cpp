// http_client: Beast requests over a tcp_stream with a deadline on every operation.
#include "support/http_client.hpp"

#include <optional>
#include <stdexcept>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace tillit::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

namespace {

tcp::endpoint local(std::uint16_t port) { return {asio::ip::make_address("127.0.0.1"), port}; }

} // namespace

http_response http_request(std::uint16_t port, http::verb method, const std::string& target,
                           const header_list& headers, const std::string& body)
{
    return http_request_to("127.0.0.1", port, method, target, headers, body);
}

http_response http_request_to(const std::string& address, std::uint16_t port, http::verb method, const std::string& target,
                              const header_list& headers, const std::string& body)
{
    const tcp::endpoint server{asio::ip::make_address(address), port};
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.expires_after(std::chrono::seconds(10));
    beast::error_code failure;
    http::response_parser<http::string_body> parser;
    parser.skip(method == http::verb::head);  // a HEAD answer has a length but no body
    beast::flat_buffer buffer;
    http::request<http::string_body> request{method, target, 11};
    request.set(http::field::host, address + ":" + std::to_string(port));
    for (const auto& [name, value] : headers) request.set(name, value);
    request.body() = body;
    if (!body.empty() || method == http::verb::post) request.prepare_payload();

    stream.async_connect(server, [&](beast::error_code ec) {
        if (ec) {
            failure = ec;
            return;
        }
        http::async_write(stream, request, [&](beast::error_code write_ec, std::size_t) {
            // The server may answer (413) before reading the whole body: read even so.
            if (write_ec && write_ec != asio::error::connection_reset && write_ec != asio::error::broken_pipe) {
                failure = write_ec;
                return;
            }
            http::async_read(stream, buffer, parser, [&](beast::error_code read_ec, std::size_t) { failure = read_ec; });
        });
    });
    ioc.run();
    if (failure) throw std::runtime_error("HTTP request failed: " + failure.message());
    return parser.release();
}

std::string raw_exchange(std::uint16_t port, const std::string& bytes, std::chrono::milliseconds timeout)
{
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.expires_after(timeout);
    std::string received;
    std::array<char, 4096> chunk{};
    std::function<void(beast::error_code, std::size_t)> on_read = [&](beast::error_code ec, std::size_t n) {
        received.append(chunk.data(), n);
        if (!ec) stream.async_read_some(asio::buffer(chunk), on_read);
    };
    stream.async_connect(local(port), [&](beast::error_code ec) {
        if (ec) throw std::runtime_error("connect failed: " + ec.message());
        asio::async_write(stream, asio::buffer(bytes), [&](beast::error_code, std::size_t) {
            stream.async_read_some(asio::buffer(chunk), on_read);
        });
    });
    ioc.run();
    return received;
}

std::optional<std::chrono::milliseconds> time_until_closed(std::uint16_t port, const std::string& bytes,
                                                           std::chrono::milliseconds timeout)
{
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.expires_after(timeout);
    const auto start = std::chrono::steady_clock::now();
    std::optional<std::chrono::milliseconds> closed_after;
    std::array<char, 4096> chunk{};
    std::function<void(beast::error_code, std::size_t)> on_read = [&](beast::error_code ec, std::size_t) {
        if (ec == beast::error::timeout) return;
        if (ec) {
            closed_after = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
            return;
        }
        stream.async_read_some(asio::buffer(chunk), on_read);
    };
    stream.async_connect(local(port), [&](beast::error_code ec) {
        if (ec) throw std::runtime_error("connect failed: " + ec.message());
        asio::async_write(stream, asio::buffer(bytes), [&](beast::error_code, std::size_t) {
            stream.async_read_some(asio::buffer(chunk), on_read);
        });
    });
    ioc.run();
    return closed_after;
}

} // namespace tillit::test

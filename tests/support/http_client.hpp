// http_client: a real Beast HTTP client for the integration tests, every call bounded in time.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>

namespace tillit::test {

using http_response = boost::beast::http::response<boost::beast::http::string_body>;
using header_list = std::vector<std::pair<std::string, std::string>>;

// One request to 127.0.0.1:port; throws std::runtime_error on a network error or time-out.
http_response http_request(std::uint16_t port, boost::beast::http::verb method, const std::string& target,
                           const header_list& headers = {}, const std::string& body = {});

// The same to `address` (an IPv4 or IPv6 address of this machine, say one that is not loopback).
http_response http_request_to(const std::string& address, std::uint16_t port, boost::beast::http::verb method,
                              const std::string& target, const header_list& headers = {}, const std::string& body = {});

// Sends raw bytes and returns whatever the server answers until it closes the connection (or
// `timeout` passes). For requests that a well-behaved client could not even send.
std::string raw_exchange(std::uint16_t port, const std::string& bytes,
                         std::chrono::milliseconds timeout = std::chrono::seconds(5));

// Connects, sends `bytes`, and returns how long the server took to close the connection
// (nullopt if it did not within `timeout`).
std::optional<std::chrono::milliseconds> time_until_closed(std::uint16_t port, const std::string& bytes,
                                                           std::chrono::milliseconds timeout);

} // namespace tillit::test

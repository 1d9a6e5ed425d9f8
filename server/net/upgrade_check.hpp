// upgrade_check: whether an HTTP request that asks for a WebSocket may have one. Only exactly
// `GET /ws` (a token or anything else in the URL would end up in proxies' logs and browser
// history) from an allowed Origin (origin_policy). Pure: also what tests/fuzz feeds.
#pragma once

#include <string_view>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "net/origin_policy.hpp"

namespace tillit::net {

inline constexpr std::string_view websocket_path = "/ws";

enum class upgrade_verdict { accept, not_found, foreign_origin };

// `request` is a WebSocket upgrade (beast::websocket::is_upgrade). Thread-safe.
[[nodiscard]] upgrade_verdict check_upgrade(const boost::beast::http::request<boost::beast::http::string_body>& request,
                                            const origin_policy& origins);

} // namespace tillit::net

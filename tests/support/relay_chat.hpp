// relay_chat: one whole chat as the deployment tests need it (through TLS, through nginx, during a
// backup): a help-seeker joins, the on-duty counsellor is assigned, and frames go both ways.
#pragma once

#include <string>
#include <string_view>

#include "support/ws_client.hpp"

namespace tillit::test {

// `counsellor` must be on duty with a free seat. Joins `seeker` (support lane, English), then
// relays `from_seeker` (acknowledged, so the seeker sees it delivered) and `from_counsellor`.
// Returns the chat id. Throws std::runtime_error when any step differs from the protocol.
std::string relay_both_ways(ws_client& counsellor, ws_client& seeker, std::string_view from_seeker,
                            std::string_view from_counsellor);

} // namespace tillit::test

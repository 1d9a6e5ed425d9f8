// resume_token: what lets a help-seeker find their chat again after a dropped connection or a
// server restart. It holds the chat's random session id, the side, the epoch, the counsellor's
// account (never anything about the help-seeker but their own entry-page choices and when they
// joined), the chat's current token generation (random; each resume makes a new one, so a token
// resumes at most once), and a MAC under the server's secret so that it cannot be forged.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "auth/server_secret.hpp"
#include "chat/chat_types.hpp"

namespace tillit::chat {

using session_id = std::array<unsigned char, 16>;  // CRYPTO.md's sid
enum class side : std::uint8_t { seeker = 0, counsellor = 1 };

struct resume_claim {
    session_id sid{};
    chat::side side = side::seeker;
    std::uint32_t epoch = 0;
    counsellor_id counsellor = 0;  // the counsellor side only
    seeker_request request;        // to put the help-seeker back in the queue if need be
    std::int64_t joined_unix = 0;  // when the help-seeker joined, to keep their place
    std::uint64_t generation = 0;  // the chat's token generation when issued: only the newest resumes
};

// A new random token generation (never 0). Thread-safe.
[[nodiscard]] std::uint64_t random_token_generation();

[[nodiscard]] session_id random_session_id();
[[nodiscard]] std::string session_id_text(const session_id& sid);  // base64, as it travels
[[nodiscard]] std::optional<session_id> parse_session_id(std::string_view text);

// Encodes and MACs a claim (base64 text). Thread-safe.
[[nodiscard]] std::string issue_resume_token(const resume_claim& claim, const auth::server_secret& secret);
// Returns nullopt for anything malformed or not made by this server's secret.
[[nodiscard]] std::optional<resume_claim> verify_resume_token(std::string_view token, const auth::server_secret& secret);

} // namespace tillit::chat

// resume_token: a versioned binary claim followed by a 16-byte keyed BLAKE2b MAC, in base64.
#include "chat/resume_token.hpp"

#include <sodium.h>

#include "tillit/crypto/encoding.hpp"
#include "tillit/crypto/sodium_init.hpp"

namespace tillit::chat {

namespace {

constexpr unsigned char token_version = 2;  // 2 added the generation
constexpr std::size_t mac_bytes = 16;
constexpr std::string_view mac_domain = "tillit-resume-v1";

void put_integer(std::string& out, std::uint64_t value, int bytes)
{
    for (int i = bytes - 1; i >= 0; --i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

void put_text(std::string& out, std::string_view text)
{
    out += static_cast<char>(text.size());
    out += text;
}

struct reader {
    std::string_view in;
    bool ok = true;
    std::uint64_t integer(int bytes)
    {
        if (in.size() < static_cast<std::size_t>(bytes)) return ok = false, 0;
        std::uint64_t value = 0;
        for (int i = 0; i < bytes; ++i) value = (value << 8) | static_cast<unsigned char>(in[static_cast<std::size_t>(i)]);
        in.remove_prefix(static_cast<std::size_t>(bytes));
        return value;
    }
    std::string text()
    {
        const auto size = static_cast<std::size_t>(integer(1));
        if (!ok || in.size() < size) return ok = false, std::string();
        std::string value(in.substr(0, size));
        in.remove_prefix(size);
        return value;
    }
};

std::string mac_of(std::string_view body, const auth::server_secret& secret)
{
    const auto mac = secret.keyed_hash(mac_domain, body, mac_bytes);
    return {mac.begin(), mac.end()};
}

} // namespace

session_id random_session_id()
{
    crypto::ensure_sodium();
    session_id sid;
    randombytes_buf(sid.data(), sid.size());
    return sid;
}

std::uint64_t random_token_generation()
{
    crypto::ensure_sodium();
    std::uint64_t generation = 0;
    while (generation == 0) randombytes_buf(&generation, sizeof generation);
    return generation;
}

std::string session_id_text(const session_id& sid) { return crypto::to_base64(sid); }

std::optional<session_id> parse_session_id(std::string_view text)
{
    const auto bytes = crypto::from_base64(text);
    if (!bytes || bytes->size() != session_id{}.size()) return std::nullopt;
    session_id sid;
    std::copy(bytes->begin(), bytes->end(), sid.begin());
    return sid;
}

std::string issue_resume_token(const resume_claim& claim, const auth::server_secret& secret)
{
    std::string body;
    body += static_cast<char>(token_version);
    body.append(reinterpret_cast<const char*>(claim.sid.data()), claim.sid.size());
    body += static_cast<char>(claim.side);
    put_integer(body, claim.epoch, 4);
    put_integer(body, static_cast<std::uint64_t>(claim.counsellor), 8);
    body += static_cast<char>(claim.request.lane);
    put_text(body, claim.request.language);
    put_text(body, claim.request.age_band.value_or(""));
    put_text(body, claim.request.topic.value_or(""));
    put_integer(body, static_cast<std::uint64_t>(claim.joined_unix), 8);
    put_integer(body, claim.generation, 8);
    body += mac_of(body, secret);
    return crypto::to_base64(std::span(reinterpret_cast<const unsigned char*>(body.data()), body.size()));
}

std::optional<resume_claim> verify_resume_token(std::string_view token, const auth::server_secret& secret)
{
    if (token.size() > 512) return std::nullopt;
    const auto raw = crypto::from_base64(token);
    if (!raw || raw->size() <= mac_bytes + 1) return std::nullopt;
    const std::string_view all(reinterpret_cast<const char*>(raw->data()), raw->size());
    const auto body = all.substr(0, all.size() - mac_bytes);
    const auto expected = mac_of(body, secret);
    if (sodium_memcmp(expected.data(), all.data() + body.size(), mac_bytes) != 0) return std::nullopt;

    reader r{body};
    resume_claim claim;
    if (r.integer(1) != token_version) return std::nullopt;
    for (auto& byte : claim.sid) byte = static_cast<unsigned char>(r.integer(1));
    const auto which = r.integer(1);
    claim.side = which == 1 ? side::counsellor : side::seeker;
    claim.epoch = static_cast<std::uint32_t>(r.integer(4));
    claim.counsellor = static_cast<counsellor_id>(r.integer(8));
    claim.request.lane = r.integer(1) == 1 ? lane::consultation : lane::support;
    claim.request.language = r.text();
    if (auto age = r.text(); !age.empty()) claim.request.age_band = std::move(age);
    if (auto topic = r.text(); !topic.empty()) claim.request.topic = std::move(topic);
    claim.joined_unix = static_cast<std::int64_t>(r.integer(8));
    claim.generation = r.integer(8);
    if (!r.ok || !r.in.empty() || which > 1) return std::nullopt;
    return claim;
}

} // namespace tillit::chat

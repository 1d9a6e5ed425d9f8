// Loading of the shared vector files (tests/vectors) and the hex and key helpers the tests share.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "tillit/crypto/bundle.hpp"
#include "tillit/crypto/handshake.hpp"
#include "tillit/crypto/keys.hpp"

namespace tillit::test {

using bytes = std::vector<unsigned char>;

// Parses tests/vectors/NAME; throws (failing the test) when missing or not JSON.
[[nodiscard]] boost::json::object load_vectors(std::string_view name);

// Throws std::invalid_argument on bad hex: vector files are trusted to be well-formed.
[[nodiscard]] bytes unhex(std::string_view text);
[[nodiscard]] bytes unhex(const boost::json::value& v);
[[nodiscard]] crypto::public_key key_of(const boost::json::value& v);
[[nodiscard]] std::string str(const boost::json::value& v);
[[nodiscard]] std::uint64_t u64(const boost::json::value& v);
[[nodiscard]] std::string hex(std::span<const unsigned char> b);

// The scenario of protocol_v1.json rebuilt from its seeds.
struct scenario {
    boost::json::object v;
    std::uint64_t now = 0;
    crypto::signing_keypair root;
    crypto::signing_keypair identity;
    crypto::dh_keypair shift;
    crypto::counsellor_bundle bundle;
    crypto::session_id sid{};
    std::uint32_t epoch = 0;
    bytes revocations;

    [[nodiscard]] crypto::handshake_params params() const { return {sid, epoch, identity.pk, shift.pk}; }
    [[nodiscard]] crypto::dh_keypair e_h() const;
    [[nodiscard]] crypto::dh_keypair e_c() const;
    // Runs the whole handshake from the seeds; both sides' keys.
    [[nodiscard]] crypto::session_keys counsellor_keys() const;
    [[nodiscard]] crypto::session_keys help_seeker_keys() const;
};

[[nodiscard]] scenario load_scenario();

} // namespace tillit::test

// Shared vector-file helpers of the crypto tests (see vectors.hpp).
#include "vectors.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "tillit/crypto/encoding.hpp"

namespace tillit::test {

namespace json = boost::json;

json::object load_vectors(std::string_view name)
{
    const std::string path = std::string(TILLIT_VECTORS_DIR) + "/" + std::string(name);
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::stringstream text;
    text << in.rdbuf();
    return json::parse(text.str()).as_object();
}

bytes unhex(std::string_view text)
{
    auto out = crypto::from_hex(text);
    if (!out) throw std::invalid_argument("bad hex in vector file");
    return *out;
}

bytes unhex(const json::value& v) { return unhex(std::string_view(v.as_string())); }

crypto::public_key key_of(const json::value& v) { return crypto::public_key_from(unhex(v)).value(); }

std::string str(const json::value& v) { return std::string(v.as_string()); }

std::uint64_t u64(const json::value& v) { return v.to_number<std::uint64_t>(); }

std::string hex(std::span<const unsigned char> b) { return crypto::to_hex(b); }

crypto::dh_keypair scenario::e_h() const { return crypto::dh_keypair_from_seed(unhex(v.at("handshake").at("e_h_seed_hex"))).value(); }
crypto::dh_keypair scenario::e_c() const { return crypto::dh_keypair_from_seed(unhex(v.at("handshake").at("e_c_seed_hex"))).value(); }

crypto::session_keys scenario::counsellor_keys() const
{
    return std::move(crypto::counsellor_respond(params(), shift, e_h().pk, e_c()).value().keys);
}

crypto::session_keys scenario::help_seeker_keys() const
{
    auto hs = crypto::help_seeker_handshake::start(root.pk, bundle, sid, epoch, now, revocations, e_h()).value();
    const auto reply = crypto::counsellor_respond(params(), shift, hs.ephemeral_key(), e_c()).value();
    return hs.finish(reply.e_c, reply.confirm).value();
}

scenario load_scenario()
{
    scenario s{load_vectors("protocol_v1.json"), 0, crypto::signing_keypair_from_seed(bytes(32)).value(),
               crypto::signing_keypair_from_seed(bytes(32)).value(), crypto::dh_keypair_from_seed(bytes(32)).value(), {}, {}, 0, {}};
    const auto& v = s.v;
    s.now = u64(v.at("now"));
    s.root = crypto::signing_keypair_from_seed(unhex(v.at("root").at("seed_hex"))).value();
    s.identity = crypto::signing_keypair_from_seed(unhex(v.at("identity").at("seed_hex"))).value();
    s.shift = crypto::dh_keypair_from_seed(unhex(v.at("shift_key").at("seed_hex"))).value();
    s.bundle.identity_key = s.identity.pk;
    s.bundle.pseudonym = str(v.at("identity").at("pseudonym"));
    s.bundle.cert = crypto::decode_certificate(unhex(v.at("identity").at("certificate_hex"))).value();
    s.bundle.shift_key = s.shift.pk;
    s.bundle.shift_not_after = u64(v.at("shift_key").at("not_after"));
    s.bundle.shift_signature = crypto::signature_from(unhex(v.at("shift_key").at("signature_hex"))).value();
    s.sid = crypto::session_id_from(unhex(v.at("handshake").at("sid_hex"))).value();
    s.epoch = static_cast<std::uint32_t>(u64(v.at("handshake").at("epoch")));
    s.revocations = unhex(v.at("revocations").at("blob_hex"));
    return s;
}

} // namespace tillit::test

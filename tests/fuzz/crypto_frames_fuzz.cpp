// Fuzz target: decoding of everything end-to-end that comes off the wire (crypto/): secure stream
// frames, handshake payloads, the counsellor's bundle, certificates, revocation lists, the wrapped
// identity key, base64 and hex. Where the fuzzer cannot forge a valid input (a signature, a MAC),
// the harness makes the valid one itself and lets the fuzzer change it, and asserts the
// protocol's promises: the unchanged input is accepted, any change is refused.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <boost/json/parse.hpp>

#include "tillit/crypto/bundle.hpp"
#include "tillit/crypto/certificate.hpp"
#include "tillit/crypto/encoding.hpp"
#include "tillit/crypto/handshake.hpp"
#include "tillit/crypto/identity_wrap.hpp"
#include "tillit/crypto/revocation_list.hpp"
#include "tillit/crypto/secure_stream.hpp"
#include "tillit/crypto/shift_key.hpp"

namespace c = tillit::crypto;
using bytes = std::span<const unsigned char>;

namespace {

// A broken promise of the protocol is a finding: crash so that libFuzzer keeps the input.
void require(bool promise)
{
    if (!promise) std::abort();
}

constexpr std::uint64_t now = 1'800'000'000;
constexpr auto direction = c::direction::counsellor_to_help_seeker;

std::vector<unsigned char> seed(unsigned char fill) { return std::vector<unsigned char>(c::seed_bytes, fill); }

// Reads the input front to back; past its end everything is zero or empty.
struct reader {
    bytes in;
    unsigned char byte()
    {
        if (in.empty()) return 0;
        const auto b = in.front();
        in = in.subspan(1);
        return b;
    }
    bytes take(std::size_t n)
    {
        n = std::min(n, in.size());
        const auto out = in.first(n);
        in = in.subspan(n);
        return out;
    }
    std::size_t length() { return static_cast<std::size_t>(byte()) << 8 | byte(); }
};

// One counsellor with a certified identity and a signed shift key, one help-seeker ephemeral and
// the keys of their handshake: fixed, so that the fuzzer's changes are the only variable.
struct fixture {
    c::signing_keypair root = std::move(*c::signing_keypair_from_seed(seed(1)));
    c::signing_keypair identity = std::move(*c::signing_keypair_from_seed(seed(2)));
    c::dh_keypair shift = std::move(*c::dh_keypair_from_seed(seed(3)));
    c::session_id sid{7, 7, 7};
    c::counsellor_bundle bundle;
    std::vector<unsigned char> reply;  // e_C ‖ confirm ‖ stream header, as kind 0x02 carries it
    std::optional<c::session_keys> keys;
    std::vector<unsigned char> wrapped;
    std::vector<unsigned char> wrap = std::vector<unsigned char>(32, 9);

    fixture()
    {
        bundle.identity_key = identity.pk;
        bundle.pseudonym = "anna";
        bundle.cert = *c::make_certificate(root, identity.pk, "anna", now + 3600);
        bundle.shift_key = shift.pk;
        bundle.shift_not_after = now + 600;
        bundle.shift_signature = c::sign_shift_key(identity, shift.pk, bundle.shift_not_after);
        const auto e_h = help_seeker_ephemeral();
        const auto e_c = *c::dh_keypair_from_seed(seed(5));
        auto answer = c::counsellor_respond(params(), shift, e_h.pk, e_c);
        const auto sender = *c::sending_stream::open_with_header_for_vectors(answer->keys, direction, c::stream_header{});
        reply.insert(reply.end(), answer->e_c.begin(), answer->e_c.end());
        reply.insert(reply.end(), answer->confirm.begin(), answer->confirm.end());
        reply.insert(reply.end(), sender.header().begin(), sender.header().end());
        keys.emplace(std::move(answer->keys));
        wrapped = *c::wrap_identity_key(wrap, identity);
    }
    [[nodiscard]] c::handshake_params params() const { return {sid, 0, identity.pk, shift.pk}; }
    static c::dh_keypair help_seeker_ephemeral() { return std::move(*c::dh_keypair_from_seed(seed(4))); }
};

const fixture& fixed()
{
    static const fixture f;
    return f;
}

// XORs `mask` over `data` from the start; returns whether anything changed.
bool apply_mask(std::vector<unsigned char>& data, bytes mask)
{
    bool changed = false;
    for (std::size_t i = 0; i < data.size() && i < mask.size(); ++i) {
        data[i] ^= mask[i];
        changed |= mask[i] != 0;
    }
    return changed;
}

// A sender and a receiver of one stream, driven by the input as a list of operations; a model of
// what the receiver must accept checks every answer.
void stream_operations(reader in)
{
    const auto& f = fixed();
    auto sender = *c::sending_stream::open_with_header_for_vectors(*f.keys, direction, c::stream_header{});
    auto receiver = *c::receiving_stream::open(*f.keys, direction, sender.header());
    std::deque<std::pair<std::vector<unsigned char>, std::string>> in_flight;  // frame, plaintext
    std::vector<unsigned char> last_delivered;
    bool dead = false;      // the receiver must refuse everything from now on
    bool modelled = true;   // false once the fuzzer's raw bytes got through (the model no longer knows)
    bool finished = false;
    for (int steps = 0; !in.in.empty() && steps < 64; ++steps) {
        switch (in.byte() % 8) {
        case 0: {  // push a plaintext (up to 5000 bytes: also too large ones)
            const auto text = in.take(in.length() % 5000);
            const std::string plaintext(text.begin(), text.end());
            auto frame = sender.push(plaintext);
            require(frame.has_value() == (plaintext.size() <= c::max_plaintext_bytes && !finished));
            if (frame) in_flight.emplace_back(std::move(*frame), plaintext);
            break;
        }
        case 1: {  // the final frame
            auto frame = sender.push_final(std::string(1, 'x'));
            require(frame.has_value() == !finished);
            if (frame) in_flight.emplace_back(std::move(*frame), "x");
            finished = true;
            break;
        }
        case 2: {  // deliver the next frame as it is
            if (in_flight.empty()) break;
            auto [frame, plaintext] = std::move(in_flight.front());
            in_flight.pop_front();
            const auto got = receiver.pull(frame);
            if (modelled) require(got.has_value() == !dead);
            if (got && modelled) require(got->plaintext == plaintext);
            if (got && got->final) dead = true;
            if (!got) dead = true;
            last_delivered = frame;
            break;
        }
        case 3: {  // deliver the next frame with bytes changed: never accepted
            if (in_flight.empty()) break;
            auto frame = in_flight.front().first;
            in_flight.pop_front();
            if (!apply_mask(frame, in.take(in.length() % 64 + 1))) frame[0] ^= 1;
            require(!receiver.pull(frame).has_value());
            dead = true;
            break;
        }
        case 4:  // drop the next frame: every one after it must be refused
            if (in_flight.empty()) break;
            in_flight.pop_front();
            dead = true;
            break;
        case 5:  // replay the last frame delivered: never accepted
            if (last_delivered.empty()) break;
            require(!receiver.pull(last_delivered).has_value());
            dead = true;
            break;
        case 6: {  // anything at all from the wire
            const auto raw = in.take(in.length() % (c::max_frame_bytes + 64));
            if (receiver.pull(raw)) modelled = false;  // the fuzzer found a valid frame: no claim about that
            dead = true;
            break;
        }
        case 7: {  // the end of the chat: complete only after the final frame
            const auto ended = receiver.close();
            (void)ended;
            dead = true;
            break;
        }
        }
    }
}

// Handshake payloads as each side receives them (docs/protocol.md, "End-to-end frames").
void handshake_payload(reader in)
{
    const auto& f = fixed();
    switch (in.byte() % 4) {
    case 0: {  // 0x01 e_H, at the counsellor: only a 32-byte key that is not of low order passes
        const auto e_h = c::public_key_from(in.in);
        if (!e_h) return require(in.in.size() != c::public_key_bytes);
        (void)c::counsellor_respond(f.params(), f.shift, *e_h);
        return;
    }
    case 1: {  // 0x02 e_C ‖ confirm ‖ header, at the help-seeker: the real reply with a change
        auto reply = f.reply;
        const bool changed_keys = apply_mask(reply, in.take(64));
        const auto tail = in.take(64);
        for (std::size_t i = 0; i < tail.size() && 64 + i < reply.size(); ++i) reply[64 + i] ^= tail[i];
        reply.resize(std::min<std::size_t>(reply.size(), 64 + c::stream_header_bytes + in.byte() % 4));
        auto hs = c::help_seeker_handshake::start(f.root.pk, f.bundle, f.sid, 0, now, {}, fixture::help_seeker_ephemeral());
        require(hs.has_value());
        const auto e_c = *c::public_key_from(std::span(reply).first(32));
        auto keys = hs->finish(e_c, std::span(reply).subspan(32, 32));
        require(keys.has_value() == !changed_keys);  // key confirmation catches every change
        require(!hs->finish(e_c, std::span(reply).subspan(32, 32)).has_value());  // once only
        if (keys) (void)c::receiving_stream::open(*keys, direction, std::span(reply).subspan(64));
        return;
    }
    case 2:  // 0x03 stream header, at the counsellor: exactly 24 bytes
        require(c::receiving_stream::open(*f.keys, direction, in.in).has_value() == (in.in.size() == c::stream_header_bytes));
        return;
    case 3: {  // the confirmation alone, of any length
        auto hs = c::help_seeker_handshake::start(f.root.pk, f.bundle, f.sid, 0, now, {}, fixture::help_seeker_ephemeral());
        const auto e_c = c::public_key_from(in.take(32));
        if (e_c) (void)hs->finish(*e_c, in.in);
        return;
    }
    }
}

std::optional<std::vector<unsigned char>> bytes_field(const boost::json::object& o, std::string_view key)
{
    const auto* v = o.if_contains(key);
    if (v == nullptr || !v->is_string()) return std::nullopt;
    return c::from_base64(std::string_view(v->get_string()));
}

// The bundle as the help-seeker's page receives it in "paired": JSON, then checked against the root.
void bundle_json(bytes in)
{
    const auto& f = fixed();
    boost::system::error_code ec;
    const auto parsed = boost::json::parse(std::string_view(reinterpret_cast<const char*>(in.data()), in.size()), ec);
    if (ec || !parsed.is_object()) return;
    const auto& o = parsed.get_object();
    const auto ik = bytes_field(o, "identity_key");
    const auto cert = bytes_field(o, "certificate");
    const auto spk = bytes_field(o, "shift_key");
    const auto sig = bytes_field(o, "shift_signature");
    const auto* name = o.if_contains("pseudonym");
    const auto* not_after = o.if_contains("shift_not_after");
    if (!ik || !cert || !spk || !sig || name == nullptr || !name->is_string() || not_after == nullptr || !not_after->is_int64())
        return;
    const auto ik_key = c::public_key_from(*ik);
    const auto decoded = c::decode_certificate(*cert);
    const auto spk_key = c::public_key_from(*spk);
    const auto signature = c::signature_from(*sig);
    if (!ik_key || !decoded || !spk_key || !signature) return;
    const c::counsellor_bundle b{*ik_key, std::string(name->get_string()), *decoded, *spk_key,
                                 static_cast<std::uint64_t>(not_after->get_int64()), *signature};
    const auto revocations = bytes_field(o, "revocation_list").value_or(std::vector<unsigned char>{});
    (void)c::verify_bundle(f.root.pk, b, now, revocations);
    (void)c::help_seeker_handshake::start(f.root.pk, b, f.sid, 0, now, revocations, fixture::help_seeker_ephemeral());
}

// The valid bundle with its bytes changed: every change is refused.
void bundle_changed(reader in)
{
    const auto& f = fixed();
    std::vector<unsigned char> flat;
    const auto add = [&flat](bytes b) { flat.insert(flat.end(), b.begin(), b.end()); };
    const auto cert = c::encode_certificate(f.bundle.cert);
    std::array<unsigned char, 8> shift_not_after{};
    for (int i = 0; i < 8; ++i) shift_not_after[i] = static_cast<unsigned char>(f.bundle.shift_not_after >> (56 - 8 * i));
    add(f.bundle.identity_key);
    add(std::span(reinterpret_cast<const unsigned char*>(f.bundle.pseudonym.data()), f.bundle.pseudonym.size()));
    add(cert);
    add(f.bundle.shift_key);
    add(shift_not_after);
    add(f.bundle.shift_signature);
    const bool changed = apply_mask(flat, in.in);

    c::counsellor_bundle b;
    std::size_t at = 0;
    const auto next = [&](std::size_t n) { return std::span(flat).subspan(std::exchange(at, at + n), n); };
    b.identity_key = *c::public_key_from(next(32));
    const auto name = next(f.bundle.pseudonym.size());
    b.pseudonym.assign(name.begin(), name.end());
    b.cert = *c::decode_certificate(next(c::certificate_bytes));
    b.shift_key = *c::public_key_from(next(32));
    b.shift_not_after = 0;
    for (const auto byte : next(8)) b.shift_not_after = b.shift_not_after << 8 | byte;
    b.shift_signature = *c::signature_from(next(c::signature_bytes));
    require(c::verify_bundle(f.root.pk, b, now, {}).has_value() == !changed);
}

// Certificates and revocation lists as the admin commands and the page read them.
void certificates(reader in)
{
    const auto& f = fixed();
    switch (in.byte() % 3) {
    case 0: {  // raw certificate bytes
        const auto cert = c::decode_certificate(in.in);
        require(cert.has_value() == (in.in.size() == c::certificate_bytes));
        if (cert) require(c::encode_certificate(*cert) == std::vector<unsigned char>(in.in.begin(), in.in.end()));
        if (cert) (void)c::verify_certificate(f.root.pk, f.identity.pk, "anna", *cert, now, nullptr);
        return;
    }
    case 1:  // a raw revocation list (its signature will not verify: the root is the harness's)
        require(!c::open_revocation_list(f.root.pk, in.in, now).has_value());
        return;
    case 2: {  // a list body the root really signed: what parses must encode back to the same bytes
        std::vector<unsigned char> blob(in.in.begin(), in.in.end());
        c::signature sig{};
        crypto_sign_detached(sig.data(), nullptr, blob.data(), blob.size(), f.root.sk.data());
        blob.insert(blob.end(), sig.begin(), sig.end());
        const auto list = c::open_revocation_list_ignoring_expiry(f.root.pk, blob);
        if (!list) return;
        require(*c::sign_revocation_list(f.root, *list) == blob);
        (void)list->contains(f.identity.pk);
        return;
    }
    }
}

// The wrapped identity key as the console gets it back, and the text encodings.
void wrapping_and_encodings(reader in)
{
    const auto& f = fixed();
    if (in.byte() % 2 == 0) {
        auto blob = f.wrapped;
        blob.resize(in.byte() % 2 == 0 ? blob.size() : in.byte() % (blob.size() + 8));
        const bool changed = apply_mask(blob, in.in) || blob.size() != f.wrapped.size();
        require(c::unwrap_identity_key(f.wrap, blob, f.identity.pk).has_value() == !changed);
        return;
    }
    const std::string_view text(reinterpret_cast<const char*>(in.in.data()), in.in.size());
    if (const auto decoded = c::from_base64(text)) require(c::to_base64(*decoded) == text);
    require(*c::from_base64(c::to_base64(in.in)) == std::vector<unsigned char>(in.in.begin(), in.in.end()));
    if (const auto decoded = c::from_hex(text)) require(decoded->size() * 2 == text.size());
    require(*c::from_hex(c::to_hex(in.in)) == std::vector<unsigned char>(in.in.begin(), in.in.end()));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    reader in{bytes(data, size)};
    switch (in.byte() % 6) {
    case 0: stream_operations(in); break;
    case 1: handshake_payload(in); break;
    case 2: bundle_json(in.in); break;
    case 3: bundle_changed(in); break;
    case 4: certificates(in); break;
    case 5: wrapping_and_encodings(in); break;
    }
    return 0;
}

// The worker's event loop and the counsellors' login values.
#include "client_context.hpp"

#include <chrono>
#include <fstream>
#include <stdexcept>

#include "clock.hpp"
#include "tillit/crypto/encoding.hpp"
#include "tillit/crypto/login_keys.hpp"

namespace tillit::bench {

client_context::client_context(const options& o)
    : opts_(o), server_(boost::asio::ip::make_address(o.host), o.port) {
    if (!o.password_file.empty()) {
        std::ifstream in(o.password_file);
        if (!std::getline(in, password_) || password_.empty())
            throw std::runtime_error("tillit-loadgen: no password in " + o.password_file);
    }
}

std::shared_ptr<connection> client_context::connect(connection_events& events) {
    auto c = std::make_shared<connection>(io_, kind(), events, flushes_);
    c->open(server_);
    return c;
}

const std::string& client_context::auth_for_salt(std::string_view salt_b64) {
    if (const auto found = auth_by_salt_.find(salt_b64); found != auth_by_salt_.end()) return found->second;
    const auto salt = crypto::from_base64(salt_b64);
    if (!salt) throw std::runtime_error("tillit-loadgen: the server sent a salt that is not B64");
    const auto keys = crypto::derive_login_keys(password_, *salt);
    if (!keys) throw std::runtime_error("tillit-loadgen: Argon2id failed");
    return auth_by_salt_.emplace(std::string(salt_b64), crypto::to_base64(keys->auth.span())).first->second;
}

bool client_context::run_until(const std::function<bool()>& done, double seconds) {
    const auto deadline = now_ns() + static_cast<std::uint64_t>(seconds * 1e9);
    while (!done() && now_ns() < deadline) {
        io_.run_one_for(std::chrono::milliseconds(10));
        if (io_.stopped()) io_.restart();
    }
    return done();
}

void client_context::run_for(double seconds) {
    io_.run_for(std::chrono::nanoseconds(static_cast<std::int64_t>(seconds * 1e9)));
    if (io_.stopped()) io_.restart();
}

} // namespace tillit::bench

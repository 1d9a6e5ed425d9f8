// login_service: counsellor and supervisor login as CRYPTO.md describes. The browser derives
// `auth` from the password; the server checks it against the stored Argon2id string on a small
// pool of its own (login-max-concurrent threads, so a login burst cannot take more than that
// many times Argon2id's 64 MiB), throttles failures per account name, and issues session tokens
// that it stores only as their BLAKE2b hash.
//
// All coroutines may be awaited from any connection strand; they resume there.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/system/result.hpp>

#include "auth/login_throttle.hpp"
#include "auth/server_secret.hpp"
#include "config/config.hpp"
#include "store/store_service.hpp"
#include "tillit/crypto/secure_buffer.hpp"

namespace tillit::auth {

enum class login_error {
    failed,           // wrong name or login value (the two are not told apart)
    locked,           // too many failures: retry_after says when to try again
    disabled,         // right credentials, but the account is disabled
    busy,             // too many logins waiting for a check: retry shortly
    session_expired,  // the token was valid once and has expired
    session_invalid,  // the token is unknown or malformed
};
[[nodiscard]] std::string_view to_string(login_error e);

struct login_success {
    std::string token;  // base64 of 32 random bytes; empty when a session was resumed
    store::unix_seconds expires_at = 0;
    store::account account;
};

struct login_failure {
    login_error code = login_error::failed;
    std::chrono::seconds retry_after{0};
};

// A login or a resumed session, or why not (with when to try again).
using login_result = boost::system::result<login_success, login_failure>;

class login_service {
public:
    login_service(store::store_service& db, const config::config& cfg, const server_secret& secret);
    ~login_service();
    login_service(const login_service&) = delete;
    login_service& operator=(const login_service&) = delete;

    // The salt a browser derives with. For a name with no account, a made-up salt that stays the
    // same across restarts, so the answer does not reveal whether the account exists.
    boost::asio::awaitable<std::vector<unsigned char>> salt_for(std::string pseudonym);

    boost::asio::awaitable<login_result> login(std::string pseudonym, crypto::secure_buffer auth);

    // Resumes a session from its token (base64 text as the client holds it).
    boost::asio::awaitable<login_result> resume(std::string token);

    // Sets a new login salt and value (the browser derived them from the new password) and
    // clears must-change. Returns false when Argon2id could not run (busy).
    boost::asio::awaitable<bool> change_password(store::account_id account, std::vector<unsigned char> salt,
                                                 crypto::secure_buffer auth);

    // Ends a session: its token no longer resumes.
    boost::asio::awaitable<void> logout(std::string token);

    // Waits for the Argon2id pool to finish. Call at shutdown.
    void stop();

private:
    boost::asio::awaitable<std::optional<bool>> verify_on_pool(std::string stored_hash, crypto::secure_buffer auth);
    boost::asio::awaitable<login_failure> fail_slowly(login_failure failure);

    store::store_service& db_;
    const config::config& cfg_;
    const server_secret& secret_;
    login_throttle throttle_;
    boost::asio::thread_pool argon2_pool_;
    std::atomic<unsigned> argon2_waiting_{0};
    std::string decoy_hash_;  // checked for unknown names, so they take as long as known ones
};

} // namespace tillit::auth

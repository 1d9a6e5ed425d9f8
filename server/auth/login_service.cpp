// login_service: salts, login checks, sessions and password changes.
#include "auth/login_service.hpp"

#include <stdexcept>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <sodium.h>

#include "async/offload.hpp"
#include "log/log.hpp"
#include "tillit/crypto/encoding.hpp"
#include "tillit/crypto/login_keys.hpp"

namespace tillit::auth {

namespace asio = boost::asio;

namespace {

constexpr std::size_t token_bytes = 32;

store::unix_seconds unix_now()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::vector<unsigned char> token_hash(std::span<const unsigned char> token)
{
    std::vector<unsigned char> hash(crypto_generichash_BYTES);
    crypto_generichash(hash.data(), hash.size(), token.data(), token.size(), nullptr, 0);
    return hash;
}

} // namespace

std::string_view to_string(login_error e)
{
    switch (e) {
    case login_error::failed: return "login_failed";
    case login_error::locked: return "login_locked";
    case login_error::disabled: return "account_disabled";
    case login_error::busy: return "busy";
    case login_error::session_expired: return "session_expired";
    case login_error::session_invalid: return "session_invalid";
    }
    return "login_failed";
}

login_service::login_service(store::store_service& db, const config::config& cfg, const server_secret& secret)
    : db_(db),
      cfg_(cfg),
      secret_(secret),
      throttle_(cfg.login_max_failures, cfg.login_lockout),
      argon2_pool_(cfg.login_max_concurrent)
{
    crypto::secure_buffer random_value(crypto::login_value_bytes);
    randombytes_buf(random_value.data(), random_value.size());
    auto decoy = crypto::hash_login_value(random_value.span());
    if (!decoy) throw std::runtime_error("Argon2id could not get its memory at start-up");
    decoy_hash_ = std::move(*decoy);
}

login_service::~login_service() { stop(); }

void login_service::stop() { argon2_pool_.join(); }

asio::awaitable<std::vector<unsigned char>> login_service::salt_for(std::string pseudonym)
{
    auto lookup = db_.run([pseudonym](store::store& s) -> std::vector<unsigned char> {
        auto found = s.find_account(pseudonym);
        return found ? found->login_salt : std::vector<unsigned char>{};
    });
    auto salt = co_await std::move(lookup);
    if (salt.empty()) salt = secret_.keyed_hash("tillit-decoy-salt", pseudonym, crypto::login_salt_bytes);
    co_return salt;
}

asio::awaitable<std::optional<bool>> login_service::verify_on_pool(std::string stored_hash, crypto::secure_buffer auth)
{
    // Bound the queue as well as the pool: waiting logins hold a connection each.
    if (argon2_waiting_.fetch_add(1) >= cfg_.login_max_queued) {
        argon2_waiting_.fetch_sub(1);
        co_return std::nullopt;
    }
    auto check = async::offload(argon2_pool_.get_executor(), [hash = std::move(stored_hash), value = std::move(auth)] {
        return crypto::verify_login_value(hash, value.span());
    });
    const bool ok = co_await std::move(check);
    argon2_waiting_.fetch_sub(1);
    co_return ok;
}

asio::awaitable<login_failure> login_service::fail_slowly(login_failure failure)
{
    asio::steady_timer delay(co_await asio::this_coro::executor, cfg_.login_failure_delay);
    co_await delay.async_wait(asio::use_awaitable);
    co_return failure;
}

asio::awaitable<login_result> login_service::login(std::string pseudonym, crypto::secure_buffer auth)
{
    if (auto locked = throttle_.locked_for(pseudonym, login_throttle::clock::now())) {
        log::info("login_refused", {{"reason", "locked"}});
        co_return co_await fail_slowly({login_error::locked, *locked});
    }

    auto lookup = db_.run([pseudonym](store::store& s) { return s.find_account(pseudonym); });
    auto account = co_await std::move(lookup);
    auto check = verify_on_pool(account ? account->login_hash : decoy_hash_, std::move(auth));
    const auto verified = co_await std::move(check);
    if (!verified) {
        log::warn("login_refused", {{"reason", "busy"}});
        co_return login_failure{login_error::busy, std::chrono::seconds(1)};
    }
    if (!*verified || !account) {
        throttle_.record_failure(pseudonym, login_throttle::clock::now());
        if (account) {
            auto audit = db_.run([pseudonym](store::store& s) { s.append_audit({unix_now(), pseudonym, "login_failed", ""}); });
            co_await std::move(audit);
        }
        log::info("login_failed");
        co_return co_await fail_slowly({login_error::failed, std::chrono::seconds(0)});
    }
    throttle_.record_success(pseudonym);
    if (account->disabled) {
        log::info("login_refused", {{"reason", "disabled"}});
        co_return login_failure{login_error::disabled, std::chrono::seconds(0)};
    }

    std::vector<unsigned char> token(token_bytes);
    randombytes_buf(token.data(), token.size());
    login_success success{crypto::to_base64(token), unix_now() + cfg_.session_ttl.count(), std::move(*account)};
    auto record = db_.run([hash = token_hash(token), id = success.account.id, expires = success.expires_at,
                           pseudonym](store::store& s) {
        s.purge_expired_sessions(unix_now());
        s.create_session(hash, id, expires);
        s.append_audit({unix_now(), pseudonym, "login", ""});
    });
    co_await std::move(record);
    sodium_memzero(token.data(), token.size());
    log::info("login_ok", {{"role", store::to_string(success.account.role)}});
    co_return success;
}

asio::awaitable<login_result> login_service::resume(std::string token)
{
    auto raw = crypto::from_base64(token);
    sodium_memzero(token.data(), token.size());
    if (!raw || raw->size() != token_bytes) co_return login_failure{login_error::session_invalid, std::chrono::seconds(0)};
    auto hash = token_hash(*raw);
    sodium_memzero(raw->data(), raw->size());
    auto lookup = db_.run([hash = std::move(hash)](store::store& s) -> login_result {
        const auto session = s.find_session(hash, unix_now());
        if (!session) {
            // Still on file but past its expiry (the purge has not run yet): say "expired".
            const bool expired = s.find_session(hash, std::numeric_limits<store::unix_seconds>::min()).has_value();
            return login_failure{expired ? login_error::session_expired : login_error::session_invalid, {}};
        }
        auto account = s.find_account(session->account);
        if (!account) return login_failure{login_error::session_invalid, {}};
        if (account->disabled) return login_failure{login_error::disabled, {}};
        return login_success{"", session->expires_at, std::move(*account)};
    });
    auto outcome = co_await std::move(lookup);
    if (outcome) log::info("session_resumed");
    else log::info("session_refused", {{"reason", to_string(outcome.error().code)}});
    co_return outcome;
}

asio::awaitable<bool> login_service::change_password(store::account_id account, std::vector<unsigned char> salt,
                                                     crypto::secure_buffer auth)
{
    if (argon2_waiting_.fetch_add(1) >= cfg_.login_max_queued) {
        argon2_waiting_.fetch_sub(1);
        co_return false;
    }
    auto hashing = async::offload(argon2_pool_.get_executor(),
                                  [value = std::move(auth)] { return crypto::hash_login_value(value.span()); });
    auto hash = co_await std::move(hashing);
    argon2_waiting_.fetch_sub(1);
    if (!hash) co_return false;
    auto update = db_.run([account, salt = std::move(salt), hash = std::move(*hash)](store::store& s) {
        const auto found = s.find_account(account);
        if (!found || !s.set_login(found->pseudonym, salt, hash, false)) return false;
        s.append_audit({unix_now(), found->pseudonym, "password_changed", ""});
        return true;
    });
    const bool changed = co_await std::move(update);
    co_return changed;
}

asio::awaitable<void> login_service::logout(std::string token)
{
    auto raw = crypto::from_base64(token);
    sodium_memzero(token.data(), token.size());
    if (!raw || raw->size() != token_bytes) co_return;
    auto hash = token_hash(*raw);
    sodium_memzero(raw->data(), raw->size());
    auto removal = db_.run([hash = std::move(hash)](store::store& s) { s.delete_session(hash); });
    co_await std::move(removal);
}

} // namespace tillit::auth

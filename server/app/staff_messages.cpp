// staff_messages: login, session resumption, password change and logout over the WebSocket.
#include "app/staff_messages.hpp"

#include "protocol/fields.hpp"
#include "protocol/replies.hpp"

#include "tillit/crypto/encoding.hpp"
#include "tillit/crypto/login_keys.hpp"

namespace tillit::app {

namespace asio = boost::asio;
namespace json = boost::json;
using protocol::errc;
using protocol::string_field;

namespace {

constexpr std::size_t max_pseudonym_length = 64;

std::optional<std::string_view> pseudonym_field(const json::object& message)
{
    auto pseudonym = string_field(message, "pseudonym");
    if (!pseudonym || pseudonym->empty() || pseudonym->size() > max_pseudonym_length) return std::nullopt;
    return pseudonym;
}

// A base64 field decoded straight into sodium-allocated memory, when it has `size` bytes.
std::optional<crypto::secure_buffer> secret_field(const json::object& message, std::string_view key, std::size_t size)
{
    const auto text = string_field(message, key);
    if (!text) return std::nullopt;
    auto bytes = crypto::from_base64(*text);
    if (!bytes || bytes->size() != size) return std::nullopt;
    crypto::secure_buffer secret(size);
    std::copy(bytes->begin(), bytes->end(), secret.data());
    sodium_memzero(bytes->data(), bytes->size());
    return secret;
}

std::optional<std::string> optional_blob(const std::vector<unsigned char>& bytes)
{
    if (bytes.empty()) return std::nullopt;
    return crypto::to_base64(bytes);
}

errc code_of(auth::login_error e)
{
    switch (e) {
    case auth::login_error::failed: return errc::login_failed;
    case auth::login_error::locked: return errc::login_locked;
    case auth::login_error::disabled: return errc::account_disabled;
    case auth::login_error::busy: return errc::busy;
    case auth::login_error::session_expired: return errc::session_expired;
    case auth::login_error::session_invalid: return errc::session_invalid;
    }
    return errc::login_failed;
}

} // namespace

staff_messages::staff_messages(const std::shared_ptr<net::websocket_session>& connection, auth::login_service& logins,
                               std::shared_ptr<chat::pairing_actor> actor, store::store_service& db,
                               const auth::dev_certifier* certifier, stats_recorder& recorder, std::int64_t report_min_count,
                               std::shared_ptr<mailbox::mailbox_service> mailbox)
    : connection_(connection),
      logins_(logins),
      actor_(std::move(actor)),
      db_(db),
      certifier_(certifier),
      recorder_(recorder),
      report_min_count_(report_min_count),
      mailbox_(std::move(mailbox))
{
}

void staff_messages::send(std::string frame)
{
    if (auto connection = connection_.lock()) connection->send(std::move(frame));
}

void staff_messages::send_error(errc code, std::string_view text, std::optional<long long> retry_after)
{
    protocol::error_reply reply{code, std::string(text)};
    reply.retry_after = retry_after;
    if (auto connection = connection_.lock()) connection->send_error(std::move(reply), net::strike::counts);
}

void staff_messages::open_role()
{
    auto connection = connection_.lock();
    if (!connection || desk_ || watch_ || !account_) return;
    if (account_->role == store::role::counsellor) {
        desk_ = std::make_shared<counsellor_desk>(connection, actor_, db_, recorder_, *account_);
        letters_ = std::make_shared<counsellor_mailbox>(
            connection, mailbox_, mailbox::staff_member{account_->id, account_->pseudonym, account_->lanes});
    } else {  // supervisor or admin
        watch_ = std::make_shared<supervisor_watch>(connection, actor_);
        statistics_ = std::make_unique<statistics_messages>(connection, db_, recorder_, report_min_count_);
    }
}

void staff_messages::on_closed()
{
    if (desk_) desk_->on_closed();
    if (letters_) letters_->on_closed();
    if (watch_) watch_->on_closed();
    sodium_memzero(token_.data(), token_.size());  // the session token dies with the connection
}

// Every awaited call below is built in one statement and awaited in the next: see
// async/offload.hpp for the GCC 12 bug this avoids.
asio::awaitable<void> staff_messages::on_message(std::string_view type, const json::object& message)
{
    if (type == "login_salt" && state_ == state::anonymous) {
        const auto pseudonym = pseudonym_field(message);
        if (!pseudonym) co_return send_error(errc::bad_message, "login_salt needs a pseudonym.");
        auto lookup = logins_.salt_for(std::string(*pseudonym));
        const auto salt = co_await std::move(lookup);
        send(protocol::frame(protocol::login_salt{crypto::to_base64(salt)}));
    } else if (type == "login" && state_ == state::anonymous) {
        co_await on_login(message);
    } else if (type == "session" && state_ == state::anonymous) {
        co_await on_session(message);
    } else if (type == "change_password" && state_ != state::anonymous) {
        co_await on_change_password(message);
    } else if (type == "logout" && state_ != state::anonymous) {
        auto ending = logins_.logout(token_);
        co_await std::move(ending);
        send(protocol::frame(protocol::logged_out{}));
        if (auto connection = connection_.lock()) connection->close(boost::beast::websocket::close_code::normal, "logged out");
    } else if (type == "login_salt" || type == "login" || type == "session") {
        send_error(errc::already_signed_in);
    } else if (type == "change_password" || type == "logout") {
        send_error(errc::not_signed_in);
    } else if (state_ == state::must_change_password) {
        send_error(errc::password_change_required);
    } else if (type == "identity_key" && state_ == state::signed_in && account_->role == store::role::counsellor) {
        co_await on_identity_key(message);
    } else if (watch_ && watch_->on_message(type)) {
        // watch or unwatch: answered by the pairing actor
    } else if (statistics_ && (type == "stats" || type == "report")) {
        auto handling = statistics_->on_message(type, message);
        co_await std::move(handling);
    } else if (desk_) {
        auto letters = letters_->on_message(type, message);
        if (co_await std::move(letters)) co_return;
        auto handling = desk_->on_message(type, message);
        if (!co_await std::move(handling)) send_error(errc::unknown_type);
    } else {
        send_error(errc::unknown_type);
    }
}

asio::awaitable<void> staff_messages::on_login(const json::object& message)
{
    const auto pseudonym = pseudonym_field(message);
    auto auth = secret_field(message, "auth", crypto::login_value_bytes);
    if (!pseudonym || !auth) co_return send_error(errc::bad_message, "login needs a pseudonym and a 32-byte auth value.");
    auto attempt = logins_.login(std::string(*pseudonym), std::move(*auth));
    auto result = co_await std::move(attempt);
    on_login_result(result);
    if (result) sodium_memzero(result->token.data(), result->token.size());
}

asio::awaitable<void> staff_messages::on_session(const json::object& message)
{
    const auto token = string_field(message, "token");
    if (!token) co_return send_error(errc::bad_message, "session needs a token.");
    auto attempt = logins_.resume(std::string(*token));
    const auto result = co_await std::move(attempt);
    if (result) token_ = std::string(*token);
    on_login_result(result);
}

void staff_messages::on_login_result(const auth::login_result& result)
{
    if (!result) {
        const auto& failure = result.error();
        const std::optional<long long> retry =
            failure.retry_after.count() > 0 ? std::optional<long long>(failure.retry_after.count()) : std::nullopt;
        send_error(code_of(failure.code), {}, retry);
        return;
    }
    const auto& success = *result;
    const auto& account = success.account;
    account_ = account;
    if (!success.token.empty()) token_ = success.token;
    state_ = account.must_change_password ? state::must_change_password : state::signed_in;

    protocol::login_ok ok{success.expires_at,
                          account.pseudonym,
                          std::string(store::to_string(account.role)),
                          account.languages,
                          account.lanes,
                          account.must_change_password,
                          optional_blob(account.identity_public_key),
                          optional_blob(account.wrapped_identity_key),
                          optional_blob(account.certificate),
                          success.token.empty() ? std::nullopt : std::optional<std::string>(success.token)};
    send(protocol::frame(ok));  // the frame is wiped once written
    if (ok.token) sodium_memzero(ok.token->data(), ok.token->size());
    if (state_ == state::signed_in) open_role();
}

asio::awaitable<void> staff_messages::on_change_password(const json::object& message)
{
    const auto salt_text = string_field(message, "salt");
    auto salt = salt_text ? crypto::from_base64(*salt_text) : std::nullopt;
    auto auth = secret_field(message, "auth", crypto::login_value_bytes);
    if (!salt || salt->size() != crypto::login_salt_bytes || !auth)
        co_return send_error(errc::bad_message, "change_password needs a 16-byte salt and a 32-byte auth value.");
    auto change = logins_.change_password(account_->id, std::move(*salt), std::move(*auth));
    if (!co_await std::move(change))
        co_return send_error(errc::busy, {}, 1);
    state_ = state::signed_in;
    send(protocol::frame(protocol::password_changed{}));
    open_role();
}

// The console's first-login key set-up: the identity key's public half, and its secret half
// wrapped with `wrap` (which the server never has). It awaits certification by the root key,
// unless the unsafe development mode certifies it at once.
asio::awaitable<void> staff_messages::on_identity_key(const json::object& message)
{
    const auto public_text = string_field(message, "public");
    const auto wrapped_text = string_field(message, "wrapped");
    auto public_key = public_text ? crypto::from_base64(*public_text) : std::nullopt;
    auto wrapped = wrapped_text ? crypto::from_base64(*wrapped_text) : std::nullopt;
    if (!public_key || public_key->size() != 32 || !wrapped || wrapped->empty() || wrapped->size() > 256)
        co_return send_error(errc::bad_message, "identity_key needs a 32-byte public key and the wrapped secret key.");
    std::vector<unsigned char> certificate;
    if (certifier_) certificate = certifier_->certify(*public_key, account_->pseudonym).value_or(std::vector<unsigned char>{});
    auto saving = db_.run([id = account_->id, public_key = *public_key, wrapped = *wrapped, certificate,
                           pseudonym = account_->pseudonym](store::store& s) {
        s.set_identity_key(id, public_key, wrapped);
        if (!certificate.empty()) s.set_certificate(id, certificate);
        s.append_audit({std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count(),
                        pseudonym, "identity_key_set", ""});
    });
    co_await std::move(saving);
    send(protocol::frame(protocol::identity_key_saved{
        certificate.empty() ? std::nullopt : std::optional<std::string>(crypto::to_base64(certificate))}));
}

} // namespace tillit::app

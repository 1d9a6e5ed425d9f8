// staff_messages: login, session resumption, password change and logout over the WebSocket.
#include "app/staff_messages.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "app/json_fields.hpp"

#include "tillit/crypto/encoding.hpp"
#include "tillit/crypto/login_keys.hpp"

namespace tillit::app {

namespace asio = boost::asio;
namespace json = boost::json;

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

json::array to_json_array(const std::vector<std::string>& items)
{
    json::array out;
    for (const auto& item : items) out.emplace_back(item);
    return out;
}

json::value optional_blob(const std::vector<unsigned char>& bytes)
{
    if (bytes.empty()) return nullptr;
    return json::string(crypto::to_base64(bytes));
}

} // namespace

staff_messages::staff_messages(const std::shared_ptr<net::websocket_session>& connection, auth::login_service& logins,
                               std::shared_ptr<chat::pairing_actor> actor, store::store_service& db,
                               const auth::dev_certifier* certifier, stats_recorder& recorder, std::int64_t report_min_count)
    : connection_(connection),
      logins_(logins),
      actor_(std::move(actor)),
      db_(db),
      certifier_(certifier),
      recorder_(recorder),
      report_min_count_(report_min_count)
{
}

void staff_messages::send(const json::object& message)
{
    if (auto connection = connection_.lock()) connection->send(json::serialize(message));
}

void staff_messages::send_error(std::string_view code, std::string_view text, std::optional<long long> retry_after)
{
    json::object extra;
    if (retry_after) extra["retry_after"] = *retry_after;
    if (auto connection = connection_.lock()) connection->send_error(error_text(code, text, std::move(extra)));
}

void staff_messages::open_role()
{
    auto connection = connection_.lock();
    if (!connection || desk_ || watch_ || !account_) return;
    if (account_->role == store::role::counsellor) {
        desk_ = std::make_shared<counsellor_desk>(connection, actor_, db_, recorder_, *account_);
    } else {  // supervisor or admin
        watch_ = std::make_shared<supervisor_watch>(connection, actor_);
        statistics_ = std::make_unique<statistics_messages>(connection, db_, recorder_, report_min_count_);
    }
}

void staff_messages::on_closed()
{
    if (desk_) desk_->on_closed();
    if (watch_) watch_->on_closed();
    sodium_memzero(token_.data(), token_.size());  // the session token dies with the connection
}

// Every awaited call below is built in one statement and awaited in the next: see
// async/offload.hpp for the GCC 12 bug this avoids.
asio::awaitable<void> staff_messages::on_message(std::string_view type, const json::object& message)
{
    if (type == "login_salt" && state_ == state::anonymous) {
        const auto pseudonym = pseudonym_field(message);
        if (!pseudonym) co_return send_error("bad_message", "login_salt needs a pseudonym.");
        auto lookup = logins_.salt_for(std::string(*pseudonym));
        const auto salt = co_await std::move(lookup);
        send({{"type", "login_salt"}, {"salt", crypto::to_base64(salt)}});
    } else if (type == "login" && state_ == state::anonymous) {
        co_await on_login(message);
    } else if (type == "session" && state_ == state::anonymous) {
        co_await on_session(message);
    } else if (type == "change_password" && state_ != state::anonymous) {
        co_await on_change_password(message);
    } else if (type == "logout" && state_ != state::anonymous) {
        auto ending = logins_.logout(token_);
        co_await std::move(ending);
        send({{"type", "logged_out"}});
        if (auto connection = connection_.lock()) connection->close(boost::beast::websocket::close_code::normal, "logged out");
    } else if (type == "login_salt" || type == "login" || type == "session") {
        send_error("already_signed_in", "This connection is already signed in.");
    } else if (type == "change_password" || type == "logout") {
        send_error("not_signed_in", "Sign in first.");
    } else if (state_ == state::must_change_password) {
        send_error("password_change_required", "Choose a new password first.");
    } else if (type == "identity_key" && state_ == state::signed_in && account_->role == store::role::counsellor) {
        co_await on_identity_key(message);
    } else if (watch_ && watch_->on_message(type)) {
        // watch or unwatch: answered by the pairing actor
    } else if (statistics_ && (type == "stats" || type == "report")) {
        auto handling = statistics_->on_message(type, message);
        co_await std::move(handling);
    } else if (desk_) {
        auto handling = desk_->on_message(type, message);
        if (!co_await std::move(handling)) send_error("unknown_type", "Unknown message type.");
    } else {
        send_error("unknown_type", "Unknown message type.");
    }
}

asio::awaitable<void> staff_messages::on_login(const json::object& message)
{
    const auto pseudonym = pseudonym_field(message);
    auto auth = secret_field(message, "auth", crypto::login_value_bytes);
    if (!pseudonym || !auth) co_return send_error("bad_message", "login needs a pseudonym and a 32-byte auth value.");
    auto attempt = logins_.login(std::string(*pseudonym), std::move(*auth));
    auto result = co_await std::move(attempt);
    on_login_result(result);
    if (auto* success = std::get_if<auth::login_success>(&result)) sodium_memzero(success->token.data(), success->token.size());
}

asio::awaitable<void> staff_messages::on_session(const json::object& message)
{
    const auto token = string_field(message, "token");
    if (!token) co_return send_error("bad_message", "session needs a token.");
    auto attempt = logins_.resume(std::string(*token));
    const auto result = co_await std::move(attempt);
    if (std::holds_alternative<auth::login_success>(result)) token_ = std::string(*token);
    on_login_result(result);
}

void staff_messages::on_login_result(const auth::login_result& result)
{
    if (const auto* failure = std::get_if<auth::login_failure>(&result)) {
        static constexpr std::string_view texts[] = {
            "Wrong pseudonym or password.", "Too many failed logins: try again later.", "This account is disabled.",
            "The server is busy: try again in a moment.", "Your session has expired: log in again.",
            "This session is not valid: log in again."};
        const std::optional<long long> retry =
            failure->retry_after.count() > 0 ? std::optional<long long>(failure->retry_after.count()) : std::nullopt;
        send_error(auth::to_string(failure->code), texts[static_cast<int>(failure->code)], retry);
        return;
    }
    const auto& success = std::get<auth::login_success>(result);
    const auto& account = success.account;
    account_ = account;
    if (!success.token.empty()) token_ = success.token;
    state_ = account.must_change_password ? state::must_change_password : state::signed_in;

    json::object ok{{"type", "login_ok"},
                     {"expires_at", success.expires_at},
                     {"pseudonym", account.pseudonym},
                     {"role", store::to_string(account.role)},
                     {"languages", to_json_array(account.languages)},
                     {"lanes", to_json_array(account.lanes)},
                     {"must_change_password", account.must_change_password},
                     {"identity_public_key", optional_blob(account.identity_public_key)},
                     {"wrapped_identity_key", optional_blob(account.wrapped_identity_key)},
                     {"certificate", optional_blob(account.certificate)}};
    if (!success.token.empty()) ok["token"] = success.token;
    send(ok);
    wipe_strings(ok);  // the token: the copy on its way out is wiped once written
    if (state_ == state::signed_in) open_role();
}

asio::awaitable<void> staff_messages::on_change_password(const json::object& message)
{
    const auto salt_text = string_field(message, "salt");
    auto salt = salt_text ? crypto::from_base64(*salt_text) : std::nullopt;
    auto auth = secret_field(message, "auth", crypto::login_value_bytes);
    if (!salt || salt->size() != crypto::login_salt_bytes || !auth)
        co_return send_error("bad_message", "change_password needs a 16-byte salt and a 32-byte auth value.");
    auto change = logins_.change_password(account_->id, std::move(*salt), std::move(*auth));
    if (!co_await std::move(change))
        co_return send_error("busy", "The server is busy: try again in a moment.", 1);
    state_ = state::signed_in;
    send({{"type", "password_changed"}});
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
        co_return send_error("bad_message", "identity_key needs a 32-byte public key and the wrapped secret key.");
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
    send({{"type", "identity_key_saved"},
          {"state", certificate.empty() ? "awaiting_certification" : "certified"},
          {"certificate", certificate.empty() ? json::value(nullptr) : json::value(crypto::to_base64(certificate))}});
}

} // namespace tillit::app

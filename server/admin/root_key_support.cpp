// root_key_support: the parts the root-key, certificates and revocation commands share (see root_key_support.hpp).
#include "admin/root_key_support.hpp"

#include <ostream>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "keys/root_key_file.hpp"
#include "keys/small_file.hpp"
#include "tillit/crypto/encoding.hpp"
#include "tillit/crypto/fingerprint.hpp"

namespace tillit::admin {

namespace json = boost::json;

crypto::public_key checked_public_key(std::string_view text, std::string_view where)
{
    const auto key = keys::parse_public_key(text);
    if (!key) throw usage_error{std::string(where) + " is not a root public key (43 characters of URL-safe base64)"};
    return *key;
}

void write_json_file(const std::filesystem::path& path, const json::value& v)
{
    keys::write_new_file(path, json::serialize(v) + "\n", 0644);
}

void print_public(std::ostream& out, const crypto::public_key& key)
{
    out << "public key:  " << crypto::to_base64(key) << "\n";
    out << "fingerprint: " << crypto::root_fingerprint(key) << "\n";
}

std::optional<crypto::public_key> root_public_key(const parsed_args& a, store::store* db)
{
    if (a.option("public-key") && a.option("public-key-file")) throw usage_error{"give --public-key or --public-key-file, not both"};
    if (const auto* b64 = a.option("public-key")) return checked_public_key(*b64, "--public-key");
    if (const auto* file = a.option("public-key-file")) return checked_public_key(keys::read_small_file(*file), *file);
    if (db != nullptr) {
        if (const auto configured = db->setting(root_public_key_setting))
            return checked_public_key(*configured, "the configured root public key");
    }
    return std::nullopt;
}

crypto::signing_keypair secret_from(const parsed_args& a, store::store* db)
{
    const auto* file = a.option("secret-file");
    if (file == nullptr) throw usage_error{"missing --secret-file FILE (the root key's secret)"};
    auto keys = keys::read_root_key_file(*file);
    if (db != nullptr) {
        if (const auto configured = db->setting(root_public_key_setting);
            configured && checked_public_key(*configured, "the configured root public key") != keys.pk)
            throw operation_error{*file + " is not the configured root key (root-key show --secret-file shows its fingerprint)"};
    }
    return keys;
}

long days_from(const parsed_args& a)
{
    const auto* text = a.option("days");
    if (text == nullptr) return default_days;
    long days = 0;
    try {
        std::size_t used = 0;
        days = std::stol(*text, &used);
        if (used != text->size()) days = 0;
    } catch (const std::exception&) {
        days = 0;
    }
    if (days < 1 || days > max_days) throw usage_error{"--days must be a whole number from 1 to " + std::to_string(max_days)};
    return days;
}

crypto::revocation_list stored_revocations(store::store& db, const crypto::public_key& root)
{
    const auto text = db.setting(revocation_list_setting);
    if (!text || text->empty()) return {};
    const auto blob = crypto::from_base64(*text);
    if (!blob) throw operation_error{"the stored revocation list is not base64"};
    auto list = crypto::open_revocation_list_ignoring_expiry(root, *blob);
    if (!list) throw operation_error{"the stored revocation list is not signed by this root key (" +
                                     std::string(crypto::to_string(list.error())) + ")"};
    return std::move(*list);
}

crypto::public_key identity_key_of(const store::account& account)
{
    const auto key = crypto::public_key_from(account.identity_public_key);
    if (!key) throw operation_error{"\"" + account.pseudonym + "\" has no identity key yet (it is made at the first console login)"};
    return *key;
}

crypto::certificate certify(const crypto::signing_keypair& root, const crypto::public_key& ik, const std::string& pseudonym, long days)
{
    const auto not_after = static_cast<std::uint64_t>(now() + days * 86400);
    auto cert = crypto::make_certificate(root, ik, pseudonym, not_after);
    if (!cert) throw operation_error{"cannot certify \"" + pseudonym + "\": " + std::string(crypto::to_string(cert.error()))};
    return *cert;
}

json::object read_json_object(const std::string& path, std::string_view kind)
{
    boost::system::error_code ec;
    auto v = json::parse(keys::read_small_file(path), ec);
    if (ec || !v.is_object()) throw operation_error{path + " is not JSON"};
    auto& o = v.as_object();
    const auto* k = o.if_contains("kind");
    if (k == nullptr || !k->is_string() || k->as_string() != kind) throw operation_error{path + " is not a " + std::string(kind) + " file"};
    return std::move(o);
}

std::string string_field(const json::value& v, std::string_view name, const std::string& path)
{
    const auto* f = v.is_object() ? v.as_object().if_contains(name) : nullptr;
    if (f == nullptr || !f->is_string()) throw operation_error{path + ": an entry lacks \"" + std::string(name) + "\""};
    return std::string(f->as_string());
}

} // namespace tillit::admin

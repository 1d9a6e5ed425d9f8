// root_key_support: what the root-key, certificates and revocation commands share: which root
// key a command uses (given or configured), --days, the stored revocation list, certifying one
// key, and the JSON files carried to and from the offline signing machine. Each function throws
// usage_error for a bad command line and operation_error (or keys::key_file_error) for a failure.
#pragma once

#include <filesystem>
#include <optional>
#include <iosfwd>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "admin/command_support.hpp"
#include "tillit/crypto/certificate.hpp"
#include "tillit/crypto/keys.hpp"
#include "tillit/crypto/revocation_list.hpp"

namespace tillit::admin {

// Settings keys of the root key: the configured root public key (URL-safe base64) and the
// root-signed revocation list (URL-safe base64 of crypto/revocation_list.hpp's blob).
inline constexpr std::string_view root_public_key_setting = "root_public_key";
inline constexpr std::string_view revocation_list_setting = "revocation_list";

inline constexpr long default_days = 30;
inline constexpr long max_days = 90;  // certificates are short-lived: they bound how long a withheld revocation matters

// The "kind" of each JSON file of the offline round trips.
inline constexpr std::string_view pending_kind = "tillit-pending-identity-keys-v1";
inline constexpr std::string_view signed_kind = "tillit-certificates-v1";
inline constexpr std::string_view revocation_request_kind = "tillit-revocation-request-v1";
inline constexpr std::string_view revocation_list_kind = "tillit-revocation-list-v1";

// A root public key from text; usage_error naming `where` when it is not one.
crypto::public_key checked_public_key(std::string_view text, std::string_view where);
void print_public(std::ostream& out, const crypto::public_key& key);
// The root public key a command should check against: --public-key, --public-key-file, or the
// configured one (root-key configure; only when db is given). nullopt when none is known.
std::optional<crypto::public_key> root_public_key(const parsed_args& a, store::store* db);
// The secret key from --secret-file; refuses one that is not the configured root.
crypto::signing_keypair secret_from(const parsed_args& a, store::store* db);
// --days, default_days when absent; usage_error outside 1..max_days.
long days_from(const parsed_args& a);
// The stored revocation list (any age), or an empty one. Throws if it is there but not O's.
crypto::revocation_list stored_revocations(store::store& db, const crypto::public_key& root);
crypto::public_key identity_key_of(const store::account& account);
crypto::certificate certify(const crypto::signing_keypair& root, const crypto::public_key& ik, const std::string& pseudonym, long days);
// A JSON file of the round trips: written new (never replacing one), read back checking its "kind".
void write_json_file(const std::filesystem::path& path, const boost::json::value& v);
boost::json::object read_json_object(const std::string& path, std::string_view kind);
// A string member of one entry of such a file; operation_error naming the file when missing.
std::string string_field(const boost::json::value& v, std::string_view name, const std::string& path);

} // namespace tillit::admin

// revocation_commands: revocation with an offline root key: export, sign offline, import.
#include "admin/revocation_commands.hpp"

#include <ostream>
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "admin/root_key_support.hpp"
#include "tillit/crypto/encoding.hpp"

namespace tillit::admin {
namespace {

namespace json = boost::json;

int certificates_revocations_export(const context& c, std::span<const std::string> args)
{
    const auto a = parse_args(args, {}, {});
    if (a.positionals.empty()) throw usage_error{"missing FILE"};
    auto db = open_store(c);
    json::array revoke;
    std::vector<std::string> names;
    for (std::size_t i = 1; i < a.positionals.size(); ++i) {
        const auto pseudonym = checked_pseudonym(a.positionals[i]);
        const auto ik = identity_key_of(existing_account(db, pseudonym));
        revoke.push_back(json::object{{"pseudonym", pseudonym}, {"identity_public_key", crypto::to_base64(ik)}});
        names.push_back(pseudonym);
    }
    const auto current = db.setting(revocation_list_setting);
    write_json_file(a.positionals[0], json::object{{"kind", revocation_request_kind},
                                                   {"exported_at", now()},
                                                   {"current_list", current ? json::value(*current) : json::value(nullptr)},
                                                   {"revoke", std::move(revoke)}});
    audit(db, "revocations_exported", join(names));
    c.out << "exported the revocation list and " << names.size() << " keys to revoke to " << a.positionals[0]
          << ": sign it on the offline machine with certificates sign-revocations\n";
    return 0;
}

int certificates_sign_revocations(const context& c, std::span<const std::string> args)
{
    // Runs on the offline machine: it reads and writes files only, never a database.
    const auto a = parse_args(args, {"secret-file", "days"}, {});
    expect_positionals(a, 2, a.positionals.empty() ? "IN and OUT" : "OUT");
    const auto days = days_from(a);
    const auto root = secret_from(a, nullptr);
    const auto& in_path = a.positionals[0];
    const auto request = read_json_object(in_path, revocation_request_kind);
    crypto::revocation_list list;
    if (const auto* current = request.if_contains("current_list"); current != nullptr && current->is_string() &&
                                                                   !current->as_string().empty()) {
        const auto blob = crypto::from_base64(std::string(current->as_string()));
        auto opened = blob ? crypto::open_revocation_list_ignoring_expiry(root.pk, *blob)
                           : crypto::result<crypto::revocation_list>(crypto::crypto_error::malformed);
        if (!opened) throw operation_error{in_path + ": the current list is not signed by this root key"};
        list = std::move(*opened);
    }
    const auto* revoke = request.if_contains("revoke");
    if (revoke == nullptr || !revoke->is_array()) throw operation_error{in_path + ": no \"revoke\" list"};
    for (const auto& entry : revoke->as_array()) {
        const auto pseudonym = checked_pseudonym(string_field(entry, "pseudonym", in_path));
        const auto ik = checked_public_key(string_field(entry, "identity_public_key", in_path), in_path);
        if (!list.contains(ik)) list.revoked.push_back(ik);
        c.out << "revoking \"" << pseudonym << "\" " << crypto::to_base64(ik) << "\n";
    }
    list.issued_at = static_cast<std::uint64_t>(now());
    list.not_after = list.issued_at + static_cast<std::uint64_t>(days) * 86400;
    const auto blob = crypto::sign_revocation_list(root, list);
    if (!blob) throw operation_error{"cannot sign the revocation list: " + std::string(crypto::to_string(blob.error()))};
    write_json_file(a.positionals[1], json::object{{"kind", revocation_list_kind},
                                                   {"root_public_key", crypto::to_base64(root.pk)},
                                                   {"list", crypto::to_base64(*blob)}});
    c.out << "signed the revocation list (" << list.revoked.size() << " keys) for " << days << " days into "
          << a.positionals[1] << "\n";
    return 0;
}

int certificates_import_revocations(const context& c, std::span<const std::string> args)
{
    const auto a = parse_args(args, {"public-key", "public-key-file"}, {});
    expect_positionals(a, 1, "FILE");
    const auto& path = a.positionals[0];
    const auto file = read_json_object(path, revocation_list_kind);
    auto db = open_store(c);
    const auto root = root_public_key(a, &db);
    if (!root) throw usage_error{"no root public key: run root-key configure, or give --public-key-file FILE"};
    const auto text = string_field(json::value(file), "list", path);
    const auto blob = crypto::from_base64(text);
    if (!blob) throw operation_error{path + ": the list is not base64"};
    const auto list = crypto::open_revocation_list(*root, *blob, static_cast<std::uint64_t>(now()));
    if (!list) throw operation_error{path + ": refused: " + std::string(crypto::to_string(list.error()))};
    // A list only grows and only gets newer: an old or shortened one (a replay) is refused.
    if (db.setting(revocation_list_setting)) {
        const auto stored = stored_revocations(db, *root);
        if (stored.issued_at > list->issued_at) throw operation_error{path + ": older than the stored revocation list"};
        for (const auto& ik : stored.revoked)
            if (!list->contains(ik))
                throw operation_error{path + ": leaves out a key the stored list revokes (" + crypto::to_base64(ik) + ")"};
    }
    db.put_setting(revocation_list_setting, text);
    for (const auto& account : db.list_accounts()) {
        const auto ik = crypto::public_key_from(account.identity_public_key);
        if (!ik || !list->contains(*ik) || account.certificate.empty()) continue;
        db.set_certificate(account.id, {});
        audit(db, "certificate_revoked", account.pseudonym);
        c.out << "dropped the certificate of \"" << account.pseudonym << "\"\n";
    }
    audit(db, "revocation_list_imported", "");
    c.out << "imported the revocation list (" << list->revoked.size() << " keys, valid for "
          << (list->not_after - static_cast<std::uint64_t>(now())) / 86400 << " more days)\n";
    return 0;
}

constexpr command commands[] = {
    {"certificates", "revocations-export", certificates_revocations_export,
     R"(usage: tillit-admin certificates revocations-export FILE [PSEUDONYM...]

On the server, for a root key kept offline: writes the stored revocation list and the current
identity keys of the named accounts to FILE (JSON; a new file), for sign-revocations on the
offline machine. With no PSEUDONYM the list is only to be re-signed (renewed).
)"},
    {"certificates", "sign-revocations", certificates_sign_revocations,
     R"(usage: tillit-admin certificates sign-revocations IN OUT --secret-file FILE [--days 30]

On the offline machine (no database needed): adds the keys in IN (from revocations-export) to
its revocation list, signs the list with the root key valid for DAYS days (1-90), and writes it
to OUT (a new file) for import-revocations.
)"},
    {"certificates", "import-revocations", certificates_import_revocations,
     R"(usage: tillit-admin certificates import-revocations FILE [--public-key B64 | --public-key-file FILE]

Checks the signed revocation list in FILE against the root public key (given, or configured),
that it has not expired, and that it is not older than the stored one nor leaves out a key the
stored one revokes; stores it and drops the certificates of the accounts whose keys it revokes.
)"},
};

} // namespace

std::span<const command> revocation_commands() { return commands; }

} // namespace tillit::admin

// certificate_commands: certifying identity keys with the root key, online or through an offline machine.
#include "admin/certificate_commands.hpp"

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

int certificates_pending(const context& c, std::span<const std::string> args)
{
    expect_positionals(parse_args(args, {}, {}), 0, "");
    auto db = open_store(c);
    bool any = false;
    for (const auto& account : db.list_accounts()) {
        if (account.identity_public_key.empty() || !account.certificate.empty()) continue;
        c.out << account.pseudonym << "  " << crypto::to_base64(account.identity_public_key) << "\n";
        any = true;
    }
    if (!any) c.out << "no identity keys await certification\n";
    return 0;
}

int certificates_certify(const context& c, std::span<const std::string> args)
{
    const auto a = parse_args(args, {"secret-file", "days"}, {});
    expect_positionals(a, 1, "PSEUDONYM");
    const auto pseudonym = checked_pseudonym(a.positionals[0]);
    const auto days = days_from(a);
    auto db = open_store(c);
    const auto root = secret_from(a, &db);
    const auto account = existing_account(db, pseudonym);
    if (account.disabled) throw operation_error{"\"" + pseudonym + "\" is disabled"};
    const auto ik = identity_key_of(account);
    if (stored_revocations(db, root.pk).contains(ik))
        throw operation_error{"the identity key of \"" + pseudonym + "\" was revoked; the counsellor must make a new one"};
    const auto cert = certify(root, ik, pseudonym, days);
    db.set_certificate(account.id, crypto::encode_certificate(cert));
    audit(db, "certificate_issued", pseudonym);
    c.out << "certified \"" << pseudonym << "\" for " << days << " days (until unix time " << cert.not_after << ")\n";
    return 0;
}

int certificates_certify_pending(const context& c, std::span<const std::string> args)
{
    // What the demo runs (with the dev-init key) so that a new console key works at once.
    const auto a = parse_args(args, {"secret-file", "days"}, {});
    expect_positionals(a, 0, "");
    const auto days = days_from(a);
    auto db = open_store(c);
    const auto root = secret_from(a, &db);
    const auto revoked = stored_revocations(db, root.pk);
    std::size_t count = 0;
    for (const auto& account : db.list_accounts()) {
        if (account.identity_public_key.empty() || !account.certificate.empty() || account.disabled) continue;
        const auto ik = identity_key_of(account);
        if (revoked.contains(ik)) {
            c.err << "tillit-admin: skipped \"" << account.pseudonym << "\": its identity key was revoked\n";
            continue;
        }
        db.set_certificate(account.id, crypto::encode_certificate(certify(root, ik, account.pseudonym, days)));
        audit(db, "certificate_issued", account.pseudonym);
        c.out << "certified \"" << account.pseudonym << "\" for " << days << " days\n";
        ++count;
    }
    c.out << "certified " << count << " identity keys\n";
    return 0;
}

int certificates_revoke(const context& c, std::span<const std::string> args)
{
    const auto a = parse_args(args, {"secret-file", "days"}, {});
    expect_positionals(a, 1, "PSEUDONYM");
    const auto pseudonym = checked_pseudonym(a.positionals[0]);
    const auto days = days_from(a);
    auto db = open_store(c);
    const auto root = secret_from(a, &db);
    const auto account = existing_account(db, pseudonym);
    const auto ik = identity_key_of(account);
    auto list = stored_revocations(db, root.pk);
    if (!list.contains(ik)) list.revoked.push_back(ik);
    list.issued_at = static_cast<std::uint64_t>(now());
    list.not_after = list.issued_at + static_cast<std::uint64_t>(days) * 86400;
    const auto blob = crypto::sign_revocation_list(root, list);
    if (!blob) throw operation_error{"cannot sign the revocation list: " + std::string(crypto::to_string(blob.error()))};
    db.put_setting(revocation_list_setting, crypto::to_base64(*blob));
    db.set_certificate(account.id, {});
    audit(db, "certificate_revoked", pseudonym);
    c.out << "revoked the identity key of \"" << pseudonym << "\"; the list (" << list.revoked.size()
          << " keys) is valid for " << days << " days: re-sign it before then with another revoke\n";
    return 0;
}

int certificates_export(const context& c, std::span<const std::string> args)
{
    const auto a = parse_args(args, {}, {});
    expect_positionals(a, 1, "FILE");
    auto db = open_store(c);
    json::array keys;
    for (const auto& account : db.list_accounts()) {
        if (account.identity_public_key.empty() || !account.certificate.empty()) continue;
        keys.push_back(json::object{{"pseudonym", account.pseudonym},
                                    {"identity_public_key", crypto::to_base64(account.identity_public_key)}});
    }
    const auto count = keys.size();
    write_json_file(a.positionals[0], json::object{{"kind", pending_kind}, {"exported_at", now()}, {"keys", std::move(keys)}});
    audit(db, "identity_keys_exported", "");
    c.out << "exported " << count << " identity keys awaiting certification to " << a.positionals[0] << "\n";
    return 0;
}

int certificates_sign_export(const context& c, std::span<const std::string> args)
{
    // Runs on the offline machine: it reads and writes files only, never a database.
    const auto a = parse_args(args, {"secret-file", "days"}, {});
    expect_positionals(a, 2, a.positionals.empty() ? "IN and OUT" : "OUT");
    const auto days = days_from(a);
    const auto root = secret_from(a, nullptr);
    const auto& in_path = a.positionals[0];
    const auto pending = read_json_object(in_path, pending_kind);
    const auto* keys = pending.if_contains("keys");
    if (keys == nullptr || !keys->is_array()) throw operation_error{in_path + ": no \"keys\" list"};
    json::array certificates;
    for (const auto& entry : keys->as_array()) {
        const auto pseudonym = checked_pseudonym(string_field(entry, "pseudonym", in_path));
        const auto ik = checked_public_key(string_field(entry, "identity_public_key", in_path), in_path);
        const auto cert = certify(root, ik, pseudonym, days);
        certificates.push_back(json::object{{"pseudonym", pseudonym},
                                            {"identity_public_key", crypto::to_base64(ik)},
                                            {"certificate", crypto::to_base64(crypto::encode_certificate(cert))}});
        c.out << "certified \"" << pseudonym << "\" " << crypto::to_base64(ik) << "\n";
    }
    const auto count = certificates.size();
    write_json_file(a.positionals[1], json::object{{"kind", signed_kind},
                                                   {"root_public_key", crypto::to_base64(root.pk)},
                                                   {"certificates", std::move(certificates)}});
    c.out << "signed " << count << " certificates for " << days << " days into " << a.positionals[1] << "\n";
    print_public(c.out, root.pk);
    return 0;
}

int certificates_import(const context& c, std::span<const std::string> args)
{
    const auto a = parse_args(args, {"public-key", "public-key-file"}, {});
    expect_positionals(a, 1, "FILE");
    const auto& path = a.positionals[0];
    const auto file = read_json_object(path, signed_kind);
    auto db = open_store(c);
    const auto root = root_public_key(a, &db);
    if (!root) throw usage_error{"no root public key: run root-key configure, or give --public-key-file FILE"};
    const auto revoked = db.setting(revocation_list_setting) ? stored_revocations(db, *root) : crypto::revocation_list{};
    const auto* entries = file.if_contains("certificates");
    if (entries == nullptr || !entries->is_array()) throw operation_error{path + ": no \"certificates\" list"};
    std::size_t stored = 0;
    std::size_t refused = 0;
    const auto at = static_cast<std::uint64_t>(now());
    for (const auto& entry : entries->as_array()) {
        const auto pseudonym = string_field(entry, "pseudonym", path);
        const auto refuse = [&](std::string_view why) {
            c.err << "tillit-admin: not imported \"" << pseudonym << "\": " << why << "\n";
            ++refused;
        };
        const auto account = db.find_account(pseudonym);
        const auto ik_bytes = crypto::from_base64(string_field(entry, "identity_public_key", path));
        const auto cert_bytes = crypto::from_base64(string_field(entry, "certificate", path));
        const auto ik = ik_bytes ? crypto::public_key_from(*ik_bytes) : crypto::crypto_error::malformed;
        const auto cert = cert_bytes ? crypto::decode_certificate(*cert_bytes) : crypto::crypto_error::malformed;
        if (!account) {
            refuse("no such account");
            continue;
        }
        if (!ik || !cert) {
            refuse("malformed entry");
            continue;
        }
        if (account->identity_public_key != std::vector<unsigned char>(ik->begin(), ik->end())) {
            refuse("the account's identity key changed since the export; export and sign again");
            continue;
        }
        if (const auto ok = crypto::verify_certificate(*root, *ik, pseudonym, *cert, at, &revoked); !ok) {
            refuse(crypto::to_string(ok.error()));
            continue;
        }
        db.set_certificate(account->id, crypto::encode_certificate(*cert));
        audit(db, "certificate_imported", pseudonym);
        ++stored;
    }
    c.out << "imported " << stored << " certificates";
    if (refused > 0) c.out << "; refused " << refused;
    c.out << "\n";
    return refused > 0 ? 1 : 0;
}

constexpr command commands[] = {
    {"certificates", "pending", certificates_pending,
     "usage: tillit-admin certificates pending\n\nLists accounts whose identity key awaits a certificate.\n"},
    {"certificates", "certify", certificates_certify, R"(usage: tillit-admin certificates certify PSEUDONYM --secret-file FILE [--days 30]

Certifies the account's identity key with the root key for DAYS (1-90) days.
)"},
    {"certificates", "certify-pending", certificates_certify_pending,
     R"(usage: tillit-admin certificates certify-pending --secret-file FILE [--days 30]

Certifies every enabled account's identity key that awaits a certificate (what `pending` lists),
except revoked keys. Meant for the demo with the dev-init key; for a real centre, review
`pending` and certify one by one, or use the offline export / sign-export / import round trip.
)"},
    {"certificates", "revoke", certificates_revoke, R"(usage: tillit-admin certificates revoke PSEUDONYM --secret-file FILE [--days 30]

Adds the account's identity key to the root-signed revocation list, re-signs the list valid
for DAYS days, stores it, and drops the account's certificate.
)"},
    {"certificates", "export", certificates_export, R"(usage: tillit-admin certificates export FILE

Writes the identity keys awaiting certification to FILE (JSON; a new file, never overwritten)
for the offline machine.
)"},
    {"certificates", "sign-export", certificates_sign_export, R"(usage: tillit-admin certificates sign-export IN OUT --secret-file FILE [--days 30]

On the offline machine (no database needed): certifies every key in IN (from `certificates
export`) and writes the certificates to OUT (a new file), for `certificates import`.
)"},
    {"certificates", "import", certificates_import, R"(usage: tillit-admin certificates import FILE [--public-key B64 | --public-key-file FILE]

Verifies each certificate in FILE against the root public key (given, or the configured one),
the account's current identity key and the revocation list, and stores those that pass.
Exit status 1 if any was refused.
)"},
};

} // namespace

std::span<const command> certificate_commands() { return commands; }

} // namespace tillit::admin

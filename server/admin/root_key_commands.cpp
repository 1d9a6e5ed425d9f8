// root_key_commands: the root key file, certificates of identity keys, the revocation list, and
// the export / sign-export / import round trip through an offline machine.
#include "admin/root_key_commands.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <sodium.h>

#include "tillit/crypto/certificate.hpp"
#include "tillit/crypto/encoding.hpp"
#include "tillit/crypto/fingerprint.hpp"
#include "tillit/crypto/keys.hpp"
#include "tillit/crypto/revocation_list.hpp"
#include "tillit/crypto/sodium_init.hpp"

namespace tillit::admin {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

constexpr long default_days = 30;
constexpr long max_days = 90;  // certificates are short-lived: they bound how long a withheld revocation matters
constexpr std::size_t max_file_bytes = 4 * 1024 * 1024;
constexpr std::string_view pending_kind = "tillit-pending-identity-keys-v1";
constexpr std::string_view signed_kind = "tillit-certificates-v1";
constexpr std::string_view revocation_request_kind = "tillit-revocation-request-v1";
constexpr std::string_view revocation_list_kind = "tillit-revocation-list-v1";

// --- files ---

std::string read_small_file(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) throw operation_error{"cannot read " + path.string()};
    std::string text;
    text.resize(max_file_bytes + 1);
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_file_bytes) throw operation_error{path.string() + " is too large"};
    return text;
}

// Writes a new file with `mode`, never replacing one (O_EXCL) nor following a symlink.
void write_new_file(const fs::path& path, std::string_view text, mode_t mode)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0) {
        const int e = errno;
        if (e == EEXIST) throw operation_error{path.string() + " already exists; refusing to overwrite it"};
        throw operation_error{"cannot create " + path.string() + ": " + std::strerror(e)};
    }
    std::size_t done = 0;
    while (done < text.size()) {
        const auto n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            ::close(fd);
            throw operation_error{"cannot write " + path.string()};
        }
        done += static_cast<std::size_t>(n);
    }
    const bool synced = ::fsync(fd) == 0;
    if (::close(fd) != 0 || !synced) throw operation_error{"cannot write " + path.string()};
}

void write_json_file(const fs::path& path, const json::value& v)
{
    write_new_file(path, json::serialize(v) + "\n", 0644);
}

// --- the root key file: the 32-byte Ed25519 seed as URL-safe base64 and a newline, mode 0600 ---

crypto::signing_keypair load_root_secret(const fs::path& path)
{
    struct stat st{};
    if (::stat(path.c_str(), &st) != 0) throw operation_error{"cannot read the root key file " + path.string()};
    // Like ssh: a secret others can read is no longer only the operator's.
    if ((st.st_mode & 077) != 0)
        throw operation_error{path.string() + " is readable by others; run: chmod 600 " + path.string()};
    std::string text = read_small_file(path);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
    crypto::ensure_sodium();  // sodium_malloc aborts before sodium_init (show and sign-export come here first)
    crypto::secure_buffer seed(crypto::seed_bytes);
    std::size_t length = 0;
    const char* end = nullptr;
    const int decoded = sodium_base642bin(seed.data(), seed.size(), text.data(), text.size(), nullptr, &length, &end,
                                          sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    const bool whole = decoded == 0 && end == text.data() + text.size() && length == seed.size();
    sodium_memzero(text.data(), text.size());
    if (!whole) throw operation_error{path.string() + " does not hold a tillit root key"};
    auto keys = crypto::signing_keypair_from_seed(seed.span());
    if (!keys) throw operation_error{"cannot load the root key: " + std::string(crypto::to_string(keys.error()))};
    return std::move(*keys);
}

void write_root_secret(const fs::path& path, const crypto::signing_keypair& keys)
{
    auto seed = crypto::seed_of(keys);
    if (!seed) throw operation_error{"out of memory"};
    std::string text = crypto::to_base64(seed->span()) + "\n";
    try {
        write_new_file(path, text, 0600);
    } catch (...) {
        sodium_memzero(text.data(), text.size());
        throw;
    }
    sodium_memzero(text.data(), text.size());
}

crypto::public_key parse_public_key(std::string_view text, std::string_view where)
{
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.remove_suffix(1);
    const auto bytes = crypto::from_base64(text);
    const auto key = bytes ? crypto::public_key_from(*bytes) : crypto::result<crypto::public_key>(crypto::crypto_error::malformed);
    if (!key) throw usage_error{std::string(where) + " is not a root public key (43 characters of URL-safe base64)"};
    return *key;
}

void print_public(std::ostream& out, const crypto::public_key& key)
{
    out << "public key:  " << crypto::to_base64(key) << "\n";
    out << "fingerprint: " << crypto::root_fingerprint(key) << "\n";
}

// The root public key a command should check against: --public-key, --public-key-file, or the
// configured one (root-key configure). nullopt when none is known.
std::optional<crypto::public_key> root_public_key(const parsed_args& a, store::store* db)
{
    if (a.option("public-key") && a.option("public-key-file")) throw usage_error{"give --public-key or --public-key-file, not both"};
    if (const auto* b64 = a.option("public-key")) return parse_public_key(*b64, "--public-key");
    if (const auto* file = a.option("public-key-file")) return parse_public_key(read_small_file(*file), *file);
    if (db != nullptr) {
        if (const auto configured = db->setting(root_public_key_setting))
            return parse_public_key(*configured, "the configured root public key");
    }
    return std::nullopt;
}

// The secret key from --secret-file; refuses one that is not the configured root.
crypto::signing_keypair secret_from(const parsed_args& a, store::store* db)
{
    const auto* file = a.option("secret-file");
    if (file == nullptr) throw usage_error{"missing --secret-file FILE (the root key's secret)"};
    auto keys = load_root_secret(*file);
    if (db != nullptr) {
        if (const auto configured = db->setting(root_public_key_setting);
            configured && parse_public_key(*configured, "the configured root public key") != keys.pk)
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

// The stored revocation list (any age), or an empty one. Throws if it is there but not O's.
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

// --- root-key ---

int root_key_generate(const context& c, std::span<const std::string> args)
{
    const auto a = parse_args(args, {"secret-file"}, {});
    expect_positionals(a, 0, "");
    const auto* file = a.option("secret-file");
    if (file == nullptr) throw usage_error{"missing --secret-file FILE"};
    auto keys = crypto::generate_signing_keypair();
    if (!keys) throw operation_error{"cannot generate a key: out of memory"};
    write_root_secret(*file, *keys);
    c.out << "root key written to " << *file << " (mode 0600; keep it offline and backed up)\n";
    print_public(c.out, keys->pk);
    return 0;
}

int root_key_show(const context& c, std::span<const std::string> args)
{
    const auto a = parse_args(args, {"public-key", "public-key-file", "secret-file"}, {});
    expect_positionals(a, 0, "");
    if (const auto* file = a.option("secret-file")) {
        if (a.option("public-key") || a.option("public-key-file")) throw usage_error{"give one key, not two"};
        print_public(c.out, load_root_secret(*file).pk);
        return 0;
    }
    const auto key = root_public_key(a, nullptr);
    if (!key) throw usage_error{"give --public-key B64, --public-key-file FILE or --secret-file FILE"};
    print_public(c.out, *key);
    return 0;
}

int root_key_configure(const context& c, std::span<const std::string> args)
{
    const auto a = parse_args(args, {"public-key", "public-key-file"}, {});
    expect_positionals(a, 0, "");
    const auto key = root_public_key(a, nullptr);
    if (!key) throw usage_error{"give --public-key B64 or --public-key-file FILE"};
    auto db = open_store(c);
    db.put_setting(root_public_key_setting, crypto::to_base64(*key));
    audit(db, "root_key_configured", "");
    c.out << "configured root key\n";
    print_public(c.out, *key);
    return 0;
}

int root_key_dev_init(const context& c, std::span<const std::string> args)
{
    const auto a = parse_args(args, {}, {});
    expect_positionals(a, 1, "DIR");
    const fs::path dir = a.positionals[0];
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw operation_error{"cannot create " + dir.string() + ": " + ec.message()};
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
    const auto secret = dir / "root-key.secret";
    const auto pub = dir / "root-key.pub";
    std::optional<crypto::signing_keypair> keys;
    if (fs::exists(secret)) {
        keys = load_root_secret(secret);
    } else {
        auto fresh = crypto::generate_signing_keypair();
        if (!fresh) throw operation_error{"cannot generate a key: out of memory"};
        write_root_secret(secret, *fresh);
        keys = std::move(*fresh);
    }
    if (!fs::exists(pub)) write_new_file(pub, crypto::to_base64(keys->pk) + "\n", 0644);
    else if (parse_public_key(read_small_file(pub), pub.string()) != keys->pk)
        throw operation_error{pub.string() + " does not match " + secret.string()};
    const std::string_view warning =
        "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
        "!!  UNSAFE FOR PRODUCTION: a DEVELOPMENT root key, kept next to the server.\n"
        "!!  Anyone who can read it can certify a fake counsellor. For a real centre,\n"
        "!!  generate the root key on an offline machine: tillit-admin root-key generate\n"
        "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n";
    c.err << warning;
    c.out << "development root key: " << secret.string() << "\npublic key file:      " << pub.string() << "\n";
    print_public(c.out, keys->pk);
    return 0;
}

// --- certificates ---

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

json::object read_json_object(const std::string& path, std::string_view kind)
{
    boost::system::error_code ec;
    auto v = json::parse(read_small_file(path), ec);
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
        const auto ik = parse_public_key(string_field(entry, "identity_public_key", in_path), in_path);
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

// --- revocation with an offline root key: export, sign offline, import ---

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
        const auto ik = parse_public_key(string_field(entry, "identity_public_key", in_path), in_path);
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
    {"root-key", "generate", root_key_generate, R"(usage: tillit-admin root-key generate --secret-file FILE

Makes the centre's root key. The secret goes only to FILE (created with mode 0600; an existing
file is never overwritten); prints the public key and its fingerprint. Do this on an offline
machine, keep FILE there and backed up, and publish the fingerprint where people can compare it
with the page footer. Build the web client with the public key (TILLIT_ROOT_PUBLIC_KEY_FILE).
)"},
    {"root-key", "show", root_key_show, R"(usage: tillit-admin root-key show (--public-key B64 | --public-key-file FILE | --secret-file FILE)

Prints the public key and its fingerprint (16 groups of 4 hex digits of BLAKE2b-256).
)"},
    {"root-key", "configure", root_key_configure, R"(usage: tillit-admin root-key configure (--public-key B64 | --public-key-file FILE)

Stores the root public key in the database: `certificates import` checks against it, and
certify / revoke refuse another secret key.
)"},
    {"root-key", "dev-init", root_key_dev_init, R"(usage: tillit-admin root-key dev-init DIR

UNSAFE FOR PRODUCTION. For the demo: creates DIR/root-key.secret and DIR/root-key.pub if they
are missing (and reuses them otherwise), and prints the key's fingerprint.
)"},
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

std::span<const command> root_key_commands() { return commands; }

std::optional<crypto::signing_keypair> read_root_key_file(const std::filesystem::path& path, std::string& error)
{
    try {
        return load_root_secret(path);
    } catch (const operation_error& e) {
        error = e.message;
        return std::nullopt;
    }
}

} // namespace tillit::admin

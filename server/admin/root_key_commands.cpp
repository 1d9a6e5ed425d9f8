// root_key_commands: the root key's own commands: generate, show, configure, dev-init.
#include "admin/root_key_commands.hpp"

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "admin/root_key_support.hpp"
#include "keys/root_key_file.hpp"
#include "keys/small_file.hpp"
#include "tillit/crypto/encoding.hpp"
#include "tillit/crypto/keys.hpp"

namespace tillit::admin {
namespace {

namespace fs = std::filesystem;

int root_key_generate(const context& c, std::span<const std::string> args)
{
    const auto a = parse_args(args, {"secret-file"}, {});
    expect_positionals(a, 0, "");
    const auto* file = a.option("secret-file");
    if (file == nullptr) throw usage_error{"missing --secret-file FILE"};
    auto keys = crypto::generate_signing_keypair();
    if (!keys) throw operation_error{"cannot generate a key: out of memory"};
    keys::write_root_key_file(*file, *keys);
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
        print_public(c.out, keys::read_root_key_file(*file).pk);
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
        keys = keys::read_root_key_file(secret);
    } else {
        auto fresh = crypto::generate_signing_keypair();
        if (!fresh) throw operation_error{"cannot generate a key: out of memory"};
        keys::write_root_key_file(secret, *fresh);
        keys = std::move(*fresh);
    }
    if (!fs::exists(pub)) keys::write_new_file(pub, crypto::to_base64(keys->pk) + "\n", 0644);
    else if (checked_public_key(keys::read_small_file(pub), pub.string()) != keys->pk)
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
};

} // namespace

std::span<const command> root_key_commands() { return commands; }

} // namespace tillit::admin

// dev_certifier_test: the server's development certifier reads the root key file through keys/
// exactly as tillit-admin writes it: certificates it makes verify with the key's public half,
// and a key file others can read is refused with the operator's message and keys::errc.
#include "auth/dev_certifier.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <chrono>

#include "keys/key_error.hpp"
#include "keys/root_key_file.hpp"
#include "keys/small_file.hpp"
#include "support/temp_dir.hpp"
#include "tillit/crypto/certificate.hpp"
#include "tillit/crypto/encoding.hpp"
#include "tillit/crypto/keys.hpp"

namespace {

using namespace tillit;

TEST(DevCertifier, CertifiesWithTheRootKeyFileAdminWrites)
{
    test::temp_dir dir;
    const auto file = dir.path() / "root-key.secret";
    const auto root = crypto::generate_signing_keypair().value();
    keys::write_root_key_file(file, root);

    const auth::dev_certifier certifier(file);
    const auto identity = crypto::generate_signing_keypair().value();
    const auto encoded = certifier.certify(std::vector<unsigned char>(identity.pk.begin(), identity.pk.end()), "erin");
    ASSERT_TRUE(encoded);
    const auto cert = crypto::decode_certificate(*encoded).value();
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    EXPECT_TRUE(crypto::verify_certificate(root.pk, identity.pk, "erin", cert, static_cast<std::uint64_t>(now), nullptr));
    EXPECT_FALSE(certifier.certify({1, 2, 3}, "erin")) << "a malformed identity key gets no certificate";
}

TEST(DevCertifier, RefusesAKeyFileOthersCanReadOrThatHoldsNoKey)
{
    test::temp_dir dir;
    const auto file = dir.path() / "root-key.secret";
    keys::write_root_key_file(file, crypto::generate_signing_keypair().value());
    ASSERT_EQ(::chmod(file.c_str(), 0644), 0);
    try {
        const auth::dev_certifier certifier(file);
        ADD_FAILURE() << "a root key others can read was used";
    } catch (const keys::key_file_error& e) {
        EXPECT_EQ(e.code(), keys::errc::readable_by_others);
        EXPECT_EQ(std::string(e.what()), file.string() + " is readable by others; run: chmod 600 " + file.string());
    }

    const auto not_a_key = dir.path() / "not-a-key";
    keys::write_new_file(not_a_key, "hello\n", 0600);
    EXPECT_THROW(auth::dev_certifier{not_a_key}, std::runtime_error);
    EXPECT_THROW(auth::dev_certifier{dir.path() / "missing"}, std::runtime_error);
}

TEST(KeyFiles, PublicKeysAndNewFiles)
{
    test::temp_dir dir;
    const auto root = crypto::generate_signing_keypair().value();
    EXPECT_EQ(keys::parse_public_key(crypto::to_base64(root.pk) + "\n").value(), root.pk);
    EXPECT_EQ(keys::parse_public_key("not a key").error(), keys::errc::not_a_public_key);

    const auto file = dir.path() / "once";
    keys::write_new_file(file, "first", 0644);
    try {
        keys::write_new_file(file, "second", 0644);
        ADD_FAILURE() << "an existing file was replaced";
    } catch (const keys::key_file_error& e) {
        EXPECT_EQ(e.code(), keys::errc::already_exists);
    }
    EXPECT_EQ(keys::read_small_file(file), "first");
}

} // namespace

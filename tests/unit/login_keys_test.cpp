// Unit: the login derivation against tests/vectors/login_v1.json (the same file the web client's
// tests reproduce), and the server's Argon2id string of the login value.
#include "tillit/crypto/login_keys.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <boost/json/parse.hpp>

#include "tillit/crypto/encoding.hpp"

namespace tillit::crypto {
namespace {

boost::json::object load_vectors()
{
    std::ifstream in(std::string(TILLIT_VECTORS_DIR) + "/login_v1.json");
    std::ostringstream text;
    text << in.rdbuf();
    return boost::json::parse(text.str()).as_object();
}

TEST(LoginKeys, ReproducesTheSharedVectors)
{
    const auto vectors = load_vectors();
    EXPECT_EQ(vectors.at("opslimit").as_int64(), static_cast<std::int64_t>(login_opslimit));
    EXPECT_EQ(vectors.at("memlimit").as_int64(), static_cast<std::int64_t>(login_memlimit));
    const auto& cases = vectors.at("cases").as_array();
    ASSERT_EQ(cases.size(), 3u);
    for (const auto& c : cases) {
        const auto& v = c.as_object();
        const auto salt = from_hex(std::string_view(v.at("salt_hex").as_string()));
        ASSERT_TRUE(salt);
        const auto keys = derive_login_keys(std::string_view(v.at("password").as_string()), *salt);
        ASSERT_TRUE(keys);
        EXPECT_EQ(to_hex(keys->auth.span()), v.at("auth_hex").as_string());
        EXPECT_EQ(to_hex(keys->wrap.span()), v.at("wrap_hex").as_string());
    }
}

TEST(LoginKeys, AuthAndWrapDifferAndDependOnPasswordAndSalt)
{
    const auto salt = random_login_salt();
    const auto keys = derive_login_keys("passphrase", salt);
    ASSERT_TRUE(keys);
    EXPECT_FALSE(keys->auth.equals(keys->wrap.span()));
    EXPECT_FALSE(keys->auth.equals(derive_login_keys("passphrasf", salt)->auth.span()));
    EXPECT_FALSE(keys->auth.equals(derive_login_keys("passphrase", random_login_salt())->auth.span()));
}

TEST(LoginKeys, RejectsASaltOfTheWrongSize)
{
    EXPECT_FALSE(derive_login_keys("passphrase", std::vector<unsigned char>(15)));
    EXPECT_FALSE(derive_login_keys("passphrase", std::vector<unsigned char>(17)));
}

TEST(LoginKeys, StoredHashVerifiesOnlyTheSameValue)
{
    std::vector<unsigned char> auth(32, 7);
    const auto hash = hash_login_value(auth);
    ASSERT_TRUE(hash);
    EXPECT_TRUE(hash->starts_with("$argon2id$"));
    EXPECT_TRUE(verify_login_value(*hash, auth));
    auth[31] ^= 1;
    EXPECT_FALSE(verify_login_value(*hash, auth));
    EXPECT_FALSE(verify_login_value("not a hash", auth));
    EXPECT_FALSE(verify_login_value(std::string(200, '$'), auth));
}

TEST(LoginKeys, OneTimePasswordsAreGroupedAndUnambiguous)
{
    const auto a = random_one_time_password();
    EXPECT_EQ(a.size(), 23u);
    EXPECT_EQ(a[5], '-');
    EXPECT_EQ(a.find_first_of("ilo01"), std::string::npos);
    EXPECT_NE(a, random_one_time_password());
}

} // namespace
} // namespace tillit::crypto

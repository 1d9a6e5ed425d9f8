// Unit: crypto/encoding refuses text outside the base64 and hex alphabets (a bug of libsodium
// 1.0.18's base64 decoder that tests/fuzz found), decodes empty text, and encodes back to the
// same spelling.
#include <gtest/gtest.h>

#include "tillit/crypto/encoding.hpp"

namespace tillit::test {
namespace {

using crypto::from_base64;
using crypto::from_hex;
using crypto::to_base64;

TEST(Encoding, Base64RefusesEveryByteOutsideItsAlphabet)
{
    for (int c = 0; c < 256; ++c) {
        const bool alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        const std::string text = std::string("AAA") + static_cast<char>(c);
        EXPECT_EQ(from_base64(text).has_value(), alphabet) << "byte " << c;
    }
    // libsodium alone reads 0x80 and up as '_': a token must not have spellings with "é" in them.
    EXPECT_FALSE(from_base64("aGVsbG8\xc3\xa9"));
    EXPECT_FALSE(from_base64("\xff\xff\xff\xff"));
}

TEST(Encoding, DecodedTextEncodesBackToTheSameSpelling)
{
    for (const std::string text : {"", "AA", "AAA", "aGVsbG8", "_-_-", "WlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlo"}) {
        const auto bytes = from_base64(text);
        ASSERT_TRUE(bytes.has_value()) << text;
        EXPECT_EQ(to_base64(*bytes), text);
    }
    EXPECT_FALSE(from_base64("AB")) << "non-zero bits past the end are not a second spelling of \"AA\"";
    EXPECT_FALSE(from_base64("A"));
    EXPECT_FALSE(from_base64("AA=="));
    EXPECT_EQ(from_hex(""), std::vector<unsigned char>{}) << "empty text is no bytes (once undefined behaviour)";
    EXPECT_EQ(crypto::to_hex({}), "");
    EXPECT_FALSE(from_hex("0g"));
    EXPECT_FALSE(from_hex("\xff\xff"));
}

} // namespace
} // namespace tillit::test

// Unit: resume tokens. Every field comes back as it went in; a changed bit anywhere, a token of
// another server, a cut or lengthened token, or a well-MACed body of the wrong shape is refused;
// session ids are 16 random bytes.
#include "chat/resume_token.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"
#include "tillit/crypto/encoding.hpp"

namespace tillit::chat {
namespace {

constexpr std::size_t mac_bytes = 16;

class ResumeToken : public ::testing::Test {
protected:
    test::temp_dir dir;
    auth::server_secret secret = auth::server_secret::load_or_create(dir.path());

    static resume_claim counsellor_claim()
    {
        resume_claim claim;
        for (std::size_t i = 0; i < claim.sid.size(); ++i) claim.sid[i] = static_cast<unsigned char>(0xa0 + i);
        claim.side = side::counsellor;
        claim.epoch = 0xfedcba98u;
        claim.counsellor = 0x0102030405060708;
        claim.request = {lane::consultation, "ar", "65+", "forced-marriage"};
        claim.joined_unix = 1'700'000'123;
        claim.generation = 0x1122334455667788;
        return claim;
    }

    static std::vector<unsigned char> raw(const std::string& token)
    {
        auto bytes = crypto::from_base64(token);
        if (!bytes) throw std::runtime_error("a token is not base64");
        return *bytes;
    }
    static std::string text(const std::vector<unsigned char>& bytes) { return crypto::to_base64(bytes); }

    // A token with the body `body` and a correct MAC under this server's secret: what only the
    // server could make, so that the parser's own checks are what is being tested.
    [[nodiscard]] std::string signed_token(std::vector<unsigned char> body) const
    {
        const auto mac = secret.keyed_hash("tillit-resume-v1", std::string_view(reinterpret_cast<const char*>(body.data()), body.size()),
                                           mac_bytes);
        body.insert(body.end(), mac.begin(), mac.end());
        return text(body);
    }
    [[nodiscard]] std::vector<unsigned char> body_of(const std::string& token) const
    {
        auto bytes = raw(token);
        bytes.resize(bytes.size() - mac_bytes);
        // The MAC scheme this file assumes is the one the code uses; otherwise the forged-body
        // tests below would pass for the wrong reason.
        if (signed_token(bytes) != token) throw std::runtime_error("the MAC is not keyed_hash(\"tillit-resume-v1\", body, 16)");
        return bytes;
    }
};

void expect_same(const resume_claim& got, const resume_claim& want)
{
    EXPECT_EQ(got.sid, want.sid);
    EXPECT_EQ(got.side, want.side);
    EXPECT_EQ(got.epoch, want.epoch);
    EXPECT_EQ(got.counsellor, want.counsellor);
    EXPECT_EQ(got.request.lane, want.request.lane);
    EXPECT_EQ(got.request.language, want.request.language);
    EXPECT_EQ(got.request.age_band, want.request.age_band);
    EXPECT_EQ(got.request.topic, want.request.topic);
    EXPECT_EQ(got.joined_unix, want.joined_unix);
    EXPECT_EQ(got.generation, want.generation);
}

TEST_F(ResumeToken, EveryFieldSurvivesTheRoundTrip)
{
    const auto claim = counsellor_claim();
    const auto token = issue_resume_token(claim, secret);
    const auto back = verify_resume_token(token, secret);
    ASSERT_TRUE(back.has_value());
    expect_same(*back, claim);
}

TEST_F(ResumeToken, AHelpSeekerWithoutOptionalChoicesRoundTripsToo)
{
    resume_claim claim;
    claim.sid = random_session_id();
    claim.side = side::seeker;
    claim.epoch = 0;
    claim.counsellor = 42;
    claim.request = {lane::support, "sv", std::nullopt, std::nullopt};
    claim.joined_unix = 1;
    const auto back = verify_resume_token(issue_resume_token(claim, secret), secret);
    ASSERT_TRUE(back.has_value());
    expect_same(*back, claim);
    EXPECT_FALSE(back->request.age_band.has_value());
    EXPECT_FALSE(back->request.topic.has_value());
}

TEST_F(ResumeToken, ItIsUrlSafeBase64ThatFitsTheLengthLimit)
{
    const auto token = issue_resume_token(counsellor_claim(), secret);
    EXPECT_TRUE(crypto::from_base64(token).has_value());
    EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), std::string::npos);
    EXPECT_LE(token.size(), 512u);
}

TEST_F(ResumeToken, AFlippedBitAnywhereIsRefused)
{
    const auto bytes = raw(issue_resume_token(counsellor_claim(), secret));
    for (std::size_t i = 0; i < bytes.size(); ++i)
        for (int bit = 0; bit < 8; ++bit) {
            auto changed = bytes;
            changed[i] = static_cast<unsigned char>(changed[i] ^ (1u << bit));
            EXPECT_FALSE(verify_resume_token(text(changed), secret).has_value()) << "byte " << i << ", bit " << bit;
        }
}

TEST_F(ResumeToken, AChangedCharacterOfTheTextIsRefused)
{
    const auto token = issue_resume_token(counsellor_claim(), secret);
    for (std::size_t i = 0; i < token.size(); ++i)
        for (int bit = 0; bit < 7; ++bit) {
            auto changed = token;
            changed[i] = static_cast<char>(changed[i] ^ (1 << bit));
            EXPECT_FALSE(verify_resume_token(changed, secret).has_value()) << "character " << i << ", bit " << bit;
        }
}

TEST_F(ResumeToken, ATokenOfAnotherServerIsRefused)
{
    test::temp_dir other_dir;
    const auto other = auth::server_secret::load_or_create(other_dir.path());
    const auto claim = counsellor_claim();
    EXPECT_FALSE(verify_resume_token(issue_resume_token(claim, other), secret).has_value());
    EXPECT_FALSE(verify_resume_token(issue_resume_token(claim, secret), other).has_value());
}

TEST_F(ResumeToken, ATokenSurvivesARestartWithTheSameDataFolder)
{
    const auto token = issue_resume_token(counsellor_claim(), secret);
    const auto reloaded = auth::server_secret::load_or_create(dir.path());
    const auto back = verify_resume_token(token, reloaded);
    ASSERT_TRUE(back.has_value());
    expect_same(*back, counsellor_claim());
}

TEST_F(ResumeToken, TruncatedTokensAreRefused)
{
    const auto token = issue_resume_token(counsellor_claim(), secret);
    for (std::size_t length = 0; length < token.size(); ++length)
        EXPECT_FALSE(verify_resume_token(token.substr(0, length), secret).has_value()) << "first " << length << " characters";
    const auto bytes = raw(token);
    for (std::size_t length = 0; length < bytes.size(); ++length)
        EXPECT_FALSE(verify_resume_token(text({bytes.begin(), bytes.begin() + static_cast<long>(length)}), secret).has_value())
            << "first " << length << " bytes";
}

TEST_F(ResumeToken, LengthenedTokensAreRefused)
{
    const auto token = issue_resume_token(counsellor_claim(), secret);
    for (const char* extra : {"A", "AA", "AAA", "AAAA", "_-_-"})
        EXPECT_FALSE(verify_resume_token(token + extra, secret).has_value()) << "with " << extra;
    auto bytes = raw(token);
    bytes.push_back(0);
    EXPECT_FALSE(verify_resume_token(text(bytes), secret).has_value());
    EXPECT_FALSE(verify_resume_token(std::string(513, 'A'), secret).has_value());
    EXPECT_FALSE(verify_resume_token(token + std::string(600, 'A'), secret).has_value());
}

TEST_F(ResumeToken, GarbageIsRefused)
{
    for (const char* garbage : {"", "A", "not base64!", "====", "+/+/+/+/", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
        EXPECT_FALSE(verify_resume_token(garbage, secret).has_value()) << garbage;
}

TEST_F(ResumeToken, AProperlyMacedBodyOfTheWrongShapeIsRefused)
{
    const auto body = body_of(issue_resume_token(counsellor_claim(), secret));
    ASSERT_TRUE(verify_resume_token(signed_token(body), secret).has_value()) << "the untouched body verifies";

    auto trailing = body;
    trailing.push_back(0);
    EXPECT_FALSE(verify_resume_token(signed_token(trailing), secret).has_value()) << "a byte after the claim";

    for (std::size_t length = 0; length < body.size(); ++length)
        EXPECT_FALSE(verify_resume_token(signed_token({body.begin(), body.begin() + static_cast<long>(length)}), secret).has_value())
            << "the claim cut to " << length << " bytes";

    auto version = body;
    version[0] = 1;  // version 1 had no generation: a token of before cannot resume more than once
    EXPECT_FALSE(verify_resume_token(signed_token(version), secret).has_value()) << "the older version";
    version[0] = 3;
    EXPECT_FALSE(verify_resume_token(signed_token(version), secret).has_value()) << "a newer version";

    auto which_side = body;
    which_side[1 + 16] = 2;  // after the version and the session id
    EXPECT_FALSE(verify_resume_token(signed_token(which_side), secret).has_value()) << "a third side";
}

TEST(ResumeTokenGeneration, IsRandomAndNeverZero)
{
    std::set<std::uint64_t> seen;
    for (int i = 0; i < 1000; ++i) {
        const auto generation = random_token_generation();
        EXPECT_NE(generation, 0u);
        EXPECT_TRUE(seen.insert(generation).second) << "a generation came twice";
    }
}

TEST(ResumeTokenSessionId, IsSixteenRandomBytes)
{
    static_assert(std::tuple_size_v<session_id> == 16);
    std::set<session_id> seen;
    for (int i = 0; i < 1000; ++i) {
        const auto sid = random_session_id();
        EXPECT_NE(sid, session_id{}) << "all zero";
        EXPECT_TRUE(seen.insert(sid).second) << "a session id came twice";
    }
    // Every byte position takes many values: not a counter, not a constant prefix.
    for (std::size_t position = 0; position < 16; ++position) {
        std::set<unsigned char> values;
        for (const auto& sid : seen) values.insert(sid[position]);
        EXPECT_GT(values.size(), 100u) << "byte " << position;
    }
}

TEST(ResumeTokenSessionId, TravelsAsBase64OfSixteenBytes)
{
    const auto sid = random_session_id();
    const auto text = session_id_text(sid);
    EXPECT_EQ(text.size(), 22u);
    const auto decoded = crypto::from_base64(text);
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(decoded->size(), 16u);
    EXPECT_EQ(parse_session_id(text), sid);
    EXPECT_FALSE(parse_session_id(text.substr(0, 21)).has_value());
    EXPECT_FALSE(parse_session_id(text + "AA").has_value());
    EXPECT_FALSE(parse_session_id("not base64!").has_value());
    EXPECT_FALSE(parse_session_id("").has_value());
}

} // namespace
} // namespace tillit::chat

// root_key_commands_test: tillit-admin's root-key and certificates groups end to end through
// run_admin: the secret file's mode and refusal to overwrite, certificates that verify with
// tillit::crypto, revocation, the offline export / sign-export / import round trip, dev-init.
#include "admin/root_key_commands.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>
#include <regex>
#include <sstream>

#include <boost/json.hpp>

#include "admin/admin_commands.hpp"
#include "store/store.hpp"
#include "support/temp_dir.hpp"
#include "tillit/crypto/certificate.hpp"
#include "tillit/crypto/encoding.hpp"
#include "tillit/crypto/fingerprint.hpp"
#include "tillit/crypto/keys.hpp"
#include "tillit/crypto/revocation_list.hpp"

namespace {

namespace fs = std::filesystem;
using namespace tillit;

struct outcome {
    int code = -1;
    std::string out;
    std::string err;
};

bool mentions(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

std::string slurp(const fs::path& p)
{
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

class RootKeyCommands : public ::testing::Test {
protected:
    test::temp_dir dir_;
    fs::path data_ = dir_.path() / "data";
    fs::path secret_ = dir_.path() / "root.secret";

    outcome run(std::vector<std::string> args, bool with_data_dir = true)
    {
        if (with_data_dir) args.insert(args.begin(), {"--data-dir", data_.string()});
        std::istringstream in;
        std::ostringstream out;
        std::ostringstream err;
        outcome r;
        r.code = admin::run_admin(std::move(args), in, out, err);
        r.out = out.str();
        r.err = err.str();
        return r;
    }

    store::store db() { return store::store((data_ / "tillit.db").string()); }

    // A counsellor whose console has made an identity key; returns that key pair.
    crypto::signing_keypair counsellor_with_key(const std::string& pseudonym)
    {
        EXPECT_EQ(run({"account", "create", pseudonym, "--role", "counsellor"}).code, 0);
        auto ik = crypto::generate_signing_keypair().value();
        auto s = db();
        const auto account = s.find_account(pseudonym).value();
        EXPECT_TRUE(s.set_identity_key(account.id, {ik.pk.begin(), ik.pk.end()}, std::vector<unsigned char>(72, 7)));
        return ik;
    }

    crypto::public_key root_public() { return crypto::signing_keypair_from_seed(crypto::from_base64(slurp_trimmed(secret_)).value()).value().pk; }

    static std::string slurp_trimmed(const fs::path& p)
    {
        auto text = slurp(p);
        while (!text.empty() && text.back() == '\n') text.pop_back();
        return text;
    }

    std::string public_b64(const outcome& r)
    {
        std::smatch m;
        EXPECT_TRUE(std::regex_search(r.out, m, std::regex("public key: +([A-Za-z0-9_-]{43})"))) << r.out;
        return m.size() > 1 ? m[1].str() : "";
    }
};

TEST_F(RootKeyCommands, GenerateWritesOnlyTheSecretWithMode0600AndNeverOverwrites)
{
    const auto r = run({"root-key", "generate", "--secret-file", secret_.string()}, false);
    ASSERT_EQ(r.code, 0) << r.err;
    struct stat st{};
    ASSERT_EQ(::stat(secret_.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600U);
    const auto pk = root_public();
    EXPECT_EQ(public_b64(r), crypto::to_base64(pk));
    EXPECT_TRUE(mentions(r.out, crypto::root_fingerprint(pk)));
    EXPECT_FALSE(mentions(r.out, slurp_trimmed(secret_))) << "the secret is never printed";
    EXPECT_FALSE(fs::exists(data_)) << "generate needs no database";

    const auto before = slurp(secret_);
    const auto again = run({"root-key", "generate", "--secret-file", secret_.string()}, false);
    EXPECT_EQ(again.code, 1);
    EXPECT_TRUE(mentions(again.err, "refusing to overwrite"));
    EXPECT_EQ(slurp(secret_), before);
}

TEST_F(RootKeyCommands, ShowPrintsTheSameFingerprintFromEitherHalf)
{
    const auto gen = run({"root-key", "generate", "--secret-file", secret_.string()}, false);
    const auto from_secret = run({"root-key", "show", "--secret-file", secret_.string()}, false);
    const auto from_public = run({"root-key", "show", "--public-key", public_b64(gen)}, false);
    ASSERT_EQ(from_secret.code, 0) << from_secret.err;
    ASSERT_EQ(from_public.code, 0) << from_public.err;
    EXPECT_EQ(from_secret.out, from_public.out);
    EXPECT_TRUE(mentions(from_public.out, crypto::root_fingerprint(root_public())));
    EXPECT_EQ(run({"root-key", "show", "--public-key", "not-a-key"}, false).code, 2);
}

TEST_F(RootKeyCommands, ASecretFileOthersCanReadIsRefused)
{
    ASSERT_EQ(run({"root-key", "generate", "--secret-file", secret_.string()}, false).code, 0);
    fs::permissions(secret_, fs::perms::group_read, fs::perm_options::add);
    const auto r = run({"root-key", "show", "--secret-file", secret_.string()}, false);
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(mentions(r.err, "chmod 600"));
}

TEST_F(RootKeyCommands, PendingCertifyAndTheCertificateVerifies)
{
    ASSERT_EQ(run({"root-key", "generate", "--secret-file", secret_.string()}, false).code, 0);
    const auto ik = counsellor_with_key("anna");
    ASSERT_EQ(run({"account", "create", "bert", "--role", "counsellor"}).code, 0);  // no key yet

    auto pending = run({"certificates", "pending"});
    EXPECT_TRUE(mentions(pending.out, "anna  " + crypto::to_base64(ik.pk)));
    EXPECT_FALSE(mentions(pending.out, "bert"));

    const auto r = run({"certificates", "certify", "anna", "--secret-file", secret_.string(), "--days", "7"});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto stored = db().find_account("anna").value().certificate;
    const auto cert = crypto::decode_certificate(stored).value();
    const auto now = static_cast<std::uint64_t>(admin::now());
    EXPECT_NEAR(static_cast<double>(cert.not_after), static_cast<double>(now + 7 * 86400), 5);
    EXPECT_TRUE(crypto::verify_certificate(root_public(), ik.pk, "anna", cert, now, nullptr));
    EXPECT_TRUE(mentions(run({"certificates", "pending"}).out, "no identity keys await"));

    EXPECT_EQ(run({"certificates", "certify", "bert", "--secret-file", secret_.string()}).code, 1);
    EXPECT_EQ(run({"certificates", "certify", "anna", "--secret-file", secret_.string(), "--days", "91"}).code, 2);
    EXPECT_EQ(run({"certificates", "certify", "nobody", "--secret-file", secret_.string()}).code, 1);
}

TEST_F(RootKeyCommands, ACertificateFromAnotherRootIsRefusedOnceOneIsConfigured)
{
    ASSERT_EQ(run({"root-key", "generate", "--secret-file", secret_.string()}, false).code, 0);
    const auto other = dir_.path() / "other.secret";
    ASSERT_EQ(run({"root-key", "generate", "--secret-file", other.string()}, false).code, 0);
    counsellor_with_key("anna");
    ASSERT_EQ(run({"root-key", "configure", "--public-key", crypto::to_base64(root_public())}).code, 0);
    const auto r = run({"certificates", "certify", "anna", "--secret-file", other.string()});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(mentions(r.err, "not the configured root key"));
    EXPECT_TRUE(db().find_account("anna").value().certificate.empty());
}

TEST_F(RootKeyCommands, RevokeSignsAListThatNamesTheKeyAndDropsTheCertificate)
{
    ASSERT_EQ(run({"root-key", "generate", "--secret-file", secret_.string()}, false).code, 0);
    const auto anna = counsellor_with_key("anna");
    const auto bert = counsellor_with_key("bert");
    ASSERT_EQ(run({"certificates", "certify", "anna", "--secret-file", secret_.string()}).code, 0);
    ASSERT_EQ(run({"certificates", "revoke", "anna", "--secret-file", secret_.string()}).code, 0);
    ASSERT_EQ(run({"certificates", "revoke", "bert", "--secret-file", secret_.string()}).code, 0);

    auto s = db();
    EXPECT_TRUE(s.find_account("anna").value().certificate.empty());
    const auto blob = crypto::from_base64(s.setting(admin::revocation_list_setting).value()).value();
    const auto list = crypto::open_revocation_list(root_public(), blob, static_cast<std::uint64_t>(admin::now()));
    ASSERT_TRUE(list) << crypto::to_string(list.error());
    EXPECT_TRUE(list->contains(anna.pk));
    EXPECT_TRUE(list->contains(bert.pk)) << "a second revocation keeps the first";
    EXPECT_EQ(list->revoked.size(), 2U);

    // A revoked key is not certified again.
    const auto r = run({"certificates", "certify", "anna", "--secret-file", secret_.string()});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(mentions(r.err, "revoked"));
}

TEST_F(RootKeyCommands, OfflineExportSignImportRoundTrip)
{
    ASSERT_EQ(run({"root-key", "generate", "--secret-file", secret_.string()}, false).code, 0);
    const auto anna = counsellor_with_key("anna");
    counsellor_with_key("bert");
    const auto pending = dir_.path() / "pending.json";
    const auto signed_file = dir_.path() / "signed.json";
    ASSERT_EQ(run({"certificates", "export", pending.string()}).code, 0);
    EXPECT_TRUE(mentions(slurp(pending), crypto::to_base64(anna.pk)));

    // The offline machine has no database: --data-dir points nowhere and must stay so.
    const auto offline = dir_.path() / "offline-nothing";
    std::istringstream in;
    std::ostringstream out;
    std::ostringstream err;
    ASSERT_EQ(admin::run_admin({"--data-dir", offline.string(), "certificates", "sign-export", pending.string(),
                                signed_file.string(), "--secret-file", secret_.string()},
                               in, out, err),
              0)
        << err.str();
    EXPECT_FALSE(fs::exists(offline));

    // Without a root public key, import refuses; with the right one it stores both.
    EXPECT_EQ(run({"certificates", "import", signed_file.string()}).code, 2);
    const auto r = run({"certificates", "import", signed_file.string(), "--public-key", crypto::to_base64(root_public())});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(mentions(r.out, "imported 2"));
    const auto cert = crypto::decode_certificate(db().find_account("anna").value().certificate).value();
    EXPECT_TRUE(crypto::verify_certificate(root_public(), anna.pk, "anna", cert, static_cast<std::uint64_t>(admin::now()), nullptr));
}

TEST_F(RootKeyCommands, ImportRefusesCertificatesThatDoNotVerify)
{
    ASSERT_EQ(run({"root-key", "generate", "--secret-file", secret_.string()}, false).code, 0);
    counsellor_with_key("anna");
    const auto pending = dir_.path() / "pending.json";
    const auto signed_file = dir_.path() / "signed.json";
    ASSERT_EQ(run({"certificates", "export", pending.string()}).code, 0);
    ASSERT_EQ(run({"certificates", "sign-export", pending.string(), signed_file.string(), "--secret-file", secret_.string()}, false).code, 0);

    // Another root key configured: the signature does not verify.
    const auto other = crypto::generate_signing_keypair().value();
    ASSERT_EQ(run({"root-key", "configure", "--public-key", crypto::to_base64(other.pk)}).code, 0);
    auto r = run({"certificates", "import", signed_file.string()});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(mentions(r.err, "bad signature")) << r.err;
    EXPECT_TRUE(db().find_account("anna").value().certificate.empty());

    // The right root, but a tampered certificate.
    auto text = slurp(signed_file);
    auto v = boost::json::parse(text).as_object();
    auto& entry = v["certificates"].as_array()[0].as_object();
    auto cert = crypto::from_base64(std::string(entry["certificate"].as_string())).value();
    cert[20] ^= 1;
    entry["certificate"] = crypto::to_base64(cert);
    const auto tampered = dir_.path() / "tampered.json";
    std::ofstream(tampered) << boost::json::serialize(v);
    r = run({"certificates", "import", tampered.string(), "--public-key", crypto::to_base64(root_public())});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(db().find_account("anna").value().certificate.empty());

    // A new identity key since the export: the old certificate is not stored.
    {
        auto s = db();
        const auto fresh = crypto::generate_signing_keypair().value();
        ASSERT_TRUE(s.set_identity_key(s.find_account("anna").value().id, {fresh.pk.begin(), fresh.pk.end()}, std::vector<unsigned char>(72)));
    }
    r = run({"certificates", "import", signed_file.string(), "--public-key", crypto::to_base64(root_public())});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(mentions(r.err, "identity key changed"));
}

TEST_F(RootKeyCommands, DevInitMakesAReusableKeyAndWarnsLoudly)
{
    const auto dev = dir_.path() / "dev-key";
    const auto first = run({"root-key", "dev-init", dev.string()}, false);
    ASSERT_EQ(first.code, 0) << first.err;
    EXPECT_TRUE(mentions(first.err, "UNSAFE FOR PRODUCTION"));
    struct stat st{};
    ASSERT_EQ(::stat((dev / "root-key.secret").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600U);
    const auto pub = slurp(dev / "root-key.pub");
    const auto second = run({"root-key", "dev-init", dev.string()}, false);
    ASSERT_EQ(second.code, 0) << second.err;
    EXPECT_EQ(slurp(dev / "root-key.pub"), pub) << "the same key the second time";
    EXPECT_EQ(public_b64(first) + "\n", pub);
}

TEST_F(RootKeyCommands, CertifyPendingCertifiesEveryWaitingKeyButNoRevokedOne)
{
    const auto dev = dir_.path() / "dev-key";
    ASSERT_EQ(run({"root-key", "dev-init", dev.string()}, false).code, 0);
    secret_ = dev / "root-key.secret";
    const auto anna = counsellor_with_key("anna");
    counsellor_with_key("bert");
    ASSERT_EQ(run({"certificates", "certify", "bert", "--secret-file", secret_.string()}).code, 0);
    ASSERT_EQ(run({"certificates", "revoke", "bert", "--secret-file", secret_.string()}).code, 0);
    const auto r = run({"certificates", "certify-pending", "--secret-file", secret_.string()});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(mentions(r.out, "certified 1 identity keys"));
    EXPECT_TRUE(mentions(r.err, "skipped \"bert\""));
    auto s = db();
    const auto cert = crypto::decode_certificate(s.find_account("anna").value().certificate).value();
    EXPECT_TRUE(crypto::verify_certificate(root_public(), anna.pk, "anna", cert, static_cast<std::uint64_t>(admin::now()), nullptr));
    EXPECT_TRUE(s.find_account("bert").value().certificate.empty());
}

TEST_F(RootKeyCommands, OfflineRevocationRoundTripGrowsTheListAndRefusesReplays)
{
    ASSERT_EQ(run({"root-key", "generate", "--secret-file", secret_.string()}, false).code, 0);
    ASSERT_EQ(run({"root-key", "configure", "--public-key", crypto::to_base64(root_public())}).code, 0);
    const auto anna = counsellor_with_key("anna");
    const auto bert = counsellor_with_key("bert");
    ASSERT_EQ(run({"certificates", "certify", "anna", "--secret-file", secret_.string()}).code, 0);
    const auto offline = dir_.path() / "offline-nothing";
    const auto sign_offline = [&](const fs::path& in, const fs::path& out) {
        std::istringstream input;
        std::ostringstream output;
        std::ostringstream errors;
        const int code = admin::run_admin({"--data-dir", offline.string(), "certificates", "sign-revocations", in.string(),
                                           out.string(), "--secret-file", secret_.string(), "--days", "20"},
                                          input, output, errors);
        EXPECT_EQ(code, 0) << errors.str();
    };

    // Revoke anna: export on the server, sign offline (no database there), import on the server.
    const auto request1 = dir_.path() / "request1.json";
    const auto list1 = dir_.path() / "list1.json";
    ASSERT_EQ(run({"certificates", "revocations-export", request1.string(), "anna"}).code, 0);
    sign_offline(request1, list1);
    EXPECT_FALSE(fs::exists(offline));
    auto r = run({"certificates", "import-revocations", list1.string()});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(mentions(r.out, "dropped the certificate of \"anna\""));
    EXPECT_TRUE(db().find_account("anna").value().certificate.empty());

    // Then bert: the new list keeps anna.
    const auto request2 = dir_.path() / "request2.json";
    const auto list2 = dir_.path() / "list2.json";
    ASSERT_EQ(run({"certificates", "revocations-export", request2.string(), "bert"}).code, 0);
    sign_offline(request2, list2);
    ASSERT_EQ(run({"certificates", "import-revocations", list2.string()}).code, 0);
    auto s = db();
    const auto blob = crypto::from_base64(s.setting(admin::revocation_list_setting).value()).value();
    const auto list = crypto::open_revocation_list(root_public(), blob, static_cast<std::uint64_t>(admin::now()));
    ASSERT_TRUE(list);
    EXPECT_TRUE(list->contains(anna.pk));
    EXPECT_TRUE(list->contains(bert.pk));

    // The first list again would un-revoke bert: refused.
    r = run({"certificates", "import-revocations", list1.string()});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(mentions(r.err, "leaves out") || mentions(r.err, "older")) << r.err;
    EXPECT_EQ(run({"certificates", "certify", "bert", "--secret-file", secret_.string()}).code, 1) << "revoked keys stay uncertified";
}

TEST_F(RootKeyCommands, HelpListsTheNewGroups)
{
    const auto r = run({"--help"}, false);
    EXPECT_TRUE(mentions(r.out, "root-key generate --secret-file FILE"));
    EXPECT_TRUE(mentions(r.out, "certificates sign-export IN OUT"));
    EXPECT_TRUE(mentions(run({"certificates", "import", "--help"}, false).out, "usage: tillit-admin certificates import"));
}

} // namespace

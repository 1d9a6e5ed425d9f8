// Unit: mapping request targets to files of the web root, and refusing every way out of it.
#include "net/static_files.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "support/temp_dir.hpp"

namespace tillit::net {
namespace {

namespace fs = std::filesystem;
using outcome = file_lookup::outcome;

class StaticFiles : public ::testing::Test {
protected:
    void SetUp() override
    {
        fs::create_directories(dir.path() / "web" / "counsellor");
        std::ofstream(dir.path() / "web" / "index.html") << "index";
        std::ofstream(dir.path() / "web" / "counsellor" / "index.html") << "console";
        std::ofstream(dir.path() / "web" / "a b.js") << "spaced";
        std::ofstream(dir.path() / "secret.txt") << "secret";
        fs::create_symlink(dir.path() / "secret.txt", dir.path() / "web" / "link.txt");
    }
    tillit::test::temp_dir dir;
};

TEST_F(StaticFiles, FindsFilesAndFolderIndexes)
{
    const static_files files(dir.path() / "web");
    const auto root = files.resolve("/");
    EXPECT_EQ(root.result, outcome::found);
    EXPECT_EQ(root.file.filename(), "index.html");
    EXPECT_EQ(root.mime_type, "text/html; charset=utf-8");
    EXPECT_EQ(files.resolve("/counsellor/?lang=ar").file, fs::canonical(dir.path() / "web" / "counsellor" / "index.html"));
    EXPECT_EQ(files.resolve("/a%20b.js").result, outcome::found);
    EXPECT_EQ(files.resolve("/a%20b.js").mime_type, "text/javascript; charset=utf-8");
    const auto folder = files.resolve("/counsellor");
    EXPECT_EQ(folder.result, outcome::redirect);
    EXPECT_EQ(folder.location, "/counsellor/");
    EXPECT_EQ(files.resolve("/nothing.html").result, outcome::not_found);
}

TEST_F(StaticFiles, RefusesEveryWayOut)
{
    const static_files files(dir.path() / "web");
    for (const auto* target : {"/../secret.txt", "/counsellor/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2e%2fsecret.txt",
                               "/..%5csecret.txt", "/index.html%00.js", "/%", "/%4", "/%g0", "relative.html", "/./index.html"})
        EXPECT_EQ(files.resolve(target).result, outcome::bad_request) << target;
    EXPECT_EQ(files.resolve("/link.txt").result, outcome::not_found) << "a symlink out of the root is not followed";
}

TEST(MimeTypes, KnownAndUnknownExtensions)
{
    EXPECT_EQ(mime_type_for("x.css"), "text/css; charset=utf-8");
    EXPECT_EQ(mime_type_for("x.wasm"), "application/wasm");
    EXPECT_EQ(mime_type_for("x.svg"), "image/svg+xml");
    EXPECT_EQ(mime_type_for("x.exe"), "application/octet-stream");
    EXPECT_EQ(mime_type_for("Makefile"), "application/octet-stream");
}

} // namespace
} // namespace tillit::net

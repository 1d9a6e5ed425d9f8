// Integration: the mailbox (issue 16; docs/protocol.md, "Mailbox") through the real server with
// real letters (tillit::crypto): a letter written while nobody is on duty, answered by a certified
// counsellor and read on another connection with nothing but the code; claims between two
// counsellors; the same answer for a wrong and an unknown code and the throttle on guessing; a
// letter flood refused for one client while another still writes; the operator's limit; deletion
// and retention leaving no bytes in the database file; a live chat with the counsellor who answered.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include <boost/json/parse.hpp>
#include <sqlite3.h>
#include <boost/json/serialize.hpp>

#include "support/chat_clients.hpp"
#include "support/e2e_chat.hpp"
#include "support/mailbox_parties.hpp"
#include "support/server_process.hpp"
#include "support/staff_login.hpp"
#include "support/temp_dir.hpp"
#include "tillit/crypto/encoding.hpp"

namespace tillit::test {
namespace {

namespace json = boost::json;

constexpr auto password = "mailbox test passphrase";

std::string file_bytes(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Whether any 32-byte piece of `bytes` stands in the database file or its write-ahead log
// (pieces: a long blob may be split over overflow pages).
bool in_database(const std::filesystem::path& data_dir, const std::vector<unsigned char>& bytes)
{
    for (const auto* name : {"tillit.db", "tillit.db-wal"}) {
        const auto contents = file_bytes(data_dir / name);
        for (std::size_t at = 0; at + 32 <= bytes.size(); at += 32)
            if (contents.find(std::string(bytes.begin() + at, bytes.begin() + at + 32)) != std::string::npos) return true;
    }
    return false;
}

class Mailbox : public ::testing::Test {
protected:
    void start(std::vector<std::string> extra = {})
    {
        auto args = keys.server_args();
        args.insert(args.end(), extra.begin(), extra.end());
        server = std::make_unique<server_process>(dir.path(), args);
    }

    std::filesystem::path data_dir() const { return dir.path() / "data"; }

    // A counsellor signs in with their identity and mailbox keys, then leaves (nobody on duty).
    void counsellor_leaves_a_mailbox_key(mailbox_counsellor& counsellor)
    {
        ws_client console(server->port());
        counsellor.sign_in(console);
    }

    json::object roster(ws_client& page, const std::string& lane = "support")
    {
        page.send_json({{"type", "mailbox_roster"}, {"lane", lane}});
        return receive_type(page, "mailbox_roster");
    }

    // Writes a first letter on a new connection; returns the server's answer.
    json::object write_first(const letter_writer& writer, const std::string& text, ws_options options = {})
    {
        ws_client page(server->port(), options);
        page.send_json(writer.first_letter(roster(page), text));
        return page.receive_json();
    }

    temp_dir dir;
    e2e_chat keys{dir.path(), "anna", password};  // the development root key (and a counsellor for live chats)
    mailbox_counsellor sam{data_dir(), keys.root(), "sam", password};
    std::unique_ptr<server_process> server;
};

TEST_F(Mailbox, ALetterWrittenWhileNobodyIsOnDutyIsAnsweredAndReadLaterWithNothingButTheCode)
{
    start();
    counsellor_leaves_a_mailbox_key(sam);

    // Friday night: nobody on duty. The help-seeker writes and keeps only the code.
    const letter_writer writer(keys.root());
    std::string code;
    {
        ws_client page(server->port());
        const auto listed = roster(page);
        ASSERT_EQ(listed.at("counsellors").as_array().size(), 1u) << json::serialize(listed);
        EXPECT_EQ(listed.at("reply_within_hours"), 48);
        page.send_json(writer.first_letter(listed, "I need help, I cannot talk now"));
        const auto saved = receive_type(page, "letter_saved");
        EXPECT_EQ(saved.at("number"), 1);
        const auto reply_by = saved.at("reply_by").as_int64();
        EXPECT_GE(reply_by, static_cast<std::int64_t>(unix_now()) + 47 * 3600) << "48 hours from the hour it came";
        EXPECT_LE(reply_by, static_cast<std::int64_t>(unix_now()) + 48 * 3600);
        code = writer.code();
    }

    // The counsellor comes on: the thread waits with its reply-by time; they open it and answer.
    {
        ws_client console(server->port());
        sam.sign_in(console);
        console.send_json({{"type", "mailbox_watch"}});
        const auto listing = receive_type(console, "mailbox");
        ASSERT_EQ(listing.at("threads").as_array().size(), 1u) << json::serialize(listing);
        const auto& listed = listing.at("threads").as_array().at(0).as_object();
        EXPECT_EQ(listed.at("state"), "waiting");
        EXPECT_EQ(listed.at("lane"), "support");
        EXPECT_EQ(listed.at("language"), "sv");
        EXPECT_TRUE(listed.at("reply_by").is_int64());
        console.send_json({{"type", "thread_open"}, {"box_id", listed.at("box_id")}});
        const auto thread = receive_type(console, "thread");
        const auto letters = sam.read(thread);
        ASSERT_EQ(letters.size(), 1u);
        EXPECT_EQ(letters[0].text, "I need help, I cannot talk now");
        console.send_json(sam.reply(thread, "We are here. Write when you can."));
        EXPECT_EQ(receive_type(console, "reply_saved").at("number"), 2);
    }

    // Sunday, another device: the code alone opens the thread and the certified reply.
    const letter_writer later(keys.root(), " " + code.substr(0, 4) + "-" + code.substr(4) + " ");
    ws_client page(server->port());
    page.send_json(later.with_code("mailbox_open"));
    const auto thread = receive_type(page, "thread");
    EXPECT_EQ(thread.at("answered_by"), "sam");
    EXPECT_TRUE(thread.at("reply_by").is_null()) << "answered: nothing waits";
    const auto letters = later.read(thread);
    ASSERT_EQ(letters.size(), 2u);
    EXPECT_EQ(letters[0].text, "I need help, I cannot talk now");
    EXPECT_EQ(letters[1].text, "We are here. Write when you can.");
    EXPECT_EQ(letters[1].author, "sam") << "the reply verifies against the centre's root key";

    // Writing again starts the clock again, and the thread goes first to the one who answered.
    page.send_json(later.next_letter(roster(page), 3, "Thank you. Can we talk on Monday?"));
    EXPECT_EQ(receive_type(page, "letter_saved").at("number"), 3);
    ws_client console(server->port());
    sam.sign_in(console);
    console.send_json({{"type", "mailbox_watch"}});
    const auto listing = receive_type(console, "mailbox");
    const auto& listed = listing.at("threads").as_array().at(0).as_object();
    EXPECT_EQ(listed.at("state"), "waiting");
    EXPECT_EQ(listed.at("counsellor"), "sam");
    EXPECT_EQ(listed.at("letters"), 3);
}

TEST_F(Mailbox, AClaimKeepsASecondCounsellorOutUntilTheReplyReleasesIt)
{
    start();
    mailbox_counsellor lina{data_dir(), keys.root(), "lina", password};
    counsellor_leaves_a_mailbox_key(lina);
    counsellor_leaves_a_mailbox_key(sam);
    const letter_writer writer(keys.root());
    ASSERT_EQ(write_first(writer, "Please answer").at("type"), "letter_saved");

    ws_client sams(server->port());
    sam.sign_in(sams);
    ws_client linas(server->port());
    lina.sign_in(linas);
    linas.send_json({{"type", "mailbox_watch"}});
    receive_type(linas, "mailbox");

    sams.send_json({{"type", "thread_open"}, {"box_id", writer.box_id()}});
    const auto thread = receive_type(sams, "thread");
    EXPECT_EQ(thread.at("claimed_by"), "sam");

    // Lina sees who holds it and cannot open it meanwhile.
    for (;;) {
        const auto listing = receive_type(linas, "mailbox");
        if (listing.at("threads").as_array().at(0).as_object().at("claimed_by") == "sam") break;
    }
    linas.send_json({{"type", "thread_open"}, {"box_id", writer.box_id()}});
    const auto refused = receive_type(linas, "error");
    EXPECT_EQ(refused.at("code"), "thread_claimed");
    EXPECT_EQ(refused.at("claimed_by"), "sam");
    EXPECT_GT(refused.at("retry_after").as_int64(), 0);
    // Nor can she reply without holding it.
    linas.send_json(lina.reply(thread, "I answer too"));
    EXPECT_EQ(receive_type(linas, "error").at("code"), "not_claimed");

    // Sam's reply releases the claim: both replies could be read by Lina, who is on the roster.
    sams.send_json(sam.reply(thread, "Sam here"));
    receive_type(sams, "reply_saved");
    linas.send_json({{"type", "thread_open"}, {"box_id", writer.box_id()}});
    const auto reopened = receive_type(linas, "thread");
    const auto letters = lina.read(reopened);
    ASSERT_EQ(letters.size(), 2u);
    EXPECT_EQ(letters[0].text, "Please answer");
    EXPECT_EQ(letters[1].text, "Sam here") << "a reply is sealed to every colleague on the roster";
    EXPECT_EQ(letters[1].author, "sam");
}

TEST_F(Mailbox, AWrongCodeGetsTheSameAnswerAsAnUnknownOneAndGuessingIsThrottled)
{
    start({"--mailbox-attempts-per-hour", "3"});
    counsellor_leaves_a_mailbox_key(sam);
    const letter_writer writer(keys.root());
    ASSERT_EQ(write_first(writer, "hello").at("type"), "letter_saved");

    ws_client page(server->port());
    auto wrong_auth = writer.with_code("mailbox_open");
    wrong_auth["box_auth"] = letter_writer(keys.root()).box_auth();  // the right thread, another code's proof
    page.send_json(wrong_auth);
    const auto wrong = receive_type(page, "error");
    page.send_json(letter_writer(keys.root()).with_code("mailbox_open"));  // no such thread at all
    const auto unknown = receive_type(page, "error");
    EXPECT_EQ(wrong.at("code"), "no_such_thread");
    EXPECT_EQ(json::serialize(wrong), json::serialize(unknown)) << "a wrong code must not tell that the thread exists";

    page.send_json(letter_writer(keys.root()).with_code("mailbox_delete"));
    EXPECT_EQ(receive_type(page, "error").at("code"), "no_such_thread");
    // Three misses: from now on even the right code waits, so guessing gains nothing.
    page.send_json(writer.with_code("mailbox_open"));
    const auto throttled = receive_type(page, "error");
    EXPECT_EQ(throttled.at("code"), "too_many_attempts");
    EXPECT_GT(throttled.at("retry_after").as_int64(), 3000);
    EXPECT_NO_THROW(page.send_json({{"type", "leave"}})) << "a help-seeker's connection is never closed for mistakes";
    EXPECT_EQ(receive_type(page, "left").at("type"), "left");
}

TEST_F(Mailbox, ALetterFloodFromOneClientIsRefusedWhileOtherClientsStillWrite)
{
    start({"--letters-per-hour", "3", "--trusted-proxies", "127.0.0.1"});
    counsellor_leaves_a_mailbox_key(sam);
    ws_options flooder;
    flooder.headers = {{"X-Forwarded-For", "203.0.113.7"}};
    for (int i = 0; i < 3; ++i)
        ASSERT_EQ(write_first(letter_writer(keys.root()), "letter " + std::to_string(i), flooder).at("type"), "letter_saved");
    const auto refused = write_first(letter_writer(keys.root()), "one too many", flooder);
    EXPECT_EQ(refused.at("code"), "too_many_letters") << json::serialize(refused);
    EXPECT_GT(refused.at("retry_after").as_int64(), 0);

    ws_options other;
    other.headers = {{"X-Forwarded-For", "198.51.100.20"}};
    EXPECT_EQ(write_first(letter_writer(keys.root()), "from someone else", other).at("type"), "letter_saved");
}

TEST_F(Mailbox, AFullMailboxSaysSoWhenTheOperatorsLimitIsReached)
{
    std::string out;
    ASSERT_EQ(admin(data_dir(), {"mailbox", "set", "--max-threads", "2"}, &out), 0) << out;
    start();
    counsellor_leaves_a_mailbox_key(sam);
    const letter_writer first(keys.root());
    ASSERT_EQ(write_first(first, "one").at("type"), "letter_saved");
    ASSERT_EQ(write_first(letter_writer(keys.root()), "two").at("type"), "letter_saved");
    const auto full = write_first(letter_writer(keys.root()), "three");
    EXPECT_EQ(full.at("code"), "mailbox_full") << json::serialize(full);

    // A thread already there still takes letters.
    ws_client page(server->port());
    page.send_json(first.next_letter(roster(page), 2, "still me"));
    EXPECT_EQ(receive_type(page, "letter_saved").at("number"), 2);
}

TEST_F(Mailbox, DeletingAThreadTakesItsBytesOutOfTheDatabaseFile)
{
    start();
    counsellor_leaves_a_mailbox_key(sam);
    const letter_writer writer(keys.root());
    ws_client page(server->port());
    const auto letter = writer.first_letter(roster(page), "delete me");
    page.send_json(letter);
    receive_type(page, "letter_saved");
    const auto ciphertext = bytes_of(letter.at("ciphertext"));
    ASSERT_TRUE(in_database(data_dir(), ciphertext)) << "the letter is stored (as ciphertext)";

    page.send_json(writer.with_code("mailbox_delete"));
    EXPECT_EQ(receive_type(page, "thread_deleted").at("box_id").as_string(), writer.box_id());
    EXPECT_FALSE(in_database(data_dir(), ciphertext)) << "secure_delete and the checkpoint leave no copy";
    page.send_json(writer.with_code("mailbox_open"));
    EXPECT_EQ(receive_type(page, "error").at("code"), "no_such_thread");
}

TEST_F(Mailbox, AThreadPastItsRetentionIsGoneAfterTheServerStartsAgain)
{
    start();
    counsellor_leaves_a_mailbox_key(sam);
    const letter_writer old_one(keys.root());
    const letter_writer recent(keys.root());
    ASSERT_EQ(write_first(old_one, "long ago").at("type"), "letter_saved");
    ASSERT_EQ(write_first(recent, "yesterday").at("type"), "letter_saved");
    ASSERT_EQ(server->stop(SIGTERM), 0);

    // The first thread's last letter is made 31 days old, as if the server had slept that long.
    const auto box = crypto::to_hex(*crypto::from_base64(old_one.box_id()));
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((data_dir() / "tillit.db").c_str(), &db), SQLITE_OK);
    const auto aged = "UPDATE mailbox_threads SET last_letter_hour = last_letter_hour - 31*86400 WHERE box_id = x'" + box + "'";
    EXPECT_EQ(sqlite3_exec(db, aged.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    EXPECT_EQ(sqlite3_changes(db), 1);
    sqlite3_close(db);
    server->start_again();

    ws_client page(server->port());
    page.send_json(old_one.with_code("mailbox_open"));
    EXPECT_EQ(receive_type(page, "error").at("code"), "no_such_thread") << "30 days after the last letter it is gone";
    page.send_json(recent.with_code("mailbox_open"));
    EXPECT_EQ(receive_type(page, "thread").at("letters").as_array().size(), 1u);
}

TEST_F(Mailbox, AskingForALiveChatWithTheCodeGoesToTheCounsellorWhoAnswered)
{
    start();
    counsellor_leaves_a_mailbox_key(sam);
    const letter_writer writer(keys.root());
    ASSERT_EQ(write_first(writer, "can we talk?").at("type"), "letter_saved");
    ws_client sams(server->port());
    sam.sign_in(sams);
    sams.send_json({{"type", "thread_open"}, {"box_id", writer.box_id()}});
    sams.send_json(sam.reply(receive_type(sams, "thread"), "yes, I am on duty now"));
    receive_type(sams, "reply_saved");

    // Both on duty with a free place; anna's account is older (the lower id wins a tie).
    ws_client annas(server->port());
    keys.counsellor_on_duty(annas, true);
    sams.send_json({{"type", "duty"}, {"on", true}, {"capacity", 1}});
    receive_type(sams, "duty");

    ws_client page(server->port());
    page.send_json({{"type", "join"}, {"lane", "support"}, {"language", "sv"}, {"mailbox", {{"box_id", writer.box_id()}, {"box_auth", writer.box_auth()}}}});
    receive_type(page, "paired");
    EXPECT_NO_THROW(receive_type(sams, "assigned")) << "the counsellor who answered the letters takes the chat";
}

} // namespace
} // namespace tillit::test

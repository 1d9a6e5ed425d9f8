// mailbox_store_test: the mailbox's rows on a real SQLite file (WAL, as the server runs it):
// round trip, letter numbers, the thread limit, retention, mailbox key clean-up, a password reset
// dropping the keys, and deleted letters gone from the bytes of both tillit.db and tillit.db-wal.
#include "store/mailbox_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <random>

#include "store/sqlite.hpp"
#include "store/store.hpp"
#include "support/temp_dir.hpp"

namespace tillit::store {
namespace {

namespace fs = std::filesystem;
using bytes = std::vector<unsigned char>;

constexpr unix_seconds hour = 3600;
constexpr unix_seconds day_one = 1'800'000'000 / hour * hour;

bytes random_bytes(std::size_t size)
{
    static std::mt19937_64 generator{std::random_device{}()};
    bytes out(size);
    for (auto& b : out) b = static_cast<unsigned char>(generator());
    return out;
}

// A ciphertext of the letter format's size: nonce (24) + 1024·m + tag (16).
bytes letter_ciphertext(int m) { return random_bytes(24 + 1024 * static_cast<std::size_t>(m) + 16); }

thread_row new_thread(unix_seconds at)
{
    thread_row t;
    t.box_id = random_bytes(16);
    t.auth_hash = random_bytes(32);
    t.thread_key = random_bytes(32);
    t.lane = "support";
    t.language = "sv";
    t.age_band = "13-17";
    t.reply_by = at + 48 * hour;
    t.waiting_since = at;
    t.last_letter_hour = at;
    return t;
}

letter_row seeker_letter(int number, unix_seconds at, int m = 1)
{
    letter_row l;
    l.number = number;
    l.from = letter_from::help_seeker;
    l.hour = at;
    l.ciphertext = letter_ciphertext(m);
    l.envelopes = {{random_bytes(32), random_bytes(72)}, {random_bytes(32), random_bytes(72)}};
    return l;
}

std::int64_t count_rows(const fs::path& file, const std::string& table)
{
    database raw(file.string(), database::read_only_t{});
    statement s(raw, "SELECT COUNT(*) FROM " + table);
    s.step();
    return s.column_int64(0);
}

bytes file_bytes(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Whether any 32-byte piece of `secret` (taken every 64 bytes) appears in `haystack`. Pieces,
// because SQLite splits a long blob over overflow pages, each with its own header.
bool holds_part_of(const bytes& haystack, const bytes& secret)
{
    for (std::size_t at = 0; at + 32 <= secret.size(); at += 64) {
        const auto piece = secret.begin() + static_cast<std::ptrdiff_t>(at);
        if (std::search(haystack.begin(), haystack.end(), piece, piece + 32) != haystack.end()) return true;
    }
    return false;
}

struct mailbox_file_test : ::testing::Test {
    test::temp_dir dir;
    fs::path db_path = dir.path() / "tillit.db";
    fs::path wal_path = dir.path() / "tillit.db-wal";
    store db{db_path.string()};
    mailbox_store& box = db.mailbox();

    account_id counsellor(const std::string& pseudonym)
    {
        new_account a{pseudonym, role::counsellor, {"sv"}, {"support"}, {1, 2, 3}, "hash", false};
        return db.create_account(a, day_one).value();
    }

    // Bytes of the database file and of its write-ahead log, as they are now.
    bool on_disk(const bytes& secret) const
    {
        return holds_part_of(file_bytes(db_path), secret) || holds_part_of(file_bytes(wal_path), secret);
    }
};

TEST_F(mailbox_file_test, AThreadAndItsLettersComeBackAsStored)
{
    const auto anna = counsellor("anna");
    auto thread = new_thread(day_one);
    const auto first = seeker_letter(1, day_one, 3);
    ASSERT_EQ(box.create_thread(thread, first, 10), mailbox_store::create_result::created);

    thread.letters = 1;
    EXPECT_EQ(box.thread(thread.box_id), thread);
    EXPECT_EQ(box.letters(thread.box_id), std::vector<letter_row>{first});

    letter_row reply;
    reply.number = 2;
    reply.from = letter_from::counsellor;
    reply.hour = day_one + 5 * hour;
    reply.author = anna;
    reply.sender_key = random_bytes(32);
    reply.ciphertext = letter_ciphertext(1);
    reply.envelopes = {{thread.thread_key, random_bytes(72)}, {reply.sender_key, random_bytes(72)}};
    auto answered = thread;
    answered.counsellor = anna;
    answered.reply_by = std::nullopt;
    answered.waiting_since = std::nullopt;
    answered.last_letter_hour = reply.hour;
    answered.lane = "ignored: only the routing fields change";
    ASSERT_TRUE(box.append_letter(thread.box_id, reply, answered));

    const auto stored = box.thread(thread.box_id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->letters, 2);
    EXPECT_EQ(stored->lane, "support");
    EXPECT_EQ(stored->counsellor, anna);
    EXPECT_EQ(stored->reply_by, std::nullopt);
    EXPECT_EQ(stored->waiting_since, std::nullopt);
    EXPECT_EQ(stored->last_letter_hour, day_one + 5 * hour);
    EXPECT_EQ(box.letters(thread.box_id), (std::vector<letter_row>{first, reply}));

    const auto later = new_thread(day_one + 9 * hour);
    ASSERT_EQ(box.create_thread(later, seeker_letter(1, day_one + 9 * hour), 10), mailbox_store::create_result::created);
    const auto all = box.threads();
    ASSERT_EQ(all.size(), 2U);
    EXPECT_EQ(all[0].box_id, later.box_id) << "the latest letter first";
    EXPECT_EQ(all[1].box_id, thread.box_id);
    EXPECT_FALSE(box.thread(random_bytes(16)));
    EXPECT_TRUE(box.letters(random_bytes(16)).empty());
}

TEST_F(mailbox_file_test, OnlyTheNextLetterNumberIsAccepted)
{
    const auto thread = new_thread(day_one);
    ASSERT_EQ(box.create_thread(thread, seeker_letter(1, day_one), 10), mailbox_store::create_result::created);

    auto changed = thread;
    changed.last_letter_hour = day_one + hour;
    EXPECT_FALSE(box.append_letter(thread.box_id, seeker_letter(1, day_one + hour), changed)) << "number taken";
    EXPECT_FALSE(box.append_letter(thread.box_id, seeker_letter(3, day_one + hour), changed)) << "number skipped";
    EXPECT_FALSE(box.append_letter(random_bytes(16), seeker_letter(1, day_one + hour), changed)) << "no such thread";
    EXPECT_EQ(box.thread(thread.box_id)->letters, 1);
    EXPECT_EQ(box.thread(thread.box_id)->last_letter_hour, day_one) << "a refused letter changes nothing";
    EXPECT_EQ(box.letters(thread.box_id).size(), 1U);

    EXPECT_TRUE(box.append_letter(thread.box_id, seeker_letter(2, day_one + hour), changed));
    EXPECT_FALSE(box.append_letter(thread.box_id, seeker_letter(2, day_one + hour), changed)) << "two writers, one wins";
    EXPECT_EQ(box.thread(thread.box_id)->letters, 2);
}

TEST_F(mailbox_file_test, ThreadLimitAndTakenBoxIdWriteNothing)
{
    const auto first = new_thread(day_one);
    ASSERT_EQ(box.create_thread(first, seeker_letter(1, day_one), 2), mailbox_store::create_result::created);
    EXPECT_EQ(box.create_thread(first, seeker_letter(1, day_one), 2), mailbox_store::create_result::exists);
    ASSERT_EQ(box.create_thread(new_thread(day_one), seeker_letter(1, day_one), 2), mailbox_store::create_result::created);
    const auto third = new_thread(day_one);
    EXPECT_EQ(box.create_thread(third, seeker_letter(1, day_one), 2), mailbox_store::create_result::full);
    EXPECT_FALSE(box.thread(third.box_id));
    EXPECT_EQ(box.threads().size(), 2U);
    EXPECT_EQ(count_rows(db_path, "mailbox_letters"), 2);
    EXPECT_EQ(count_rows(db_path, "mailbox_envelopes"), 4);
}

TEST_F(mailbox_file_test, TimesFinerThanTheHourAreRefused)
{
    auto thread = new_thread(day_one);
    EXPECT_THROW((void)box.create_thread(thread, seeker_letter(1, day_one + 61), 10), constraint_error);
    thread.reply_by = day_one + 48 * hour + 5;
    EXPECT_THROW((void)box.create_thread(thread, seeker_letter(1, day_one), 10), constraint_error);
    EXPECT_TRUE(box.threads().empty()) << "all or nothing";
}

TEST_F(mailbox_file_test, RetentionDeletesThreadsWhoseLastLetterIsOlderThanTheCutoff)
{
    const auto old_thread = new_thread(day_one);
    const auto edge_thread = new_thread(day_one + 24 * hour);
    const auto new_one = new_thread(day_one + 48 * hour);
    for (const auto* t : {&old_thread, &edge_thread, &new_one})
        ASSERT_EQ(box.create_thread(*t, seeker_letter(1, t->last_letter_hour), 10), mailbox_store::create_result::created);
    // A newer letter keeps a thread alive: retention counts from the last one.
    auto revived = old_thread;
    revived.last_letter_hour = day_one + 47 * hour;
    ASSERT_TRUE(box.append_letter(old_thread.box_id, seeker_letter(2, day_one + 47 * hour), revived));

    EXPECT_EQ(box.delete_threads_before(day_one + 24 * hour), 0) << "the cutoff hour itself stays";
    EXPECT_EQ(box.delete_threads_before(day_one + 48 * hour), 2);
    const auto left = box.threads();
    ASSERT_EQ(left.size(), 1U);
    EXPECT_EQ(left[0].box_id, new_one.box_id);
    EXPECT_EQ(count_rows(db_path, "mailbox_letters"), 1) << "letters go with their thread";
    EXPECT_EQ(count_rows(db_path, "mailbox_envelopes"), 2) << "envelopes go with their letter";
}

TEST_F(mailbox_file_test, DeletedThreadIsGoneFromTheDatabaseFileAndTheWal)
{
    const auto thread = new_thread(day_one);
    const auto first = seeker_letter(1, day_one, 4);  // longer than a page: overflow pages
    ASSERT_EQ(box.create_thread(thread, first, 10), mailbox_store::create_result::created);
    auto next = thread;
    next.last_letter_hour = day_one + hour;
    const auto second = seeker_letter(2, day_one + hour, 1);  // fits in a page
    ASSERT_TRUE(box.append_letter(thread.box_id, second, next));
    const auto kept = new_thread(day_one);
    const auto kept_letter = seeker_letter(1, day_one, 2);
    ASSERT_EQ(box.create_thread(kept, kept_letter, 10), mailbox_store::create_result::created);

    const std::vector<const bytes*> secrets{&first.ciphertext, &second.ciphertext, &first.envelopes[0].box,
                                            &second.envelopes[1].box, &thread.auth_hash, &thread.thread_key};
    for (const auto* secret : secrets) ASSERT_TRUE(on_disk(*secret)) << "the search finds what is stored";

    ASSERT_TRUE(box.delete_thread(thread.box_id));
    EXPECT_FALSE(box.delete_thread(thread.box_id));
    for (std::size_t i = 0; i < secrets.size(); ++i) {
        EXPECT_FALSE(holds_part_of(file_bytes(db_path), *secrets[i])) << "secret " << i << " in tillit.db";
        EXPECT_FALSE(holds_part_of(file_bytes(wal_path), *secrets[i])) << "secret " << i << " in tillit.db-wal";
    }
    EXPECT_EQ(box.letters(kept.box_id), std::vector<letter_row>{kept_letter}) << "other threads untouched";
}

TEST_F(mailbox_file_test, RetentionDeletionLeavesNoBytesEither)
{
    const auto thread = new_thread(day_one);
    const auto letter = seeker_letter(1, day_one, 2);
    ASSERT_EQ(box.create_thread(thread, letter, 10), mailbox_store::create_result::created);
    ASSERT_TRUE(on_disk(letter.ciphertext));
    ASSERT_EQ(box.delete_threads_before(day_one + hour), 1);
    EXPECT_FALSE(on_disk(letter.ciphertext));
    EXPECT_FALSE(on_disk(letter.envelopes[0].box));
}

mailbox_key_row key_of(account_id account, unix_seconds not_after)
{
    return {account, random_bytes(32), random_bytes(64), random_bytes(72), not_after};
}

TEST_F(mailbox_file_test, UnusedExpiredKeysGoButTheNewestAndTheNamedOnesStay)
{
    const auto anna = counsellor("anna");
    const auto berit = counsellor("berit");
    const auto expired_unused = key_of(anna, day_one);
    const auto expired_reader = key_of(anna, day_one + hour);
    const auto expired_sender = key_of(anna, day_one + 2 * hour);
    const auto valid = key_of(anna, day_one + 30 * 24 * hour);
    const auto berit_only = key_of(berit, day_one);  // expired, but her newest
    for (const auto& k : {expired_unused, expired_reader, expired_sender, valid, berit_only}) box.add_key(k);
    box.add_key(valid);  // again: no change

    EXPECT_EQ(box.keys_of(anna), (std::vector<mailbox_key_row>{valid, expired_sender, expired_reader, expired_unused}))
        << "newest first";

    // A letter addressed to one old key, and a reply sealed by another.
    const auto thread = new_thread(day_one);
    auto first = seeker_letter(1, day_one);
    first.envelopes.push_back({expired_reader.public_key, random_bytes(72)});
    ASSERT_EQ(box.create_thread(thread, first, 10), mailbox_store::create_result::created);
    letter_row reply;
    reply.number = 2;
    reply.from = letter_from::counsellor;
    reply.hour = day_one + hour;
    reply.author = anna;
    reply.sender_key = expired_sender.public_key;
    reply.ciphertext = letter_ciphertext(1);
    reply.envelopes = {{thread.thread_key, random_bytes(72)}};
    auto answered = thread;
    answered.counsellor = anna;
    answered.last_letter_hour = day_one + hour;
    ASSERT_TRUE(box.append_letter(thread.box_id, reply, answered));

    const auto now = day_one + 10 * 24 * hour;
    EXPECT_EQ(box.delete_unused_keys(now), 1);
    EXPECT_EQ(box.keys_of(anna), (std::vector<mailbox_key_row>{valid, expired_sender, expired_reader}));
    EXPECT_EQ(box.keys_of(berit), std::vector<mailbox_key_row>{berit_only});

    // Once the thread is gone, so are the keys only it named.
    ASSERT_TRUE(box.delete_thread(thread.box_id));
    EXPECT_EQ(box.delete_unused_keys(now), 2);
    EXPECT_EQ(box.keys_of(anna), std::vector<mailbox_key_row>{valid});
}

TEST_F(mailbox_file_test, PasswordResetDropsTheMailboxKeysButAChangeKeepsThem)
{
    const auto anna = counsellor("anna");
    const auto berit = counsellor("berit");
    const auto key = key_of(anna, day_one + 30 * 24 * hour);
    box.add_key(key);
    box.add_key(key_of(berit, day_one + 30 * 24 * hour));

    ASSERT_TRUE(db.set_login("anna", {4, 5, 6}, "changed", false));
    EXPECT_EQ(box.keys_of(anna), std::vector<mailbox_key_row>{key});

    ASSERT_TRUE(db.set_login("anna", {7, 8, 9}, "reset", true));
    EXPECT_TRUE(box.keys_of(anna).empty()) << "the old wrap cannot open them";
    EXPECT_EQ(box.keys_of(berit).size(), 1U) << "only hers";
    EXPECT_FALSE(db.set_login("nobody", {1}, "h", true));
}

} // namespace
} // namespace tillit::store

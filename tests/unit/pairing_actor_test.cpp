// Unit: the pairing actor (chat/pairing_actor.hpp) on a real io_context, with fake participants
// (Tillit's own participant and chat_sink interfaces, no sockets) and a clock the test moves by
// hand: what a help-seeker and a counsellor would notice. Pairing when a counsellor is free, a
// blocked client refused on the same connection, capacity never exceeded, and the language
// fallback after the configured wait and not before, and a bundle that reaches a help-seeker
// whose connection attached only after it was sent.
#include "chat/pairing_actor.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace tillit::chat {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// A connection as the actor and the rooms see it: it keeps every event as a protocol frame type
// (and an error's code) and joins the rooms it is put in, as the real connections do.
class fake_side final : public participant, public chat_sink, public std::enable_shared_from_this<fake_side> {
public:
    struct heard {
        std::string type;
        std::string detail;  // an error's code, a chat_ended's reason, paired/assigned's chat id
        bool language_differs = false;
    };

    void notify(const protocol::event& e) override { note(e); }
    void enter_chat(std::shared_ptr<chat_room> room, protocol::event announcement) override
    {
        note(announcement);
        // A real connection attaches a moment later, on its own strand: `attach_later` keeps it
        // between the two until the test attaches it.
        if (!attach_later)
            room->attach(std::holds_alternative<protocol::paired>(announcement) ? side::seeker : side::counsellor,
                         shared_from_this(), 0);
        rooms.push_back(std::move(room));
    }
    void leave_chat(std::shared_ptr<chat_room> room, protocol::event announcement, std::optional<ticket_id>) override
    {
        note(announcement);
        std::erase(rooms, room);
    }
    void moved_elsewhere(std::shared_ptr<chat_room>) override { events.push_back({"moved_elsewhere", {}, false}); }
    void send(const protocol::event& e) override { note(e); }

    [[nodiscard]] std::size_t count(std::string_view type) const
    {
        return static_cast<std::size_t>(std::count_if(events.begin(), events.end(), [&](const heard& h) { return h.type == type; }));
    }
    [[nodiscard]] const heard* last(std::string_view type) const
    {
        for (auto it = events.rbegin(); it != events.rend(); ++it)
            if (it->type == type) return &*it;
        return nullptr;
    }

    std::vector<heard> events;
    std::vector<std::shared_ptr<chat_room>> rooms;
    bool attach_later = false;

private:
    void note(const protocol::event& e)
    {
        heard h;
        std::visit(
            [&](const auto& m) {
                using T = std::decay_t<decltype(m)>;
                if constexpr (std::is_same_v<T, protocol::error_reply>) h = {"error", std::string(protocol::code_text(m.code))};
                else if constexpr (std::is_same_v<T, protocol::paired>) h = {"paired", m.chat, m.language_differs};
                else if constexpr (std::is_same_v<T, protocol::assigned>) h = {"assigned", m.chat, m.language_differs};
                else if constexpr (std::is_same_v<T, protocol::chat_ended>) h = {"chat_ended", std::string(m.reason)};
                else if constexpr (std::is_same_v<T, protocol::queue_position>) h = {"queue", std::to_string(m.position)};
                else if constexpr (std::is_same_v<T, protocol::duty_state>) h = {"duty", {}};
                else if constexpr (std::is_same_v<T, protocol::closed_notice>) h = {"closed", m.reason};
                else if constexpr (std::is_same_v<T, protocol::seeker_epoch>) h = {"epoch", m.bundle.is_null() ? "" : "bundle"};
                else h = {"other", {}};
            },
            e);
        events.push_back(std::move(h));
    }
};

constexpr counsellor_id anna = 7;
constexpr counsellor_id omar = 8;
const client_key first_client{1};
const client_key second_client{2};

// One actor on a single-threaded io_context; every call below runs it until the actor has
// applied the call (an awaited call's result, or a snapshot queued behind a posted one).
class actor_bench {
public:
    explicit actor_bench(std::size_t joins_per_minute = 30)
    {
        pairing_actor::settings s;
        s.book.language_fallback_after = 2min;
        s.joins_per_minute = joins_per_minute;
        s.tick_interval = 24h;  // no tick during a test: every step below is an event
        s.time_source.now = [this] { return now; };
        s.time_source.unix_now = [this] {
            return 1'800'000'000 + std::chrono::duration_cast<std::chrono::seconds>(now - start).count();
        };
        actor = std::make_shared<pairing_actor>(ioc.get_executor(), s, secret,
                                                [](lane, bool anyone_on_duty) { return availability{anyone_on_duty, {}, {}}; });
        actor->start();
        settle();
    }
    ~actor_bench()
    {
        actor->stop();
        ioc.poll();
    }
    actor_bench(const actor_bench&) = delete;
    actor_bench& operator=(const actor_bench&) = delete;

    template <class T>
    T await(asio::awaitable<T> call)
    {
        std::optional<T> out;
        asio::co_spawn(ioc, std::move(call), [&](std::exception_ptr failure, T value) {
            if (failure) std::rethrow_exception(failure);
            out = std::move(value);
        });
        for (int i = 0; i < 10'000 && !out; ++i) ioc.run_one_for(100ms);
        if (!out) throw std::runtime_error("the actor did not answer");
        return std::move(*out);
    }

    // Runs until everything posted to the actor so far has been applied.
    void settle()
    {
        (void)await(actor->snapshot());
        ioc.poll();
    }

    bool on_duty(counsellor_id id, const std::shared_ptr<fake_side>& who, unsigned capacity, std::vector<std::string> languages,
                 boost::json::value bundle = nullptr)
    {
        const bool ok = await(actor->go_on_duty(id, who, {lane::support}, std::move(languages), capacity, std::move(bundle)));
        ioc.poll();
        return ok;
    }

    std::optional<ticket_id> join(const std::shared_ptr<fake_side>& who, std::string language, client_key key = first_client)
    {
        const auto result = await(actor->join(who, {lane::support, std::move(language), {}, {}}, std::nullopt, key));
        ioc.poll();
        return result.ticket;
    }

    test::temp_dir dir;
    auth::server_secret secret = auth::server_secret::load_or_create(dir.path());
    clock::time_point start = clock::now();
    clock::time_point now = start;
    asio::io_context ioc{1};
    std::shared_ptr<pairing_actor> actor;
};

TEST(PairingActor, AHelpSeekerWhoJoinsWhileACounsellorIsFreeIsPairedAtOnce)
{
    actor_bench bench;
    auto counsellor = std::make_shared<fake_side>();
    auto seeker = std::make_shared<fake_side>();
    ASSERT_TRUE(bench.on_duty(anna, counsellor, 1, {"sv"}));
    EXPECT_EQ(counsellor->count("duty"), 1u);

    bench.join(seeker, "sv");
    ASSERT_EQ(seeker->count("paired"), 1u);
    ASSERT_EQ(counsellor->count("assigned"), 1u);
    EXPECT_EQ(seeker->last("paired")->detail, counsellor->last("assigned")->detail) << "the same chat";
    EXPECT_FALSE(seeker->last("paired")->language_differs);
    EXPECT_EQ(seeker->count("queue"), 0u) << "never told to wait";
}

TEST(PairingActor, ABlockedHelpSeekerIsRefusedOnTheSameConnectionAndOthersAreNot)
{
    actor_bench bench;
    auto counsellor = std::make_shared<fake_side>();
    auto seeker = std::make_shared<fake_side>();
    ASSERT_TRUE(bench.on_duty(anna, counsellor, 2, {"sv"}));
    bench.join(seeker, "sv", first_client);
    ASSERT_EQ(counsellor->rooms.size(), 1u);

    bench.actor->block(counsellor->rooms.front(), anna);
    bench.settle();
    ASSERT_NE(seeker->last("chat_ended"), nullptr);
    EXPECT_EQ(seeker->last("chat_ended")->detail, "blocked");

    EXPECT_FALSE(bench.join(seeker, "sv", first_client).has_value());
    ASSERT_NE(seeker->last("error"), nullptr);
    EXPECT_EQ(seeker->last("error")->detail, "blocked");
    EXPECT_EQ(seeker->count("paired"), 1u) << "no second chat";

    auto other = std::make_shared<fake_side>();
    bench.join(other, "sv", second_client);
    EXPECT_EQ(other->count("paired"), 1u) << "another client is not blocked";

    // The block lasts block_duration (an hour by default), by the actor's clock.
    bench.now += 61min;
    auto back = std::make_shared<fake_side>();
    bench.join(back, "sv", first_client);
    EXPECT_EQ(back->last("error"), nullptr);
    EXPECT_EQ(back->count("paired"), 1u);
}

TEST(PairingActor, ACounsellorIsNeverGivenMoreChatsThanTheirCapacity)
{
    actor_bench bench;
    auto counsellor = std::make_shared<fake_side>();
    ASSERT_TRUE(bench.on_duty(anna, counsellor, 2, {"sv"}));
    std::vector<std::shared_ptr<fake_side>> seekers;
    for (unsigned char i = 0; i < 4; ++i) {
        seekers.push_back(std::make_shared<fake_side>());
        bench.join(seekers.back(), "sv", client_key{static_cast<unsigned char>(10 + i)});
    }
    EXPECT_EQ(counsellor->count("assigned"), 2u);
    EXPECT_EQ(seekers[0]->count("paired") + seekers[1]->count("paired"), 2u) << "the first come first";
    ASSERT_NE(seekers[2]->last("queue"), nullptr);
    EXPECT_EQ(seekers[2]->last("queue")->detail, "1");
    EXPECT_EQ(seekers[3]->last("queue")->detail, "2");

    // One chat ends: exactly one place frees, for the next in line.
    bench.actor->end_chat(counsellor->rooms.front(), "ended_by_counsellor");
    bench.settle();
    EXPECT_EQ(counsellor->count("assigned"), 3u);
    EXPECT_EQ(seekers[2]->count("paired"), 1u);
    EXPECT_EQ(seekers[3]->count("paired"), 0u);

    // A second counsellor on duty takes the last one; a capacity out of range is refused.
    auto second = std::make_shared<fake_side>();
    EXPECT_FALSE(bench.on_duty(omar, second, 1000, {"sv"}));
    EXPECT_EQ(seekers[3]->count("paired"), 0u);
    ASSERT_TRUE(bench.on_duty(omar, second, 1, {"sv"}));
    EXPECT_EQ(seekers[3]->count("paired"), 1u);
    EXPECT_EQ(counsellor->count("assigned"), 3u);
}

TEST(PairingActor, AHelpSeekerGetsACounsellorOfAnotherLanguageOnlyAfterTheConfiguredWait)
{
    actor_bench bench;
    auto counsellor = std::make_shared<fake_side>();
    auto seeker = std::make_shared<fake_side>();
    ASSERT_TRUE(bench.on_duty(anna, counsellor, 1, {"sv"}));
    bench.join(seeker, "ar");
    EXPECT_EQ(seeker->count("paired"), 0u);
    EXPECT_EQ(seeker->last("queue")->detail, "1");

    // A capacity change makes the actor try to pair again, at the clock's time.
    bench.now += 119s;
    ASSERT_TRUE(bench.on_duty(anna, counsellor, 1, {"sv"}));
    EXPECT_EQ(seeker->count("paired"), 0u) << "not before language_fallback_after";

    bench.now += 1s;
    ASSERT_TRUE(bench.on_duty(anna, counsellor, 1, {"sv"}));
    ASSERT_EQ(seeker->count("paired"), 1u);
    EXPECT_TRUE(seeker->last("paired")->language_differs);
    EXPECT_TRUE(counsellor->last("assigned")->language_differs);
}

TEST(PairingActor, TooManyJoinsFromOneClientAreRefusedWithWhenToTryAgain)
{
    actor_bench bench(2);
    auto seeker = std::make_shared<fake_side>();
    auto counsellor = std::make_shared<fake_side>();
    ASSERT_TRUE(bench.on_duty(anna, counsellor, 1, {"ar"}));  // someone on duty, nobody for "sv"
    for (int i = 0; i < 2; ++i) {
        const auto ticket = bench.join(seeker, "sv");
        ASSERT_TRUE(ticket.has_value());
        bench.actor->leave(*ticket);
    }
    EXPECT_FALSE(bench.join(seeker, "sv").has_value());
    ASSERT_NE(seeker->last("error"), nullptr);
    EXPECT_EQ(seeker->last("error")->detail, "too_many_joins");

    bench.now += 61s;  // the throttle's minute, by the actor's clock
    EXPECT_TRUE(bench.join(seeker, "sv").has_value());
}

// After a restart a chat comes back from its help-seeker's token once, within the grace period,
// and only a chat that was live, with a counsellor named and a token under a day old.
TEST(PairingActor, ABundleThatArrivesBeforeTheHelpSeekersConnectionAttachedStillReachesThem)
{
    // Found by RestartSync under load: the "epoch" with the bundle was sent while the help-seeker's
    // connection had been told `paired` (or `resumed`) but had not attached yet, so it was lost,
    // and the chat no longer waited for a bundle: both sides stuck without keys for good.
    actor_bench bench;
    auto counsellor = std::make_shared<fake_side>();
    auto seeker = std::make_shared<fake_side>();
    seeker->attach_later = true;
    ASSERT_TRUE(bench.on_duty(anna, counsellor, 1, {"sv"}));  // no shift key yet: paired without a bundle
    bench.join(seeker, "sv");
    ASSERT_EQ(seeker->count("paired"), 1u);
    ASSERT_EQ(seeker->rooms.size(), 1u);

    ASSERT_TRUE(bench.on_duty(anna, counsellor, 1, {"sv"}, boost::json::object{{"shift_key", "k"}}));
    EXPECT_EQ(seeker->count("epoch"), 0u) << "not attached yet: the epoch cannot reach it";

    const auto room = seeker->rooms.front();
    room->attach(side::seeker, seeker, 0);
    bench.actor->seeker_attached(room);
    bench.settle();
    ASSERT_EQ(seeker->count("epoch"), 1u) << "once attached, the bundle comes";
    EXPECT_EQ(seeker->last("epoch")->detail, "bundle");

    bench.actor->seeker_attached(room);  // attaching again (a reconnect) does not send it twice
    bench.settle();
    EXPECT_EQ(seeker->count("epoch"), 1u);
}

TEST(RestorableChats, AChatThatWasLiveComesBackOnceWithinTheGracePeriod)
{
    const auto start = clock::time_point{} + 1000h;
    const auto live = random_session_id();
    const auto other_live = random_session_id();
    restorable_chats chats({live, other_live}, start + 60s);
    resume_claim claim;
    claim.sid = live;
    claim.counsellor = anna;
    claim.joined_unix = 1'800'000'000;
    auto never_live = claim;
    never_live.sid = random_session_id();
    auto no_counsellor = claim;
    no_counsellor.counsellor = 0;

    EXPECT_FALSE(chats.take(never_live, 1'800'000'010));
    EXPECT_FALSE(chats.take(no_counsellor, 1'800'000'010));
    EXPECT_FALSE(chats.take(claim, 1'800'000'000 + 24 * 3600 + 1)) << "a token over a day old";
    EXPECT_TRUE(chats.take(claim, 1'800'000'010));
    EXPECT_FALSE(chats.take(claim, 1'800'000'011)) << "once";

    EXPECT_TRUE(chats.expire(start + 59s).empty()) << "still within the grace period";
    EXPECT_EQ(chats.expire(start + 60s), std::vector<session_id>{other_live}) << "nobody came back for it";
    auto late = claim;
    late.sid = other_live;
    EXPECT_FALSE(chats.take(late, 1'800'000'070));
}

} // namespace
} // namespace tillit::chat

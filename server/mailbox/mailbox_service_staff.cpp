// mailbox_service_staff: the counsellor's side of the mailbox: their mailbox keys, watching the
// list, opening (claiming) a thread, releasing it, replying. On the store's thread like the rest.
#include "mailbox/mailbox_service.hpp"

#include <algorithm>

#include <boost/asio/post.hpp>

#include "mailbox/mailbox_values.hpp"
#include "tillit/crypto/encoding.hpp"

namespace tillit::mailbox {

namespace asio = boost::asio;
using protocol::errc;

namespace {

// A mailbox key may be made for at most this long (CRYPTO.md: renewed at least every 30 days;
// a day more for clocks that differ).
constexpr std::int64_t longest_key_life = 31 * 86400;

bool same_owner(const std::weak_ptr<mailbox_watcher>& a, const std::weak_ptr<mailbox_watcher>& b)
{
    return !a.owner_before(b) && !b.owner_before(a);
}

bool serves(const staff_member& member, std::string_view lane)
{
    return std::find(member.lanes.begin(), member.lanes.end(), lane) != member.lanes.end();
}

} // namespace

asio::awaitable<protocol::mailbox_keys_list> mailbox_service::keys_of(std::int64_t account)
{
    auto reading = db_.run([account](store::store& s) {
        protocol::mailbox_keys_list list;
        for (const auto& k : s.mailbox().keys_of(account))
            list.keys.push_back({crypto::to_base64(k.public_key), crypto::to_base64(k.signature), k.not_after,
                                 crypto::to_base64(k.wrapped)});
        return list;
    });
    co_return co_await std::move(reading);
}

asio::awaitable<outcome<protocol::mailbox_key_saved>> mailbox_service::add_key(std::int64_t account, key_request request)
{
    auto saving = db_.run([self = shared_from_this(), account, request = std::move(request)](
                              store::store& s) -> outcome<protocol::mailbox_key_saved> {
        const auto a = s.find_account(account);
        if (!a || a->certificate.empty() || a->identity_public_key.empty())
            return protocol::error_reply{.code = errc::not_certified};
        const auto now = self->now_();
        if (request.not_after <= now || request.not_after > now + longest_key_life)
            return protocol::error_reply{errc::bad_message, "A mailbox key's not_after must lie within the next 31 days."};
        if (!mailbox_key_signed(a->identity_public_key, request.public_key, request.not_after, request.signature, now))
            return protocol::error_reply{errc::bad_message, "The mailbox key is not signed by your identity key."};
        s.mailbox().add_key({account, request.public_key, request.signature, request.wrapped, request.not_after});
        return protocol::mailbox_key_saved{request.not_after};
    });
    co_return co_await std::move(saving);
}

void mailbox_service::watch(std::weak_ptr<mailbox_watcher> who, staff_member member)
{
    db_.post([self = shared_from_this(), who = std::move(who), member = std::move(member)](store::store& s) {
        try {
            self->load(s);
            std::erase_if(self->watchers_, [&](const watcher_entry& w) { return same_owner(w.who, who); });
            // Not told yet: publish sends this one its list at once.
            self->watchers_.push_back({who, viewer{member.account, member.lanes}, std::nullopt});
            self->publish(s);
        } catch (const std::exception&) {
            // The database failed: the next tick publishes the list.
        }
    });
}

void mailbox_service::unwatch(std::weak_ptr<mailbox_watcher> who)
{
    db_.post([self = shared_from_this(), who = std::move(who)](store::store&) {
        std::erase_if(self->watchers_, [&](const watcher_entry& w) { return same_owner(w.who, who); });
        // Posted from this thread, so after every list sent to it before.
        if (auto watcher = who.lock()) watcher->mailbox_changed(protocol::frame(protocol::mailbox_unwatched{}));
    });
}

asio::awaitable<outcome<protocol::counsellor_thread>> mailbox_service::open_for(staff_member member, bytes box_id)
{
    auto opening = db_.run([self = shared_from_this(), member = std::move(member), box_id = std::move(box_id)](
                               store::store& s) -> outcome<protocol::counsellor_thread> {
        self->load(s);
        const auto now = self->now_();
        const auto found = self->threads_.find(box_key(box_id));
        if (found == self->threads_.end() || !serves(member, found->second.lane))
            return protocol::error_reply{.code = errc::no_such_thread};
        const auto& t = found->second;
        const auto held = self->claims_.take(found->first, member.account, member.pseudonym, now);
        if (held.account != member.account)
            return protocol::error_reply{
                .code = errc::thread_claimed, .retry_after = std::max<std::int64_t>(1, held.expires - now), .claimed_by = held.pseudonym};
        std::vector<bytes> mine;
        for (const auto& k : s.mailbox().keys_of(member.account)) mine.push_back(k.public_key);
        protocol::counsellor_thread thread{crypto::to_base64(t.box_id), crypto::to_base64(t.thread_key), t.lane, t.language,
                                           t.age_band, t.topic, held.pseudonym, held.expires, {},
                                           self->lane_roster(s, t.lane, now), s.setting("revocation_list")};
        for (const auto& l : s.mailbox().letters(t.box_id)) {
            const bool from_counsellor = l.from == store::letter_from::counsellor;
            protocol::counsellor_thread::letter out{l.number, from_counsellor, l.hour, crypto::to_base64(l.ciphertext),
                                                    std::nullopt, std::nullopt, {}};
            if (from_counsellor) {
                out.sender_key = crypto::to_base64(l.sender_key);
                if (l.author) out.author = self->pseudonym(s, *l.author);
            }
            for (const auto& e : l.envelopes)
                if (std::find(mine.begin(), mine.end(), e.reader_key) != mine.end())
                    out.envelopes.push_back({crypto::to_base64(e.reader_key), crypto::to_base64(e.box)});
            thread.letters.push_back(std::move(out));
        }
        self->publish(s);  // others now see who holds it
        return thread;
    });
    co_return co_await std::move(opening);
}

asio::awaitable<outcome<protocol::thread_released>> mailbox_service::release(staff_member member, bytes box_id)
{
    auto releasing = db_.run([self = shared_from_this(), member = std::move(member), box_id = std::move(box_id)](
                                 store::store& s) -> outcome<protocol::thread_released> {
        self->load(s);
        if (self->claims_.release(box_key(box_id), member.account)) self->publish(s);
        return protocol::thread_released{crypto::to_base64(box_id)};
    });
    co_return co_await std::move(releasing);
}

asio::awaitable<outcome<protocol::reply_saved>> mailbox_service::reply(staff_member member, reply_request request)
{
    auto replying = db_.run([self = shared_from_this(), member = std::move(member), request = std::move(request)](
                                store::store& s) -> outcome<protocol::reply_saved> {
        self->load(s);
        const auto now = self->now_();
        const auto found = self->threads_.find(box_key(request.box_id));
        if (found == self->threads_.end() || !serves(member, found->second.lane))
            return protocol::error_reply{.code = errc::no_such_thread};
        const auto t = found->second;
        if (!self->claims_.held_by(found->first, member.account, now)) return protocol::error_reply{.code = errc::not_claimed};
        const auto keys = s.mailbox().keys_of(member.account);
        const bool own_key = std::any_of(keys.begin(), keys.end(), [&](const store::mailbox_key_row& k) {
            return k.public_key == request.sender_key && k.not_after > now;
        });
        if (!own_key)
            return protocol::error_reply{errc::bad_message, "sender_key must be one of your mailbox keys that has not expired."};
        const auto& envelopes = request.letter.envelopes;
        if (std::none_of(envelopes.begin(), envelopes.end(), [&](const auto& e) { return e.reader_key == t.thread_key; }))
            return protocol::error_reply{errc::bad_message, "A reply must have an envelope for the thread's key."};
        if (auto refusal = next_number_refusal(t, request.number, self->limits_.max_letters_per_thread)) return *refusal;
        auto updated = t;
        updated.counsellor = member.account;  // the thread keeps the one who answered
        updated.reply_by.reset();
        updated.waiting_since.reset();
        const auto stored = self->append(s, std::move(updated),
                                         {0, store::letter_from::counsellor, hour_of(now), member.account, request.sender_key,
                                          request.letter.ciphertext, request.letter.envelopes});
        if (!stored) return stored.error();
        self->claims_.release(found->first, member.account);
        if (self->events_.letter_replied) self->events_.letter_replied(t.lane);
        if (t.reply_by) {  // this reply answers letters that waited
            if (self->events_.thread_answered) self->events_.thread_answered(t.lane, now <= *t.reply_by);
            self->answered_at_.push_back(now);
        }
        self->publish(s);
        return protocol::reply_saved{crypto::to_base64(t.box_id), stored->letters};
    });
    co_return co_await std::move(replying);
}

} // namespace tillit::mailbox

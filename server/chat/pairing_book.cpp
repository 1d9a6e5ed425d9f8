// pairing_book: queue order, the pairing rule, capacity, grace periods and wait estimates.
#include "chat/pairing_book.hpp"

#include <algorithm>

namespace tillit::chat {

namespace {
constexpr int priority_put_back = 0;
constexpr int priority_new = 1;
constexpr std::int64_t abandoned_window_minutes = 60;

std::int64_t minute_of(clock::time_point t) { return std::chrono::floor<std::chrono::minutes>(t.time_since_epoch()).count(); }

std::chrono::seconds whole_seconds_since(clock::time_point then, clock::time_point now)
{
    return std::max(std::chrono::floor<std::chrono::seconds>(now - then), std::chrono::seconds(0));
}
} // namespace

bool pairing_book::counsellor::serves(lane l) const { return std::find(lanes.begin(), lanes.end(), l) != lanes.end(); }

bool pairing_book::counsellor::speaks(const std::string& language) const
{
    return std::find(languages.begin(), languages.end(), language) != languages.end();
}

ticket_id pairing_book::enqueue(int priority, seeker_request request, clock::time_point joined)
{
    const auto ticket = next_ticket_++;
    const queue_key key{priority, joined, ticket};
    queue_.emplace(key, waiting{std::move(request), joined});
    tickets_.emplace(ticket, key);
    return ticket;
}

ticket_id pairing_book::join(seeker_request request, clock::time_point now, std::optional<clock::time_point> joined)
{
    return enqueue(priority_new, std::move(request), joined.value_or(now));
}

bool pairing_book::leave(ticket_id ticket, clock::time_point now)
{
    if (!withdraw(ticket)) return false;
    note_abandoned(now);
    return true;
}

const seeker_request* pairing_book::request_of(ticket_id ticket) const
{
    const auto it = tickets_.find(ticket);
    return it == tickets_.end() ? nullptr : &queue_.at(it->second).request;
}

bool pairing_book::withdraw(ticket_id ticket)
{
    const auto it = tickets_.find(ticket);
    if (it == tickets_.end()) return false;
    queue_.erase(it->second);
    tickets_.erase(it);
    return true;
}

void pairing_book::note_abandoned(clock::time_point now)
{
    const auto minute = minute_of(now);
    while (!abandoned_per_minute_.empty() && abandoned_per_minute_.front().first <= minute - abandoned_window_minutes)
        abandoned_per_minute_.pop_front();
    if (!abandoned_per_minute_.empty() && abandoned_per_minute_.back().first == minute) ++abandoned_per_minute_.back().second;
    else abandoned_per_minute_.emplace_back(minute, 1);
}

void pairing_book::go_on_duty(counsellor_id id, std::vector<lane> lanes, std::vector<std::string> languages, unsigned capacity)
{
    auto& c = counsellors_[id];
    c.lanes = std::move(lanes);
    c.languages = std::move(languages);
    c.capacity = capacity;
    c.on_duty = true;
    c.connected = true;
}

void pairing_book::go_off_duty(counsellor_id id)
{
    const auto it = counsellors_.find(id);
    if (it == counsellors_.end()) return;
    it->second.on_duty = false;
    forget_if_idle(id);
}

bool pairing_book::set_capacity(counsellor_id id, unsigned capacity)
{
    const auto it = counsellors_.find(id);
    if (it == counsellors_.end()) return false;
    // Lowering it below the chats in progress ends none of them; it only stops new ones.
    it->second.capacity = capacity;
    return true;
}

void pairing_book::counsellor_disconnected(counsellor_id id, clock::time_point now)
{
    const auto it = counsellors_.find(id);
    if (it == counsellors_.end() || !it->second.connected) return;
    it->second.connected = false;
    it->second.disconnected_since = now;
}

void pairing_book::counsellor_reconnected(counsellor_id id)
{
    if (const auto it = counsellors_.find(id); it != counsellors_.end()) it->second.connected = true;
}

bool pairing_book::anyone_serving(lane l) const
{
    return std::any_of(counsellors_.begin(), counsellors_.end(),
                       [l](const auto& entry) { return entry.second.on_duty && entry.second.connected && entry.second.serves(l); });
}

void pairing_book::chat_ended(chat_id chat)
{
    const auto it = chats_.find(chat);
    if (it == chats_.end()) return;
    const auto owner = it->second.counsellor;
    chats_.erase(it);
    if (const auto c = counsellors_.find(owner); c != counsellors_.end()) {
        c->second.chats.erase(chat);
        forget_if_idle(owner);
    }
}

void pairing_book::unpaired(chat_id chat, clock::time_point now)
{
    if (!chats_.contains(chat)) return;
    chat_ended(chat);
    note_abandoned(now);
}

chat_id pairing_book::restore_chat(counsellor_id owner, seeker_request request, clock::time_point joined,
                                   clock::time_point now)
{
    const auto chat = next_chat_++;
    auto [it, inserted] = counsellors_.try_emplace(owner);
    if (inserted) {
        // Known only from the chat until they log in again: not on duty, and the grace period
        // runs from now, so their help-seeker is not stranded if they never come back.
        it->second.on_duty = false;
        it->second.connected = false;
        it->second.disconnected_since = now;
    }
    it->second.chats.insert(chat);
    chats_.emplace(chat, active_chat{owner, std::move(request), joined});
    return chat;
}

bool pairing_book::can_restore_to(counsellor_id owner) const
{
    const auto it = counsellors_.find(owner);
    // Not back yet (capacity 0: unknown): they had this chat before the restart.
    return it == counsellors_.end() || it->second.capacity == 0 || it->second.chats.size() < it->second.capacity;
}

ticket_id pairing_book::put_back(seeker_request request, clock::time_point joined)
{
    return enqueue(priority_put_back, std::move(request), joined);
}

bool pairing_book::transfer(chat_id chat, counsellor_id to)
{
    const auto it = chats_.find(chat);
    const auto target = counsellors_.find(to);
    if (it == chats_.end() || target == counsellors_.end() || it->second.counsellor == to) return false;
    if (!target->second.has_room() || !target->second.serves(it->second.request.lane)) return false;
    const auto from = it->second.counsellor;
    target->second.chats.insert(chat);
    it->second.counsellor = to;
    if (const auto source = counsellors_.find(from); source != counsellors_.end()) {
        source->second.chats.erase(chat);
        forget_if_idle(from);
    }
    return true;
}

std::optional<counsellor_id> pairing_book::counsellor_of(chat_id chat) const
{
    const auto it = chats_.find(chat);
    if (it == chats_.end()) return std::nullopt;
    return it->second.counsellor;
}

bool pairing_book::has_room_for(counsellor_id id, lane l) const
{
    const auto it = counsellors_.find(id);
    return it != counsellors_.end() && it->second.has_room() && it->second.serves(l);
}

void pairing_book::forget_if_idle(counsellor_id id)
{
    const auto it = counsellors_.find(id);
    if (it != counsellors_.end() && !it->second.on_duty && it->second.chats.empty()) counsellors_.erase(it);
}

std::vector<pairing_book::requeued> pairing_book::expire(clock::time_point now)
{
    std::vector<requeued> put_back;
    for (auto it = counsellors_.begin(); it != counsellors_.end();) {
        auto& c = it->second;
        if (c.connected || now - c.disconnected_since < settings_.counsellor_grace) {
            ++it;
            continue;
        }
        for (const auto chat : c.chats) {
            auto found = chats_.find(chat);
            if (found == chats_.end()) continue;
            const auto ticket = enqueue(priority_put_back, std::move(found->second.request), found->second.joined);
            put_back.push_back({chat, ticket});
            chats_.erase(found);
        }
        it = counsellors_.erase(it);
    }
    return put_back;
}

std::optional<std::pair<counsellor_id, bool>> pairing_book::choose(const waiting& w, clock::time_point now) const
{
    // The counsellor who answered this help-seeker's letters comes first while on duty; while
    // they are full, the help-seeker waits for them as long as for a language match.
    if (w.request.preferred_counsellor) {
        const auto found = counsellors_.find(*w.request.preferred_counsellor);
        if (found != counsellors_.end() && found->second.serves(w.request.lane) && found->second.on_duty &&
            found->second.connected) {
            if (found->second.has_room()) return std::pair{found->first, !found->second.speaks(w.request.language)};
            if (now - w.joined < settings_.language_fallback_after) return std::nullopt;
        }
    }
    // Among counsellors with room, the least loaded (by share of capacity) wins; ties go to the
    // lower id. A language match always beats a mismatch.
    std::optional<counsellor_id> best_match;
    std::optional<counsellor_id> best_other;
    const auto load = [this](counsellor_id id) {
        const auto& c = counsellors_.at(id);
        return static_cast<double>(c.chats.size()) / static_cast<double>(c.capacity);
    };
    for (const auto& [id, c] : counsellors_) {
        if (!c.has_room() || !c.serves(w.request.lane)) continue;
        auto& slot = c.speaks(w.request.language) ? best_match : best_other;
        if (!slot || load(id) < load(*slot)) slot = id;
    }
    if (best_match) return std::pair{*best_match, false};
    if (best_other && now - w.joined >= settings_.language_fallback_after) return std::pair{*best_other, true};
    return std::nullopt;
}

std::vector<pairing_book::assignment> pairing_book::assign(clock::time_point now)
{
    std::vector<assignment> made;
    const auto free_slots = [this] {
        return std::any_of(counsellors_.begin(), counsellors_.end(), [](const auto& entry) { return entry.second.has_room(); });
    };
    for (auto it = queue_.begin(); it != queue_.end() && free_slots();) {
        const auto choice = choose(it->second, now);
        if (!choice) {
            ++it;
            continue;
        }
        const auto ticket = std::get<ticket_id>(it->first);
        const auto chat = next_chat_++;
        auto& w = it->second;
        counsellors_.at(choice->first).chats.insert(chat);
        chats_.emplace(chat, active_chat{choice->first, w.request, w.joined});
        note_service(w.request.lane, now);
        made.push_back({ticket, chat, choice->first, choice->second, w.request, now - w.joined});
        tickets_.erase(ticket);
        it = queue_.erase(it);
    }
    return made;
}

void pairing_book::note_service(lane l, clock::time_point now)
{
    auto& times = recent_services_[l];
    times.push_back(now);
    while (!times.empty() && now - times.front() > settings_.service_rate_window) times.pop_front();
}

std::vector<pairing_book::queue_position> pairing_book::positions(clock::time_point now) const
{
    // Honest or nothing: the pace of pairings in each lane over the recent window, from at least
    // two of them; no estimate otherwise.
    std::map<lane, clock::duration> time_per_pairing;
    for (const auto& [l, times] : recent_services_) {
        const auto first = std::find_if(times.begin(), times.end(), [&](auto t) { return now - t <= settings_.service_rate_window; });
        const auto count = std::distance(first, times.end());
        if (count < 2) continue;
        const auto span = std::max<clock::duration>(now - *first, std::chrono::minutes(1));
        time_per_pairing[l] = span / count;
    }
    std::vector<queue_position> out;
    out.reserve(queue_.size());
    std::map<lane, std::size_t> ahead;
    for (const auto& [key, w] : queue_) {
        const auto position = ++ahead[w.request.lane];
        std::optional<std::chrono::seconds> estimate;
        // Rounded up to whole half-minutes: an estimate is rough, and a figure that ticks every
        // second would be sent every second.
        if (const auto pace = time_per_pairing.find(w.request.lane); pace != time_per_pairing.end())
            estimate = std::chrono::ceil<std::chrono::duration<long, std::ratio<30>>>(pace->second * static_cast<long>(position));
        out.push_back({std::get<ticket_id>(key), position, estimate});
    }
    return out;
}

dashboard pairing_book::snapshot(clock::time_point now) const
{
    dashboard d;
    // The queue is ordered by priority and join time, not by lane: group as we go.
    std::map<std::pair<lane, std::string>, dashboard::waiting_group> groups;
    for (const auto& [key, w] : queue_) {
        const auto waited = whole_seconds_since(w.joined, now);
        auto& group = groups[{w.request.lane, w.request.language}];
        group.lane = w.request.lane;
        group.language = w.request.language;
        ++group.count;
        group.longest_wait = std::max(group.longest_wait, waited);
        auto& load = d.lanes[w.request.lane == lane::support ? 0 : 1];
        ++load.waiting;
        load.longest_wait = std::max(load.longest_wait.value_or(waited), waited);
    }
    d.waiting.reserve(groups.size());
    for (auto& [key, group] : groups) d.waiting.push_back(std::move(group));

    for (const auto& [id, c] : counsellors_) {
        if (!c.on_duty) continue;
        if (!c.connected) {
            // Past the grace period they are gone (expire drops them at the next tick).
            if (now - c.disconnected_since < settings_.counsellor_grace) ++d.counsellors.away;
            else continue;
        } else if (c.chats.size() < c.capacity) {
            ++d.counsellors.free;
        } else {
            ++d.counsellors.busy;
        }
        ++d.counsellors.on_duty;
    }
    d.chats_in_progress = chats_.size();

    const auto minute = minute_of(now);
    for (const auto& [at, count] : abandoned_per_minute_)
        if (at > minute - abandoned_window_minutes && at <= minute) d.abandoned_last_hour += count;
    return d;
}

} // namespace tillit::chat

// conversation: numbering, sync, dedupe and the merged order of spec E, without I/O.
#include "support/conversation.hpp"

#include <algorithm>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace tillit::test {

namespace json = boost::json;

std::string conversation::sync_plaintext() const
{
    return json::serialize(json::object{{"type", "sync"}, {"received", highest_peer()}});
}

std::string conversation::message_plaintext(const chat_message& m)
{
    return json::serialize(json::object{{"type", "message"}, {"n", m.n}, {"seen", m.seen}, {"text", m.text}});
}

std::uint64_t conversation::number_next(const std::string& text)
{
    // A side that lost its own numbering continues after what the peer says it has.
    const auto n = std::max(highest_own(), peer_received_) + 1;
    own_[n] = {chat_message{self_, n, highest_peer(), text}, false};
    return n;
}

std::optional<std::string> conversation::write(const std::string& text)
{
    if (!knows_own_numbering_) {
        unnumbered_.push_back(text);  // numbered once the peer's sync says where to go on
        return std::nullopt;
    }
    const auto n = number_next(text);
    if (!peer_synced_) return std::nullopt;
    return message_plaintext(own_.at(n).message);
}

conversation::reaction conversation::on_plaintext(const std::string& plaintext)
{
    reaction result;
    json::object content;
    try {
        content = json::parse(plaintext).as_object();
    } catch (const std::exception&) {
        return result;  // not ours to understand: ignored, as a newer client's content would be
    }
    const auto* type = content.if_contains("type");
    if (!type || !type->is_string()) return result;
    if (*type == "sync") {
        const auto received = static_cast<std::uint64_t>(content.at("received").to_number<std::uint64_t>());
        peer_received_ = std::max(peer_received_, received);
        for (auto& [n, own] : own_)
            if (n <= received) own.delivered = true;  // the peer has it, even if `delivered` died with a server
        peer_synced_ = true;
        if (!knows_own_numbering_) {
            knows_own_numbering_ = true;
            for (const auto& text : unnumbered_) number_next(text);
            unnumbered_.clear();
        }
        for (const auto& [n, own] : own_)
            if (n > received) result.to_send.push_back(message_plaintext(own.message));
        sent_after_sync_ += result.to_send.size();
    } else if (*type == "message") {
        const auto n = content.at("n").to_number<std::uint64_t>();
        if (n <= highest_peer()) {
            ++duplicates_;
            result.duplicate = true;
            return result;
        }
        if (n != highest_peer() + 1) ++gaps_;
        const chat_side peer = self_ == chat_side::help_seeker ? chat_side::counsellor : chat_side::help_seeker;
        peer_[n] = {peer, n, content.at("seen").to_number<std::uint64_t>(), std::string(content.at("text").as_string())};
        result.shown = true;
    }
    return result;
}

void conversation::mark_delivered(std::uint64_t n)
{
    if (const auto it = own_.find(n); it != own_.end()) it->second.delivered = true;
}

std::vector<std::uint64_t> conversation::waiting() const
{
    std::vector<std::uint64_t> numbers(unnumbered_.size(), 0);
    for (const auto& [n, own] : own_)
        if (!own.delivered) numbers.push_back(n);
    return numbers;
}

bool conversation::delivered(std::uint64_t n) const
{
    const auto it = own_.find(n);
    return it != own_.end() && it->second.delivered;
}

std::vector<chat_message> conversation::shown() const
{
    std::vector<chat_message> seeker;
    std::vector<chat_message> counsellor;
    for (const auto& [n, own] : own_) (self_ == chat_side::help_seeker ? seeker : counsellor).push_back(own.message);
    for (const auto& [n, m] : peer_) (self_ == chat_side::help_seeker ? counsellor : seeker).push_back(m);

    // A message may come next once every peer message it had seen (and that is here) is placed:
    // the chains are in order of n, so "seen < the next unplaced peer n" says exactly that.
    std::vector<chat_message> order;
    std::size_t s = 0;
    std::size_t c = 0;
    while (s < seeker.size() || c < counsellor.size()) {
        const bool seeker_may = s < seeker.size() && (c == counsellor.size() || seeker[s].seen < counsellor[c].n);
        const bool counsellor_may = c < counsellor.size() && (s == seeker.size() || counsellor[c].seen < seeker[s].n);
        // Neither may only when each claims to have seen the other first, which no honest pair of
        // clients can produce: the help-seeker's goes first then too, so that the list is complete.
        if (seeker_may || !counsellor_may) order.push_back(seeker[s++]);
        else order.push_back(counsellor[c++]);
    }
    return order;
}

} // namespace tillit::test

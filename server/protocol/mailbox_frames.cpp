// mailbox_frames: the JSON of each mailbox answer, "type" first as in every message.
#include "protocol/mailbox_frames.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "protocol/json_values.hpp"

namespace tillit::protocol {

namespace json = boost::json;

namespace {

json::object entry_json(const roster_entry& e)
{
    return {{"identity_key", e.identity_key},           {"pseudonym", e.pseudonym},
            {"certificate", e.certificate},             {"mailbox_key", e.mailbox_key},
            {"mailbox_not_after", e.mailbox_not_after}, {"mailbox_signature", e.mailbox_signature}};
}

json::array roster_json(const std::vector<roster_entry>& entries)
{
    json::array out;
    out.reserve(entries.size());
    for (const auto& e : entries) out.emplace_back(entry_json(e));
    return out;
}

const char* from_text(bool from_counsellor) { return from_counsellor ? "counsellor" : "help_seeker"; }

std::string serialise(const json::object& o) { return json::serialize(o); }

} // namespace

std::string frame(const mailbox_roster& r)
{
    return serialise({{"type", "mailbox_roster"},
                      {"lane", r.lane},
                      {"counsellors", roster_json(r.counsellors)},
                      {"revocation_list", or_null(r.revocation_list)},
                      {"reply_within_hours", r.reply_within_hours}});
}

std::string frame(const letter_saved& r)
{
    return serialise({{"type", "letter_saved"}, {"box_id", r.box_id}, {"number", r.number}, {"reply_by", or_null(r.reply_by)}});
}

std::string frame(const seeker_thread& r)
{
    json::array letters;
    for (const auto& l : r.letters) {
        letters.emplace_back(json::object{{"number", l.number},
                                          {"from", from_text(l.from_counsellor)},
                                          {"hour", l.hour},
                                          {"ciphertext", l.ciphertext},
                                          {"envelope", or_null(l.envelope)},
                                          {"author", l.author ? json::value(entry_json(*l.author)) : json::value(nullptr)}});
    }
    return serialise({{"type", "thread"},
                      {"box_id", r.box_id},
                      {"lane", r.lane},
                      {"language", r.language},
                      {"reply_by", or_null(r.reply_by)},
                      {"answered_by", or_null(r.answered_by)},
                      {"letters", std::move(letters)},
                      {"revocation_list", or_null(r.revocation_list)}});
}

std::string frame(const thread_deleted& r) { return serialise({{"type", "thread_deleted"}, {"box_id", r.box_id}}); }

std::string frame(const mailbox_keys_list& r)
{
    json::array keys;
    for (const auto& k : r.keys)
        keys.emplace_back(json::object{
            {"public", k.public_key}, {"signature", k.signature}, {"not_after", k.not_after}, {"wrapped", k.wrapped}});
    return serialise({{"type", "mailbox_keys"}, {"keys", std::move(keys)}});
}

std::string frame(const mailbox_key_saved& r) { return serialise({{"type", "mailbox_key_saved"}, {"not_after", r.not_after}}); }

std::string frame(const mailbox_listing& r)
{
    json::array threads;
    for (const auto& t : r.threads) {
        threads.emplace_back(json::object{{"box_id", t.box_id},
                                          {"lane", t.lane},
                                          {"language", t.language},
                                          {"age_band", or_null(t.age_band)},
                                          {"topic", or_null(t.topic)},
                                          {"state", t.waiting ? "waiting" : "answered"},
                                          {"reply_by", or_null(t.reply_by)},
                                          {"waiting_since", or_null(t.waiting_since)},
                                          {"last_letter", t.last_letter},
                                          {"letters", t.letters},
                                          {"counsellor", or_null(t.counsellor)},
                                          {"claimed_by", or_null(t.claimed_by)},
                                          {"claim_expires", or_null(t.claim_expires)}});
    }
    return serialise({{"type", "mailbox"}, {"threads", std::move(threads)}, {"reply_within_hours", r.reply_within_hours}});
}

std::string frame(const mailbox_unwatched&) { return serialise({{"type", "mailbox_unwatched"}}); }

std::string frame(const counsellor_thread& r)
{
    json::array letters;
    for (const auto& l : r.letters) {
        json::array envelopes;
        for (const auto& e : l.envelopes) envelopes.emplace_back(json::object{{"to", e.to}, {"box", e.box}});
        letters.emplace_back(json::object{{"number", l.number},
                                          {"from", from_text(l.from_counsellor)},
                                          {"hour", l.hour},
                                          {"ciphertext", l.ciphertext},
                                          {"sender_key", or_null(l.sender_key)},
                                          {"author", or_null(l.author)},
                                          {"envelopes", std::move(envelopes)}});
    }
    return serialise({{"type", "thread"},
                      {"box_id", r.box_id},
                      {"thread_key", r.thread_key},
                      {"lane", r.lane},
                      {"language", r.language},
                      {"age_band", or_null(r.age_band)},
                      {"topic", or_null(r.topic)},
                      {"claimed_by", r.claimed_by},
                      {"claim_expires", r.claim_expires},
                      {"letters", std::move(letters)},
                      {"roster", roster_json(r.roster)},
                      {"revocation_list", or_null(r.revocation_list)}});
}

std::string frame(const thread_released& r) { return serialise({{"type", "thread_released"}, {"box_id", r.box_id}}); }

std::string frame(const reply_saved& r)
{
    return serialise({{"type", "reply_saved"}, {"box_id", r.box_id}, {"number", r.number}});
}

} // namespace tillit::protocol

// replies: the wire form of the connection handlers' own answers.
#include "protocol/replies.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <sodium.h>

#include "protocol/json_values.hpp"

namespace tillit::protocol {

namespace json = boost::json;

namespace {

json::array to_array(const std::vector<std::string>& items)
{
    json::array out;
    for (const auto& item : items) out.emplace_back(item);
    return out;
}

std::string only_type(std::string_view type) { return json::serialize(json::object{{"type", type}}); }

} // namespace

std::string frame(const left&) { return only_type("left"); }
std::string frame(const tags_saved&) { return only_type("tags_saved"); }
std::string frame(const logged_out&) { return only_type("logged_out"); }
std::string frame(const password_changed&) { return only_type("password_changed"); }

std::string frame(const resumed& r)
{
    return json::serialize(json::object{{"type", "resumed"},
                                        {"chat", r.chat},
                                        {"epoch", r.epoch},
                                        {"new_epoch", r.new_epoch},
                                        {"token", r.token},
                                        {"bundle", r.bundle}});
}

std::string frame(const accepted& r)
{
    return json::serialize(json::object{{"type", "accepted"}, {"chat", r.chat}, {"seq", r.seq}});
}

std::string frame(const login_salt& r) { return json::serialize(json::object{{"type", "login_salt"}, {"salt", r.salt}}); }

std::string frame(const login_ok& r)
{
    json::object ok{{"type", "login_ok"},
                    {"expires_at", r.expires_at},
                    {"pseudonym", r.pseudonym},
                    {"role", r.role},
                    {"languages", to_array(r.languages)},
                    {"lanes", to_array(r.lanes)},
                    {"must_change_password", r.must_change_password},
                    {"identity_public_key", or_null(r.identity_public_key)},
                    {"wrapped_identity_key", or_null(r.wrapped_identity_key)},
                    {"certificate", or_null(r.certificate)}};
    if (r.token) ok["token"] = *r.token;
    auto text = json::serialize(ok);
    // The token's copy in the object is wiped before it is freed.
    if (auto* token = ok.if_contains("token"); token != nullptr && token->is_string())
        sodium_memzero(token->get_string().data(), token->get_string().size());
    return text;
}

std::string frame(const identity_key_saved& r)
{
    return json::serialize(json::object{{"type", "identity_key_saved"},
                                        {"state", r.certificate ? "certified" : "awaiting_certification"},
                                        {"certificate", or_null(r.certificate)}});
}

std::string frame(const stats_reply& r)
{
    json::array buckets;
    for (const auto& p : r.buckets)
        buckets.push_back(json::object{{"start", p.start},
                                       {"chats", p.chats},
                                       {"abandoned", p.abandoned},
                                       {"closed_visits", p.closed_visits},
                                       {"wait_p50_seconds", or_null(p.wait_p50_seconds)},
                                       {"wait_p90_seconds", or_null(p.wait_p90_seconds)},
                                       {"letters", p.letters},
                                       {"replies", p.replies},
                                       {"answered_in_time", p.answered_in_time},
                                       {"answered_late", p.answered_late}});
    return json::serialize(json::object{{"type", "stats"}, {"range", r.range}, {"buckets", std::move(buckets)}});
}

std::string frame(const report_reply& r)
{
    return json::serialize(
        json::object{{"type", "report"}, {"from", r.from}, {"to", r.to}, {"filename", r.filename}, {"csv", r.csv}});
}

} // namespace tillit::protocol

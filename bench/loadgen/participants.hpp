// The two kinds of client a scenario plays over the wire protocol: a counsellor (login with the
// Argon2id login value, then duty) and a help-seeker (join). Both hand everything after set-up to
// the scenario's listener, the relay messages first, so that the hot path is one comparison.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "client_context.hpp"
#include "connection.hpp"

namespace tillit::bench {

class counsellor;
class help_seeker;

class counsellor_listener {
public:
    virtual ~counsellor_listener() = default;
    virtual void on_assigned(counsellor& who, std::string_view chat_id) = 0;
    // Anything after duty that is not `assigned`: msg, delivered, accepted, chat_ended, error, …
    virtual void on_message(counsellor& who, std::string_view type, std::string_view message) = 0;
    virtual void on_closed(counsellor& who, std::string_view why) = 0;
};

class counsellor final : public connection_events {
public:
    counsellor(client_context& context, std::string pseudonym, unsigned capacity, counsellor_listener& listener);

    void start();  // connect, log in, go on duty
    [[nodiscard]] bool on_duty() const { return on_duty_; }
    [[nodiscard]] bool failed() const { return !failure_.empty(); }
    [[nodiscard]] const std::string& failure() const { return failure_; }
    connection& link() { return *link_; }
    std::uint64_t number = 0;  // the scenario's own

    void on_open(connection& c) override;
    void on_message(connection& c, std::string_view message) override;
    void on_closed(connection& c, std::string_view why) override;

private:
    client_context& context_;
    std::string pseudonym_;
    unsigned capacity_;
    counsellor_listener& listener_;
    std::shared_ptr<connection> link_;
    bool on_duty_ = false;
    std::string failure_;
};

// This worker's share of the counsellor accounts: `index`, `index + count`, … (numbered from 1
// after `opts().pseudonym_prefix`), `wanted` of them, logged in and on duty with `capacity`.
// Runs the loop until they all are; throws with the first failure, or after five minutes.
std::vector<std::unique_ptr<counsellor>> start_counsellors_on_duty(client_context& context, unsigned wanted,
                                                                   unsigned index, unsigned count, unsigned capacity,
                                                                   counsellor_listener& listener);

class help_seeker_listener {
public:
    virtual ~help_seeker_listener() = default;
    virtual void on_open(help_seeker& who) = 0;  // connected: the scenario sends join when it likes
    virtual void on_paired(help_seeker& who, std::string_view chat_id) = 0;
    // Anything else: queue, msg, delivered, accepted, chat_ended, error, …
    virtual void on_message(help_seeker& who, std::string_view type, std::string_view message) = 0;
    virtual void on_closed(help_seeker& who, std::string_view why) = 0;
};

class help_seeker final : public connection_events {
public:
    help_seeker(client_context& context, help_seeker_listener& listener);

    void start();  // connect
    void join();   // {"type":"join","lane":"support","language":"sv"}
    connection& link() { return *link_; }
    [[nodiscard]] bool has_link() const { return link_ != nullptr; }
    std::uint64_t number = 0;      // the scenario's own
    std::uint64_t joined_ns = 0;   // when join was sent

    void on_open(connection& c) override;
    void on_message(connection& c, std::string_view message) override;
    void on_closed(connection& c, std::string_view why) override;

private:
    client_context& context_;
    help_seeker_listener& listener_;
    std::shared_ptr<connection> link_;
};

} // namespace tillit::bench

// Counsellor login and duty; help-seeker join; message dispatch to the scenario.
#include "participants.hpp"

#include <stdexcept>

#include "clock.hpp"
#include "json_scan.hpp"

namespace tillit::bench {

counsellor::counsellor(client_context& context, std::string pseudonym, unsigned capacity, counsellor_listener& listener)
    : context_(context), pseudonym_(std::move(pseudonym)), capacity_(capacity), listener_(listener) {}

void counsellor::start() { link_ = context_.connect(*this); }

void counsellor::on_open(connection& c) { c.send("{\"type\":\"login_salt\",\"pseudonym\":\"" + pseudonym_ + "\"}"); }

void counsellor::on_message(connection& c, std::string_view message) {
    const auto type = message_type(message);
    if (on_duty_) {
        if (type == "assigned") return listener_.on_assigned(*this, string_field(message, "\"chat\":\""));
        return listener_.on_message(*this, type, message);
    }
    if (type == "login_salt") {
        const auto& auth = context_.auth_for_salt(string_field(message, "\"salt\":\""));
        c.send("{\"type\":\"login\",\"pseudonym\":\"" + pseudonym_ + "\",\"auth\":\"" + auth + "\"}");
    } else if (type == "login_ok") {
        c.send("{\"type\":\"duty\",\"on\":true,\"capacity\":" + std::to_string(capacity_) + "}");
    } else if (type == "duty") {
        on_duty_ = true;
    } else if (type == "error") {
        failure_ = std::string(pseudonym_) + ": " + std::string(string_field(message, "\"code\":\""));
    }
}

void counsellor::on_closed(connection&, std::string_view why) {
    if (failure_.empty()) failure_ = pseudonym_ + ": " + std::string(why);
    on_duty_ = false;
    listener_.on_closed(*this, why);
}

std::vector<std::unique_ptr<counsellor>> start_counsellors_on_duty(client_context& context, unsigned wanted,
                                                                   unsigned index, unsigned count, unsigned capacity,
                                                                   counsellor_listener& listener) {
    std::vector<std::unique_ptr<counsellor>> staff;
    for (unsigned i = 0; i < wanted; ++i) {
        const auto account = context.opts().pseudonym_prefix + std::to_string(index + i * count + 1);
        staff.push_back(std::make_unique<counsellor>(context, account, capacity, listener));
        staff.back()->start();
    }
    const bool on_duty = context.run_until([&] {
        for (const auto& c : staff) {
            if (c->failed()) throw std::runtime_error("tillit-loadgen: counsellor " + c->failure());
            if (!c->on_duty()) return false;
        }
        return true;
    }, 300);
    if (!on_duty) throw std::runtime_error("tillit-loadgen: the counsellors did not get on duty in time");
    return staff;
}

help_seeker::help_seeker(client_context& context, help_seeker_listener& listener)
    : context_(context), listener_(listener) {}

void help_seeker::start() { link_ = context_.connect(*this); }

void help_seeker::join() {
    joined_ns = now_ns();
    link_->send(R"({"type":"join","lane":"support","language":"sv"})");
}

void help_seeker::on_open(connection&) { listener_.on_open(*this); }

void help_seeker::on_message(connection&, std::string_view message) {
    const auto type = message_type(message);
    if (type == "paired") return listener_.on_paired(*this, string_field(message, "\"chat\":\""));
    listener_.on_message(*this, type, message);
}

void help_seeker::on_closed(connection&, std::string_view why) { listener_.on_closed(*this, why); }

} // namespace tillit::bench

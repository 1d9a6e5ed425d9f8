// service_hours: the settings snapshot and the "closed" message.
#include "app/service_hours.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "log/log.hpp"

namespace tillit::app {

namespace json = boost::json;

void service_hours::refresh(store::store& db)
{
    auto hours = store::load_opening_hours(db);
    auto numbers = store::load_emergency_numbers(db);
    auto texts = store::load_closed_texts(db);
    std::shared_ptr<const hours::opening_hours_clock> clock;
    if (hours) {
        if (auto zone = hours::time_zone::load(hours->timezone))
            clock = std::make_shared<const hours::opening_hours_clock>(*hours, std::move(*zone));
        else
            log::error("settings_invalid", {{"setting", "opening_hours"}, {"reason", "unknown time zone"}});
    }
    std::lock_guard lock(mutex_);
    if (clock) clock_ = std::move(clock);
    if (numbers) emergency_numbers_ = std::move(*numbers);
    if (texts) closed_texts_ = std::move(*texts);
}

chat::availability service_hours::check(chat::lane, bool anyone_on_duty) const
{
    const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    std::lock_guard lock(mutex_);
    const bool open = !clock_ || clock_->is_open(now);
    if (open && anyone_on_duty) return {true, {}};

    protocol::closed_notice closed;
    closed.reason = open ? "no_counsellor" : "outside_hours";
    for (const auto& n : emergency_numbers_) closed.emergency_numbers.push_back({n.label, n.number});
    for (const auto& [language, text] : closed_texts_) closed.texts.emplace_back(language, text);
    if (clock_ && !open)
        if (const auto next = clock_->next_opening(now)) {
            closed.next_opening = next->time_since_epoch().count();
            closed.next_opening_local = clock_->local_text(*next);
        }
    return {false, std::move(closed), open ? chat::closed_reason::no_counsellor : chat::closed_reason::outside_hours};
}

} // namespace tillit::app

// mailbox_statistics: the mailbox's events, each to its counter or to the dashboard.
#include "app/mailbox_statistics.hpp"

namespace tillit::app {

mailbox::mailbox_events mailbox_statistics(stats_recorder& recorder, std::shared_ptr<chat::pairing_actor> actor)
{
    return {[&recorder](std::string_view lane) { recorder.letter_received(lane); },
            [&recorder](std::string_view lane) { recorder.letter_replied(lane); },
            [&recorder](std::string_view lane, bool in_time) { recorder.thread_answered(lane, in_time); },
            [actor = std::move(actor)](const protocol::mailbox_load& load) { actor->set_mailbox_load(load); }};
}

} // namespace tillit::app

// mailbox_statistics: where the mailbox's news goes: letters and replies into the hourly
// statistics counters, its figures into the supervisors' dashboard (through the pairing actor).
#pragma once

#include <memory>

#include "app/stats_recorder.hpp"
#include "chat/pairing_actor.hpp"
#include "mailbox/mailbox_service.hpp"

namespace tillit::app {

// Both must outlive the mailbox service.
[[nodiscard]] mailbox::mailbox_events mailbox_statistics(stats_recorder& recorder, std::shared_ptr<chat::pairing_actor> actor);

} // namespace tillit::app

// settings: the operator's typed settings (opening hours, emergency numbers, closed-hours
// texts) over the store: load and save. The types are in settings_types, their checks in
// settings_checks, their JSON in settings_json, the mailbox's settings (all of it) in
// settings_mailbox; this header brings all of them.
//
// Error policy: parse_*, check_* and validate_* return a settings_result (settings_error.hpp)
// whose error says the problem to the operator; load_* fail the same way (settings_errc::
// missing when the key is not there) and throw store_error only when the database fails;
// save_* throw std::invalid_argument for values that validate_* rejects (callers parse
// first, so that is a programming error).
#pragma once

#include <vector>

#include "store/settings_checks.hpp"
#include "store/settings_error.hpp"
#include "store/settings_json.hpp"
#include "store/settings_mailbox.hpp"
#include "store/settings_types.hpp"
#include "store/store.hpp"

namespace tillit::store {

// --- over the store: load_* fail (as a value) when the key is missing or its JSON is bad ---
[[nodiscard]] settings_result<opening_hours> load_opening_hours(store& db);
[[nodiscard]] settings_result<std::vector<emergency_number>> load_emergency_numbers(store& db);
[[nodiscard]] settings_result<closed_texts> load_closed_texts(store& db);
void save_opening_hours(store& db, const opening_hours& hours);
void save_emergency_numbers(store& db, const std::vector<emergency_number>& numbers);
void save_closed_texts(store& db, const closed_texts& texts);

} // namespace tillit::store

// settings: loading and saving the operator's settings in the store (see settings.hpp).
#include "store/settings.hpp"

#include <stdexcept>

namespace tillit::store {

namespace {

template <class T, class Parse>
settings_result<T> load(store& db, std::string_view key, Parse parse)
{
    const auto text = db.setting(key);
    if (!text) return settings_error{settings_errc::missing, "setting \"" + std::string(key) + "\" is missing"};
    auto parsed = parse(*text);
    if (!parsed)
        return settings_error{parsed.error().code, "setting \"" + std::string(key) + "\" is invalid: " + parsed.error().message};
    return parsed;
}

template <class T>
void check_for_save(const T& value)
{
    if (auto valid = validate(value); !valid) throw std::invalid_argument(valid.error().message);
}

} // namespace

settings_result<opening_hours> load_opening_hours(store& db)
{
    return load<opening_hours>(db, opening_hours_key, parse_opening_hours);
}

settings_result<std::vector<emergency_number>> load_emergency_numbers(store& db)
{
    return load<std::vector<emergency_number>>(db, emergency_numbers_key, parse_emergency_numbers);
}

settings_result<closed_texts> load_closed_texts(store& db) { return load<closed_texts>(db, closed_text_key, parse_closed_texts); }

void save_opening_hours(store& db, const opening_hours& hours)
{
    check_for_save(hours);
    db.put_setting(opening_hours_key, format_opening_hours(hours));
}

void save_emergency_numbers(store& db, const std::vector<emergency_number>& numbers)
{
    check_for_save(numbers);
    db.put_setting(emergency_numbers_key, format_emergency_numbers(numbers));
}

void save_closed_texts(store& db, const closed_texts& texts)
{
    check_for_save(texts);
    db.put_setting(closed_text_key, format_closed_texts(texts));
}

} // namespace tillit::store

// mailbox_commands: `mailbox show` and `mailbox set`.
#include "admin/mailbox_commands.hpp"

#include <ostream>
#include <string>

#include "store/mailbox_store.hpp"
#include "store/settings_mailbox.hpp"

namespace tillit::admin {
namespace {

store::mailbox_settings loaded_settings(store::store& db)
{
    auto settings = store::load_mailbox_settings(db);
    if (!settings) throw operation_error{settings.error().message};
    return *settings;
}

void print_settings(std::ostream& out, const store::mailbox_settings& settings, std::size_t threads)
{
    out << "retention-days: " << settings.retention_days << "   (a thread is deleted this long after its last letter)\n"
        << "reply-hours: " << settings.reply_hours << "   (a letter is answered within this time)\n"
        << "max-threads: " << settings.max_threads << "   (threads stored now: " << threads << ")\n";
}

int mailbox_show(const context& c, std::span<const std::string> args)
{
    expect_positionals(parse_args(args, {}, {}), 0, "");
    auto db = open_store(c);
    print_settings(c.out, loaded_settings(db), db.mailbox().threads().size());
    return 0;
}

// The option's value as the setting, or usage_error naming the option and its range.
void take(const parsed_args& a, const store::mailbox_setting_limits& limits, std::string_view option, int& into)
{
    const auto* text = a.option(option);
    if (text == nullptr) return;
    auto value = store::parse_mailbox_setting(limits, *text);
    if (!value) throw usage_error{"--" + std::string(option) + ": " + value.error().message};
    into = *value;
}

int mailbox_set(const context& c, std::span<const std::string> args)
{
    const auto a = parse_args(args, {"retention-days", "reply-hours", "max-threads"}, {});
    expect_positionals(a, 0, "");
    if (a.options.empty()) throw usage_error{"nothing to set (give --retention-days, --reply-hours and/or --max-threads)"};
    // Check all input before touching the database.
    store::mailbox_settings given;
    take(a, store::retention_days_limits, "retention-days", given.retention_days);
    take(a, store::reply_hours_limits, "reply-hours", given.reply_hours);
    take(a, store::max_threads_limits, "max-threads", given.max_threads);

    auto db = open_store(c);
    auto settings = loaded_settings(db);
    if (a.option("retention-days") != nullptr) settings.retention_days = given.retention_days;
    if (a.option("reply-hours") != nullptr) settings.reply_hours = given.reply_hours;
    if (a.option("max-threads") != nullptr) settings.max_threads = given.max_threads;
    store::save_mailbox_settings(db, settings);
    audit(db, "mailbox_settings_changed", store::mailbox_settings_key);
    print_settings(c.out, settings, db.mailbox().threads().size());
    return 0;
}

constexpr command commands[] = {
    {"mailbox", "show", mailbox_show, "usage: tillit-admin mailbox show\n"},
    {"mailbox", "set", mailbox_set, R"(usage: tillit-admin mailbox set [--retention-days N] [--reply-hours N] [--max-threads N]

  --retention-days N   1..90 (default 30): a thread, its letters and their envelopes are deleted
                       (securely: gone from the database file) N days after its last letter
  --reply-hours N      1..168 (default 48): the reply-by time a help-seeker is promised
  --max-threads N      1..1000000 (default 5000): beyond it a new thread is refused ("mailbox full");
                       lowering it below the threads stored deletes none of them
Settings not given keep their value.
)"},
};

} // namespace

std::span<const command> mailbox_commands() { return commands; }

} // namespace tillit::admin

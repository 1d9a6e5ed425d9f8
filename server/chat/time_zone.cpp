// time_zone: reading TZif files (RFC 8536) and POSIX TZ footers, and converting with them.
#include "chat/time_zone.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>
#include <utility>

#include "store/settings.hpp"

namespace tillit::chat {

namespace {

constexpr std::string_view zoneinfo_dir = "/usr/share/zoneinfo/";
// Real zone files are a few kilobytes; anything this large is not one.
constexpr std::size_t max_tzif_bytes = 1U << 20U;
// RFC 8536 3.2: utoff SHOULD lie in -89999..93599 (just over -25 h .. +26 h).
constexpr std::int64_t min_utoff = -89999;
constexpr std::int64_t max_utoff = 93599;
constexpr std::int64_t seconds_per_day = 86400;
constexpr std::int64_t seconds_per_hour = 3600;

// ---------------------------------------------------------------- civil calendar (proleptic Gregorian)
// Howard Hinnant's algorithms in 64-bit arithmetic, so that any instant the API accepts has a year.

constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

constexpr std::int64_t days_from_civil(std::int64_t y, int m, int d)
{
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = floor_div(y, 400);
    const std::int64_t yoe = y - era * 400;
    const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

constexpr std::int64_t year_from_days(std::int64_t z)
{
    z += 719468;
    const std::int64_t era = floor_div(z, 146097);
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    return yoe + era * 400 + (m <= 2 ? 1 : 0);
}

constexpr bool is_leap(std::int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

constexpr int days_in_month(std::int64_t y, int m)
{
    constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[static_cast<std::size_t>(m - 1)];
}

// 0 = Sunday; 1970-01-01 was a Thursday.
constexpr std::int64_t weekday_of(std::int64_t days)
{
    const std::int64_t r = (days + 4) % 7;
    return r < 0 ? r + 7 : r;
}

static_assert(days_from_civil(1970, 1, 1) == 0);
static_assert(days_from_civil(2026, 3, 29) == 20541);
static_assert(year_from_days(20541) == 2026 && year_from_days(-1) == 1969);
static_assert(weekday_of(20541) == 0);  // 2026-03-29 is a Sunday

// The local day (days since 1970-01-01) on which a rule falls in year y.
std::int64_t rule_day(const time_zone::posix_rule& rule, std::int64_t y)
{
    using kind = time_zone::posix_rule::kind;
    const std::int64_t jan1 = days_from_civil(y, 1, 1);
    switch (rule.form) {
    case kind::julian_no_leap: return jan1 + rule.day - 1 + (is_leap(y) && rule.day >= 60 ? 1 : 0);
    case kind::zero_based_day: return jan1 + rule.day;
    case kind::month_week_day: break;
    }
    const std::int64_t first = days_from_civil(y, rule.month, 1);
    std::int64_t day_of_month = 1 + (rule.weekday - weekday_of(first) + 7) % 7 + 7 * (rule.week - 1);
    while (day_of_month > days_in_month(y, rule.month)) day_of_month -= 7;
    return first + day_of_month - 1;
}

std::int64_t footer_offset(const time_zone::posix_tz& tz, std::int64_t t)
{
    if (!tz.has_dst) return tz.std_offset;
    const std::int64_t year = year_from_days(floor_div(t + tz.std_offset, seconds_per_day));
    // Rule times are wall-clock times: the start in standard time, the end in daylight time.
    const std::int64_t start = rule_day(tz.dst_start, year) * seconds_per_day + tz.dst_start.time - tz.std_offset;
    const std::int64_t end = rule_day(tz.dst_end, year) * seconds_per_day + tz.dst_end.time - tz.dst_offset;
    const bool dst = start < end ? (start <= t && t < end)   // northern hemisphere: DST inside the year
                                 : (t < end || start <= t);  // southern: DST across the new year
    return dst ? tz.dst_offset : tz.std_offset;
}

// ---------------------------------------------------------------- POSIX TZ strings

class tz_parser {
public:
    explicit tz_parser(std::string_view text) : text_(text) {}

    [[nodiscard]] bool at_end() const { return pos_ == text_.size(); }
    [[nodiscard]] bool peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
    bool take(char c)
    {
        if (!peek(c)) return false;
        ++pos_;
        return true;
    }

    // "CET" (3+ letters) or "<+0530>" (3+ of letters, digits, + and -).
    bool name()
    {
        std::size_t length = 0;
        if (take('<')) {
            while (pos_ < text_.size() && text_[pos_] != '>') {
                const char c = text_[pos_];
                if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-') return false;
                ++pos_;
                ++length;
            }
            return take('>') && length >= 3;
        }
        while (pos_ < text_.size() && is_alpha(text_[pos_])) {
            ++pos_;
            ++length;
        }
        return length >= 3;
    }

    // [+-]h[hh][:mm[:ss]] with hours up to max_hours, as signed seconds.
    std::optional<std::int64_t> hms(int max_hours)
    {
        std::int64_t sign = 1;
        if (take('-')) sign = -1;
        else take('+');
        const auto hours = number(3);
        if (!hours || *hours > max_hours) return std::nullopt;
        std::int64_t seconds = *hours * seconds_per_hour;
        if (take(':')) {
            const auto minutes = number(2);
            if (!minutes || *minutes > 59) return std::nullopt;
            seconds += *minutes * 60;
            if (take(':')) {
                const auto secs = number(2);
                if (!secs || *secs > 59) return std::nullopt;
                seconds += *secs;
            }
        }
        return sign * seconds;
    }

    // Jn, n or Mm.w.d, then an optional /time.
    std::optional<time_zone::posix_rule> rule()
    {
        using kind = time_zone::posix_rule::kind;
        time_zone::posix_rule r;
        if (take('J')) {
            const auto n = number(3);
            if (!n || *n < 1 || *n > 365) return std::nullopt;
            r.form = kind::julian_no_leap;
            r.day = static_cast<int>(*n);
        } else if (take('M')) {
            const auto m = number(2);
            if (!m || *m < 1 || *m > 12 || !take('.')) return std::nullopt;
            const auto w = number(1);
            if (!w || *w < 1 || *w > 5 || !take('.')) return std::nullopt;
            const auto d = number(1);
            if (!d || *d > 6) return std::nullopt;
            r.form = kind::month_week_day;
            r.month = static_cast<int>(*m);
            r.week = static_cast<int>(*w);
            r.weekday = static_cast<int>(*d);
        } else {
            const auto n = number(3);
            if (!n || *n > 365) return std::nullopt;
            r.form = kind::zero_based_day;
            r.day = static_cast<int>(*n);
        }
        if (take('/')) {
            const auto time = hms(167);  // RFC 8536 extension: -167..167 hours
            if (!time) return std::nullopt;
            r.time = *time;
        }
        return r;
    }

private:
    static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
    static bool is_digit(char c) { return c >= '0' && c <= '9'; }

    // 1 to max_digits decimal digits.
    std::optional<std::int64_t> number(std::size_t max_digits)
    {
        std::int64_t value = 0;
        std::size_t digits = 0;
        while (pos_ < text_.size() && is_digit(text_[pos_]) && digits < max_digits) {
            value = value * 10 + (text_[pos_] - '0');
            ++pos_;
            ++digits;
        }
        if (digits == 0) return std::nullopt;
        return value;
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

// ---------------------------------------------------------------- TZif

class byte_reader {
public:
    explicit byte_reader(std::string_view data) : data_(data) {}

    [[nodiscard]] bool has(std::uint64_t n) const { return n <= data_.size() - pos_; }
    [[nodiscard]] std::size_t position() const { return pos_; }
    [[nodiscard]] std::string_view rest() const { return data_.substr(pos_); }

    // Callers check has() first.
    std::string_view bytes(std::size_t n)
    {
        const auto out = data_.substr(pos_, n);
        pos_ += n;
        return out;
    }
    std::uint8_t u8() { return static_cast<std::uint8_t>(bytes(1)[0]); }
    std::uint64_t big_endian(std::size_t n)
    {
        std::uint64_t value = 0;
        for (const char c : bytes(n)) value = (value << 8U) | static_cast<std::uint8_t>(c);
        return value;
    }
    std::int32_t i32() { return static_cast<std::int32_t>(static_cast<std::uint32_t>(big_endian(4))); }
    std::int64_t i64() { return static_cast<std::int64_t>(big_endian(8)); }

private:
    std::string_view data_;
    std::size_t pos_ = 0;
};

struct tzif_header {
    char version = 0;
    std::uint32_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;

    // Bytes of the data block that follows, for 4- or 8-byte times (at most about 2^37: no overflow).
    [[nodiscard]] std::uint64_t block_size(std::uint64_t time_size) const
    {
        return timecnt * time_size + timecnt + typecnt * std::uint64_t{6} + charcnt + leapcnt * (time_size + 4) +
               isstdcnt + isutcnt;
    }
};

std::optional<tzif_header> read_header(byte_reader& in)
{
    if (!in.has(44) || in.bytes(4) != "TZif") return std::nullopt;
    tzif_header h;
    h.version = static_cast<char>(in.u8());
    if (h.version != '\0' && (h.version < '2' || h.version > '9')) return std::nullopt;
    in.bytes(15);
    h.isutcnt = static_cast<std::uint32_t>(in.big_endian(4));
    h.isstdcnt = static_cast<std::uint32_t>(in.big_endian(4));
    h.leapcnt = static_cast<std::uint32_t>(in.big_endian(4));
    h.timecnt = static_cast<std::uint32_t>(in.big_endian(4));
    h.typecnt = static_cast<std::uint32_t>(in.big_endian(4));
    h.charcnt = static_cast<std::uint32_t>(in.big_endian(4));
    // RFC 8536 3.1: at least one type; the is* arrays are empty or one entry per type.
    if (h.typecnt == 0 || h.typecnt > 256) return std::nullopt;
    if ((h.isutcnt != 0 && h.isutcnt != h.typecnt) || (h.isstdcnt != 0 && h.isstdcnt != h.typecnt)) return std::nullopt;
    return h;
}

struct tzif_block {
    std::vector<std::int64_t> transitions;
    std::vector<std::int32_t> offset_after;
    std::int32_t initial_offset = 0;
};

std::optional<tzif_block> read_block(byte_reader& in, const tzif_header& h, std::size_t time_size)
{
    if (!in.has(h.block_size(time_size))) return std::nullopt;
    // Leap seconds would shift every transition by up to half a minute against sys_seconds.
    if (h.leapcnt != 0) return std::nullopt;
    tzif_block block;
    block.transitions.reserve(h.timecnt);
    for (std::uint32_t i = 0; i < h.timecnt; ++i) {
        const std::int64_t t = time_size == 8 ? in.i64() : std::int64_t{in.i32()};
        if (!block.transitions.empty() && t <= block.transitions.back()) return std::nullopt;
        block.transitions.push_back(t);
    }
    std::vector<std::uint8_t> type_of(h.timecnt);
    for (auto& index : type_of) {
        index = in.u8();
        if (index >= h.typecnt) return std::nullopt;
    }
    std::vector<std::int32_t> utoff(h.typecnt);
    for (auto& offset : utoff) {
        offset = in.i32();
        const std::uint8_t isdst = in.u8();
        const std::uint8_t desigidx = in.u8();
        if (offset < min_utoff || offset > max_utoff || isdst > 1 || desigidx >= h.charcnt) return std::nullopt;
    }
    // The designations, standard/wall and UT/local indicators are not needed to convert times.
    in.bytes(h.charcnt + h.isstdcnt + h.isutcnt);
    block.offset_after.reserve(h.timecnt);
    for (const auto index : type_of) block.offset_after.push_back(utoff[index]);
    block.initial_offset = utoff[0];
    return block;
}

} // namespace

std::optional<time_zone::posix_tz> time_zone::parse_posix_tz(std::string_view text)
{
    tz_parser in(text);
    posix_tz tz;
    if (!in.name()) return std::nullopt;
    // POSIX offsets are hours west of Greenwich: "CET-1" is UTC+1.
    const auto std_offset = in.hms(24);
    if (!std_offset) return std::nullopt;
    tz.std_offset = -*std_offset;
    if (in.at_end()) return tz;
    if (!in.name()) return std::nullopt;
    tz.has_dst = true;
    tz.dst_offset = tz.std_offset + seconds_per_hour;
    if (!in.peek(',')) {
        const auto dst_offset = in.hms(24);
        if (!dst_offset) return std::nullopt;
        tz.dst_offset = -*dst_offset;
    }
    if (!in.take(',')) return std::nullopt;
    const auto start = in.rule();
    if (!start || !in.take(',')) return std::nullopt;
    const auto end = in.rule();
    if (!end || !in.at_end()) return std::nullopt;
    tz.dst_start = *start;
    tz.dst_end = *end;
    return tz;
}

std::optional<time_zone> time_zone::load(std::string_view name)
{
    // check_timezone refuses names that could leave zoneinfo and names of files that are not TZif.
    if (!store::check_timezone(name)) return std::nullopt;
    std::ifstream file(std::string(zoneinfo_dir) + std::string(name), std::ios::binary);
    if (!file) return std::nullopt;
    std::string bytes(max_tzif_bytes + 1, '\0');
    file.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (file.bad()) return std::nullopt;
    const auto size = static_cast<std::size_t>(file.gcount());
    if (size > max_tzif_bytes) return std::nullopt;
    bytes.resize(size);
    return from_tzif(std::string(name), bytes);
}

std::optional<time_zone> time_zone::from_tzif(std::string name, std::string_view bytes)
{
    if (bytes.size() > max_tzif_bytes) return std::nullopt;
    byte_reader in(bytes);
    const auto v1 = read_header(in);
    if (!v1) return std::nullopt;
    std::optional<tzif_block> block;
    std::optional<posix_tz> footer;
    if (v1->version == '\0') {
        block = read_block(in, *v1, 4);
    } else {
        // Version 2+: skip the 32-bit block; the 64-bit one after it covers all times.
        if (!in.has(v1->block_size(4))) return std::nullopt;
        in.bytes(static_cast<std::size_t>(v1->block_size(4)));
        const auto v2 = read_header(in);
        if (!v2) return std::nullopt;
        block = read_block(in, *v2, 8);
        if (!block) return std::nullopt;
        // The footer: "\n" TZ-string "\n". Missing framing means a truncated file.
        const auto rest = in.rest();
        if (rest.size() < 2 || rest.front() != '\n') return std::nullopt;
        const auto close = rest.find('\n', 1);
        if (close == std::string_view::npos) return std::nullopt;
        // An empty or unparsable footer leaves the last transition's offset in force.
        footer = parse_posix_tz(rest.substr(1, close - 1));
    }
    if (!block) return std::nullopt;
    time_zone zone;
    zone.name_ = std::move(name);
    zone.transitions_ = std::move(block->transitions);
    zone.offset_after_ = std::move(block->offset_after);
    zone.initial_offset_ = block->initial_offset;
    zone.footer_ = footer;
    return zone;
}

time_zone time_zone::utc()
{
    time_zone zone;
    zone.name_ = "UTC";  // no transitions, no footer: initial_offset_ (0) at every instant
    return zone;
}

std::chrono::seconds time_zone::utc_offset(std::chrono::sys_seconds t) const
{
    const std::int64_t s = t.time_since_epoch().count();
    // RFC 8536 3.2: with no transitions the footer covers all time; before the first, type 0 applies.
    if (transitions_.empty()) return std::chrono::seconds{footer_ ? footer_offset(*footer_, s) : initial_offset_};
    if (s < transitions_.front()) return std::chrono::seconds{initial_offset_};
    if (s >= transitions_.back() && footer_) return std::chrono::seconds{footer_offset(*footer_, s)};
    const auto after = std::upper_bound(transitions_.begin(), transitions_.end(), s);
    const auto index = static_cast<std::size_t>(std::distance(transitions_.begin(), after) - 1);
    return std::chrono::seconds{offset_after_[index]};
}

std::chrono::local_seconds time_zone::to_local(std::chrono::sys_seconds t) const
{
    return std::chrono::local_seconds{t.time_since_epoch() + utc_offset(t)};
}

std::chrono::sys_seconds time_zone::to_utc(std::chrono::local_seconds t) const
{
    using std::chrono::days;
    const std::chrono::sys_seconds naive{t.time_since_epoch()};
    // The offsets a day either side; a local time near a transition uses one of them.
    const auto before = utc_offset(naive - days{1});
    const auto after = utc_offset(naive + days{1});
    const std::chrono::sys_seconds with_before = naive - before;
    const std::chrono::sys_seconds with_after = naive - after;
    const bool before_fits = utc_offset(with_before) == before;
    const bool after_fits = utc_offset(with_after) == after;
    if (before_fits && after_fits) return std::min(with_before, with_after);  // a fold: the earlier
    if (after_fits) return with_after;
    return with_before;  // fits, or t is in a gap: read it with the offset from before the gap
}

} // namespace tillit::chat

// Command-line parsing for tillit-loadgen: --name value pairs read by Boost.Program_options, checked
// here in the order given, with one usage text.
#include "options.hpp"

#include <charconv>
#include <iostream>
#include <string_view>

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/parsers.hpp>
#include <boost/program_options/positional_options.hpp>

namespace tillit::bench {
namespace {

namespace po = boost::program_options;

// Every option that takes a value; --tags and --help take none.
constexpr const char* valued_options[] = {
    "scenario", "target", "host", "port", "server-pid", "processes", "json", "warmup", "duration", "counsellors",
    "capacity", "pseudonym-prefix", "password-file", "connections", "chats", "payload-bytes", "window", "rates",
    "rate", "total", "chat-frames", "concurrency", "logins"};
// Words that are not options land here, to be refused by name.
constexpr const char* stray_words = "unexpected-argument";

constexpr const char* usage = R"(Usage: tillit-loadgen --scenario S --target T --port P [options]

  --scenario idle|throughput|latency|churn|login
  --target tillit|peer|floor      (floor: length-prefixed frames; the others: WebSocket and JSON)
  --host 127.0.0.1 --port P
  --server-pid PID                measure this process: CPU, system calls, memory
  --processes N                   worker processes (default 1), to pass the per-process file limit
  --json FILE                     write the results as JSON
  --warmup S (2) --duration S (10)
staff:      --counsellors N (20) --capacity C (50) --pseudonym-prefix bench-c- --password-file F
idle:       --connections N (19000)
throughput: --chats N (1000) --payload-bytes B (300) --window W (16)
latency:    --chats N (1000) --payload-bytes B (300) --rates 1000,10000,50000
churn:      --rate R (2000) --total N (100000) --chat-frames K (2) --concurrency N (2000) --tags
login:      --logins 8,64,256
)";

template <typename Number>
bool parse_number(std::string_view text, Number& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && end == text.data() + text.size();
}

bool parse_list(std::string_view text, std::vector<unsigned>& out) {
    out.clear();
    while (!text.empty()) {
        const auto comma = text.find(',');
        unsigned value = 0;
        if (!parse_number(text.substr(0, comma), value) || value == 0) return false;
        out.push_back(value);
        text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    }
    return !out.empty();
}

std::optional<options> fail(std::string_view why) {
    std::cerr << "tillit-loadgen: " << why << "\n\n" << usage;
    return std::nullopt;
}

} // namespace

const char* name_of(scenario s) {
    switch (s) {
    case scenario::idle: return "idle";
    case scenario::throughput: return "throughput";
    case scenario::latency: return "latency";
    case scenario::churn: return "churn";
    case scenario::login: return "login";
    }
    return "?";
}

const char* name_of(target t) {
    switch (t) {
    case target::tillit: return "tillit";
    case target::peer: return "peer";
    case target::floor: return "floor";
    }
    return "?";
}

std::optional<options> parse_options(int argc, char** argv) {
    po::options_description description;
    for (const char* name : valued_options) description.add_options()(name, po::value<std::string>());
    description.add_options()("tags", po::bool_switch())("help", po::bool_switch())(stray_words,
                                                                                     po::value<std::vector<std::string>>());
    po::positional_options_description positional;
    positional.add(stray_words, -1);
    po::parsed_options parsed(&description);
    try {
        // Whole names only (no abbreviations), each value as the next word.
        parsed = po::command_line_parser(argc, argv)
                     .options(description)
                     .positional(positional)
                     .style(po::command_line_style::allow_long | po::command_line_style::long_allow_next)
                     .run();
    } catch (const po::unknown_option& e) {
        return fail("unknown option " + e.get_option_name());
    } catch (const po::invalid_command_line_syntax& e) {
        if (e.kind() == po::invalid_syntax::missing_parameter) return fail(e.get_option_name() + " needs a value");
        return fail(e.what());
    } catch (const po::error& e) {
        return fail(e.what());
    }
    for (const auto& option : parsed.options)
        if (option.string_key == "help") {
            std::cout << usage;
            std::exit(0);
        }
    options o;
    bool have_scenario = false, have_target = false;
    for (const auto& option : parsed.options) {
        if (option.string_key == stray_words) return fail("unknown option " + option.value.front());
        const std::string name = "--" + option.string_key;
        if (name == "--tags") {
            o.tags = true;
            continue;
        }
        const std::string_view value = option.value.front();
        bool ok = true;
        if (name == "--scenario") {
            have_scenario = true;
            if (value == "idle") o.what = scenario::idle;
            else if (value == "throughput") o.what = scenario::throughput;
            else if (value == "latency") o.what = scenario::latency;
            else if (value == "churn") o.what = scenario::churn;
            else if (value == "login") o.what = scenario::login;
            else ok = false;
        } else if (name == "--target") {
            have_target = true;
            if (value == "tillit") o.against = target::tillit;
            else if (value == "peer") o.against = target::peer;
            else if (value == "floor") o.against = target::floor;
            else ok = false;
        } else if (name == "--host") o.host = value;
        else if (name == "--port") ok = parse_number(value, o.port) && o.port != 0;
        else if (name == "--server-pid") {
            pid_t pid = 0;
            ok = parse_number(value, pid) && pid > 0;
            o.server_pid = pid;
        } else if (name == "--processes") ok = parse_number(value, o.processes) && o.processes >= 1 && o.processes <= 16;
        else if (name == "--json") o.json_file = value;
        else if (name == "--warmup") ok = parse_number(value, o.warmup_seconds) && o.warmup_seconds >= 0;
        else if (name == "--duration") ok = parse_number(value, o.duration_seconds) && o.duration_seconds > 0;
        else if (name == "--counsellors") ok = parse_number(value, o.counsellors) && o.counsellors >= 1;
        else if (name == "--capacity") ok = parse_number(value, o.capacity) && o.capacity >= 1;
        else if (name == "--pseudonym-prefix") o.pseudonym_prefix = value;
        else if (name == "--password-file") o.password_file = value;
        else if (name == "--connections") ok = parse_number(value, o.connections) && o.connections >= 1;
        else if (name == "--chats") ok = parse_number(value, o.chats) && o.chats >= 1;
        else if (name == "--payload-bytes") ok = parse_number(value, o.payload_bytes) && o.payload_bytes >= 24 && o.payload_bytes <= 6000;
        else if (name == "--window") ok = parse_number(value, o.window) && o.window >= 1 && o.window <= 250;
        else if (name == "--rates") ok = parse_list(value, o.rates);
        else if (name == "--rate") ok = parse_number(value, o.churn_rate) && o.churn_rate >= 1;
        else if (name == "--total") ok = parse_number(value, o.churn_total) && o.churn_total >= 1;
        else if (name == "--chat-frames") ok = parse_number(value, o.chat_frames) && o.chat_frames >= 1 && o.chat_frames <= 200;
        else if (name == "--concurrency") ok = parse_number(value, o.concurrency) && o.concurrency >= 1;
        else if (name == "--logins") ok = parse_list(value, o.logins);
        else return fail("unknown option " + std::string(name));
        if (!ok) return fail("bad value for " + std::string(name) + ": " + std::string(value));
    }
    if (!have_scenario || !have_target || o.port == 0) return fail("--scenario, --target and --port are needed");
    if (o.against == target::floor && (o.what == scenario::churn || o.what == scenario::login))
        return fail("the floor has no pairing and no login: churn and login run against tillit or the peer");
    if (o.speaks_websocket() && o.password_file.empty())
        return fail("--password-file is needed for the counsellors' login");
    return o;
}

} // namespace tillit::bench

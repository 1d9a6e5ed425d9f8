// Command-line parsing for tillit-loadgen: --name value pairs, checked, with one usage text.
#include "options.hpp"

#include <charconv>
#include <iostream>
#include <string_view>

namespace tillit::bench {
namespace {

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
    options o;
    bool have_scenario = false, have_target = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view name = argv[i];
        if (name == "--help") {
            std::cout << usage;
            std::exit(0);
        }
        if (name == "--tags") {
            o.tags = true;
            continue;
        }
        if (i + 1 >= argc) return fail(std::string(name) + " needs a value");
        const std::string_view value = argv[++i];
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

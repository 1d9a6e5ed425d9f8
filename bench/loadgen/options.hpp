// The generator's command line: what to run, against what, and how hard.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace tillit::bench {

enum class scenario { idle, throughput, latency, churn, login };
enum class target { tillit, peer, floor };

struct options {
    scenario what = scenario::throughput;
    target against = target::tillit;
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;
    std::optional<pid_t> server_pid;
    unsigned processes = 1;
    std::string json_file;
    double warmup_seconds = 2;
    double duration_seconds = 10;
    // Staff (tillit and peer).
    unsigned counsellors = 20;
    unsigned capacity = 50;
    std::string pseudonym_prefix = "bench-c-";
    std::string password_file;
    // Scenarios.
    unsigned connections = 19000;                       // idle
    unsigned chats = 1000;                              // throughput, latency
    unsigned payload_bytes = 300;                       // ciphertext bytes per frame
    unsigned window = 16;                               // throughput: frames in flight per direction
    std::vector<unsigned> rates{1000, 10000, 50000};    // latency: frames per second offered
    unsigned churn_rate = 2000;                         // churn: help-seekers arriving per second
    unsigned churn_total = 100000;                      // churn: chats in all
    unsigned chat_frames = 2;                           // churn: frames each way per chat
    unsigned concurrency = 2000;                        // churn: help-seekers at once at most
    bool tags = false;                                  // churn: counsellors tag each chat
    std::vector<unsigned> logins{8, 64, 256};           // login: burst sizes

    [[nodiscard]] bool speaks_websocket() const { return against != target::floor; }
};

// Parses argv; on a usage error prints why and the usage to stderr and returns nullopt.
std::optional<options> parse_options(int argc, char** argv);

const char* name_of(scenario s);
const char* name_of(target t);

} // namespace tillit::bench

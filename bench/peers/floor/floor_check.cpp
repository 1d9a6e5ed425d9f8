// tillit-floor-check: a hand-run self-check of a running tillit-floor; starts nothing, exits 0 if all pass.
// Checks pairing, relaying in order and byte-identical, back-pressure, refusals and many pairs.
#include <algorithm>
#include <chrono>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "framing.hpp"

namespace {

using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;
namespace fr = tillit::floor;

struct options {
    std::string address = "127.0.0.1";
    int port = -1;
    long pid = 0;    // optional: the floor's pid, to check its memory stays bounded under back-pressure
    long pairs = 400; // how many pairs the last check opens at once (up to ~9,750 for 19,500 connections)
};

options opts;
std::mt19937_64 rng{std::random_device{}()};

[[noreturn]] void fail(const std::string& what) {
    std::fprintf(stderr, "FAIL: %s\n", what.c_str());
    std::exit(1);
}

void pass(const std::string& what) {
    std::printf("ok   %s\n", what.c_str());
    std::fflush(stdout);
}

// One connection to the floor, with what it received but has not consumed yet.
class link {
public:
    link() {
        fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(static_cast<std::uint16_t>(opts.port));
        if (fd_ < 0 || inet_pton(AF_INET, opts.address.c_str(), &to.sin_addr) != 1 ||
            connect(fd_, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
            fail("connect to " + opts.address + ":" + std::to_string(opts.port) + ": " + std::strerror(errno));
        }
        const int one = 1;
        setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        fcntl(fd_, F_SETFL, fcntl(fd_, F_GETFL) | O_NONBLOCK);
    }
    link(link&& other) noexcept : in(std::move(other.in)), fd_(std::exchange(other.fd_, -1)) {}
    link(const link&) = delete;
    link& operator=(const link&) = delete;
    link& operator=(link&&) = delete;
    ~link() { close(); }

    [[nodiscard]] int fd() const { return fd_; }
    void close() {
        if (fd_ >= 0) {
            ::close(fd_);
            fd_ = -1;
        }
    }

    std::vector<unsigned char> in;

private:
    int fd_ = -1;
};

bool wait_for(int fd, short events, steady::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady::now());
    if (left.count() <= 0) {
        return false;
    }
    pollfd p{fd, events, 0};
    return poll(&p, 1, static_cast<int>(left.count())) > 0;
}

void send_all(link& l, const unsigned char* p, std::size_t n, steady::time_point deadline) {
    while (n != 0) {
        const ssize_t r = send(l.fd(), p, n, MSG_NOSIGNAL);
        if (r > 0) {
            p += r;
            n -= static_cast<std::size_t>(r);
        } else if (r < 0 && errno == EAGAIN) {
            if (!wait_for(l.fd(), POLLOUT, deadline)) {
                fail("send timed out");
            }
        } else {
            fail(std::string("send: ") + std::strerror(errno));
        }
    }
}

void send_frame(link& l, const std::vector<unsigned char>& payload) {
    std::vector<unsigned char> bytes(fr::prefix_size + payload.size());
    fr::store_le32(bytes.data(), static_cast<std::uint32_t>(payload.size()));
    std::memcpy(bytes.data() + fr::prefix_size, payload.data(), payload.size());
    send_all(l, bytes.data(), bytes.size(), steady::now() + 5s);
}

void send_hello(link& l, std::uint64_t key) {
    std::vector<unsigned char> payload(fr::hello_length);
    fr::store_le64(payload.data(), key);
    send_frame(l, payload);
}

// Reads more into l.in; false on EOF or reset, fails on timeout.
bool receive_more(link& l, steady::time_point deadline) {
    unsigned char buf[65536];
    for (;;) {
        const ssize_t r = recv(l.fd(), buf, sizeof buf, 0);
        if (r > 0) {
            l.in.insert(l.in.end(), buf, buf + r);
            return true;
        }
        if (r == 0 || errno != EAGAIN) {
            return false;
        }
        if (!wait_for(l.fd(), POLLIN, deadline)) {
            fail("timed out waiting for data");
        }
    }
}

// The next frame's payload; nullopt when the floor closed the connection.
std::optional<std::vector<unsigned char>> read_frame(link& l, steady::time_point deadline) {
    for (;;) {
        if (l.in.size() >= fr::prefix_size) {
            const std::uint32_t length = fr::load_le32(l.in.data());
            if (l.in.size() >= fr::prefix_size + length) {
                std::vector<unsigned char> payload(l.in.begin() + fr::prefix_size,
                                                   l.in.begin() + static_cast<long>(fr::prefix_size + length));
                l.in.erase(l.in.begin(), l.in.begin() + static_cast<long>(fr::prefix_size + length));
                return payload;
            }
        }
        if (!receive_more(l, deadline)) {
            return std::nullopt;
        }
    }
}

void expect_paired(link& l, const std::string& who) {
    const auto frame = read_frame(l, steady::now() + 5s);
    if (!frame || *frame != std::vector<unsigned char>{'P'}) {
        fail(who + " did not get the 1-byte 'P' frame");
    }
}

// True when the floor closes the connection (EOF or reset) before the deadline.
bool closed_by_floor(link& l, steady::time_point deadline) {
    unsigned char buf[4096];
    while (wait_for(l.fd(), POLLIN, deadline)) {
        const ssize_t r = recv(l.fd(), buf, sizeof buf, 0);
        if (r == 0 || (r < 0 && errno != EAGAIN)) {
            return true;
        }
    }
    return false;
}

// The bytes one side sends: frames of the given sizes, payload = sequence number (LE u32)
// then a pattern of (side, sequence, offset). Read sequentially, so no stream is kept whole.
class frame_stream {
public:
    frame_stream(std::vector<std::uint32_t> sizes, std::uint32_t side) : sizes_(std::move(sizes)), side_(side) {
        for (const auto s : sizes_) {
            total_ += fr::prefix_size + s;
        }
    }

    [[nodiscard]] std::size_t total() const { return total_; }
    [[nodiscard]] std::size_t frames() const { return sizes_.size(); }
    [[nodiscard]] std::size_t frame_index() const { return frame_; }

    void next(unsigned char* out, std::size_t n) {
        while (n != 0) {
            const std::uint32_t length = sizes_.at(frame_);
            const std::uint32_t seed = side_ * 0x9E3779B9u ^ static_cast<std::uint32_t>(frame_) * 0x85EBCA6Bu;
            unsigned char prefix[8];
            fr::store_le32(prefix, length);
            fr::store_le32(prefix + 4, static_cast<std::uint32_t>(frame_));
            for (; n != 0 && offset_ < fr::prefix_size + length; --n, ++offset_) {
                const std::size_t j = offset_ - fr::prefix_size;
                if (offset_ < fr::prefix_size || j < 4) {
                    *out++ = prefix[offset_];
                } else {
                    *out++ = static_cast<unsigned char>(seed + j * 131 + (j >> 8) * 7 + (seed >> 13));
                }
            }
            if (offset_ == fr::prefix_size + length) {
                ++frame_;
                offset_ = 0;
            }
        }
    }

private:
    std::vector<std::uint32_t> sizes_;
    std::uint32_t side_;
    std::size_t total_ = 0;
    std::size_t frame_ = 0;
    std::size_t offset_ = 0;
};

long rss_kib(long pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0) {
            return std::strtol(line.c_str() + 6, nullptr, 10);
        }
    }
    return -1;
}

// One direction of an exchange: what the sender still has to send, what the receiver expects.
struct direction {
    direction(const std::vector<std::uint32_t>& sizes, std::uint32_t side) : out(sizes, side), expected(sizes, side) {}
    frame_stream out;
    frame_stream expected;
    std::vector<unsigned char> pending; // generated, not yet taken by the socket
    std::size_t pending_at = 0;
    std::size_t sent = 0;
    std::size_t received = 0;

    [[nodiscard]] bool sending() const { return sent < out.total(); }
    [[nodiscard]] bool done() const { return !sending() && received == expected.total(); }
};

// Sends one chunk of random size (so frames straddle the floor's reads); false if it would block.
bool send_some(link& from, direction& d) {
    if (d.pending_at == d.pending.size()) {
        const std::size_t left = d.out.total() - d.sent;
        const std::size_t chunk = std::min<std::size_t>(left, 1 + rng() % 16384);
        d.pending.resize(chunk);
        d.out.next(d.pending.data(), chunk);
        d.pending_at = 0;
    }
    const ssize_t r = send(from.fd(), d.pending.data() + d.pending_at, d.pending.size() - d.pending_at, MSG_NOSIGNAL);
    if (r < 0) {
        if (errno == EAGAIN) {
            return false;
        }
        fail(std::string("send during exchange: ") + std::strerror(errno));
    }
    d.pending_at += static_cast<std::size_t>(r);
    d.sent += static_cast<std::size_t>(r);
    return true;
}

void verify(direction& d, const unsigned char* p, std::size_t n, const char* name) {
    if (d.received + n > d.expected.total()) {
        fail(std::string(name) + ": more bytes than were sent");
    }
    std::vector<unsigned char> want(n);
    d.expected.next(want.data(), n);
    if (std::memcmp(want.data(), p, n) != 0) {
        fail(std::string(name) + ": bytes differ near frame " + std::to_string(d.expected.frame_index()));
    }
    d.received += n;
}

void receive_some(link& to, direction& d, const char* name) {
    unsigned char buf[256 * 1024];
    const ssize_t r = recv(to.fd(), buf, sizeof buf, 0);
    if (r == 0 || (r < 0 && errno != EAGAIN)) {
        fail(std::string(name) + ": the floor closed the connection");
    }
    if (r > 0) {
        verify(d, buf, static_cast<std::size_t>(r), name);
    }
}

// Both sides send at once, each in random chunks, while both read; each must receive exactly the
// other's bytes. With hold_b, B does not read until A's sending has stalled (back-pressure).
void exchange(link& a, link& b, const std::vector<std::uint32_t>& a_sizes, const std::vector<std::uint32_t>& b_sizes,
              const std::string& name, bool hold_b = false) {
    direction ab(a_sizes, 1);
    direction ba(b_sizes, 2);
    // Bytes that arrived together with the 'P' frame.
    if (!b.in.empty()) {
        verify(ab, b.in.data(), b.in.size(), "A->B");
        b.in.clear();
    }
    if (!a.in.empty()) {
        verify(ba, a.in.data(), a.in.size(), "B->A");
        a.in.clear();
    }
    const auto deadline = steady::now() + 60s;
    const long rss_before = opts.pid > 0 ? rss_kib(opts.pid) : -1;
    auto a_progress = steady::now();
    bool holding = hold_b;
    while (!ab.done() || !ba.done()) {
        if (steady::now() > deadline) {
            fail(name + ": timed out");
        }
        pollfd p[2] = {{a.fd(), static_cast<short>(POLLIN | (ab.sending() ? POLLOUT : 0)), 0},
                       {b.fd(), static_cast<short>((holding ? 0 : POLLIN) | (ba.sending() ? POLLOUT : 0)), 0}};
        poll(p, 2, 50);
        if ((p[0].revents & POLLOUT) != 0 && send_some(a, ab)) {
            a_progress = steady::now();
        }
        if ((p[1].revents & POLLOUT) != 0) {
            send_some(b, ba);
        }
        if ((p[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
            receive_some(a, ba, "B->A");
        }
        if (!holding && (p[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
            receive_some(b, ab, "A->B");
        }
        if (holding) {
            if (!ab.sending()) {
                fail(name + ": A sent all " + std::to_string(ab.sent) +
                     " bytes while B read nothing: no back-pressure");
            }
            if (steady::now() - a_progress >= 500ms) {
                holding = false;
                std::string detail = "A stalled after " + std::to_string(ab.sent / 1024) + " KiB of " +
                                     std::to_string(ab.out.total() / 1024) + " KiB with B not reading";
                if (rss_before > 0) {
                    const long rss_now = rss_kib(opts.pid);
                    detail += "; floor VmRSS " + std::to_string(rss_before) + " -> " + std::to_string(rss_now) + " KiB";
                    if (rss_now - rss_before > 4096) {
                        fail(name + ": the floor's memory grew under back-pressure: " + detail);
                    }
                }
                pass(name + ": " + detail);
            }
        }
    }
    pass(name + ": A->B " + std::to_string(ab.expected.frames()) + " frames and B->A " +
         std::to_string(ba.expected.frames()) + " frames, in order and byte-identical");
}

std::uint64_t fresh_key() {
    return rng();
}

std::pair<link, link> make_pair(std::uint64_t key) {
    link a;
    link b;
    send_hello(a, key);
    send_hello(b, key);
    expect_paired(a, "A");
    expect_paired(b, "B");
    return {std::move(a), std::move(b)};
}

void check_pairing_and_relay() {
    const std::uint64_t key = fresh_key();
    auto [a, b] = make_pair(key);
    pass("pairing: both sides got 'P'");

    link third;
    send_hello(third, key);
    if (!closed_by_floor(third, steady::now() + 3s)) {
        fail("a third hello with a used key was not closed");
    }
    pass("a third hello with a used key is closed");

    exchange(a, b, std::vector<std::uint32_t>(10000, 300), std::vector<std::uint32_t>(10000, 300),
             "relay of 10,000 x 300 B each way, interleaved");
    const std::vector<std::uint32_t> edges{1, 65536, 2, 65535, 300, 65536, 1};
    exchange(a, b, edges, edges, "relay of 1 B and 64 KiB frames");
    // 256 MiB offered, far more than the kernel's socket buffers can hold on the way.
    exchange(a, b, std::vector<std::uint32_t>(4096, 65536), std::vector<std::uint32_t>(10, 300),
             "back-pressure", true);

    const unsigned char zero[4] = {0, 0, 0, 0};
    send_all(a, zero, sizeof zero, steady::now() + 3s);
    if (!closed_by_floor(a, steady::now() + 3s) || !closed_by_floor(b, steady::now() + 3s)) {
        fail("a frame of length 0 did not close both sides");
    }
    pass("a frame of length 0 closes both sides");
}

void check_refusals() {
    auto [a, b] = make_pair(fresh_key());
    unsigned char too_long[4];
    fr::store_le32(too_long, fr::max_frame_length + 1);
    send_all(b, too_long, sizeof too_long, steady::now() + 3s);
    if (!closed_by_floor(a, steady::now() + 3s) || !closed_by_floor(b, steady::now() + 3s)) {
        fail("a frame of length 65537 did not close both sides");
    }
    pass("a frame of length 65537 closes both sides");

    link wrong;
    send_frame(wrong, {1, 2, 3, 4});
    if (!closed_by_floor(wrong, steady::now() + 3s)) {
        fail("a 4-byte hello was not closed");
    }
    pass("a hello of the wrong size is closed");
}

void check_waiting() {
    // A waiter that leaves frees its key.
    const std::uint64_t key = fresh_key();
    {
        link gone;
        send_hello(gone, key);
        std::this_thread::sleep_for(100ms); // the floor has read the hello
    }
    std::this_thread::sleep_for(100ms); // and seen it go
    auto [a, b] = make_pair(key);
    exchange(a, b, {300}, {300}, "a waiter that left freed its key");

    // Frames sent before the partner came are forwarded once it does.
    const std::uint64_t early_key = fresh_key();
    link early;
    send_hello(early, early_key);
    std::vector<unsigned char> early_bytes(fr::prefix_size + 5);
    fr::store_le32(early_bytes.data(), 5);
    std::memcpy(early_bytes.data() + fr::prefix_size, "early", 5);
    send_all(early, early_bytes.data(), early_bytes.size(), steady::now() + 3s);
    std::this_thread::sleep_for(50ms);
    link late;
    send_hello(late, early_key);
    expect_paired(early, "the early side");
    expect_paired(late, "the late side");
    const auto frame = read_frame(late, steady::now() + 3s);
    if (!frame || std::string(frame->begin(), frame->end()) != "early") {
        fail("a frame sent before pairing was not forwarded after it");
    }
    pass("a frame sent before pairing is forwarded once paired");
}

void check_many_pairs() {
    const auto pairs = static_cast<std::size_t>(opts.pairs);
    const long rss_before = opts.pid > 0 ? rss_kib(opts.pid) : -1;
    std::vector<link> as;
    std::vector<link> bs;
    std::vector<std::uint64_t> keys;
    for (std::size_t i = 0; i < pairs; ++i) {
        keys.push_back(fresh_key());
        as.emplace_back();
        send_hello(as.back(), keys.back());
    }
    for (std::size_t i = 0; i < pairs; ++i) {
        bs.emplace_back();
        send_hello(bs.back(), keys[i]);
    }
    for (std::size_t i = 0; i < pairs; ++i) {
        expect_paired(as[i], "A of pair " + std::to_string(i));
        expect_paired(bs[i], "B of pair " + std::to_string(i));
        std::vector<unsigned char> payload(8);
        fr::store_le64(payload.data(), keys[i]);
        send_frame(as[i], payload);
    }
    for (std::size_t i = 0; i < pairs; ++i) {
        const auto frame = read_frame(bs[i], steady::now() + 5s);
        if (!frame || frame->size() != 8 || fr::load_le64(frame->data()) != keys[i]) {
            fail("pair " + std::to_string(i) + " got another pair's frame or none");
        }
    }
    std::string detail;
    if (opts.pid > 0) {
        detail = "; floor VmRSS " + std::to_string(rss_before) + " -> " + std::to_string(rss_kib(opts.pid)) +
                 " KiB with them open";
    }
    pass(std::to_string(pairs) + " pairs at once, each frame to its own partner" + detail);
}

bool parse(int argc, char** argv) {
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view arg = argv[i];
        const std::string_view value = argv[i + 1];
        long number = -1;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
        const bool numeric = ec == std::errc{} && end == value.data() + value.size();
        if (arg == "--port" && numeric && number >= 1 && number <= 65535) {
            opts.port = static_cast<int>(number);
        } else if (arg == "--pid" && numeric && number > 0) {
            opts.pid = number;
        } else if (arg == "--pairs" && numeric && number >= 1 && number <= 20000) {
            opts.pairs = number;
        } else if (arg == "--address") {
            opts.address = value;
        } else {
            return false;
        }
    }
    return argc % 2 == 1 && opts.port > 0;
}

} // namespace

int main(int argc, char** argv) {
    if (!parse(argc, argv)) {
        std::fputs("usage: tillit-floor-check --port PORT [--address 127.0.0.1] [--pid FLOOR_PID] [--pairs N]\n",
                   stderr);
        return 2;
    }
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
    check_pairing_and_relay();
    check_refusals();
    check_waiting();
    check_many_pairs();
    std::puts("floor-check: all checks passed");
    return 0;
}

// relay: the epoll loop: accept, hello and pairing, forwarding with back-pressure, closing.
//
// Level-triggered, because it costs fewer system calls per frame: one recv per readiness is
// enough (a read that fills the buffer is simply reported again by the next epoll_wait), where
// edge-triggered needs a last recv that returns EAGAIN on every event. Back-pressure is then just
// the EPOLLIN bit in a connection's mask, and a resumed reader is reported without a new edge.
#include "relay.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <unordered_map>
#include <vector>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "connection.hpp"
#include "framing.hpp"

namespace tillit::floor {
namespace {

constexpr std::uint32_t ev_in = EPOLLIN;
constexpr std::uint32_t ev_out = EPOLLOUT;
constexpr std::uint32_t ev_rdhup = EPOLLRDHUP;
constexpr std::uint32_t ev_fail = EPOLLERR | EPOLLHUP;

// One read's room, shared by every connection (single thread): a held partial frame is copied
// to its front and the read lands after it, so even a maximal partial frame leaves 190 KiB.
constexpr std::size_t scratch_size = 256 * 1024;
static_assert(scratch_size > 2 * (prefix_size + max_frame_length));
// A sender is not read from while its partner has a backlog, so a backlog holds at most one
// read's frames (plus the 'P' frame); this is only the guard that the bound holds.
constexpr std::size_t max_backlog = 1024 * 1024;
static_assert(max_backlog >= scratch_size + sizeof paired_frame);
constexpr int max_events = 512;
// Accepts per readiness of the listener, so a burst of connects cannot stall relaying.
constexpr int max_accepts = 256;

class relay {
public:
    relay(int epoll_fd, int listen_fd, int signal_fd)
        : epoll_fd_(epoll_fd), listen_fd_(listen_fd), signal_fd_(signal_fd),
          scratch_(std::make_unique_for_overwrite<unsigned char[]>(scratch_size)) {}

    int run() {
        if (!watch(listen_fd_, &listen_tag_) || !watch(signal_fd_, &signal_tag_)) {
            std::perror("floor: epoll_ctl");
            return 1;
        }
        epoll_event events[max_events];
        for (;;) {
            const int n = epoll_wait(epoll_fd_, events, max_events, -1);
            if (n < 0) {
                if (errno == EINTR) {
                    continue;
                }
                std::perror("floor: epoll_wait");
                return 1;
            }
            for (int i = 0; i < n; ++i) {
                void* tag = events[i].data.ptr;
                if (tag == &listen_tag_) {
                    accept_some();
                } else if (tag == &signal_tag_) {
                    return 0;
                } else {
                    auto& c = *static_cast<connection*>(tag);
                    if (c.state != phase::closed) { // its partner may have closed it in this batch
                        on_event(c, events[i].events);
                    }
                }
            }
            // Freed only now: events later in the same batch may still point at them.
            for (connection* c : dead_) {
                delete c;
            }
            dead_.clear();
        }
    }

private:
    bool watch(int fd, void* tag) {
        epoll_event ev{};
        ev.events = ev_in;
        ev.data.ptr = tag;
        return epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) == 0;
    }

    void accept_some() {
        for (int i = 0; i < max_accepts; ++i) {
            const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0) {
                if (errno == EINTR || errno == ECONNABORTED) {
                    continue;
                }
                if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                    // Level-triggered would report the pending connect forever: stop watching
                    // the listener until a connection closes.
                    epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fd_, nullptr);
                    accepting_paused_ = true;
                }
                return; // EAGAIN: no more pending
            }
            const int one = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            auto* c = new connection(fd);
            if (!watch(fd, c)) {
                ::close(fd);
                delete c;
                continue;
            }
            c->events = ev_in;
        }
    }

    void on_event(connection& c, std::uint32_t events) {
        if ((events & ev_fail) != 0) {
            close_pair(c);
            return;
        }
        switch (c.state) {
        case phase::hello:
            read_hello(c);
            break;
        case phase::waiting:
            close_pair(c); // only EPOLLRDHUP is watched: it went away before a partner came
            break;
        case phase::paired:
            if ((events & ev_out) != 0) {
                drain(c);
            }
            if ((events & ev_in) != 0 && c.state == phase::paired) {
                read_frames(c);
            }
            break;
        case phase::closed:
            break;
        }
    }

    // The hello is read into the connection itself, exactly, so that frames a client sends
    // before it is paired stay in the kernel until there is someone to forward them to.
    void read_hello(connection& c) {
        const ssize_t n = recv(c.fd, c.hello.data() + c.hello_have, hello_frame_size - c.hello_have, 0);
        if (n <= 0) {
            if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
                return;
            }
            close_pair(c);
            return;
        }
        c.hello_have = static_cast<std::uint8_t>(c.hello_have + n);
        if (c.hello_have >= prefix_size && load_le32(c.hello.data()) != hello_length) {
            close_pair(c); // a bad length, or a first frame that is not an 8-byte hello
            return;
        }
        if (c.hello_have < hello_frame_size) {
            return;
        }
        c.key = load_le64(c.hello.data() + prefix_size);
        const auto [it, first] = keys_.try_emplace(c.key, &c);
        if (first) {
            c.state = phase::waiting;
            refresh(c);
            return;
        }
        connection* waiter = it->second;
        if (waiter == nullptr) {
            close_pair(c); // the key already paired two connections
            return;
        }
        it->second = nullptr; // used: a third hello with this key is refused
        c.state = phase::paired;
        waiter->state = phase::paired;
        c.partner = waiter;
        waiter->partner = &c;
        if (!deliver(*waiter, paired_frame, sizeof paired_frame) ||
            !deliver(c, paired_frame, sizeof paired_frame)) {
            return;
        }
        refresh(c);
        refresh(*waiter);
    }

    // One recv of all that is available, then one send of every complete frame in it.
    void read_frames(connection& c) {
        connection& to = *c.partner;
        if (!to.backlog.empty()) {
            return; // paused by back-pressure (its EPOLLIN was reported before the pause)
        }
        unsigned char* buf = scratch_.get();
        const std::size_t held = c.tail.size();
        if (held != 0) {
            std::memcpy(buf, c.tail.data(), held);
        }
        const ssize_t n = recv(c.fd, buf + held, scratch_size - held, 0);
        if (n <= 0) {
            if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
                return;
            }
            close_pair(c); // EOF or error: a side that closes closes the other
            return;
        }
        const std::size_t total = held + static_cast<std::size_t>(n);
        std::size_t complete = 0;
        while (total - complete >= prefix_size) {
            const std::uint32_t length = load_le32(buf + complete);
            if (!valid_length(length)) {
                close_pair(c);
                return;
            }
            if (total - complete - prefix_size < length) {
                break;
            }
            complete += prefix_size + length;
        }
        c.tail.assign(buf + complete, total - complete);
        if (complete != 0 && deliver(to, buf, complete)) {
            refresh(to);
            refresh(c);
        }
    }

    // Sends bytes to a connection, keeping what its socket would not take as its backlog.
    // Returns false when the pair was closed.
    bool deliver(connection& to, const unsigned char* p, std::size_t n) {
        std::size_t sent = 0;
        if (to.backlog.empty()) {
            const ssize_t r = send(to.fd, p, n, MSG_NOSIGNAL);
            if (r < 0) {
                if (errno != EAGAIN && errno != EINTR) {
                    close_pair(to);
                    return false;
                }
            } else {
                sent = static_cast<std::size_t>(r);
            }
        }
        if (sent == n) {
            return true;
        }
        if (to.backlog.size() + (n - sent) > max_backlog) {
            close_pair(to);
            return false;
        }
        to.backlog.append(p + sent, n - sent);
        return true;
    }

    // The socket takes more again: send the backlog; once it is gone, read the partner again.
    void drain(connection& c) {
        const ssize_t r = send(c.fd, c.backlog.data(), c.backlog.size(), MSG_NOSIGNAL);
        if (r < 0) {
            if (errno != EAGAIN && errno != EINTR) {
                close_pair(c);
            }
            return;
        }
        c.backlog.consume(static_cast<std::size_t>(r));
        refresh(c);
        refresh(*c.partner);
    }

    // Brings the epoll mask in line with the state; a syscall only when it changes.
    void refresh(connection& c) {
        std::uint32_t want = 0;
        switch (c.state) {
        case phase::hello:
            want = ev_in;
            break;
        case phase::waiting:
            want = ev_rdhup;
            break;
        case phase::paired:
            want = (c.partner->backlog.empty() ? ev_in : 0) | (c.backlog.empty() ? 0 : ev_out);
            break;
        case phase::closed:
            return;
        }
        if (want == c.events) {
            return;
        }
        epoll_event ev{};
        ev.events = want;
        ev.data.ptr = &c;
        if (epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, c.fd, &ev) != 0) {
            close_pair(c);
            return;
        }
        c.events = want;
    }

    void close_pair(connection& c) {
        connection* partner = c.partner;
        close_one(c);
        if (partner != nullptr) {
            close_one(*partner);
        }
    }

    void close_one(connection& c) {
        if (c.state == phase::closed) {
            return;
        }
        if (c.state == phase::waiting || c.state == phase::paired) {
            // Keys are remembered while their connections are open, so memory stays bounded.
            keys_.erase(c.key);
        }
        ::close(c.fd); // also removes it from the epoll set: no EPOLL_CTL_DEL needed
        c.fd = -1;
        c.state = phase::closed;
        c.tail.clear();
        c.backlog.clear();
        dead_.push_back(&c);
        if (accepting_paused_ && watch(listen_fd_, &listen_tag_)) {
            accepting_paused_ = false;
        }
    }

    int epoll_fd_;
    int listen_fd_;
    int signal_fd_;
    std::unique_ptr<unsigned char[]> scratch_;
    // Per key: the connection waiting for its partner, or null once the key has paired two.
    std::unordered_map<std::uint64_t, connection*> keys_;
    std::vector<connection*> dead_;
    bool accepting_paused_ = false;
    // Their addresses tell the listener's and the signalfd's events from connections'.
    char listen_tag_ = 0;
    char signal_tag_ = 0;
};

} // namespace

int run_relay(int listen_fd, int signal_fd) {
    const int epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    if (epoll_fd < 0) {
        std::perror("floor: epoll_create1");
        return 1;
    }
    relay r(epoll_fd, listen_fd, signal_fd);
    return r.run();
}

} // namespace tillit::floor

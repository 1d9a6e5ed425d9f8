// fork, pipes, and lines over them.
#include "worker_pool.hpp"

#include <cstdlib>
#include <stdexcept>

#include <boost/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

namespace tillit::bench {
namespace {

void write_line(int fd, std::string_view line) {
    std::string text(line);
    text.push_back('\n');
    std::string_view left = text;
    while (!left.empty()) {
        const auto n = ::write(fd, left.data(), left.size());
        if (n <= 0) throw std::runtime_error("tillit-loadgen: a worker pipe broke");
        left.remove_prefix(static_cast<std::size_t>(n));
    }
}

// Reads one line from `fd`, keeping what follows it in `pending`.
std::string read_line(int fd, std::string& pending) {
    for (;;) {
        const auto newline = pending.find('\n');
        if (newline != std::string::npos) {
            std::string line = pending.substr(0, newline);
            pending.erase(0, newline + 1);
            return line;
        }
        char chunk[65536];
        const auto n = ::read(fd, chunk, sizeof chunk);
        if (n <= 0) throw std::runtime_error("tillit-loadgen: a worker ended before it reported");
        pending.append(chunk, static_cast<std::size_t>(n));
    }
}

} // namespace

std::string conductor_link::barrier(std::string_view name) {
    write_line(up_, name);
    std::string pending;
    return read_line(down_, pending);  // the conductor sends nothing before it is asked
}

void conductor_link::send_result(const boost::json::value& result) { write_line(up_, boost::json::serialize(result)); }

worker_pool::worker_pool(unsigned count, const body& work) {
    for (unsigned i = 0; i < count; ++i) {
        int up[2], down[2];
        if (::pipe(up) != 0 || ::pipe(down) != 0) throw std::runtime_error("tillit-loadgen: no pipe");
        const pid_t pid = ::fork();
        if (pid < 0) throw std::runtime_error("tillit-loadgen: fork failed");
        if (pid == 0) {
            ::close(up[0]);
            ::close(down[1]);
            for (const auto& w : workers_) {
                ::close(w.from_worker);
                ::close(w.to_worker);
            }
            conductor_link link(up[1], down[0]);
            int status = 1;
            try {
                status = work(link, i, count);
            } catch (const std::exception&) {
                status = 1;
            }
            std::_Exit(status);  // no static destructors of the conductor's state in the child
        }
        ::close(up[1]);
        ::close(down[0]);
        workers_.push_back({pid, up[0], down[1], {}});
    }
}

worker_pool::~worker_pool() {
    for (auto& w : workers_) {
        ::close(w.from_worker);
        ::close(w.to_worker);
        if (w.pid > 0) {
            ::kill(w.pid, SIGTERM);
            ::waitpid(w.pid, nullptr, 0);
        }
    }
}

std::string worker_pool::hear(unsigned index) { return read_line(workers_.at(index).from_worker, workers_.at(index).pending); }

void worker_pool::tell(unsigned index, std::string_view line) { write_line(workers_.at(index).to_worker, line); }

void worker_pool::set_up_in_turn() {
    for (unsigned i = 0; i < size(); ++i) {
        if (hear(i) != "hello") throw std::runtime_error("tillit-loadgen: a worker did not start");
        tell(i, "set up");
        if (hear(i) != "ready") throw std::runtime_error("tillit-loadgen: a worker could not set up");
    }
}

void worker_pool::meet_all(std::string_view expected, std::string_view answer) {
    for (unsigned i = 0; i < size(); ++i) {
        const auto said = hear(i);
        if (said != expected)
            throw std::runtime_error("tillit-loadgen: worker " + std::to_string(i) + " said '" + said + "', not '" +
                                     std::string(expected) + "'");
    }
    if (!answer.empty())
        for (unsigned i = 0; i < size(); ++i) tell(i, answer);
}

std::vector<boost::json::value> worker_pool::results() {
    std::vector<boost::json::value> all;
    for (unsigned i = 0; i < size(); ++i) all.push_back(boost::json::parse(hear(i)));
    for (auto& w : workers_) {
        int status = 0;
        ::waitpid(w.pid, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ++failed_;
        w.pid = -1;
    }
    return all;
}

} // namespace tillit::bench

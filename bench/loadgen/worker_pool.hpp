// The generator's processes: a conductor that measures the server and N forked workers that
// play the clients (each process may hold only 20,000 files). They meet at named barriers over
// pipes: a worker writes a line and blocks until the conductor answers; results come back as a
// last line of JSON.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>
#include <sys/types.h>

namespace tillit::bench {

// The worker's end.
class conductor_link {
public:
    conductor_link(int to_conductor, int from_conductor) : up_(to_conductor), down_(from_conductor) {}
    // Says `name` and waits for the conductor's answer line (returned without its newline).
    std::string barrier(std::string_view name);
    // Waits for this worker's turn to set up (worker_pool::set_up_in_turn); false if told otherwise.
    bool wait_turn() { return barrier("hello") == "set up"; }
    void send_result(const boost::json::value& result);

private:
    int up_;
    int down_;
};

// The conductor's end.
class worker_pool {
public:
    using body = std::function<int(conductor_link&, unsigned index, unsigned count)>;

    // Forks `count` workers running `work`; each exits with its return value.
    worker_pool(unsigned count, const body& work);
    ~worker_pool();
    worker_pool(const worker_pool&) = delete;
    worker_pool& operator=(const worker_pool&) = delete;

    [[nodiscard]] unsigned size() const { return static_cast<unsigned>(workers_.size()); }
    // The next line of worker `index` (what it said at its barrier); throws if the worker died.
    std::string hear(unsigned index);
    void tell(unsigned index, std::string_view line);
    // Lets the workers set up one after the other: each waits in wait_turn() and says "ready"
    // when done. Throws if one does not.
    void set_up_in_turn();
    // Hears every worker say `expected`, then (if `answer` is not empty) answers them all.
    void meet_all(std::string_view expected, std::string_view answer);
    // Each worker's result line, parsed; waits for the workers to exit.
    std::vector<boost::json::value> results();
    [[nodiscard]] bool all_succeeded() const { return failed_ == 0; }

private:
    struct worker {
        pid_t pid;
        int from_worker;
        int to_worker;
        std::string pending;
    };
    std::vector<worker> workers_;
    unsigned failed_ = 0;
};

} // namespace tillit::bench

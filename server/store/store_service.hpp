// store_service: gives the server's coroutines access to the store without blocking an I/O
// thread. The store lives on one thread of its own; run() posts a function there and resumes
// the caller on its own executor with the result (or the exception the function threw).
#pragma once

#include <future>
#include <memory>
#include <string>
#include <type_traits>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "async/offload.hpp"
#include "store/store.hpp"

namespace tillit::store {

class store_service {
public:
    // Opens the database (throws store_error as store's constructor does).
    explicit store_service(const std::string& path);
    ~store_service();
    store_service(const store_service&) = delete;
    store_service& operator=(const store_service&) = delete;

    // Runs fn(store&) on the store's thread; returns an awaitable of fn's result. Any thread, any
    // executor. Rethrows fn's exception. Build it in one statement and co_await it in the next
    // (see async/offload.hpp for the compiler bug this avoids).
    template <class Fn>
    boost::asio::awaitable<std::invoke_result_t<Fn&, store&>> run(Fn fn)
    {
        return async::offload(thread_.get_executor(), [this, fn = std::move(fn)]() mutable { return fn(*store_); });
    }

    // Queues fn(store&) on the store's thread and returns at once, without waiting for it. Any
    // thread. fn must not throw (catch inside). Dropped after stop().
    template <class Fn>
    void post(Fn fn)
    {
        boost::asio::post(thread_, [this, fn = std::move(fn)]() mutable {
            if (store_) fn(*store_);
        });
    }

    // Runs fn(store&) on the store's thread and waits for it: for start-up and shutdown only,
    // when no I/O thread runs. Rethrows fn's exception.
    template <class Fn>
    std::invoke_result_t<Fn&, store&> call(Fn fn)
    {
        std::packaged_task<std::invoke_result_t<Fn&, store&>()> task([this, &fn] { return fn(*store_); });
        auto done = task.get_future();
        boost::asio::post(thread_, std::ref(task));
        return done.get();
    }

    // Writes the write-ahead log into the database file and closes it. Call once, after the
    // last run() has finished (at shutdown); blocks until done.
    void stop();

private:
    boost::asio::thread_pool thread_{1};
    std::unique_ptr<store> store_;
};

} // namespace tillit::store

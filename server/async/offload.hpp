// offload: runs a blocking function on another executor (the store's thread, the Argon2id pool)
// and resumes the awaiting coroutine on its own executor with the result, or rethrows there
// what the function threw.
//
// GCC 12 destroys twice a temporary of class type (a capturing lambda, a std::string) that is
// passed by value within a co_await expression (GCC PR 99576, a double free here). So offload
// is a plain function, and callers build the awaitable in one statement and co_await it in the
// next: `auto op = offload(ex, std::move(fn)); auto r = co_await std::move(op);`.
// tests/check_offload_rule.sh (a ctest test, OffloadRule.*) fails naming any co_await in server/
// that builds such an awaitable (offload, a store_service's run, a lambda) in the same expression.
#pragma once

#include <exception>
#include <type_traits>
#include <utility>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace tillit::async {

// `fn` is called with no arguments on `target`. Its result type must be default-constructible
// (or void). Errors: rethrows fn's exception in the awaiting coroutine.
template <class Executor, class Fn>
auto offload(Executor target, Fn fn)
{
    namespace asio = boost::asio;
    using result = std::invoke_result_t<Fn&>;
    if constexpr (std::is_void_v<result>) {
        return asio::async_initiate<const asio::use_awaitable_t<>, void(std::exception_ptr)>(
            [target](auto handler, Fn f) mutable {
                asio::post(target, [f = std::move(f), handler = std::move(handler)]() mutable {
                    std::exception_ptr failure;
                    try {
                        f();
                    } catch (...) {
                        failure = std::current_exception();
                    }
                    auto home = asio::get_associated_executor(handler);
                    asio::post(home, [handler = std::move(handler), failure]() mutable { std::move(handler)(failure); });
                });
            },
            asio::use_awaitable, std::move(fn));
    } else {
        return asio::async_initiate<const asio::use_awaitable_t<>, void(std::exception_ptr, result)>(
            [target](auto handler, Fn f) mutable {
                asio::post(target, [f = std::move(f), handler = std::move(handler)]() mutable {
                    std::exception_ptr failure;
                    result value{};
                    try {
                        value = f();
                    } catch (...) {
                        failure = std::current_exception();
                    }
                    auto home = asio::get_associated_executor(handler);
                    asio::post(home, [handler = std::move(handler), failure, value = std::move(value)]() mutable {
                        std::move(handler)(failure, std::move(value));
                    });
                });
            },
            asio::use_awaitable, std::move(fn));
    }
}

} // namespace tillit::async

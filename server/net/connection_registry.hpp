// connection_registry: every open connection, so that the number of them stays under
// max-connections and a shutdown can close them all (WebSockets with 1001 going-away).
// Thread-safe: one mutex guards the table; closers only post onto their connection's strand.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>

namespace tillit::net {

class connection_registry {
public:
    // Called (under the registry's lock) to ask a connection to close; must only post work.
    using closer = std::function<void()>;

    class registration {
    public:
        registration(connection_registry& owner, std::uint64_t id) : owner_(&owner), id_(id) {}
        registration(registration&& other) noexcept : owner_(std::exchange(other.owner_, nullptr)), id_(other.id_) {}
        registration& operator=(registration&&) = delete;
        registration(const registration&) = delete;
        ~registration();
        // Replaces how this connection is closed (when HTTP is upgraded to a WebSocket).
        void set_closer(closer c);

    private:
        connection_registry* owner_;
        std::uint64_t id_;
    };

    explicit connection_registry(std::size_t max_connections) : max_(max_connections) {}

    // Returns nullopt when the server is full or shutting down: the caller closes at once.
    [[nodiscard]] std::optional<registration> add(closer c);

    // Asks every connection to close and refuses new ones from now on.
    void close_all();

    [[nodiscard]] std::size_t size() const;

private:
    mutable std::mutex mutex_;
    std::unordered_map<std::uint64_t, closer> closers_;
    std::uint64_t next_id_ = 1;
    std::size_t max_;
    bool closing_ = false;
};

} // namespace tillit::net

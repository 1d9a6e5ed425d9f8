// connection_registry: every open connection, so that the number of them stays under
// max-connections, the WebSockets of one client (client_key.hpp) under max-connections-per-client,
// and a shutdown can close them all (WebSockets with 1001 going-away). The per-client counts live
// in memory only, keyed by the keyed hash, and an entry goes when its client's last one closes.
// Thread-safe: one mutex guards the tables; closers only post onto their connection's strand.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>

#include "net/client_key.hpp"

namespace tillit::net {

class connection_registry {
public:
    // Called (under the registry's lock) to ask a connection to close; must only post work.
    using closer = std::function<void()>;

    class registration {
    public:
        registration(connection_registry& owner, std::uint64_t id) : owner_(&owner), id_(id) {}
        registration(registration&& other) noexcept
            : owner_(std::exchange(other.owner_, nullptr)), id_(other.id_), client_(std::exchange(other.client_, std::nullopt)) {}
        registration& operator=(registration&&) = delete;
        registration(const registration&) = delete;
        ~registration();
        // Replaces how this connection is closed (when HTTP is upgraded to a WebSocket).
        void set_closer(closer c);
        // Counts this connection as one of `client`'s until it closes. False, and not counted, when
        // that client already holds max-connections-per-client: the caller refuses it. Once only.
        [[nodiscard]] bool count_for(const client_key& client);

    private:
        connection_registry* owner_;
        std::uint64_t id_;
        std::optional<client_key> client_;  // set by count_for
    };

    connection_registry(std::size_t max_connections, std::size_t max_per_client)
        : max_(max_connections), max_per_client_(max_per_client) {}

    // Returns nullopt when the server is full or shutting down: the caller closes at once.
    [[nodiscard]] std::optional<registration> add(closer c);

    // Asks every connection to close and refuses new ones from now on.
    void close_all();

    [[nodiscard]] std::size_t size() const;
    // Connections counted for `client` (count_for) that are still open.
    [[nodiscard]] std::size_t count_of(const client_key& client) const;

private:
    // The key is already a keyed BLAKE2b hash: its first bytes are as good as any hash of it.
    struct client_key_hash {
        std::size_t operator()(const client_key& key) const noexcept;
    };

    mutable std::mutex mutex_;
    std::unordered_map<std::uint64_t, closer> closers_;
    std::unordered_map<client_key, std::size_t, client_key_hash> per_client_;
    std::uint64_t next_id_ = 1;
    std::size_t max_;
    std::size_t max_per_client_;
    bool closing_ = false;
};

} // namespace tillit::net

// connection_registry: the table of open connections.
#include "net/connection_registry.hpp"

#include <cstring>

namespace tillit::net {

connection_registry::registration::~registration()
{
    if (owner_ == nullptr) return;
    std::lock_guard lock(owner_->mutex_);
    owner_->closers_.erase(id_);
    if (client_) {
        const auto it = owner_->per_client_.find(*client_);
        if (it != owner_->per_client_.end() && --it->second == 0) owner_->per_client_.erase(it);
    }
}

bool connection_registry::registration::count_for(const client_key& client)
{
    std::lock_guard lock(owner_->mutex_);
    if (client_) return true;
    auto& open = owner_->per_client_[client];
    if (open >= owner_->max_per_client_) {
        if (open == 0) owner_->per_client_.erase(client);
        return false;
    }
    ++open;
    client_ = client;
    return true;
}

void connection_registry::registration::set_closer(closer c)
{
    std::lock_guard lock(owner_->mutex_);
    // A shutdown that began meanwhile must still reach the new kind of connection.
    if (owner_->closing_) c();
    if (const auto it = owner_->closers_.find(id_); it != owner_->closers_.end()) it->second = std::move(c);
}

std::optional<connection_registry::registration> connection_registry::add(closer c)
{
    std::lock_guard lock(mutex_);
    if (closing_ || closers_.size() >= max_) return std::nullopt;
    const auto id = next_id_++;
    closers_.emplace(id, std::move(c));
    return registration(*this, id);
}

void connection_registry::close_all()
{
    std::lock_guard lock(mutex_);
    closing_ = true;
    for (auto& [id, close] : closers_) close();
}

std::size_t connection_registry::size() const
{
    std::lock_guard lock(mutex_);
    return closers_.size();
}

std::size_t connection_registry::count_of(const client_key& client) const
{
    std::lock_guard lock(mutex_);
    const auto it = per_client_.find(client);
    return it == per_client_.end() ? 0 : it->second;
}

std::size_t connection_registry::client_key_hash::operator()(const client_key& key) const noexcept
{
    std::size_t hash = 0;
    std::memcpy(&hash, key.data(), sizeof hash);
    return hash;
}

} // namespace tillit::net

// connection_registry: the table of open connections.
#include "net/connection_registry.hpp"

namespace tillit::net {

connection_registry::registration::~registration()
{
    if (owner_ == nullptr) return;
    std::lock_guard lock(owner_->mutex_);
    owner_->closers_.erase(id_);
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

} // namespace tillit::net

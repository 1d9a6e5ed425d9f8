// store_service: the store's own thread.
#include "store/store_service.hpp"

#include <boost/asio/post.hpp>

namespace tillit::store {

store_service::store_service(const std::string& path) : store_(std::make_unique<store>(path)) {}

store_service::~store_service() { stop(); }

void store_service::stop()
{
    if (!store_) return;
    // Close on the store's thread so that nothing it still runs can race the checkpoint.
    boost::asio::post(thread_, [this] {
        try {
            store_->checkpoint();
        } catch (const store_error&) {
            // The WAL stays beside the database and SQLite replays it at the next open.
        }
        store_.reset();
    });
    thread_.join();
}

} // namespace tillit::store

// Unit: the registry's cap on one client's connections, and that a closed one makes room.
#include "net/connection_registry.hpp"

#include <gtest/gtest.h>

#include <boost/asio/ip/address.hpp>

namespace tillit::net {
namespace {

TEST(ConnectionRegistry, OneClientGetsAtMostItsCapAndAClosedConnectionMakesRoom)
{
    connection_registry registry(100, 2);
    const auto school = make_client_key(boost::asio::ip::make_address("192.0.2.10"));
    const auto other = make_client_key(boost::asio::ip::make_address("192.0.2.11"));

    auto first = registry.add([] {});
    auto second = registry.add([] {});
    auto third = registry.add([] {});
    ASSERT_TRUE(first && second && third);
    EXPECT_TRUE(first->count_for(school));
    EXPECT_TRUE(second->count_for(school));
    EXPECT_FALSE(third->count_for(school)) << "past the cap";
    EXPECT_EQ(registry.count_of(school), 2u);
    EXPECT_TRUE(third->count_for(other)) << "another client is not affected";

    first.reset();
    EXPECT_EQ(registry.count_of(school), 1u);
    auto fourth = registry.add([] {});
    ASSERT_TRUE(fourth);
    EXPECT_TRUE(fourth->count_for(school));
    second.reset();
    fourth.reset();
    EXPECT_EQ(registry.count_of(school), 0u) << "nothing kept of a client whose connections are gone";
}

TEST(ClientKey, AnIpv6ClientIsItsSlash64AndAMappedIpv4AddressIsThatAddress)
{
    using boost::asio::ip::make_address;
    EXPECT_EQ(make_client_key(make_address("2001:db8:1:2::1")), make_client_key(make_address("2001:db8:1:2:abcd::99")));
    EXPECT_NE(make_client_key(make_address("2001:db8:1:2::1")), make_client_key(make_address("2001:db8:1:3::1")));
    EXPECT_EQ(make_client_key(make_address("::ffff:192.0.2.10")), make_client_key(make_address("192.0.2.10")));
    EXPECT_NE(make_client_key(make_address("::ffff:192.0.2.10")), make_client_key(make_address("::ffff:192.0.2.11")));
}

} // namespace
} // namespace tillit::net

// The log-linear histogram: bucket i covers the values whose top sub_bits+1 bits select it.
#include "histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include <boost/json.hpp>

namespace tillit::bench {
namespace {

unsigned bucket_of(std::uint64_t value) {
    if (value < (1U << histogram::sub_bits)) return static_cast<unsigned>(value);
    const unsigned top = 63U - static_cast<unsigned>(std::countl_zero(value));  // value >= 32: top >= 5
    const unsigned shift = top - histogram::sub_bits;
    const auto sub = static_cast<unsigned>(value >> shift) & ((1U << histogram::sub_bits) - 1);
    return ((shift + 1) << histogram::sub_bits) + sub;
}

std::uint64_t upper_edge(unsigned bucket) {
    if (bucket < (1U << histogram::sub_bits)) return bucket;
    const unsigned shift = (bucket >> histogram::sub_bits) - 1;
    const std::uint64_t sub = bucket & ((1U << histogram::sub_bits) - 1);
    return (((1ULL << histogram::sub_bits) | sub) << shift) + ((1ULL << shift) - 1);
}

} // namespace

void histogram::record(std::uint64_t value_ns) {
    ++buckets_[bucket_of(value_ns)];
    ++count_;
    max_ = std::max(max_, value_ns);
}

void histogram::add(const histogram& other) {
    for (unsigned i = 0; i < bucket_count; ++i) buckets_[i] += other.buckets_[i];
    count_ += other.count_;
    max_ = std::max(max_, other.max_);
}

std::uint64_t histogram::percentile(double fraction) const {
    if (count_ == 0) return 0;
    const auto wanted = static_cast<std::uint64_t>(std::ceil(fraction * static_cast<double>(count_)));
    std::uint64_t seen = 0;
    for (unsigned i = 0; i < bucket_count; ++i) {
        seen += buckets_[i];
        if (seen >= wanted && buckets_[i] != 0) return std::min(upper_edge(i), max_);
    }
    return max_;
}

boost::json::value histogram::to_json() const {
    boost::json::array used;
    for (unsigned i = 0; i < bucket_count; ++i)
        if (buckets_[i] != 0) used.push_back(boost::json::array{i, buckets_[i]});
    return boost::json::object{{"buckets", std::move(used)}, {"count", count_}, {"max", max_}};
}

histogram histogram::from_json(const boost::json::value& json) {
    histogram h;
    const auto& object = json.as_object();
    for (const auto& pair : object.at("buckets").as_array()) {
        const auto& entry = pair.as_array();
        const auto index = static_cast<unsigned>(entry.at(0).to_number<std::uint64_t>());
        if (index < bucket_count) h.buckets_[index] = entry.at(1).to_number<std::uint64_t>();
    }
    h.count_ = object.at("count").to_number<std::uint64_t>();
    h.max_ = object.at("max").to_number<std::uint64_t>();
    return h;
}

boost::json::value histogram::summary_us() const {
    const auto us = [](std::uint64_t ns) { return static_cast<double>(ns) / 1000.0; };
    return boost::json::object{{"p50", us(percentile(0.50))}, {"p99", us(percentile(0.99))},
                               {"p999", us(percentile(0.999))}, {"max", us(max_)}, {"count", count_}};
}

} // namespace tillit::bench

// Frames received per 10 ms since the run began, so that the conductor can count the frames of
// any window it measured the server in (CPU, then system calls), across workers.
#pragma once

#include <cstdint>
#include <vector>

#include <boost/json/array.hpp>

namespace tillit::bench {

class window_counts {
public:
    static constexpr std::uint64_t bin_ns = 10'000'000;

    explicit window_counts(std::uint64_t start_ns) : start_ns_(start_ns) {}
    void count(std::uint64_t at_ns, std::uint64_t n = 1) {
        if (at_ns < start_ns_) return;
        const auto bin = (at_ns - start_ns_) / bin_ns;
        if (bin >= bins_.size()) bins_.resize(bin + 1, 0);
        bins_[bin] += n;
    }
    [[nodiscard]] boost::json::array to_json() const {
        boost::json::array out;
        for (const auto n : bins_) out.push_back(n);
        return out;
    }
    // Frames in [from_ns, to_ns) of the bins of `json` (a run that began at `start_ns`).
    static std::uint64_t in_window(const boost::json::array& json, std::uint64_t start_ns, std::uint64_t from_ns,
                                   std::uint64_t to_ns) {
        std::uint64_t total = 0;
        for (std::size_t bin = 0; bin < json.size(); ++bin) {
            const auto at = start_ns + bin * bin_ns;
            if (at >= from_ns && at < to_ns) total += json[bin].to_number<std::uint64_t>();
        }
        return total;
    }

private:
    std::uint64_t start_ns_;
    std::vector<std::uint64_t> bins_;
};

} // namespace tillit::bench

// The scenarios, each run by the conductor with its own workers. Each returns the "results"
// array of the JSON report (see bench/README.md) and throws on a failure of the run itself.
#pragma once

#include <boost/json/array.hpp>

#include "options.hpp"

namespace tillit::bench {

boost::json::array run_idle(const options& o);
boost::json::array run_relay(const options& o);  // throughput, or latency at each rate
boost::json::array run_churn(const options& o);
boost::json::array run_login(const options& o);

} // namespace tillit::bench

// tillit-loadgen: plays help-seekers and counsellors against tillit-server, the Node peer or the
// epoll floor, and reports throughput, latency, server CPU, system calls and memory (bench/README.md).
#include <cstdio>
#include <fstream>
#include <iostream>

#include <boost/json.hpp>
#include <sys/resource.h>

#include "options.hpp"
#include "scenarios.hpp"
#include "tillit/crypto/sodium_init.hpp"

namespace {

void raise_file_limit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

void print_summary(const boost::json::object& report) {
    std::cout << "tillit-loadgen: " << report.at("scenario").as_string().c_str() << " against "
              << report.at("target").as_string().c_str() << "\n";
    for (const auto& result : report.at("results").as_array()) std::cout << "  " << boost::json::serialize(result) << "\n";
}

} // namespace

int main(int argc, char** argv) {
    const auto parsed = tillit::bench::parse_options(argc, argv);
    if (!parsed) return 2;
    const auto& o = *parsed;
    raise_file_limit();
    tillit::crypto::ensure_sodium();
    try {
        boost::json::array results;
        switch (o.what) {
        case tillit::bench::scenario::idle: results = tillit::bench::run_idle(o); break;
        case tillit::bench::scenario::throughput:
        case tillit::bench::scenario::latency: results = tillit::bench::run_relay(o); break;
        case tillit::bench::scenario::churn: results = tillit::bench::run_churn(o); break;
        case tillit::bench::scenario::login: results = tillit::bench::run_login(o); break;
        }
        bool clean = true;
        for (const auto& r : results) {
            const auto& object = r.as_object();
            for (const char* bad : {"lost", "out_of_order", "failed", "errors"})
                if (const auto* v = object.if_contains(bad); v && v->to_number<double>() != 0 && o.what != tillit::bench::scenario::login)
                    clean = false;
            if (object.contains("incomplete")) clean = false;
        }
        const boost::json::object report{{"scenario", tillit::bench::name_of(o.what)},
                                         {"target", tillit::bench::name_of(o.against)},
                                         {"results", std::move(results)}};
        print_summary(report);
        if (!o.json_file.empty()) {
            std::ofstream out(o.json_file);
            out << boost::json::serialize(report) << "\n";
        }
        if (!clean) std::cerr << "tillit-loadgen: the run lost, reordered or failed something (see above)\n";
        return clean ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
}

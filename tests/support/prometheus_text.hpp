// prometheus_text: a strict reader of the Prometheus text exposition format, version 0.0.4, for
// the tests of /metrics: it parses every line and throws, naming the line, at anything the format
// does not allow or that Prometheus would reject: a malformed name, label or value, a sample
// before its family's # TYPE, a family split into pieces, a repeated series, a histogram whose
// buckets are not cumulative, do not end with le="+Inf" or disagree with _count.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace tillit::test {

struct prom_sample {
    std::string name;
    std::map<std::string, std::string> labels;
    double value = 0;
};

struct prom_family {
    std::string name;
    std::string type;  // counter, gauge, histogram, summary or untyped
    std::string help;
    std::vector<prom_sample> samples;
};

struct prom_document {
    std::map<std::string, prom_family> families;
    std::vector<std::string> order;  // families as they came
};

// Throws std::runtime_error with the line number and the reason on any violation.
prom_document parse_prometheus_text(std::string_view text);

// The value of the sample `name` with exactly `labels`; throws std::runtime_error if absent.
double prom_value(const prom_document& doc, const std::string& name, const std::map<std::string, std::string>& labels = {});

} // namespace tillit::test

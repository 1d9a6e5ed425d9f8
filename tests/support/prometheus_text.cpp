// prometheus_text: the line grammar and the family and histogram checks.
#include "support/prometheus_text.hpp"

#include <cmath>
#include <optional>
#include <cstdlib>
#include <regex>
#include <set>
#include <stdexcept>

namespace tillit::test {

namespace {

const std::regex metric_name(R"([a-zA-Z_:][a-zA-Z0-9_:]*)");
const std::regex label_name(R"([a-zA-Z_][a-zA-Z0-9_]*)");

[[noreturn]] void fail(std::size_t line, const std::string& why)
{
    throw std::runtime_error("metrics line " + std::to_string(line) + ": " + why);
}

// A float as Go's ParseFloat takes it (what Prometheus uses), including +Inf, -Inf and NaN.
double parse_value(std::string_view text, std::size_t line)
{
    if (text == "+Inf" || text == "Inf") return INFINITY;
    if (text == "-Inf") return -INFINITY;
    if (text == "NaN") return NAN;
    static const std::regex number(R"([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?)");
    const std::string s(text);
    if (!std::regex_match(s, number)) fail(line, "bad value '" + s + "'");
    return std::strtod(s.c_str(), nullptr);
}

// The family a sample belongs to: histograms own name_bucket, name_sum and name_count.
std::string family_of(const std::string& sample, const std::map<std::string, prom_family>& families)
{
    for (const std::string suffix : {"_bucket", "_sum", "_count"})
        if (sample.size() > suffix.size() && sample.ends_with(suffix)) {
            const auto base = sample.substr(0, sample.size() - suffix.size());
            if (const auto found = families.find(base); found != families.end() && found->second.type == "histogram") return base;
        }
    return sample;
}

prom_sample parse_sample(std::string_view line, std::size_t number)
{
    prom_sample s;
    std::size_t i = 0;
    while (i < line.size() && line[i] != '{' && line[i] != ' ') ++i;
    s.name = std::string(line.substr(0, i));
    if (!std::regex_match(s.name, metric_name)) fail(number, "bad metric name '" + s.name + "'");
    if (i < line.size() && line[i] == '{') {
        ++i;
        while (true) {
            if (i < line.size() && line[i] == '}') {
                ++i;
                break;
            }
            std::size_t start = i;
            while (i < line.size() && line[i] != '=') ++i;
            const std::string key(line.substr(start, i - start));
            if (!std::regex_match(key, label_name) || key.starts_with("__")) fail(number, "bad label name '" + key + "'");
            if (i + 1 >= line.size() || line[i + 1] != '"') fail(number, "label value must be quoted");
            i += 2;
            std::string value;
            for (;; ++i) {
                if (i >= line.size()) fail(number, "unterminated label value");
                const char c = line[i];
                if (c == '"') break;
                if (c == '\\') {
                    if (i + 1 >= line.size()) fail(number, "dangling backslash");
                    const char e = line[++i];
                    if (e == 'n') value += '\n';
                    else if (e == '\\' || e == '"') value += e;
                    else fail(number, "bad escape in label value");
                } else {
                    value += c;
                }
            }
            ++i;  // the closing quote
            if (!s.labels.emplace(key, value).second) fail(number, "label '" + key + "' repeated");
            if (i < line.size() && line[i] == ',') {
                ++i;
                continue;
            }
            if (i < line.size() && line[i] == '}') {
                ++i;
                break;
            }
            fail(number, "expected ',' or '}' after a label");
        }
    }
    if (i >= line.size() || line[i] != ' ') fail(number, "expected one space before the value");
    ++i;
    const auto rest = line.substr(i);
    const auto space = rest.find(' ');
    s.value = parse_value(rest.substr(0, space), number);
    if (space != std::string_view::npos) {
        // An optional timestamp: an integer of milliseconds.
        static const std::regex timestamp(R"(-?[0-9]+)");
        if (!std::regex_match(std::string(rest.substr(space + 1)), timestamp)) fail(number, "bad timestamp");
    }
    return s;
}

void check_histogram(const prom_family& f)
{
    // Series by their labels without le.
    struct series {
        std::vector<std::pair<double, double>> buckets;  // le, value, in order of appearance
        std::optional<double> sum;
        std::optional<double> count;
    };
    std::map<std::map<std::string, std::string>, series> all;
    for (const auto& s : f.samples) {
        auto labels = s.labels;
        if (s.name == f.name + "_bucket") {
            const auto le = labels.find("le");
            if (le == labels.end()) throw std::runtime_error(f.name + ": a bucket without le");
            const double bound = le->second == "+Inf" ? INFINITY : std::strtod(le->second.c_str(), nullptr);
            labels.erase(le);
            all[labels].buckets.emplace_back(bound, s.value);
        } else if (s.name == f.name + "_sum") {
            all[labels].sum = s.value;
        } else if (s.name == f.name + "_count") {
            all[labels].count = s.value;
        } else {
            throw std::runtime_error(f.name + ": sample " + s.name + " in a histogram");
        }
    }
    if (all.empty()) throw std::runtime_error(f.name + ": a histogram without series");
    for (const auto& [labels, s] : all) {
        if (s.buckets.empty() || !s.sum || !s.count) throw std::runtime_error(f.name + ": a series lacks buckets, _sum or _count");
        for (std::size_t i = 1; i < s.buckets.size(); ++i) {
            if (!(s.buckets[i].first > s.buckets[i - 1].first)) throw std::runtime_error(f.name + ": le not increasing");
            if (s.buckets[i].second < s.buckets[i - 1].second) throw std::runtime_error(f.name + ": buckets not cumulative");
        }
        if (!std::isinf(s.buckets.back().first)) throw std::runtime_error(f.name + ": the last bucket is not le=\"+Inf\"");
        if (s.buckets.back().second != *s.count) throw std::runtime_error(f.name + ": +Inf bucket differs from _count");
    }
}

} // namespace

prom_document parse_prometheus_text(std::string_view text)
{
    if (text.empty() || text.back() != '\n') throw std::runtime_error("metrics text must end with a line feed");
    prom_document doc;
    std::set<std::string> closed;  // families whose lines have ended (no more may come)
    std::string current;           // the family whose lines come now
    std::set<std::pair<std::string, std::map<std::string, std::string>>> seen;
    std::size_t number = 0;
    const auto enter = [&](const std::string& family) {
        if (family == current) return;
        if (closed.contains(family)) fail(number, "family " + family + " is split");
        if (!current.empty()) closed.insert(current);
        current = family;
    };
    while (!text.empty()) {
        ++number;
        const auto end = text.find('\n');
        const auto line = text.substr(0, end);
        text.remove_prefix(end + 1);
        if (line.find('\r') != std::string_view::npos) fail(number, "carriage return");
        if (line.empty()) continue;
        if (line.starts_with("#")) {
            static const std::regex help(R"(# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*))");
            static const std::regex type(R"(# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped))");
            std::smatch m;
            const std::string l(line);
            if (std::regex_match(l, m, help)) {
                const auto name = m[1].str();
                enter(name);
                auto& f = doc.families[name];
                if (!f.help.empty()) fail(number, "second HELP for " + name);
                if (!f.samples.empty()) fail(number, "HELP after samples of " + name);
                f.name = name;
                f.help = m[2].str();
                if (f.help.empty()) fail(number, "empty HELP");
            } else if (std::regex_match(l, m, type)) {
                const auto name = m[1].str();
                enter(name);
                auto& f = doc.families[name];
                if (!f.type.empty()) fail(number, "second TYPE for " + name);
                if (!f.samples.empty()) fail(number, "TYPE after samples of " + name);
                f.name = name;
                f.type = m[2].str();
                doc.order.push_back(name);
            } else {
                fail(number, "a comment that is neither HELP nor TYPE: " + l);
            }
            continue;
        }
        auto s = parse_sample(line, number);
        const auto family = family_of(s.name, doc.families);
        const auto found = doc.families.find(family);
        if (found == doc.families.end() || found->second.type.empty()) fail(number, "sample of " + s.name + " before its TYPE");
        enter(family);
        if (found->second.type != "histogram" && s.name != family) fail(number, "sample name differs from its family");
        if (!seen.emplace(s.name, s.labels).second) fail(number, "series repeated: " + s.name);
        found->second.samples.push_back(std::move(s));
    }
    for (const auto& [name, f] : doc.families) {
        if (f.type.empty()) throw std::runtime_error(name + ": HELP without TYPE");
        if (f.type == "histogram") check_histogram(f);
        if (f.type == "counter")
            for (const auto& s : f.samples)
                if (s.value < 0) throw std::runtime_error(name + ": a negative counter");
    }
    return doc;
}

double prom_value(const prom_document& doc, const std::string& name, const std::map<std::string, std::string>& labels)
{
    for (const auto& [family, f] : doc.families)
        for (const auto& s : f.samples)
            if (s.name == name && s.labels == labels) return s.value;
    throw std::runtime_error("no sample " + name);
}

} // namespace tillit::test

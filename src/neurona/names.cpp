#include "neurona/names.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <stdexcept>

namespace neurona {

namespace {
// The shortest %g that reads back as the same T.
template <class T>
std::string shortest(T x) {
    if (std::isnan(x)) return "NaN";
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    char buf[40];
    for (int digits = 1; digits <= std::numeric_limits<T>::max_digits10; ++digits) {
        std::snprintf(buf, sizeof buf, "%.*g", digits, static_cast<double>(x));
        if (static_cast<T>(std::strtod(buf, nullptr)) == x) break;
    }
    return buf;
}
}  // namespace

std::string number_text(double x) { return shortest(x); }
std::string number_text(float x) { return shortest(x); }

std::string join_names(const std::vector<std::string>& names) {
    std::string joined;
    for (const std::string& n : names) joined += (joined.empty() ? "" : ", ") + n;
    return joined;
}

void throw_unknown_name(const std::string& kind, const std::string& name, const std::vector<std::string>& known) {
    throw std::invalid_argument("unknown " + kind + " '" + name + "'; known " + kind + " names: " + join_names(known));
}

}  // namespace neurona

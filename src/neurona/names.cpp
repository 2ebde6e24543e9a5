#include "neurona/names.hpp"

#include <stdexcept>

namespace neurona {

std::string join_names(const std::vector<std::string>& names) {
    std::string joined;
    for (const std::string& n : names) joined += (joined.empty() ? "" : ", ") + n;
    return joined;
}

void throw_unknown_name(const std::string& kind, const std::string& name, const std::vector<std::string>& known) {
    throw std::invalid_argument("unknown " + kind + " '" + name + "'; known " + kind + " names: " + join_names(known));
}

}  // namespace neurona

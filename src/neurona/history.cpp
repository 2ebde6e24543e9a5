#include "neurona/history.hpp"

#include <stdexcept>

#include "neurona/names.hpp"

namespace neurona {

const std::vector<double>& History::operator[](const std::string& key) const {
    auto it = history.find(key);
    if (it == history.end()) {
        throw std::out_of_range("History: no series '" + key + "'; it has: " + join_names(keys_of(history)));
    }
    return it->second;
}

}  // namespace neurona

/// @file names.hpp
/// The error every lookup by name gives: what was asked, and every name that is known.
#pragma once

#include <string>
#include <vector>

namespace neurona {

/// "a, b, c": the names joined by ", ", for messages that list the choices.
std::string join_names(const std::vector<std::string>& names);

/// The keys of a map from names (History's series, an epoch's logs), in the map's order.
template <class Map>
std::vector<std::string> keys_of(const Map& map) {
    std::vector<std::string> keys;
    for (const auto& entry : map) keys.push_back(entry.first);
    return keys;
}

/// Throws std::invalid_argument("unknown <kind> '<name>'; known <kind> names: a, b, c"), the
/// message of get_activation, get_loss, get_metric and get_optimizer.
[[noreturn]] void throw_unknown_name(const std::string& kind, const std::string& name,
                                     const std::vector<std::string>& known);

}  // namespace neurona

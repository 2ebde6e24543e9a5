/// @file names.hpp
/// What error messages share: the error every lookup by name gives (what was asked, and every
/// name that is known), and how a number is written into a message.
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

/// x as a message writes it: the fewest digits that read back as x ("0.2", "1e-07", not
/// std::to_string's "0.200000" and "0.000000"), "NaN" for any NaN (printf's "-nan" and "nan"
/// alike), "inf" and "-inf". The float overload gives the digits of a float ("0.1", not
/// "0.10000000149011612").
///@{
std::string number_text(double x);
std::string number_text(float x);
///@}

}  // namespace neurona

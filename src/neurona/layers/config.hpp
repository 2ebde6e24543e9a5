/// @file config.hpp
/// LayerConfig: a layer's settings as Keras's get_config() returns them, an ordered list of
/// key=value pairs, and the rules by which a setting's text is read back.
///
///     Dense(4, "tanh", InputShape{2}, regularizers::l2(0.01)).get_config()
///         units=4 activation=tanh l2=0.01 input_shape=2
///
/// Values are kept as the text a model file holds: a count in decimal digits, a number in the
/// fewest digits that read back as exactly the same double ("0.2", "1e-07"), a shape as its
/// axes joined by commas ("28,28"), anything else as it is. A layer's from_config reads them
/// with the typed getters, which say which setting is missing or malformed.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace neurona {

/// `text` as a count: decimal digits only, at most 12 of them (a model file's sizes), so that
/// a damaged count cannot ask for more than 10^12 of anything. Throws std::invalid_argument
/// "<what> is not a count: '<text>'" otherwise.
std::size_t parse_count(const std::string& text, const std::string& what);

/// `text` as a finite number, all of it read ("0.2", "1e-07"). Throws std::invalid_argument
/// "<what> is not a finite number: '<text>'" for anything else (nan, inf, "0.2x", "").
double parse_number(const std::string& text, const std::string& what);

/// A layer's configuration: its settings in order, each a key and its value as text.
class LayerConfig {
public:
    /// One setting: key, value.
    using Setting = std::pair<std::string, std::string>;

    /// Sets `key` to `value`: replaces the value when the key is there (in its place),
    /// appends the setting otherwise.
    ///@{
    void set(const std::string& key, std::string value);
    void set(const std::string& key, std::size_t count);               ///< as decimal digits
    void set(const std::string& key, double number);                  ///< in the fewest digits that read back
    void set(const std::string& key, const std::vector<std::size_t>& shape);  ///< "28,28"
    ///@}

    /// Every setting, in order.
    const std::vector<Setting>& settings() const { return settings_; }
    /// Whether `key` is set.
    bool has(const std::string& key) const;

    /// The value of `key`. Reading a setting marks it read (see first_unread()). Each throws
    /// std::invalid_argument naming the key when it is missing (the forms without a
    /// fallback) or its value is not of the kind asked for (parse_count, parse_number).
    ///@{
    const std::string& text(const std::string& key) const;
    std::string text(const std::string& key, const std::string& fallback) const;
    std::size_t count(const std::string& key) const;
    double number(const std::string& key) const;
    double number(const std::string& key, double fallback) const;
    std::vector<std::size_t> shape(const std::string& key) const;
    ///@}

    /// The key of the first setting that no getter has read, or "" when every one was read:
    /// a setting the layer does not have (a typo such as "unit=4") is refused, not ignored.
    std::string first_unread() const;

private:
    // The index of `key` in settings_ (marked read), or settings_.size() when it is not set.
    std::size_t find(const std::string& key) const;

    std::vector<Setting> settings_;
    mutable std::vector<bool> read_;  // read_[i]: settings_[i] was asked for
};

}  // namespace neurona

#include "neurona/layers/config.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

#include "neurona/names.hpp"

namespace neurona {

std::size_t parse_count(const std::string& text, const std::string& what) {
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 12)
        throw std::invalid_argument(what + " is not a count: '" + text + "'");
    return std::stoull(text);
}

double parse_number(const std::string& text, const std::string& what) {
    try {
        std::size_t used = 0;
        const double v = std::stod(text, &used);
        if (used == text.size() && std::isfinite(v)) return v;
    } catch (const std::exception&) {
        // not a number at all, or out of double's range: reported below
    }
    throw std::invalid_argument(what + " is not a finite number: '" + text + "'");
}

void LayerConfig::set(const std::string& key, std::string value) {
    for (Setting& s : settings_)
        if (s.first == key) {
            s.second = std::move(value);
            return;
        }
    settings_.emplace_back(key, std::move(value));
    read_.push_back(false);
}

void LayerConfig::set(const std::string& key, std::size_t count) { set(key, std::to_string(count)); }

void LayerConfig::set(const std::string& key, double number) { set(key, number_text(number)); }

void LayerConfig::set(const std::string& key, const std::vector<std::size_t>& shape) {
    std::string text;
    for (std::size_t d : shape) {
        if (!text.empty()) text += ',';
        text += std::to_string(d);
    }
    set(key, std::move(text));
}

bool LayerConfig::has(const std::string& key) const {
    for (const Setting& s : settings_)
        if (s.first == key) return true;
    return false;
}

std::size_t LayerConfig::find(const std::string& key) const {
    for (std::size_t i = 0; i < settings_.size(); ++i)
        if (settings_[i].first == key) {
            read_[i] = true;
            return i;
        }
    return settings_.size();
}

const std::string& LayerConfig::text(const std::string& key) const {
    const std::size_t i = find(key);
    if (i == settings_.size()) throw std::invalid_argument("missing setting '" + key + "'");
    return settings_[i].second;
}

std::string LayerConfig::text(const std::string& key, const std::string& fallback) const {
    const std::size_t i = find(key);
    return i == settings_.size() ? fallback : settings_[i].second;
}

std::size_t LayerConfig::count(const std::string& key) const {
    return parse_count(text(key), "setting '" + key + "'");
}

double LayerConfig::number(const std::string& key) const {
    return parse_number(text(key), "setting '" + key + "'");
}

double LayerConfig::number(const std::string& key, double fallback) const {
    return has(key) ? number(key) : fallback;
}

std::vector<std::size_t> LayerConfig::shape(const std::string& key) const {
    std::vector<std::size_t> shape;
    std::istringstream in(text(key));
    for (std::string axis; std::getline(in, axis, ',');) shape.push_back(parse_count(axis, "setting '" + key + "'"));
    return shape;
}

std::string LayerConfig::first_unread() const {
    for (std::size_t i = 0; i < settings_.size(); ++i)
        if (!read_[i]) return settings_[i].first;
    return "";
}

}  // namespace neurona

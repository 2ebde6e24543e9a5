#include "neurona/layers/layer.hpp"

#include <stdexcept>

namespace neurona {

std::size_t shape_size(const Shape& shape) {
    std::size_t n = 1;
    for (std::size_t d : shape) n *= d;
    return n;
}

std::string batch_shape_string(const Shape& shape) {
    std::string s = "(None";
    for (std::size_t d : shape) s += ", " + std::to_string(d);
    return s + ")";
}

void Layer::mark_built(const Shape& input, const Shape& output) {
    input_shape_ = input;
    output_shape_ = output;
    built_ = true;
}

void Layer::set_weights(const std::vector<Matrix>& weights) {
    if (!weights.empty())
        throw std::invalid_argument(name_ + " (" + type() + "): has no weights, got " +
                                    std::to_string(weights.size()));
}

}  // namespace neurona

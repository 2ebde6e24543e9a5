#include "neurona/layers/reshape.hpp"

#include <algorithm>
#include <stdexcept>

namespace neurona {

Reshape::Reshape(Shape target_shape) : target_shape_(std::move(target_shape)) {
    if (target_shape_.empty() || std::find(target_shape_.begin(), target_shape_.end(), 0) != target_shape_.end())
        throw std::invalid_argument("Reshape: every axis of target_shape must be at least 1, got " +
                                    batch_shape_string(target_shape_) +
                                    " (no -1: write the axis out, e.g. {28, 28, 1} for 784 values)");
}

Reshape::Reshape(Shape target_shape, InputShape input_shape) : Reshape(std::move(target_shape)) {
    declared_input_shape_ = std::move(input_shape.dims);
}

std::unique_ptr<Layer> Reshape::from_config(const LayerConfig& config) {
    return std::make_unique<Reshape>(config.shape("target_shape"));
}

LayerConfig Reshape::settings() const {
    LayerConfig config;
    config.set("target_shape", target_shape_);
    return config;
}

Shape Reshape::compute_output_shape(const Shape& input_shape) const {
    const std::size_t in = shape_size(input_shape), target = shape_size(target_shape_);
    if (in != target)
        throw std::invalid_argument(label() + ": the input " + batch_shape_string(input_shape) + " holds " +
                                    std::to_string(in) + " values per sample, but target_shape " +
                                    batch_shape_string(target_shape_) + " holds " + std::to_string(target) +
                                    "; their sizes must be equal");
    return target_shape_;
}

// A_prev (batch, prod(input shape)) -> A (batch, prod(target_shape)), the same numbers:
// a row already is the sample flattened in row-major order, whatever its shape.
Matrix Reshape::forward_pass(const Matrix& A_prev, bool /*training*/) { return A_prev; }

// dA (batch, prod(target_shape)) -> dA_prev (batch, prod(input shape)): A = A_prev, so dA_prev = dA.
Matrix Reshape::backward_pass(const Matrix& dA, bool /*need_dA_prev: always, no weights*/) { return dA; }

}  // namespace neurona

/// @file flatten.hpp
/// Flatten: (None, 28, 28) -> (None, 784).
#pragma once

#include <memory>

#include "neurona/layers/layer.hpp"

namespace neurona {

/// Keras's Flatten. Data is already stored flattened, one sample per row, so the values
/// pass through unchanged; what changes is the shape the next layer sees.
class Flatten : public Layer {
public:
    Flatten() = default;
    /// As the first layer: Flatten(InputShape{28, 28}).
    explicit Flatten(InputShape input_shape) { declared_input_shape_ = std::move(input_shape.dims); }

    std::string type() const override { return "Flatten"; }
    /// Keras's from_config: no settings of its own.
    static std::unique_ptr<Layer> from_config(const LayerConfig& config);
    /// (product of the input axes).
    Shape compute_output_shape(const Shape& input_shape) const override { return {shape_size(input_shape)}; }

protected:
    /// A = A_prev: (batch, prod(input shape)).
    Matrix forward_pass(const Matrix& A_prev, bool training) override;
    /// dA_prev = dA.
    Matrix backward_pass(const Matrix& dA, bool need_dA_prev) override;
};

}  // namespace neurona

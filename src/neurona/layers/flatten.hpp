/// @file flatten.hpp
/// Flatten: (None, 28, 28) -> (None, 784).
#pragma once

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
    /// Output shape (product of the input axes).
    Shape build(const Shape& input_shape) override;
    /// A = A_prev: (batch, prod(input shape)). Throws std::invalid_argument on a column mismatch
    /// and std::logic_error before build().
    Matrix forward(const Matrix& A_prev, bool training) override;
    /// dA_prev = dA.
    Matrix backward(const Matrix& dA) override;
};

}  // namespace neurona

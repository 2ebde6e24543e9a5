/// @file reshape.hpp
/// Reshape: (None, 784) -> (None, 28, 28, 1), and any other shape of the same size.
#pragma once

#include <memory>

#include "neurona/layers/layer.hpp"

namespace neurona {

/// Keras's Reshape(target_shape). Data is already stored flattened, one sample per row in
/// row-major order, so the values pass through unchanged: only the shape the next layer sees
/// changes, as NumPy's reshape. It turns MNIST's (784) rows into (28, 28, 1) images for Conv2D.
///
/// Unlike Keras, no axis can be -1 ("infer it"): Shape's axes are unsigned, so every axis of
/// the target is written out, and its size must equal the input's.
class Reshape : public Layer {
public:
    /// target_shape: at least one axis, each at least 1; throws std::invalid_argument otherwise.
    explicit Reshape(Shape target_shape);
    /// As the first layer: Reshape({28, 28, 1}, InputShape{784}).
    Reshape(Shape target_shape, InputShape input_shape);

    std::string type() const override { return "Reshape"; }
    /// Keras's from_config: target_shape (required).
    static std::unique_ptr<Layer> from_config(const LayerConfig& config);
    /// target_shape. Throws std::invalid_argument naming both shapes when the input holds
    /// another number of values than the target.
    Shape compute_output_shape(const Shape& input_shape) const override;

    const Shape& target_shape() const { return target_shape_; }  ///< The output shape, without the batch axis.

protected:
    /// target_shape.
    LayerConfig settings() const override;

    /// A = A_prev: (batch, prod(input shape)) = (batch, prod(target_shape)).
    Matrix forward_pass(const Matrix& A_prev, bool training) override;
    /// dA_prev = dA.
    Matrix backward_pass(const Matrix& dA, bool need_dA_prev) override;

private:
    Shape target_shape_;
};

}  // namespace neurona

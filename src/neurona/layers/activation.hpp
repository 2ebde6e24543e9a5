/// @file activation.hpp
/// Activation: an activation function as a layer of its own, A = g(Z).
#pragma once

#include <string>

#include "neurona/activations.hpp"
#include "neurona/layers/layer.hpp"

namespace neurona {

/// Keras's Activation("relu"): Dense(4) followed by Activation("relu") computes the same
/// as Dense(4, "relu"), in two layers.
class Activation : public Layer {
public:
    /// `name` from get_activation; throws std::invalid_argument listing the known ones.
    explicit Activation(const std::string& name) : function_(&get_activation(name)) {}

    std::string type() const override { return "Activation"; }
    /// Output shape = input shape.
    Shape build(const Shape& input_shape) override;
    /// A = g(Z), with Z = A_prev (batch, features). Keeps Z and A for backward.
    Matrix forward(const Matrix& Z, bool training) override;
    /// dZ = dA * g'(Z) (softmax: its Jacobian per row), (batch, features).
    Matrix backward(const Matrix& dA) override;

    const std::string& activation() const { return function_->name; }  ///< g's name

private:
    const ActivationFunction* function_;
    Matrix Z_, A_;
};

}  // namespace neurona

/// @file activation.hpp
/// Activation: an activation function as a layer of its own, A = g(Z).
#pragma once

#include <memory>
#include <string>

#include "neurona/activations.hpp"
#include "neurona/layers/layer.hpp"

namespace neurona {

/// Keras's Activation("relu"): Dense(4) followed by Activation("relu") computes the same
/// as Dense(4, "relu"), in two layers. Its input is the Z of the layer below.
class Activation : public Layer {
public:
    /// `name` from get_activation; throws std::invalid_argument listing the known ones.
    explicit Activation(const std::string& name) : function_(&get_activation(name)) {}

    std::string type() const override { return "Activation"; }
    /// Any width: value by value (softmax: row by row), as Keras's Activation.
    bool any_width() const override { return true; }
    /// Keras's from_config: activation (required).
    static std::unique_ptr<Layer> from_config(const LayerConfig& config);
    /// g.
    const ActivationFunction* output_activation() const override { return function_; }

    const std::string& activation() const { return function_->name; }  ///< g's name

protected:
    /// activation.
    LayerConfig settings() const override;

    /// A = g(Z), with Z = A_prev (batch, features). Keeps Z and A for backward.
    Matrix forward_pass(const Matrix& Z, bool training) override;
    /// dZ = dA * g'(Z) (softmax: its Jacobian per row), (batch, features).
    Matrix backward_pass(const Matrix& dA, bool need_dA_prev) override;
    /// Given dZ = dL/dZ, the layer's dA_prev is dZ itself: g' is what it skips.
    Matrix backward_from_logits_pass(const Matrix& dZ, bool need_dA_prev) override;
    /// Z of the last forward (the input it was given).
    const Matrix& logits() const override { return Z_; }

private:
    const ActivationFunction* function_;
    Matrix Z_, A_;
};

}  // namespace neurona

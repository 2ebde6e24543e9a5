#include "neurona/layers/activation.hpp"

namespace neurona {

std::unique_ptr<Layer> Activation::from_config(const LayerConfig& config) {
    return std::make_unique<Activation>(config.text("activation"));
}

LayerConfig Activation::settings() const {
    LayerConfig config;
    config.set("activation", function_->name);
    return config;
}

Matrix Activation::forward_pass(const Matrix& Z, bool /*training*/) {
    Z_ = Z;
    A_ = function_->forward(Z);  // A = g(Z)
    return A_;
}

Matrix Activation::backward_pass(const Matrix& dA, bool /*need_dA_prev: always, no weights*/) {
    return function_->backward(Z_, A_, dA);  // dZ = dA * g'(Z)
}

Matrix Activation::backward_from_logits_pass(const Matrix& dZ, bool /*need_dA_prev: always, no weights*/) {
    return dZ;
}

}  // namespace neurona

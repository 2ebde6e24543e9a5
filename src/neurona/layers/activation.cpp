#include "neurona/layers/activation.hpp"

namespace neurona {

Shape Activation::build(const Shape& input_shape) {
    mark_built(input_shape, input_shape);
    return output_shape_;
}

Matrix Activation::forward(const Matrix& Z, bool /*training*/) {
    Z_ = Z;
    A_ = function_->forward(Z);
    return A_;
}

Matrix Activation::backward(const Matrix& dA) {
    if (!needs_input_gradient_) return Matrix();
    if (!dA.same_shape(Z_)) throw_shape_error(name_ + " (Activation) backward: dA and Z", dA, Z_);
    return function_->backward(Z_, A_, dA);  // dZ = dA * g'(Z)
}

}  // namespace neurona

#include "neurona/layers/flatten.hpp"

#include <stdexcept>

namespace neurona {

Shape Flatten::build(const Shape& input_shape) {
    mark_built(input_shape, {shape_size(input_shape)});
    return output_shape_;
}

Matrix Flatten::forward(const Matrix& A_prev, bool /*training*/) {
    if (!built_) throw std::logic_error(name_ + " (Flatten): forward before build (no input shape yet)");
    if (A_prev.cols() != output_shape_[0])
        throw std::invalid_argument(name_ + " (Flatten): input " + A_prev.shape() +
                                    " does not hold samples of shape " +
                                    batch_shape_string(input_shape_));
    return A_prev;
}

Matrix Flatten::backward(const Matrix& dA) {
    if (!needs_input_gradient_) return Matrix();
    return dA;
}

}  // namespace neurona

// Exercise 02: relu and tanh derivatives and their backward step. See README.md;
// run `make exercise N=02`.
#include <cmath>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

/// max(0, z).
Scalar relu(Scalar z) {
    return 0;  // TODO
}

/// 1 for z > 0, else 0 (0 at the kink z = 0, as TensorFlow).
Scalar relu_derivative(Scalar z) {
    return 0;  // TODO
}

/// 1 - tanh(z)^2.
Scalar tanh_derivative(Scalar z) {
    return 0;  // TODO
}

/// dZ = dA * relu'(Z), elementwise. Z and dA are (batch, units); so is dZ.
Matrix relu_backward(const Matrix& Z, const Matrix& dA) {
    return Matrix();  // TODO
}

/// dZ = dA * tanh'(Z), elementwise.
Matrix tanh_backward(const Matrix& Z, const Matrix& dA) {
    return Matrix();  // TODO
}

}  // namespace exercise

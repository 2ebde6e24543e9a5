// Exercise 02, the reference solution.
#include <cmath>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

Scalar relu(Scalar z) { return z > 0 ? z : 0; }

// The slope is 1 to the right of the kink and 0 to the left; at z = 0 we take 0, as TF does.
Scalar relu_derivative(Scalar z) { return z > 0 ? 1 : 0; }

Scalar tanh_derivative(Scalar z) {
    const Scalar t = std::tanh(z);
    return 1 - t * t;
}

// In the forward pass A = relu(Z), elementwise, so dZ = dA * relu'(Z).
Matrix relu_backward(const Matrix& Z, const Matrix& dA) { return dA * Z.apply(relu_derivative); }

// In the forward pass A = tanh(Z), so dZ = dA * (1 - tanh(Z)^2).
Matrix tanh_backward(const Matrix& Z, const Matrix& dA) { return dA * Z.apply(tanh_derivative); }

}  // namespace exercise

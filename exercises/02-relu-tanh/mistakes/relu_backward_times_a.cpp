// Mistake: relu's backward step multiplies dA by the activation relu(Z) instead of its derivative relu'(Z).
// Diagnóstico: dZ = dA * relu(Z): se multiplica por la derivada relu'(Z) (0 o 1), no por la activación A = relu(Z)
// Diagnosis: dZ = dA * relu(Z): multiply by the derivative relu'(Z) (0 or 1), not by the activation A = relu(Z)
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
// The mistake: dA * relu(Z), the activation where its slope (0 or 1) belongs.
Matrix relu_backward(const Matrix& Z, const Matrix& dA) { return dA * Z.apply(relu); }

// In the forward pass A = tanh(Z), so dZ = dA * (1 - tanh(Z)^2).
Matrix tanh_backward(const Matrix& Z, const Matrix& dA) { return dA * Z.apply(tanh_derivative); }

}  // namespace exercise

// Mistake: tanh's derivative evaluated at the layer's output A = tanh(Z) instead of at Z.
// Diagnóstico: la derivada se tomó en A = tanh(Z), no en Z
// Diagnosis: the derivative was taken at A = tanh(Z), not at Z
#include <cmath>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

Scalar relu(Scalar z) { return z > 0 ? z : 0; }
Scalar relu_derivative(Scalar z) { return z > 0 ? 1 : 0; }
Scalar tanh_derivative(Scalar z) {
    const Scalar t = std::tanh(z);
    return 1 - t * t;
}
Matrix relu_backward(const Matrix& Z, const Matrix& dA) { return dA * Z.apply(relu_derivative); }

// The mistake: 1 - tanh(A)^2 with A = tanh(Z).
Matrix tanh_backward(const Matrix& Z, const Matrix& dA) {
    const Matrix A = Z.apply([](Scalar z) { return std::tanh(z); });
    return dA * A.apply(tanh_derivative);
}

}  // namespace exercise

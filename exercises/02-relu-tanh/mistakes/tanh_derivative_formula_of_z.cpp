// Mistake: tanh'(z) written as 1 - z^2: the formula 1 - A^2 applied to z instead of A = tanh(z).
// Diagnóstico: tanh'(z) se calculó como 1 - z^2: la fórmula 1 - A^2 pide A = tanh(z), no z
// Diagnosis: tanh'(z) was computed as 1 - z^2: the formula 1 - A^2 needs A = tanh(z), not z
#include <cmath>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

Scalar relu(Scalar z) { return z > 0 ? z : 0; }

// The slope is 1 to the right of the kink and 0 to the left; at z = 0 we take 0, as TF does.
Scalar relu_derivative(Scalar z) { return z > 0 ? 1 : 0; }

// The mistake: 1 - A^2 with z in the place of A = tanh(z).
Scalar tanh_derivative(Scalar z) { return 1 - z * z; }

// In the forward pass A = relu(Z), elementwise, so dZ = dA * relu'(Z).
Matrix relu_backward(const Matrix& Z, const Matrix& dA) { return dA * Z.apply(relu_derivative); }

// In the forward pass A = tanh(Z), so dZ = dA * (1 - tanh(Z)^2).
Matrix tanh_backward(const Matrix& Z, const Matrix& dA) { return dA * Z.apply(tanh_derivative); }

}  // namespace exercise

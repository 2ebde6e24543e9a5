// Mistake: relu'(0) = 1 (z >= 0 instead of z > 0).
// Diagnóstico: relu'(0) vale 1; en el pliegue z = 0 Keras/TensorFlow toman 0
// Diagnosis: relu'(0) is 1; at the kink z = 0 Keras/TensorFlow take 0
#include <cmath>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

Scalar relu(Scalar z) { return z > 0 ? z : 0; }
// The mistake: >= takes the slope of the right side at the kink.
Scalar relu_derivative(Scalar z) { return z >= 0 ? 1 : 0; }
Scalar tanh_derivative(Scalar z) {
    const Scalar t = std::tanh(z);
    return 1 - t * t;
}
Matrix relu_backward(const Matrix& Z, const Matrix& dA) { return dA * Z.apply(relu_derivative); }
Matrix tanh_backward(const Matrix& Z, const Matrix& dA) { return dA * Z.apply(tanh_derivative); }

}  // namespace exercise

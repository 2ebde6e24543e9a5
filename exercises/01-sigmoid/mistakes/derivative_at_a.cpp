// Mistake: the derivative evaluated at the output A = sigmoid(z) instead of at z (course section 2.4).
// Diagnóstico: la derivada se tomó en A = sigmoid(z), no en z: sigmoid'(z) = sigmoid(z) (1 - sigmoid(z))
// Diagnosis: the derivative was taken at A = sigmoid(z), not at z: sigmoid'(z) = sigmoid(z) (1 - sigmoid(z))
#include <cmath>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Scalar;

/// sigma(z) = 1 / (1 + e^-z). For z < 0 the same value is e^z / (1 + e^z), which only takes
/// e of a negative number, so neither branch can overflow.
Scalar sigmoid(Scalar z) {
    if (z >= 0) return 1 / (1 + std::exp(-z));
    const Scalar e = std::exp(z);
    return e / (1 + e);
}

/// sigma'(z) = sigma(z) * (1 - sigma(z)), evaluated at z.
// The mistake: sigmoid'(A) with A = sigmoid(z), as if z were already the layer's output.
Scalar sigmoid_derivative(Scalar z) {
    const Scalar A = sigmoid(z);
    const Scalar s = sigmoid(A);
    return s * (1 - s);
}

}  // namespace exercise

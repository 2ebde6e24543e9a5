// Mistake: sigma'(z) written as z (1 - z): the formula A (1 - A) applied to z.
// Diagnóstico: sigmoid'(z) se calculó como z (1 - z): la fórmula A (1 - A) pide A = sigmoid(z), no z
// Diagnosis: sigmoid'(z) was computed as z (1 - z): the formula A (1 - A) needs A = sigmoid(z), not z
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
Scalar sigmoid_derivative(Scalar z) {
    // The mistake: A (1 - A) with z in the place of A = sigmoid(z).
    return z * (1 - z);
}

}  // namespace exercise

// Mistake: sigma'(z) written as e^-z / (1 + e^-z)^2: NaN (inf / inf) at z = -100.
// Diagnóstico: sigmoid'(z) da NaN para z muy negativo: e^-z / (1 + e^-z)^2 desborda a inf / inf; escribe sigmoid'(z) = sigmoid(z) (1 - sigmoid(z)) con tu sigmoid estable
// Diagnosis: sigmoid'(z) is NaN for very negative z: e^-z / (1 + e^-z)^2 overflows to inf / inf; write sigmoid'(z) = sigmoid(z) (1 - sigmoid(z)) with your stable sigmoid
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
    // The mistake: a second formula, equal on paper, whose e^-z overflows for z << 0.
    const Scalar e = std::exp(-z);
    return e / ((1 + e) * (1 + e));
}

}  // namespace exercise

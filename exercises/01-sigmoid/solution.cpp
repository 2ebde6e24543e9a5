// Exercise 01, the reference solution.
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
    const Scalar s = sigmoid(z);
    return s * (1 - s);
}

}  // namespace exercise

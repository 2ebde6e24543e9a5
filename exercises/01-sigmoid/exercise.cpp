// Exercise 01: the sigmoid and its derivative. See README.md; run `make exercise N=01`.
#include <cmath>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Scalar;

/// sigma(z) = 1 / (1 + e^-z), in (0, 1). Must not overflow for large |z|.
Scalar sigmoid(Scalar z) {
    return 0;  // TODO: 1 / (1 + e^-z), written so that it never overflows
}

/// sigma'(z) = sigma(z) * (1 - sigma(z)): the slope at z (not at sigma(z)).
Scalar sigmoid_derivative(Scalar z) {
    return 0;  // TODO
}

}  // namespace exercise

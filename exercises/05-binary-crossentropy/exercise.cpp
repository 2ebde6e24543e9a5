// Exercise 05: binary cross-entropy and its gradient. See README.md; run `make exercise N=05`.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "neurona/losses.hpp"  // neurona::kEpsilon = 1e-7
#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

/// -mean(y log p + (1 - y) log(1 - p)), p = y_pred clipped to [kEpsilon, 1 - kEpsilon].
/// Throws std::invalid_argument when the shapes differ.
Scalar binary_crossentropy(const Matrix& y_true, const Matrix& y_pred) {
    throw std::logic_error("TODO: binary_crossentropy");
}

/// dL/dy_pred: (p - y) / (p (1 - p)) / n inside the clip, 0 where y_pred was clipped.
/// Throws std::invalid_argument when the shapes differ.
Matrix binary_crossentropy_gradient(const Matrix& y_true, const Matrix& y_pred) {
    throw std::logic_error("TODO: binary_crossentropy_gradient");
}

}  // namespace exercise

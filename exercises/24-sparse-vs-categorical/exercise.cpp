// Exercise 24: one-hot labels, and categorical vs sparse categorical cross-entropy. See
// README.md; run `make exercise N=24`.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>

#include "neurona/losses.hpp"  // neurona::kEpsilon = 1e-7
#include "neurona/matrix.hpp"

namespace exercise {

using neurona::kEpsilon;
using neurona::Matrix;
using neurona::Scalar;

/// y (n, 1) class numbers -> (n, num_classes) one-hot rows; num_classes = 0 means max(y) + 1.
/// Throws std::invalid_argument when y is not one column, or a label is not an integer in
/// [0, num_classes).
Matrix to_categorical(const Matrix& y, std::size_t num_classes) {
    return Matrix();  // TODO
}

/// -(1/batch) sum over rows and columns of Y * ln(clip(P)); Y one-hot, Y and P (batch, classes).
/// Throws std::invalid_argument when the shapes differ.
Scalar categorical_crossentropy(const Matrix& Y, const Matrix& P) {
    return 0;  // TODO
}

/// dL/dP, (batch, classes): -Y / P / batch, and 0 where P was clipped.
Matrix categorical_crossentropy_gradient(const Matrix& Y, const Matrix& P) {
    return Matrix();  // TODO
}

/// The same loss with y (batch, 1) class numbers: -(1/batch) sum over rows of ln(clip(P(r, y_r))).
/// Throws std::invalid_argument when y is not (batch, 1) or a label is not a class of P.
Scalar sparse_categorical_crossentropy(const Matrix& y, const Matrix& P) {
    return 0;  // TODO
}

/// dL/dP, (batch, classes).
Matrix sparse_categorical_crossentropy_gradient(const Matrix& y, const Matrix& P) {
    return Matrix();  // TODO
}

}  // namespace exercise

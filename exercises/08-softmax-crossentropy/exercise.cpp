// Exercise 08: softmax + cross-entropy, from the logits. See README.md; run `make exercise N=08`.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

/// L = -(1/batch) sum_rows sum_j Y_j log softmax(Z)_j, for logits Z and one-hot labels Y, both
/// (batch, classes). Finite for any finite Z (log-sum-exp).
Scalar softmax_crossentropy(const Matrix& Z, const Matrix& Y) {
    return 0;  // TODO
}

/// dL/dZ = (softmax(Z) - Y) / batch, (batch, classes).
Matrix softmax_crossentropy_gradient(const Matrix& Z, const Matrix& Y) {
    return Matrix(Z.rows(), Z.cols());  // TODO
}

}  // namespace exercise

// Exercise 03: softmax and its backward step. See README.md; run `make exercise N=03`.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

/// Row-wise softmax of Z (batch, classes): A_ij = e^(Z_ij) / sum_k e^(Z_ik). Finite for any
/// finite Z.
Matrix softmax(const Matrix& Z) {
    return Matrix(Z.rows(), Z.cols());  // TODO: zeros are not probabilities
}

/// Given A = softmax(Z) and dA = dL/dA (both (batch, classes)), returns dZ = dL/dZ:
/// per row, dZ_i = A_i * (dA_i - sum_j dA_j A_j).
Matrix softmax_backward(const Matrix& A, const Matrix& dA) {
    throw std::logic_error("TODO: softmax_backward");
}

}  // namespace exercise

// Exercise 21: the L2 (and L1) weight penalty and its gradient. See README.md; run
// `make exercise N=21`.
#include <cmath>
#include <stdexcept>
#include <tuple>

#include "neurona/losses.hpp"
#include "neurona/matmul.hpp"
#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Op;
using neurona::Scalar;

/// l2 * sum of W's squared elements (Keras's regularizers.l2(l2)).
Scalar l2_penalty(const Matrix& W, double l2) {
    return 0;  // TODO
}

/// Its gradient with respect to W, W's shape.
Matrix l2_penalty_gradient(const Matrix& W, double l2) {
    return Matrix();  // TODO
}

/// l1 * sum of W's absolute values (Keras's regularizers.l1(l1)).
Scalar l1_penalty(const Matrix& W, double l1) {
    return 0;  // TODO
}

/// Its gradient with respect to W: l1 * sign(W), with sign(0) = 0.
Matrix l1_penalty_gradient(const Matrix& W, double l1) {
    return Matrix();  // TODO
}

/// A linear Dense layer, Z = A_prev . W + b, with kernel_regularizer = l1_l2(l1, l2) and the
/// MSE loss against Y. A_prev is (batch, in), W (in, units), b (1, units), Y (batch, units).
/// Returns {loss, dW, db}: the loss with its penalty, and its gradients.
std::tuple<Scalar, Matrix, Matrix> regularized_dense_mse(const Matrix& A_prev, const Matrix& W, const Matrix& b,
                                                         const Matrix& Y, double l1, double l2) {
    throw std::logic_error("TODO: regularized_dense_mse");
}

}  // namespace exercise

// Mistake: sign(w) computed as w >= 0 ? 1 : -1, so a weight of exactly 0 gets the push l1.
// Diagnóstico: sign(0) se tomó como 1; el gradiente de l1·|w| en w = 0 es 0, como en TensorFlow
// Diagnosis: sign(0) was taken as 1; the gradient of l1·|w| at w = 0 is 0, as in TensorFlow
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

/// Keras's regularizers.l2(l2): penalty = l2 * sum_ij W_ij^2, added to the loss.
/// Accumulated in double: W can have many elements.
Scalar l2_penalty(const Matrix& W, double l2) {
    double squares = 0;
    for (Scalar w : W.values()) squares += static_cast<double>(w) * w;
    return static_cast<Scalar>(l2 * squares);
}

/// d(l2 * w^2)/dw = 2 * l2 * w, element by element: the pull towards 0 ("weight decay").
Matrix l2_penalty_gradient(const Matrix& W, double l2) { return W * static_cast<Scalar>(2 * l2); }

/// Keras's regularizers.l1(l1): penalty = l1 * sum_ij |W_ij|.
Scalar l1_penalty(const Matrix& W, double l1) {
    double total = 0;
    for (Scalar w : W.values()) total += std::abs(static_cast<double>(w));
    return static_cast<Scalar>(l1 * total);
}

/// d(l1 * |w|)/dw = l1 * sign(w). |w| has no derivative at 0; TensorFlow's sign(0) is 0,
/// so a weight that is exactly 0 gets no push.
Matrix l1_penalty_gradient(const Matrix& W, double l1) {
    // The mistake: 0 counts as positive.
    return W.apply([l1](Scalar w) { return static_cast<Scalar>(w >= 0 ? l1 : -l1); });
}

/// A linear Dense layer with kernel_regularizer = l1_l2(l1, l2), trained with MSE:
///   Z = A_prev . W + b
///   loss = mse(Y, Z) + l1 * sum|W| + l2 * sum W^2      the mean over the batch, then the
///                                                     penalty, once, not divided by anything
///   dZ = 2 (Z - Y) / (batch * units)                  the MSE's gradient (exercise 04)
///   dW = A_prev^T . dZ + l1 sign(W) + 2 l2 W          the penalty's gradient joins dW
///   db = sum over the batch of dZ                     the bias is not penalized
std::tuple<Scalar, Matrix, Matrix> regularized_dense_mse(const Matrix& A_prev, const Matrix& W, const Matrix& b,
                                                         const Matrix& Y, double l1, double l2) {
    const Matrix Z = neurona::matmul(A_prev, W) + b;
    const Scalar loss = neurona::mse(Y, Z) + l1_penalty(W, l1) + l2_penalty(W, l2);
    const Matrix dZ = neurona::mse_gradient(Y, Z);
    Matrix dW = neurona::matmul(A_prev, dZ, Op::T, Op::N) + l1_penalty_gradient(W, l1) + l2_penalty_gradient(W, l2);
    Matrix db = dZ.sum(0);
    return {loss, dW, db};
}

}  // namespace exercise

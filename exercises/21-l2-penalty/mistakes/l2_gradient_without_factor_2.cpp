// Mistake: the L2 gradient is l2 * W: the 2 from d(w^2)/dw = 2w is lost.
// Diagnóstico: al gradiente de l2·ΣW² le falta el factor 2: es 2·l2·W
// Diagnosis: the gradient of l2·ΣW² lost its factor 2: it is 2·l2·W
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
// The mistake: l2 * W, as if the derivative of w^2 were w.
Matrix l2_penalty_gradient(const Matrix& W, double l2) { return W * static_cast<Scalar>(l2); }

/// Keras's regularizers.l1(l1): penalty = l1 * sum_ij |W_ij|.
Scalar l1_penalty(const Matrix& W, double l1) {
    double total = 0;
    for (Scalar w : W.values()) total += std::abs(static_cast<double>(w));
    return static_cast<Scalar>(l1 * total);
}

/// d(l1 * |w|)/dw = l1 * sign(w). |w| has no derivative at 0; TensorFlow's sign(0) is 0,
/// so a weight that is exactly 0 gets no push.
Matrix l1_penalty_gradient(const Matrix& W, double l1) {
    return W.apply([l1](Scalar w) { return static_cast<Scalar>(l1 * ((w > 0) - (w < 0))); });
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

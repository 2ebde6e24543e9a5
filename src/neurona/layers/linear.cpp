#include "neurona/layers/linear.hpp"

#include <string>

#include "neurona/matmul.hpp"

namespace neurona {

void linear_forward(const Matrix& A_prev, const Matrix& W, const Matrix& b, Matrix& Z) {
    // Checked here: b of shape (batch, units) would also broadcast, silently, as a second input.
    if (b.rows() != 1 || b.cols() != W.cols())
        throw_shape_error("linear_forward: W and b", W, b,
                          " (b must be (1, units), units = " + std::to_string(W.cols()) + ")");
    matmul_into(Z, A_prev, W);  // Z = A_prev . W  (names both shapes when in differs)
    Z += b;                     //     + b, broadcast over the batch
}

Matrix linear_forward(const Matrix& A_prev, const Matrix& W, const Matrix& b) {
    Matrix Z;
    linear_forward(A_prev, W, b, Z);
    return Z;
}

void linear_backward(const Matrix& dZ, const Matrix& A_prev, const Matrix& W, Matrix& dW, Matrix& db,
                     Matrix* dA_prev) {
    if (A_prev.rows() != dZ.rows() || A_prev.cols() != W.rows() || dZ.cols() != W.cols())
        throw_shape_error("linear_backward: dZ and A_prev", dZ, A_prev,
                          " (with W " + W.shape() + ", expected dZ (batch, " + std::to_string(W.cols()) +
                              ") and A_prev (batch, " + std::to_string(W.rows()) + "))");
    // In the forward pass: Z = A_prev . W + b. So, by the chain rule:
    matmul_into(dW, A_prev, dZ, Op::T, Op::N);                // dW = A_prev^T . dZ
    db = dZ.sum(0);                                           // db = sum over the batch of dZ
    if (dA_prev) matmul_into(*dA_prev, dZ, W, Op::N, Op::T);  // dA_prev = dZ . W^T
}

}  // namespace neurona

// Mistake: dZ = dA * g'(A): the activation's derivative taken at A = g(Z) instead of at Z (course section 2.4).
// Diagnóstico: la derivada se tomó en A = g(Z), no en Z: dZ = dA * g'(Z)
// Diagnosis: the derivative was taken at A = g(Z), not at Z: dZ = dA * g'(Z)
#include <stdexcept>
#include <string>
#include <tuple>

#include "neurona/activations.hpp"
#include "neurona/matmul.hpp"
#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Op;

/// In the forward pass: Z = A_prev . W + b, A = g(Z). So, by the chain rule:
///   dZ = dA * g'(Z)                   (softmax: dZ_i = A_i (dA_i - sum_j dA_j A_j))
///   dW = A_prev^T . dZ               Z_bj = sum_i A_prev_bi W_ij, so dZ_bj/dW_ij = A_prev_bi
///   db = sum over the batch of dZ    b is added to every row, so every row contributes
///   dA_prev = dZ . W^T               dZ_bj/dA_prev_bi = W_ij
std::tuple<Matrix, Matrix, Matrix> dense_backward(const Matrix& A_prev, const Matrix& W,
                                                  const Matrix& Z, const Matrix& dA,
                                                  const std::string& activation) {
    const neurona::ActivationFunction& g = neurona::get_activation(activation);
    // The mistake: g' evaluated at the output A = g(Z), as if A were the layer's Z.
    const Matrix A = g.forward(Z);
    const Matrix dZ = g.backward(A, g.forward(A), dA);
    Matrix dW = neurona::matmul(A_prev, dZ, Op::T, Op::N);
    Matrix db = dZ.sum(0);
    Matrix dA_prev = neurona::matmul(dZ, W, Op::N, Op::T);
    return {dW, db, dA_prev};
}

}  // namespace exercise

// Mistake: db averaged over the batch while dW sums over it (the course's slip of section 2.4).
// Diagnóstico: db es la media del lote; se espera la suma sobre el lote, db = la suma de las filas de dZ, igual que dW suma sobre el lote
// Diagnosis: db is the batch mean; the sum over the batch is expected, db = the sum of dZ's rows, as dW sums over the batch
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
    const Matrix dZ = g.backward(Z, g.forward(Z), dA);
    Matrix dW = neurona::matmul(A_prev, dZ, Op::T, Op::N);
    Matrix db = dZ.mean(0);  // The mistake: the mean over the batch, not the sum.
    Matrix dA_prev = neurona::matmul(dZ, W, Op::N, Op::T);
    return {dW, db, dA_prev};
}

}  // namespace exercise

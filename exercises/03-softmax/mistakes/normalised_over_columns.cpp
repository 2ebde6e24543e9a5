// Mistake: softmax normalised down each column (over the batch) instead of along each row.
// Diagnóstico: cada columna suma 1, no cada fila: softmax normaliza sobre las clases de una muestra (una fila), no sobre el lote (una columna)
// Diagnosis: each column sums to 1, not each row: softmax normalises over the classes of one sample (a row), not over the batch (a column)
#include <algorithm>
#include <cmath>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

/// A_ij = e^(Z_ij - m) / sum_k e^(Z_ik - m), with m the row's maximum: the same value as
/// without m (it cancels), but every exponent is <= 0, so nothing overflows, and the sum
/// is >= 1 (the maximum contributes e^0), so nothing divides by zero.
Matrix softmax(const Matrix& Z) {
    // The mistake: the right steps, but down each column (the batch) instead of along each row.
    Matrix A(Z.rows(), Z.cols());
    for (std::size_t c = 0; c < Z.cols(); ++c) {
        Scalar m = Z(0, c);
        for (std::size_t r = 1; r < Z.rows(); ++r) m = std::max(m, Z(r, c));
        Scalar sum = 0;
        for (std::size_t r = 0; r < Z.rows(); ++r) {
            A(r, c) = std::exp(Z(r, c) - m);
            sum += A(r, c);
        }
        for (std::size_t r = 0; r < Z.rows(); ++r) A(r, c) /= sum;
    }
    return A;
}

/// In the forward pass A_i = e^Z_i / sum_k e^Z_k, so dA_i/dZ_j = A_i (delta_ij - A_j) and
/// dZ_j = sum_i dA_i A_i (delta_ij - A_j) = A_j (dA_j - sum_i dA_i A_i).
Matrix softmax_backward(const Matrix& A, const Matrix& dA) {
    if (!A.same_shape(dA)) neurona::throw_shape_error("softmax_backward: A and dA", A, dA);
    Matrix dZ(A.rows(), A.cols());
    for (std::size_t r = 0; r < A.rows(); ++r) {
        Scalar dot = 0;  // sum_j dA_j A_j
        for (std::size_t c = 0; c < A.cols(); ++c) dot += dA(r, c) * A(r, c);
        for (std::size_t c = 0; c < A.cols(); ++c) dZ(r, c) = A(r, c) * (dA(r, c) - dot);
    }
    return dZ;
}

}  // namespace exercise

// Mistake: softmax without subtracting the row maximum: e^Z / sum e^Z, NaN (inf / inf) at scores of +100.
// Diagnóstico: softmax da NaN con puntuaciones de +100: e^100 desborda un float a inf, e inf / inf = NaN; resta a cada fila su máximo antes de exp
// Diagnosis: softmax gives NaN at scores of +100: e^100 overflows a float to inf, and inf / inf = NaN; subtract each row's maximum before exp
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
    Matrix A(Z.rows(), Z.cols());
    for (std::size_t r = 0; r < Z.rows(); ++r) {
        const Scalar* z = Z.row_ptr(r);
        Scalar* a = A.row_ptr(r);
        // The mistake: no shift, the textbook e^Z_ij itself; e^100 overflows a float to inf.
        const Scalar m = 0;
        Scalar sum = 0;
        for (std::size_t c = 0; c < Z.cols(); ++c) {
            a[c] = std::exp(z[c] - m);
            sum += a[c];
        }
        for (std::size_t c = 0; c < Z.cols(); ++c) a[c] /= sum;
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

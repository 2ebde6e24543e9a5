// Mistake: softmax shifted by the whole matrix's maximum instead of each row's: 0 / 0 = NaN in a row far below it.
// Diagnóstico: se restó el máximo de toda la matriz, no el de cada fila: en una fila muy por debajo (-100 frente a +100) todos los e^x dan 0, y 0 / 0 = NaN; resta a cada fila su propio máximo
// Diagnosis: the whole matrix's maximum was subtracted, not each row's: in a row far below it (-100 against +100) every e^x is 0, and 0 / 0 = NaN; subtract each row's own maximum
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
        // The mistake: the maximum of the whole matrix, the same for every row.
        const Scalar m = Z.max();
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

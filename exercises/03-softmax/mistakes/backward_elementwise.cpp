// Mistake: softmax's backward step as if it were elementwise: dZ = dA * A (1 - A), the sigmoid's.
// Diagnóstico: dZ = dA * A (1 - A) trata softmax como si fuera elemento a elemento, pero cada salida depende de toda su fila: dZ_i = A_i (dA_i - sum_j dA_j A_j)
// Diagnosis: dZ = dA * A (1 - A) treats softmax as elementwise, but each output depends on its whole row: dZ_i = A_i (dA_i - sum_j dA_j A_j)
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
        const Scalar m = *std::max_element(z, z + Z.cols());
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
    // The mistake: only the diagonal of the Jacobian, dA_i/dZ_i = A_i (1 - A_i), as a sigmoid's.
    return dA * A * (1.0f - A);
}

}  // namespace exercise

// Mistake: log(sum e^z) computed directly, without taking out the row maximum: e^1000 overflows.
// Diagnóstico: log(sum e^Z) desborda con logits grandes: resta el máximo de la fila antes de std::exp (log-sum-exp)
// Diagnosis: log(sum e^Z) overflows with large logits: subtract the row maximum before std::exp (log-sum-exp)
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

namespace {

void check_shapes(const char* op, const Matrix& Z, const Matrix& Y) {
    if (!Z.same_shape(Y)) neurona::throw_shape_error(std::string(op) + ": Z and Y", Z, Y);
}

/// log(sum_k e^z_k) for one row: m + log(sum_k e^(z_k - m)), m = max_k z_k, so every exponent
/// is <= 0 and the sum is >= 1.
double log_sum_exp(const Scalar* z, std::size_t n) {
    // The mistake: m = 0 instead of the row maximum, so e^z overflows to inf for z > 709.
    const double m = 0;
    double sum = 0;
    for (std::size_t k = 0; k < n; ++k) sum += std::exp(z[k] - m);
    return m + std::log(sum);
}

}  // namespace

/// -log P_j = log_sum_exp(z) - z_j, so L = (1/batch) sum_rows sum_j Y_j (log_sum_exp(z) - z_j).
Scalar softmax_crossentropy(const Matrix& Z, const Matrix& Y) {
    check_shapes("softmax_crossentropy", Z, Y);
    double total = 0;
    for (std::size_t r = 0; r < Z.rows(); ++r) {
        const double lse = log_sum_exp(Z.row_ptr(r), Z.cols());
        for (std::size_t j = 0; j < Z.cols(); ++j) total += Y(r, j) * (lse - Z(r, j));
    }
    return static_cast<Scalar>(total / static_cast<double>(Z.rows()));
}

/// softmax's backward of the cross-entropy's gradient collapses to (P - Y) / batch.
Matrix softmax_crossentropy_gradient(const Matrix& Z, const Matrix& Y) {
    check_shapes("softmax_crossentropy_gradient", Z, Y);
    Matrix dZ(Z.rows(), Z.cols());
    for (std::size_t r = 0; r < Z.rows(); ++r) {
        const double lse = log_sum_exp(Z.row_ptr(r), Z.cols());
        for (std::size_t j = 0; j < Z.cols(); ++j) {
            const double P = std::exp(Z(r, j) - lse);  // softmax, stable
            dZ(r, j) = static_cast<Scalar>((P - Y(r, j)) / static_cast<double>(Z.rows()));
        }
    }
    return dZ;
}

}  // namespace exercise

// Mistake: the loss divided by batch x classes (the mean of every element) instead of by batch.
// Diagnóstico: la pérdida se promedió sobre todos los elementos (lote x clases); se promedia solo sobre las muestras del lote
// Diagnosis: the loss was averaged over every element (batch x classes); it is averaged over the samples of the batch only
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
    const double m = *std::max_element(z, z + n);
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
    // The mistake: a mean over every element of the (batch, classes) matrix, as MSE would take it.
    return static_cast<Scalar>(total / static_cast<double>(Z.size()));
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

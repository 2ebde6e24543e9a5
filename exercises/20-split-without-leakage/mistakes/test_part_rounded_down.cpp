// Mistake: n_test = test_size * n truncated to an integer (rounded down), not rounded up as scikit-learn.
// Diagnóstico: a la parte de prueba le falta una fila: scikit-learn redondea test_size · n hacia arriba (ceil)
// Diagnosis: the test part is one row short: scikit-learn rounds test_size · n up (ceil)
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "neurona/matrix.hpp"
#include "neurona/random.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;
using Indices = std::vector<std::size_t>;

/// Chapter 3.1's split, on row numbers instead of rows:
///   perm = Rng(seed).permutation(n)              one shuffle, before anything is held out
///   n_test  = ceil(test_size * n)                 scikit-learn rounds the test part up
///   n_rest  = n - n_test                          train + validation
///   n_train = floor(n_rest * (1 - validation_split))   Keras's cut for validation_split
///   test = perm[0, n_test), train = perm[n_test, n_test + n_train), validation = the rest.
/// Consecutive slices of one permutation never overlap and together hold every row once.
std::tuple<Indices, Indices, Indices> split_indices(std::size_t n, double test_size,
                                                    double validation_split, std::uint64_t seed) {
    if (!(test_size > 0 && test_size < 1))
        throw std::invalid_argument("split_indices: test_size must be in (0, 1), got " + std::to_string(test_size));
    if (!(validation_split >= 0 && validation_split < 1))
        throw std::invalid_argument("split_indices: validation_split must be in [0, 1), got " +
                                    std::to_string(validation_split));
    // The mistake: the cast truncates, 2.5 becomes 2.
    const auto n_test = static_cast<std::size_t>(test_size * static_cast<double>(n));
    const std::size_t n_rest = n - n_test;  // n_test <= n, since test_size < 1
    const auto n_train =
        static_cast<std::size_t>(std::floor(static_cast<double>(n_rest) * (1.0 - validation_split)));
    const std::size_t n_validation = n_rest - n_train;
    if (n_test == 0 || n_train == 0 || (validation_split > 0 && n_validation == 0))
        throw std::invalid_argument("split_indices: " + std::to_string(n) + " rows give " +
                                    std::to_string(n_train) + " to train, " + std::to_string(n_validation) +
                                    " to validate and " + std::to_string(n_test) + " to test; a part is empty");

    neurona::Rng rng(seed);
    const Indices perm = rng.permutation(n);
    const auto at = [&](std::size_t i) { return perm.begin() + static_cast<std::ptrdiff_t>(i); };
    Indices test(at(0), at(n_test));
    Indices train(at(n_test), at(n_test + n_train));
    Indices validation(at(n_test + n_train), perm.end());
    return {train, validation, test};
}

/// StandardScaler's fit, on the training rows of X only:
///   mean_c  = (1/m) sum_{r in rows} X(r, c)
///   scale_c = sqrt((1/m) sum_{r in rows} (X(r, c) - mean_c)^2)   (population, ddof = 0)
/// with m = rows.size(), and scale 1 for a column that is constant on those rows.
/// The validation and test rows are never read: their values must not shape the
/// preprocessing, or the scores measured on them would no longer be about unseen data.
std::pair<Matrix, Matrix> fit_scaler(const Matrix& X, const Indices& rows) {
    if (rows.empty()) throw std::invalid_argument("fit_scaler: no training rows");
    for (std::size_t r : rows)
        if (r >= X.rows())
            throw std::invalid_argument("fit_scaler: row " + std::to_string(r) + " is outside X " + X.shape());
    const double m = static_cast<double>(rows.size());
    Matrix mean(1, X.cols()), scale(1, X.cols());
    for (std::size_t c = 0; c < X.cols(); ++c) {
        double sum = 0;
        for (std::size_t r : rows) sum += X(r, c);
        const double mu = sum / m;
        double squares = 0;
        for (std::size_t r : rows) squares += (X(r, c) - mu) * (X(r, c) - mu);
        const double sd = std::sqrt(squares / m);
        mean(0, c) = static_cast<Scalar>(mu);
        scale(0, c) = sd == 0 ? Scalar{1} : static_cast<Scalar>(sd);
    }
    return {mean, scale};
}

}  // namespace exercise

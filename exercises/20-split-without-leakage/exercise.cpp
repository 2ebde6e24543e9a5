// Exercise 20: a train / validation / test split without leakage. See README.md; run
// `make exercise N=20`.
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

/// Splits the row numbers 0 .. n-1 into {train, validation, test}. One permutation,
/// neurona::Rng(seed).permutation(n): its first ceil(test_size * n) entries are the test rows;
/// of the n_rest entries after them, the first floor(n_rest * (1 - validation_split)) train and
/// the rest validate. Each list keeps the permutation's order.
/// Throws std::invalid_argument when test_size is not in (0, 1), validation_split not in
/// [0, 1), or a part would be empty (validation may be empty only when validation_split is 0).
std::tuple<Indices, Indices, Indices> split_indices(std::size_t n, double test_size,
                                                    double validation_split, std::uint64_t seed) {
    return {};  // TODO
}

/// {mean, scale}, both (1, features): each column's mean and population standard deviation
/// over the rows of X listed in `rows` only (scale 1 where that is 0).
/// Throws std::invalid_argument when `rows` is empty or names a row outside X.
std::pair<Matrix, Matrix> fit_scaler(const Matrix& X, const Indices& rows) {
    return {Matrix(), Matrix()};  // TODO
}

}  // namespace exercise

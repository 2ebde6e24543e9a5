// Exercise 13: StandardScaler. See README.md; run `make exercise N=13`.
#include <cmath>
#include <stdexcept>
#include <utility>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

/// For X (n, features), n >= 1: {mean, scale}, both (1, features): each column's mean and
/// population standard deviation (divided by n), or 1 where that is 0.
/// Throws std::invalid_argument when X has no rows.
std::pair<Matrix, Matrix> standard_scaler_fit(const Matrix& X) {
    throw std::logic_error("TODO: standard_scaler_fit");
}

/// (X - mean) / scale, column by column. Throws std::invalid_argument when X's columns differ
/// from mean's or scale's.
Matrix standard_scaler_transform(const Matrix& X, const Matrix& mean, const Matrix& scale) {
    return X;  // TODO
}

}  // namespace exercise

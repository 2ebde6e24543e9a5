// Exercise 10: Adam. See README.md; run `make exercise N=10`.
#include <cmath>
#include <stdexcept>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

/// One Adam step, Keras's formula, at step t + 1 (t counts the steps taken; it is incremented):
///   m = beta_1 m + (1 - beta_1) g;  v = beta_2 v + (1 - beta_2) g^2
///   w = w - lr sqrt(1 - beta_2^t) / (1 - beta_1^t) * m / (sqrt(v) + epsilon)
/// Empty m and v (the first step) start as zeros of w's shape.
/// Throws std::invalid_argument when g's shape differs from w's.
void adam_step(Matrix& w, const Matrix& g, Matrix& m, Matrix& v, long long& t, double learning_rate,
               double beta_1, double beta_2, double epsilon) {
    // TODO
}

}  // namespace exercise

// Exercise 28: one RMSprop step, Keras 3's formula. See README.md; run `make exercise N=28`.
#include <cmath>
#include <stdexcept>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

/// One RMSprop step on the weights w with their gradient g, weight by weight:
///   v = rho * v + (1 - rho) * g^2
///   w = w - learning_rate * g / sqrt(v + epsilon)      (epsilon inside the root, as Keras 3)
/// v keeps its value between calls; an empty v (the first step) starts as zeros of w's shape.
/// Keras's defaults: learning_rate 0.001, rho 0.9, epsilon 1e-7.
/// Throws std::invalid_argument when g (or a non-empty v) has another shape than w.
void rmsprop_step(Matrix& w, const Matrix& g, Matrix& v, double learning_rate, double rho, double epsilon) {
    // TODO
}

}  // namespace exercise

// Exercise 09: SGD with momentum. See README.md; run `make exercise N=09`.
#include <stdexcept>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

/// One step of SGD with momentum, Keras's formula: v = momentum v - learning_rate g; w = w + v.
/// w, g and v have the same shape; an empty v (the first step) starts as zeros.
/// Throws std::invalid_argument when g's shape differs from w's.
void sgd_momentum_step(Matrix& w, const Matrix& g, Matrix& v, Scalar learning_rate,
                       Scalar momentum) {
    // TODO
}

}  // namespace exercise

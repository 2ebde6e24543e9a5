// Exercise 09, the reference solution.
#include <stdexcept>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

/// v = momentum v - learning_rate g; w = w + v (Keras). v starts at zero.
void sgd_momentum_step(Matrix& w, const Matrix& g, Matrix& v, Scalar learning_rate,
                       Scalar momentum) {
    if (!g.same_shape(w)) neurona::throw_shape_error("sgd_momentum_step: w and g", w, g);
    if (v.empty()) v = Matrix(w.rows(), w.cols());
    v = v * momentum - g * learning_rate;
    w += v;
}

}  // namespace exercise

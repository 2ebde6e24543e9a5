// Mistake: w = w + lr v, with v = momentum v - lr g: the learning rate applied twice.
// Diagnóstico: la tasa de aprendizaje se aplica dos veces: ya está en v = momentum v - lr g, así que w = w + v, no w + lr v
// Diagnosis: the learning rate is applied twice: it is already in v = momentum v - lr g, so w = w + v, not w + lr v
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
    // The mistake: v already holds the learning rate; the step multiplies by it again.
    w += v * learning_rate;
}

}  // namespace exercise

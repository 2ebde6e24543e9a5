// Mistake: v = momentum v + lr g: the step goes up the gradient.
// Diagnóstico: el paso va cuesta arriba: v = momentum v + lr g; el gradiente se resta, v = momentum v - lr g
// Diagnosis: the step goes uphill: v = momentum v + lr g; the gradient is subtracted, v = momentum v - lr g
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
    // The mistake: + lr g moves the weights up the slope.
    v = v * momentum + g * learning_rate;
    w += v;
}

}  // namespace exercise

// Mistake: PyTorch's form of momentum: v = momentum v + g, w -= lr v (Keras keeps v = momentum v - lr g).
// Diagnóstico: la velocidad es la de PyTorch (v = momentum v + g, y w -= lr v); Keras guarda v = momentum v - lr g
// Diagnosis: the velocity is PyTorch's (v = momentum v + g, then w -= lr v); Keras keeps v = momentum v - lr g
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
    // The mistake: PyTorch's velocity, a sum of gradients scaled by lr only in the step. The
    // weights are the same while lr is constant; the stored v is not Keras's.
    v = v * momentum + g;
    w -= v * learning_rate;
}

}  // namespace exercise

// Mistake: v set to zeros at every call instead of only when it is empty: momentum is lost.
// Diagnóstico: la velocidad vuelve a cero en cada paso (descenso del gradiente sin momento): v empieza en ceros solo cuando llega vacía, en el primer paso
// Diagnosis: the velocity is reset to zero at every step (gradient descent without momentum): v starts as zeros only when it comes empty, on the first step
#include <stdexcept>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

/// v = momentum v - learning_rate g; w = w + v (Keras). v starts at zero.
void sgd_momentum_step(Matrix& w, const Matrix& g, Matrix& v, Scalar learning_rate,
                       Scalar momentum) {
    if (!g.same_shape(w)) neurona::throw_shape_error("sgd_momentum_step: w and g", w, g);
    // The mistake: without the "if (v.empty())", the velocity of the last step is thrown away.
    v = Matrix(w.rows(), w.cols());
    v = v * momentum - g * learning_rate;
    w += v;
}

}  // namespace exercise

// Mistake: epsilon added to sqrt(v), older Keras's w -= lr g / (sqrt(v) + epsilon).
// Diagnóstico: épsilon se sumó fuera de la raíz, sqrt(v) + épsilon (donde lo pone Adam, y el RMSprop del Keras antiguo); el RMSprop de Keras 3 divide entre sqrt(v + épsilon)
// Diagnosis: epsilon was added outside the root, sqrt(v) + epsilon (where Adam puts it, and older Keras's RMSprop); Keras 3's RMSprop divides by sqrt(v + epsilon)
#include <cmath>
#include <stdexcept>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

/// One RMSprop step, as Keras 3 (and neurona::RMSprop) writes it, weight by weight:
///   v = rho * v + (1 - rho) * g^2          a running mean of the squared gradient
///   w = w - lr * g / sqrt(v + epsilon)     the step divided by the gradient's recent size
/// v is updated first, and the new v divides the step. sqrt(v) is an RMS: the typical size of
/// g lately, so g / sqrt(v) is about +-1 and every weight moves about lr per step, whatever
/// the scale of its gradient. epsilon sits inside the root, so a gradient far smaller than
/// sqrt(epsilon) = 3.2e-4 gives a step far smaller than lr.
void rmsprop_step(Matrix& w, const Matrix& g, Matrix& v, double learning_rate, double rho, double epsilon) {
    if (!g.same_shape(w)) neurona::throw_shape_error("rmsprop_step: w and g", w, g);
    if (v.empty()) v = Matrix(w.rows(), w.cols());  // the first step: v starts at 0
    if (!v.same_shape(w)) neurona::throw_shape_error("rmsprop_step: w and v", w, v);
    const Scalar lr = static_cast<Scalar>(learning_rate), r = static_cast<Scalar>(rho),
                 eps = static_cast<Scalar>(epsilon);
    for (std::size_t i = 0; i < w.size(); ++i) {
        const Scalar gi = g.data()[i];
        Scalar& vi = v.data()[i];
        vi = r * vi + (1 - r) * gi * gi;                   // first the running mean...
        // The mistake: epsilon outside the root (older Keras, and where Adam puts it).
        w.data()[i] -= lr * gi / (std::sqrt(vi) + eps);
    }
}

}  // namespace exercise

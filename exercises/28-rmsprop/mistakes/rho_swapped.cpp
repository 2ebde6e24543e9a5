// Mistake: v = (1 - rho) v + rho g^2: the new gradient gets the weight 0.9.
// Diagnóstico: rho y 1 - rho están intercambiados: v = rho · v + (1 - rho) · g², así que v conserva el 90 % de su valor y el gradiente nuevo aporta el 10 %
// Diagnosis: rho and 1 - rho are swapped: v = rho · v + (1 - rho) · g², so v keeps 90 % of its value and the new gradient adds 10 %
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
        // The mistake: rho and 1 - rho swapped.
        vi = (1 - r) * vi + r * gi * gi;
        w.data()[i] -= lr * gi / std::sqrt(vi + eps);  // ...then the step, with the new v
    }
}

}  // namespace exercise

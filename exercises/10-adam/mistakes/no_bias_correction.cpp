// Mistake: w -= lr m / (sqrt(v) + epsilon): no bias correction.
// Diagnóstico: falta la corrección del sesgo: el paso debe ser lr sqrt(1 - beta_2^t) / (1 - beta_1^t) * m / (sqrt(v) + epsilon), no lr * m / (sqrt(v) + epsilon)
// Diagnosis: the bias correction is missing: the step must be lr sqrt(1 - beta_2^t) / (1 - beta_1^t) * m / (sqrt(v) + epsilon), not lr * m / (sqrt(v) + epsilon)
#include <cmath>
#include <stdexcept>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

/// Keras's Adam: the bias corrections of m and v folded into the step size alpha.
void adam_step(Matrix& w, const Matrix& g, Matrix& m, Matrix& v, long long& t, double learning_rate,
               double beta_1, double beta_2, double epsilon) {
    if (!g.same_shape(w)) neurona::throw_shape_error("adam_step: w and g", w, g);
    if (m.empty()) m = Matrix(w.rows(), w.cols());
    if (v.empty()) v = Matrix(w.rows(), w.cols());
    ++t;
    const double td = static_cast<double>(t);
    // The mistake: the step size is lr itself. m and v start at 0 and are too small in the first
    // steps, v more than m, so the first steps are too long.
    const Scalar alpha = static_cast<Scalar>(learning_rate);
    (void)td;
    const Scalar b1 = static_cast<Scalar>(beta_1), b2 = static_cast<Scalar>(beta_2),
                 eps = static_cast<Scalar>(epsilon);
    for (std::size_t i = 0; i < w.size(); ++i) {
        const Scalar gi = g.data()[i];
        Scalar& mi = m.data()[i];
        Scalar& vi = v.data()[i];
        mi = b1 * mi + (1 - b1) * gi;       // running mean of g
        vi = b2 * vi + (1 - b2) * gi * gi;  // running mean of g^2
        w.data()[i] -= alpha * mi / (std::sqrt(vi) + eps);
    }
}

}  // namespace exercise

// Mistake: w -= alpha m / sqrt(v + epsilon): epsilon inside the root.
// Diagnóstico: epsilon está dentro de la raíz, sqrt(v + epsilon); Keras lo suma fuera, sqrt(v) + epsilon
// Diagnosis: epsilon is inside the root, sqrt(v + epsilon); Keras adds it outside, sqrt(v) + epsilon
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
    const Scalar alpha =
        static_cast<Scalar>(learning_rate * std::sqrt(1 - std::pow(beta_2, td)) / (1 - std::pow(beta_1, td)));
    const Scalar b1 = static_cast<Scalar>(beta_1), b2 = static_cast<Scalar>(beta_2),
                 eps = static_cast<Scalar>(epsilon);
    for (std::size_t i = 0; i < w.size(); ++i) {
        const Scalar gi = g.data()[i];
        Scalar& mi = m.data()[i];
        Scalar& vi = v.data()[i];
        mi = b1 * mi + (1 - b1) * gi;       // running mean of g
        vi = b2 * vi + (1 - b2) * gi * gi;  // running mean of g^2
        // The mistake: epsilon under the root (RMSprop's Keras 3 form), not added to sqrt(v).
        w.data()[i] -= alpha * mi / std::sqrt(vi + eps);
    }
}

}  // namespace exercise

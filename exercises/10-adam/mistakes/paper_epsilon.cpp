// Mistake: the paper's form: lr m_hat / (sqrt(v_hat) + epsilon), epsilon added to the corrected sqrt(v).
// Diagnóstico: epsilon se sumó a la raíz de la v corregida (la forma del artículo); Keras lo suma a sqrt(v) sin corregir y lleva la corrección al paso
// Diagnosis: epsilon was added to the root of the corrected v (the paper's form); Keras adds it to the uncorrected sqrt(v) and puts the correction into the step size
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
    // The mistake: the paper's form, m_hat = m / (1 - beta_1^t) and v_hat = v / (1 - beta_2^t),
    // with epsilon added to sqrt(v_hat); Keras adds it to sqrt(v).
    const Scalar alpha = static_cast<Scalar>(learning_rate / (1 - std::pow(beta_1, td)));
    const Scalar root_c2 = static_cast<Scalar>(std::sqrt(1 - std::pow(beta_2, td)));
    const Scalar b1 = static_cast<Scalar>(beta_1), b2 = static_cast<Scalar>(beta_2),
                 eps = static_cast<Scalar>(epsilon);
    for (std::size_t i = 0; i < w.size(); ++i) {
        const Scalar gi = g.data()[i];
        Scalar& mi = m.data()[i];
        Scalar& vi = v.data()[i];
        mi = b1 * mi + (1 - b1) * gi;       // running mean of g
        vi = b2 * vi + (1 - b2) * gi * gi;  // running mean of g^2
        w.data()[i] -= alpha * mi / (std::sqrt(vi) / root_c2 + eps);
    }
}

}  // namespace exercise

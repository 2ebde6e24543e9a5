#include "neurona/optimizers/adam.hpp"

#include <cmath>

namespace neurona {

void Adam::step(const std::vector<Param>& params) {
    // The bias corrections of m and v folded into the step size, as Keras does.
    const double t = static_cast<double>(iterations);
    const Scalar alpha = static_cast<Scalar>(learning_rate * std::sqrt(1 - std::pow(beta_2, t)) /
                                             (1 - std::pow(beta_1, t)));
    const Scalar b1 = static_cast<Scalar>(beta_1), b2 = static_cast<Scalar>(beta_2),
                 eps = static_cast<Scalar>(epsilon);
    for_each_weight(params, [&](Scalar& w, Scalar g, Scalar& m, Scalar& v) {
        m = b1 * m + (1 - b1) * g;
        v = b2 * v + (1 - b2) * g * g;
        w -= alpha * m / (std::sqrt(v) + eps);
    }, m_, v_);
}

}  // namespace neurona

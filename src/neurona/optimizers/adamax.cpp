#include "neurona/optimizers/adamax.hpp"

#include <algorithm>
#include <cmath>

namespace neurona {

void Adamax::step(const std::vector<Param>& params) {
    // Only m needs a bias correction: u is a maximum, not a mean started at zero.
    const Scalar alpha = static_cast<Scalar>(learning_rate / (1 - std::pow(beta_1, static_cast<double>(iterations))));
    const Scalar b1 = static_cast<Scalar>(beta_1), b2 = static_cast<Scalar>(beta_2),
                 eps = static_cast<Scalar>(epsilon);
    for_each_weight(params, [&](Scalar& w, Scalar g, Scalar& m, Scalar& u) {
        m = b1 * m + (1 - b1) * g;
        u = std::max(b2 * u, std::abs(g));
        w -= alpha * m / (u + eps);
    }, m_, u_);
}

}  // namespace neurona

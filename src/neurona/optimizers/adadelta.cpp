#include "neurona/optimizers/adadelta.hpp"

#include <cmath>

namespace neurona {

void Adadelta::step(const std::vector<Param>& params) {
    const Scalar lr = static_cast<Scalar>(learning_rate), r = static_cast<Scalar>(rho),
                 eps = static_cast<Scalar>(epsilon);
    for_each_weight(params, [&](Scalar& w, Scalar g, Scalar& s, Scalar& d) {
        s = r * s + (1 - r) * g * g;
        // rms(past steps) / rms(past gradients): a step in the units of w.
        const Scalar delta = -std::sqrt(d + eps) / std::sqrt(s + eps) * g;
        d = r * d + (1 - r) * delta * delta;
        w += lr * delta;
    }, accumulated_grad_, accumulated_delta_);
}

}  // namespace neurona

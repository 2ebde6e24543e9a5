#include "neurona/optimizers/rmsprop.hpp"

#include <cmath>

namespace neurona {

void RMSprop::step(const std::vector<Param>& params) {
    const Scalar lr = static_cast<Scalar>(learning_rate), r = static_cast<Scalar>(rho),
                 eps = static_cast<Scalar>(epsilon);
    for_each_weight(params, [&](Scalar& w, Scalar g, Scalar& s) {
        // A running mean of g^2 scales each weight's step by its recent gradient size.
        s = r * s + (1 - r) * g * g;
        w -= lr * g / std::sqrt(s + eps);
    }, mean_square_);
}

}  // namespace neurona

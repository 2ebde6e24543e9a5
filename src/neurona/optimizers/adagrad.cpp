#include "neurona/optimizers/adagrad.hpp"

#include <cmath>

namespace neurona {

void Adagrad::step(const std::vector<Param>& params) {
    const Scalar lr = static_cast<Scalar>(learning_rate), eps = static_cast<Scalar>(epsilon);
    for_each_weight(params, [&](Scalar& w, Scalar g, Scalar& a) {
        // The sum of every g^2 so far only grows, so each weight's steps only shrink.
        a += g * g;
        w -= lr * g / std::sqrt(a + eps);
    }, accumulator_);
}

}  // namespace neurona

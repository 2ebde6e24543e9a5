#include "neurona/optimizers/sgd.hpp"

namespace neurona {

OptimizerState SGD::state() {
    if (momentum == 0.0) return {};
    return {{{"velocity", &velocity_}}, {}};
}

void SGD::step(const std::vector<Param>& params) {
    const Scalar lr = static_cast<Scalar>(learning_rate), mu = static_cast<Scalar>(momentum);
    if (momentum == 0.0) {
        for_each_weight(params, [&](Scalar& w, Scalar g) { w -= lr * g; });
        return;
    }
    for_each_weight(params, [&](Scalar& w, Scalar g, Scalar& v) {
        v = mu * v - lr * g;
        w += nesterov ? mu * v - lr * g : v;
    }, velocity_);
}

}  // namespace neurona

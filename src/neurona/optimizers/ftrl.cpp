#include "neurona/optimizers/ftrl.hpp"

#include <algorithm>
#include <cmath>

namespace neurona {

void Ftrl::step(const std::vector<Param>& params) {
    const Scalar lr = static_cast<Scalar>(learning_rate), p = static_cast<Scalar>(-learning_rate_power),
                 l1 = static_cast<Scalar>(l1_regularization_strength),
                 shrinkage = static_cast<Scalar>(2 * l2_shrinkage_regularization_strength),
                 penalty = static_cast<Scalar>(2 * l2_regularization_strength + beta / learning_rate);
    for_each_weight(params, [&](Scalar& w, Scalar g, Scalar& n, Scalar& z) {
        const Scalar g_s = g + shrinkage * w;
        const Scalar n_new = n + g * g;
        const Scalar n_new_p = std::pow(n_new, p);
        // sigma = (n_new^p - n^p) / lr: how much the step size shrank, applied to w so that
        // z stays the sum of the gradients of the regularised problem.
        z += g_s - (n_new_p - std::pow(n, p)) / lr * w;
        // clip(z) - z is 0 while |z| <= l1: the weight is then exactly 0.
        w = (std::clamp(z, -l1, l1) - z) / (n_new_p / lr + penalty);
        n = n_new;
    }, accumulator_, linear_);
}

}  // namespace neurona

#include "neurona/optimizers/nadam.hpp"

#include <cmath>

namespace neurona {

void Nadam::step(const std::vector<Param>& params) {
    const double t = static_cast<double>(iterations);
    // Dozat's momentum schedule at this step and the next (the Nesterov look-ahead).
    const double mu_t = beta_1 * (1 - 0.5 * std::pow(0.96, t));
    const double mu_next = beta_1 * (1 - 0.5 * std::pow(0.96, t + 1));
    u_product_ *= mu_t;
    const Scalar c_m = static_cast<Scalar>(mu_next / (1 - u_product_ * mu_next));
    const Scalar c_g = static_cast<Scalar>((1 - mu_t) / (1 - u_product_));
    const Scalar v_correction = static_cast<Scalar>(1 - std::pow(beta_2, t));
    const Scalar lr = static_cast<Scalar>(learning_rate), b1 = static_cast<Scalar>(beta_1),
                 b2 = static_cast<Scalar>(beta_2), eps = static_cast<Scalar>(epsilon);
    for_each_weight(params, [&](Scalar& w, Scalar g, Scalar& m, Scalar& v) {
        m = b1 * m + (1 - b1) * g;
        v = b2 * v + (1 - b2) * g * g;
        const Scalar m_hat = c_m * m + c_g * g;
        const Scalar v_hat = v / v_correction;
        w -= lr * m_hat / (std::sqrt(v_hat) + eps);
    }, m_, v_);
}

}  // namespace neurona

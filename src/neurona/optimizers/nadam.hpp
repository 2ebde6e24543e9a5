/// @file optimizers/nadam.hpp
/// Nadam: Adam with Nesterov momentum.
#pragma once

#include "neurona/optimizers/optimizer.hpp"

namespace neurona {

/// Nadam's settings, Keras's names and defaults.
struct NadamSettings {
    double learning_rate = 0.001;  ///< lr, the step size (Keras: 0.001).
    double beta_1 = 0.9;           ///< The decay of m and the scale of the schedule mu_t (Keras: 0.9).
    double beta_2 = 0.999;         ///< The decay of v (Keras: 0.999).
    double epsilon = 1e-7;         ///< Added to sqrt(v_hat) (Keras: 1e-7).
};

/// Nadam (Keras): Adam with Nesterov momentum and Dozat's momentum schedule
/// mu_t = b1 (1 - 0.5 * 0.96^t). With P_t = mu_1 * ... * mu_t, at step t:
///   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
///   m_hat = mu_{t+1} m / (1 - P_t mu_{t+1}) + (1 - mu_t) g / (1 - P_t)
///   v_hat = v / (1 - b2^t)
///   w = w - lr * m_hat / (sqrt(v_hat) + epsilon)
class Nadam : public OptimizerWith<Nadam, NadamSettings> {
public:
    /// The one list of Nadam's settings.
    static constexpr SettingsTable<NadamSettings, 4> table{"nadam", "Nadam", {{
        {"learning_rate", &NadamSettings::learning_rate, kNonNegative},
        {"beta_1", &NadamSettings::beta_1, kBelowOne},
        {"beta_2", &NadamSettings::beta_2, kBelowOne},
        {"epsilon", &NadamSettings::epsilon, kBelowOne},
    }}};
    /// Nadam(NadamSettings{...}) and Nadam(learning_rate), checked against the table.
    using OptimizerWith::OptimizerWith;
    /// "m" and "v" per parameter, and "u_product", P_t (t is iterations).
    OptimizerState state() override { return {{{"m", &m_}, {"v", &v_}}, {{"u_product", &u_product_}}}; }

protected:
    void step(const std::vector<Param>& params) override;

private:
    std::vector<Matrix> m_, v_;
    double u_product_ = 1.0;  // P_t, the product of the momentum schedule so far
};

}  // namespace neurona

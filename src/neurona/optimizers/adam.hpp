/// @file optimizers/adam.hpp
/// Adam: running means of the gradients and of their squares, with bias correction.
#pragma once

#include "neurona/optimizers/optimizer.hpp"

namespace neurona {

/// Adam's settings, Keras's names and defaults: Adam({.learning_rate = 0.01, .beta_1 = 0.8}).
struct AdamSettings {
    double learning_rate = 0.001;  ///< lr, the step size (Keras: 0.001).
    double beta_1 = 0.9;           ///< The decay of m (Keras: 0.9).
    double beta_2 = 0.999;         ///< The decay of v (Keras: 0.999).
    double epsilon = 1e-7;         ///< Added to sqrt(v) (Keras: 1e-7).
};

/// Adam (Keras): m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; at step t,
/// w = w - lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + epsilon).
class Adam : public OptimizerWith<Adam, AdamSettings> {
public:
    /// The one list of Adam's settings.
    static constexpr SettingsTable<AdamSettings, 4> table{"adam", "Adam", {{
        {"learning_rate", &AdamSettings::learning_rate, kNonNegative},
        {"beta_1", &AdamSettings::beta_1, kBelowOne},
        {"beta_2", &AdamSettings::beta_2, kBelowOne},
        {"epsilon", &AdamSettings::epsilon, kBelowOne},
    }}};
    /// Adam(AdamSettings{...}) and Adam(learning_rate), checked against the table.
    using OptimizerWith::OptimizerWith;
    /// "m" and "v" per parameter (t is iterations).
    OptimizerState state() override { return {{{"m", &m_}, {"v", &v_}}, {}}; }

protected:
    void step(const std::vector<Param>& params) override;

private:
    std::vector<Matrix> m_, v_;
};

}  // namespace neurona

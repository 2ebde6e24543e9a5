/// @file optimizers/adamax.hpp
/// Adamax: Adam with the infinity norm in place of the second moment.
#pragma once

#include "neurona/optimizers/optimizer.hpp"

namespace neurona {

/// Adamax's settings, Keras's names and defaults.
struct AdamaxSettings {
    double learning_rate = 0.001;  ///< lr, the step size (Keras: 0.001).
    double beta_1 = 0.9;           ///< The decay of m (Keras: 0.9).
    double beta_2 = 0.999;         ///< The decay of u (Keras: 0.999).
    double epsilon = 1e-7;         ///< Added to u (Keras: 1e-7).
};

/// Adamax (Keras): Adam with the infinity norm in place of the second moment. At step t:
///   m = b1 m + (1 - b1) g;  u = max(b2 u, |g|);  w = w - lr / (1 - b1^t) * m / (u + epsilon).
class Adamax : public OptimizerWith<Adamax, AdamaxSettings> {
public:
    /// The one list of Adamax's settings.
    static constexpr SettingsTable<AdamaxSettings, 4> table{"adamax", "Adamax", {{
        {"learning_rate", &AdamaxSettings::learning_rate, kNonNegative},
        {"beta_1", &AdamaxSettings::beta_1, kBelowOne},
        {"beta_2", &AdamaxSettings::beta_2, kBelowOne},
        {"epsilon", &AdamaxSettings::epsilon, kBelowOne},
    }}};
    /// Adamax(AdamaxSettings{...}) and Adamax(learning_rate), checked against the table.
    using OptimizerWith::OptimizerWith;
    /// "m" and "u" per parameter (t is iterations).
    OptimizerState state() override { return {{{"m", &m_}, {"u", &u_}}, {}}; }

protected:
    void step(const std::vector<Param>& params) override;

private:
    std::vector<Matrix> m_, u_;
};

}  // namespace neurona

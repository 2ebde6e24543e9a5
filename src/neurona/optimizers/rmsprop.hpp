/// @file optimizers/rmsprop.hpp
/// RMSprop: each weight's step divided by the recent size of its gradient.
#pragma once

#include "neurona/optimizers/optimizer.hpp"

namespace neurona {

/// RMSprop's settings, Keras's names and defaults.
struct RMSpropSettings {
    double learning_rate = 0.001;  ///< lr, the step size (Keras: 0.001).
    double rho = 0.9;              ///< The decay of the running mean of g^2 (Keras: 0.9).
    double epsilon = 1e-7;         ///< Added to s under the root, so the step stays finite (Keras: 1e-7).
};

/// RMSprop (Keras 3): s = rho * s + (1 - rho) * g^2; w = w - lr * g / sqrt(s + epsilon)
/// (epsilon inside the root, as Keras 3 writes it).
class RMSprop : public OptimizerWith<RMSprop, RMSpropSettings> {
public:
    /// The one list of RMSprop's settings.
    static constexpr SettingsTable<RMSpropSettings, 3> table{"rmsprop", "RMSprop", {{
        {"learning_rate", &RMSpropSettings::learning_rate, kNonNegative},
        {"rho", &RMSpropSettings::rho, kUpToOne},
        {"epsilon", &RMSpropSettings::epsilon, kBelowOne},
    }}};
    /// RMSprop(RMSpropSettings{...}) and RMSprop(learning_rate), checked against the table.
    using OptimizerWith::OptimizerWith;
    /// "mean_square", s per parameter.
    OptimizerState state() override { return {{{"mean_square", &mean_square_}}, {}}; }

protected:
    void step(const std::vector<Param>& params) override;

private:
    std::vector<Matrix> mean_square_;
};

}  // namespace neurona

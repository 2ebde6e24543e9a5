/// @file optimizers/sgd.hpp
/// SGD: stochastic gradient descent, with Keras's momentum and Nesterov options.
#pragma once

#include "neurona/optimizers/optimizer.hpp"

namespace neurona {

/// SGD's settings, Keras's names and defaults: SGD({.learning_rate = 0.1, .momentum = 0.9}).
struct SGDSettings {
    double learning_rate = 0.01;  ///< lr, the step size (Keras: 0.01).
    double momentum = 0.0;        ///< mu, the share of the last step kept in v (Keras: 0, plain SGD).
    bool nesterov = false;        ///< Whether to step with Nesterov's look-ahead (Keras: false).
};

/// Stochastic gradient descent. Without momentum: w = w - lr * g.
/// With momentum (Keras): v = momentum * v - lr * g; w = w + v.
/// Nesterov (Keras): v as above; w = w + momentum * v - lr * g.
class SGD : public OptimizerWith<SGD, SGDSettings> {
public:
    /// The one list of SGD's settings.
    static constexpr SettingsTable<SGDSettings, 3> table{"sgd", "SGD", {{
        {"learning_rate", &SGDSettings::learning_rate, kNonNegative},
        {"momentum", &SGDSettings::momentum, kUpToOne},
        {"nesterov", &SGDSettings::nesterov},
    }}};
    /// SGD(SGDSettings{...}) and SGD(learning_rate), checked against the table.
    using OptimizerWith::OptimizerWith;
    /// "velocity", v per parameter, kept only with momentum (plain SGD keeps nothing).
    OptimizerState state() override;

protected:
    void step(const std::vector<Param>& params) override;

private:
    std::vector<Matrix> velocity_;
};

}  // namespace neurona

/// @file optimizers/adagrad.hpp
/// Adagrad: each weight's step shrinks with the sum of its squared gradients so far.
#pragma once

#include "neurona/optimizers/optimizer.hpp"

namespace neurona {

/// Adagrad's settings, Keras's names and defaults.
struct AdagradSettings {
    double learning_rate = 0.001;             ///< lr, the step size (Keras: 0.001).
    double initial_accumulator_value = 0.1;   ///< The value every a starts at (Keras: 0.1).
    double epsilon = 1e-7;                    ///< Added to a under the root (Keras: 1e-7).
};

/// Adagrad (Keras): each weight's step shrinks with the sum of its squared gradients so far.
///   a = a + g^2;  w = w - lr * g / sqrt(a + epsilon),  a starting at initial_accumulator_value.
class Adagrad : public OptimizerWith<Adagrad, AdagradSettings> {
public:
    /// The one list of Adagrad's settings.
    static constexpr SettingsTable<AdagradSettings, 3> table{"adagrad", "Adagrad", {{
        {"learning_rate", &AdagradSettings::learning_rate, kNonNegative},
        {"initial_accumulator_value", &AdagradSettings::initial_accumulator_value, kNonNegative},
        {"epsilon", &AdagradSettings::epsilon, kBelowOne},
    }}};
    /// Adagrad(AdagradSettings{...}) and Adagrad(learning_rate), checked against the table.
    using OptimizerWith::OptimizerWith;
    /// "accumulator", a per parameter, starting at initial_accumulator_value.
    OptimizerState state() override { return {{{"accumulator", &accumulator_, initial_accumulator_value}}, {}}; }

protected:
    void step(const std::vector<Param>& params) override;

private:
    std::vector<Matrix> accumulator_;
};

}  // namespace neurona

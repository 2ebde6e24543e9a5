/// @file optimizers/adadelta.hpp
/// Adadelta: a step in the units of the weight, the ratio of two running RMS values.
#pragma once

#include "neurona/optimizers/optimizer.hpp"

namespace neurona {

/// Adadelta's settings, Keras's names and defaults.
struct AdadeltaSettings {
    double learning_rate = 0.001;  ///< lr, the step size (Keras: 0.001).
    double rho = 0.95;             ///< The decay of both running means, s and d (Keras: 0.95).
    double epsilon = 1e-7;         ///< Added inside rms() (Keras: 1e-7).
};

/// Adadelta (Keras): the step is the ratio of two running RMS values, so it carries the
/// units of w (Zeiler, 2012); with rms(x) = sqrt(x + epsilon):
///   s = rho * s + (1 - rho) * g^2
///   delta = -rms(d) / rms(s) * g
///   d = rho * d + (1 - rho) * delta^2
///   w = w + lr * delta
class Adadelta : public OptimizerWith<Adadelta, AdadeltaSettings> {
public:
    /// The one list of Adadelta's settings.
    static constexpr SettingsTable<AdadeltaSettings, 3> table{"adadelta", "Adadelta", {{
        {"learning_rate", &AdadeltaSettings::learning_rate, kNonNegative},
        {"rho", &AdadeltaSettings::rho, kUpToOne},
        {"epsilon", &AdadeltaSettings::epsilon, kBelowOne},
    }}};
    /// Adadelta(AdadeltaSettings{...}) and Adadelta(learning_rate), checked against the table.
    using OptimizerWith::OptimizerWith;
    /// "accumulated_grad" (s) and "accumulated_delta" (d) per parameter.
    OptimizerState state() override {
        return {{{"accumulated_grad", &accumulated_grad_}, {"accumulated_delta", &accumulated_delta_}}, {}};
    }

protected:
    void step(const std::vector<Param>& params) override;

private:
    std::vector<Matrix> accumulated_grad_, accumulated_delta_;
};

}  // namespace neurona

/// @file optimizers/ftrl.hpp
/// Ftrl: "Follow The Regularized Leader", with L1 that sets weights to exactly 0.
#pragma once

#include "neurona/optimizers/optimizer.hpp"

namespace neurona {

/// Ftrl's settings, Keras's names and defaults.
struct FtrlSettings {
    /// lr, the step size (Keras: 0.001).
    double learning_rate = 0.001;
    /// -p: the step size falls as 1 / n^p (Keras: -0.5; 0 keeps it fixed).
    double learning_rate_power = -0.5;
    /// The value every n starts at (Keras: 0.1).
    double initial_accumulator_value = 0.1;
    /// l1: while |z| <= l1 the weight is exactly 0 (Keras: 0).
    double l1_regularization_strength = 0.0;
    /// l2, the paper's stabilising L2 penalty (Keras: 0).
    double l2_regularization_strength = 0.0;
    /// An L2 penalty on the weights added to the loss, so 2 * it * w to the gradient (Keras: 0).
    double l2_shrinkage_regularization_strength = 0.0;
    /// The paper's beta, added to the denominator as beta / lr (Keras: 0).
    double beta = 0.0;
};

/// Ftrl (Keras 3): "Follow The Regularized Leader" (McMahan et al., 2013), made for shallow
/// models with many sparse inputs. Per weight it keeps n, the sum of g^2 so far (starting at
/// initial_accumulator_value), and z, the sum of the gradients corrected for how the step size
/// changed. The weight is not moved by a step but recomputed from z, and L1 sets it to exactly
/// 0 while |z| <= l1. With p = -learning_rate_power (0.5 by default: n^p = sqrt(n)):
///   g_s   = g + 2 * l2_shrinkage * w             (the shrinkage penalty's gradient added)
///   n_new = n + g^2
///   z     = z + g_s - (n_new^p - n^p) / lr * w
///   w     = (clip(z, -l1, l1) - z) / (n_new^p / lr + 2 * l2 + beta / lr)
///   n     = n_new
/// As in Keras, initial_accumulator_value 0 with a gradient of exactly 0 (and l2 = beta = 0)
/// divides 0 by 0: the loss turns NaN and fit stops, saying so.
class Ftrl : public OptimizerWith<Ftrl, FtrlSettings> {
public:
    /// The one list of Ftrl's settings.
    static constexpr SettingsTable<FtrlSettings, 7> table{"ftrl", "Ftrl", {{
        {"learning_rate", &FtrlSettings::learning_rate, kPositive},  // the step divides by it
        {"learning_rate_power", &FtrlSettings::learning_rate_power, kNonPositive},
        {"initial_accumulator_value", &FtrlSettings::initial_accumulator_value, kNonNegative},
        {"l1_regularization_strength", &FtrlSettings::l1_regularization_strength, kNonNegative},
        {"l2_regularization_strength", &FtrlSettings::l2_regularization_strength, kNonNegative},
        {"l2_shrinkage_regularization_strength", &FtrlSettings::l2_shrinkage_regularization_strength, kNonNegative},
        {"beta", &FtrlSettings::beta, kNonNegative},
    }}};
    /// Ftrl(FtrlSettings{...}) and Ftrl(learning_rate), checked against the table.
    using OptimizerWith::OptimizerWith;
    /// "accumulator", n per parameter (starting at initial_accumulator_value), and "linear", z.
    OptimizerState state() override {
        return {{{"accumulator", &accumulator_, initial_accumulator_value}, {"linear", &linear_}}, {}};
    }

protected:
    void step(const std::vector<Param>& params) override;

private:
    std::vector<Matrix> accumulator_, linear_;
};

}  // namespace neurona

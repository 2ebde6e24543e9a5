/// @file dropout.hpp
/// Dropout: inverted dropout, active only in training.
#pragma once

#include <memory>

#include "neurona/layers/layer.hpp"

namespace neurona {

/// Keras's Dropout(rate). In training each value is zeroed with probability `rate` and the
/// survivors are scaled by 1 / (1 - rate), so the expected value of A equals A_prev and
/// inference needs no rescaling (it is the identity there).
class Dropout : public Layer {
public:
    /// rate in [0, 1); throws std::invalid_argument otherwise.
    explicit Dropout(double rate);

    std::string type() const override { return "Dropout"; }
    /// Any width: value by value, as Keras's Dropout.
    bool any_width() const override { return true; }
    /// Keras's from_config: rate (required).
    static std::unique_ptr<Layer> from_config(const LayerConfig& config);

    double rate() const { return rate_; }  ///< the fraction of values zeroed in training

protected:
    /// rate.
    LayerConfig settings() const override;

    /// training: A = A_prev * mask, mask = (u >= rate) / (1 - rate), u ~ U[0, 1) drawn from
    /// global_rng(); otherwise A = A_prev. Shapes (batch, features). Keeps the mask.
    Matrix forward_pass(const Matrix& A_prev, bool training) override;
    /// dA_prev = dA * mask (the same mask as the last training forward; identity after an
    /// inference forward).
    Matrix backward_pass(const Matrix& dA, bool need_dA_prev) override;

private:
    double rate_;
    Matrix mask_;  // empty after an inference forward
};

}  // namespace neurona

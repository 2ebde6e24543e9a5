/// @file normalization.hpp
/// Normalization: Keras's preprocessing layer that standardizes each feature with the mean
/// and variance learned by adapt(), inside the model.
#pragma once

#include <memory>
#include <optional>

#include "neurona/layers/layer.hpp"

namespace neurona {

/// Keras's Normalization (axis = -1): A = (A_prev - mean) / max(sqrt(variance), epsilon),
/// feature by feature, epsilon = 1e-7 (Keras's backend epsilon). mean and variance are
/// learned once by adapt(X_train), not by gradient descent: they are the layer's
/// non-trainable weights, with count (the number of samples adapt saw), as tf.keras 2
/// keeps them, so summary shows 2 * features + 1 non-trainable parameters.
/// Before adapt() mean is 0 and variance 1 (Keras's initial values): the identity.
///
///     Normalization norm(InputShape{13});
///     norm.adapt(X_train);
///     model.add(std::move(norm));
class Normalization : public Layer {
public:
    /// Keras's epsilon: the smallest standard deviation divided by, so a constant feature
    /// gives (x - mean) / 1e-7 = 0 instead of 0 / 0.
    static constexpr double epsilon = 1e-7;

    Normalization() = default;
    /// As the first layer: Normalization(InputShape{features}).
    explicit Normalization(InputShape input_shape) { declared_input_shape_ = std::move(input_shape.dims); }

    std::string type() const override { return "Normalization"; }
    /// Keras's from_config: features (required), its input size, which the layer is built
    /// for (configured_input_shape()), with or without an input_shape.
    static std::unique_ptr<Layer> from_config(const LayerConfig& config);
    /// The declared input shape, else (features) when made by from_config.
    std::optional<Shape> configured_input_shape() const override;
    /// The input shape; it must be 1-D (features): throws std::invalid_argument otherwise.
    Shape compute_output_shape(const Shape& input_shape) const override;
    /// 2 * features + 1: mean, variance and count.
    std::size_t count_params(const Shape& input_shape) const override;
    /// Creates mean = 0 (1, features), variance = 1 (1, features), count = 0 (1, 1); a layer
    /// already built for this shape (adapted before model.add) keeps its values. Throws
    /// std::invalid_argument as compute_output_shape, for a shape other than the one it is
    /// built for, or (made by from_config) for another number of features.
    Shape build(const Shape& input_shape) override;

    /// Learns each column's mean and population variance (ddof = 0, as NumPy's var and
    /// Keras) from X (samples, features), and count = samples, replacing earlier values.
    /// Builds the layer for `features` inputs when it is not built yet.
    /// Throws std::invalid_argument when X has no rows or another column count than the
    /// layer's input.
    void adapt(const Matrix& X);

    /// {mean (1, features), variance (1, features), count (1, 1)}, as Keras's get_weights().
    std::vector<Matrix> get_weights() const override { return {mean_, variance_, count_}; }
    /// Replaces {mean, variance, count}; builds the layer when it is not built. Throws
    /// std::invalid_argument on a wrong count or shape, or a negative variance.
    void set_weights(const std::vector<Matrix>& weights) override;
    /// 2 * features + 1 once built (mean, variance and count), 0 before.
    std::size_t non_trainable_count() const override {
        return built_ ? mean_.size() + variance_.size() + count_.size() : 0;
    }

    /// Each feature's mean, (1, features); empty before build.
    const Matrix& mean() const { return mean_; }
    /// Each feature's population variance, (1, features); empty before build.
    const Matrix& variance() const { return variance_; }
    /// The number of samples adapt() learned from (0 before adapt).
    std::size_t count() const { return static_cast<std::size_t>(count_.empty() ? 0 : count_(0, 0)); }

protected:
    /// features (its input size).
    LayerConfig settings() const override;

    /// A = (A_prev - mean) / s with s = max(sqrt(variance), epsilon), per column;
    /// A_prev and A are (batch, features), mean and s are (1, features) broadcast over the
    /// batch.
    Matrix forward_pass(const Matrix& A_prev, bool training) override;
    /// In the forward pass A = (A_prev - mean) / s, linear in A_prev with slope 1 / s, so
    /// dA_prev = dA / s (batch, features). mean and variance get no gradient (not trainable).
    Matrix backward_pass(const Matrix& dA, bool need_dA_prev) override;

private:
    /// s = max(sqrt(variance), epsilon), (1, features).
    Matrix scale() const;

    Matrix mean_, variance_, count_;
    std::optional<std::size_t> features_;  // from from_config: the input size it must be built for
};

}  // namespace neurona

/// @file batch_normalization.hpp
/// BatchNormalization: Keras's layer that standardizes each channel with the statistics of
/// the batch while training, and with their moving averages afterwards, then scales and
/// shifts it by the trained gamma and beta.
#pragma once

#include <memory>

#include "neurona/layers/layer.hpp"

namespace neurona {

/// BatchNormalization's settings, Keras's names and defaults.
struct BatchNormalizationOptions {
    /// Weight of the old value in the moving averages:
    /// moving = moving * momentum + batch * (1 - momentum). In [0, 1].
    double momentum = 0.99;
    /// Added to the variance before its square root, so a constant channel gives 0, not 0 / 0. > 0.
    double epsilon = 1e-3;
};

/// Keras's BatchNormalization with axis = -1 (the last axis: the features of a (features)
/// input, the channels C of an (H, W, C) image), center and scale on.
///
/// Each channel c is normalized over every value it takes in the batch, the N * H * W
/// values of an (N, H, W, C) batch (m of them), and then scaled and shifted:
///     X_hat = (A_prev - mu) / sqrt(var + epsilon),   A = gamma * X_hat + beta.
/// - training (fit): mu and var are the batch's mean and biased variance (divided by m, as
///   Keras 3's ops.moments), and the moving statistics follow them:
///       moving_mean     = moving_mean     * momentum + mu  * (1 - momentum)
///       moving_variance = moving_variance * momentum + var * (1 - momentum)
/// - inference (evaluate, predict): mu = moving_mean, var = moving_variance.
///
/// Weights, each (1, C), in Keras's get_weights() order: gamma (init 1) and beta (init 0),
/// trainable; moving_mean (init 0) and moving_variance (init 1), non-trainable (summary's
/// Param # is 4 C, and Non-trainable params counts 2 C).
///
///     model.add(Conv2D(32, {3, 3}, "linear", InputShape{28, 28, 1}));
///     model.add(BatchNormalization());
///     model.add(Activation("relu"));
class BatchNormalization : public Layer {
public:
    /// Throws std::invalid_argument when momentum is outside [0, 1] or epsilon is not > 0.
    explicit BatchNormalization(BatchNormalizationOptions options = {});
    /// The same, as the model's first layer: BatchNormalization({}, InputShape{4}).
    BatchNormalization(BatchNormalizationOptions options, InputShape input_shape);

    std::string type() const override { return "BatchNormalization"; }
    /// Keras's from_config: momentum (default 0.99) and epsilon (default 0.001). Throws
    /// std::invalid_argument as the constructor, or naming a malformed setting.
    static std::unique_ptr<Layer> from_config(const LayerConfig& config);
    /// The input shape (any rank, the last axis C > 0); throws std::invalid_argument for an
    /// empty shape or C = 0.
    Shape compute_output_shape(const Shape& input_shape) const override;
    /// 4 C: gamma, beta, moving_mean and moving_variance.
    std::size_t count_params(const Shape& input_shape) const override;
    /// Creates gamma = 1, beta = 0, moving_mean = 0, moving_variance = 1, each (1, C).
    /// Throws as compute_output_shape.
    Shape build(const Shape& input_shape) override;

    std::vector<Param> params() override { return {{"gamma", &gamma_, &dgamma_}, {"beta", &beta_, &dbeta_}}; }
    /// {gamma, beta, moving_mean, moving_variance}, each (1, C), as Keras's get_weights().
    std::vector<Matrix> get_weights() const override { return {gamma_, beta_, moving_mean_, moving_variance_}; }
    /// Replaces {gamma, beta, moving_mean, moving_variance}; a layer not built yet is built
    /// for a (C) input. Throws std::invalid_argument on another count, a matrix that is not
    /// (1, C) (the layer's C once built), or a negative moving_variance.
    void set_weights(const std::vector<Matrix>& weights) override;
    /// 2 C (gamma and beta) once built, 0 before.
    std::size_t trainable_count() const override { return gamma_.size() + beta_.size(); }
    /// 2 C (moving_mean and moving_variance) once built, 0 before.
    std::size_t non_trainable_count() const override { return moving_mean_.size() + moving_variance_.size(); }

    double momentum() const { return momentum_; }  ///< See BatchNormalizationOptions.
    double epsilon() const { return epsilon_; }    ///< See BatchNormalizationOptions.
    const Matrix& gamma() const { return gamma_; }                      ///< Scale, (1, C).
    const Matrix& beta() const { return beta_; }                        ///< Shift, (1, C).
    const Matrix& moving_mean() const { return moving_mean_; }          ///< (1, C).
    const Matrix& moving_variance() const { return moving_variance_; }  ///< (1, C).
    const Matrix& dgamma() const { return dgamma_; }  ///< dL/dgamma of the last backward, (1, C).
    const Matrix& dbeta() const { return dbeta_; }    ///< dL/dbeta of the last backward, (1, C).

protected:
    /// momentum, epsilon.
    LayerConfig settings() const override;

    /// A_prev and A are (batch, H * W * C) (or (batch, C)): seen as m = batch * H * W rows of
    /// C values, channel c is column c. Per channel:
    ///   training:  mu = mean(A_prev), var = mean((A_prev - mu)^2); the moving statistics
    ///              are updated with them. Throws std::invalid_argument for an empty batch.
    ///   inference: mu = moving_mean, var = moving_variance.
    ///   X_hat = (A_prev - mu) / sqrt(var + epsilon),  A = gamma * X_hat + beta.
    /// Keeps X_hat and 1 / sqrt(var + epsilon) for backward.
    Matrix forward_pass(const Matrix& A_prev, bool training) override;
    /// Given dA (the shape of A), per channel, sums over the m rows:
    ///   dgamma = sum(dA * X_hat),  dbeta = sum(dA)                         (1, C)
    ///   after a training forward (mu and var depend on A_prev):
    ///     dA_prev = gamma / sqrt(var + eps) / m * (m * dA - dbeta - X_hat * dgamma)
    ///   after an inference forward (mu and var are constants):
    ///     dA_prev = dA * gamma / sqrt(var + eps)
    /// dA_prev has the shape of A_prev (empty when need_dA_prev is false).
    Matrix backward_pass(const Matrix& dA, bool need_dA_prev) override;

private:
    // C, the channels: the last axis of the input shape.
    std::size_t channels() const { return gamma_.cols(); }

    double momentum_, epsilon_;
    Matrix gamma_, beta_, moving_mean_, moving_variance_, dgamma_, dbeta_;
    // Kept by forward for backward: X_hat (the shape of A_prev), 1 / sqrt(var + eps) (1, C),
    // and whether mu and var were the batch's (training) or the moving ones.
    Matrix X_hat_, inv_std_;
    bool batch_statistics_ = false;
};

}  // namespace neurona

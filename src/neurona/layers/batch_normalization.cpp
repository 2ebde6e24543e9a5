#include "neurona/layers/batch_normalization.hpp"

#include <cmath>
#include <functional>
#include <stdexcept>
#include <vector>

#include "neurona/matmul.hpp"
#include "neurona/names.hpp"

namespace neurona {

namespace {

// Calls sums(c_begin, c_end) for chunks of the C channels of a (m, C) array, split over the
// pool as column_chunk says. Each task sums its channels over all m rows in row order, so
// every per-channel sum is the same bits whatever the thread count.
void for_channel_chunks(std::size_t m, std::size_t C, const std::function<void(std::size_t, std::size_t)>& sums) {
    parallel_chunks(C, column_chunk(m, C), sums);
}

// Calls pass(r_begin, r_end) for chunks of the m rows of C values, split over the pool:
// for the passes where each value is computed on its own.
void for_row_chunks(std::size_t m, std::size_t C, const std::function<void(std::size_t, std::size_t)>& pass) {
    parallel_chunks(m, chunk_of_items(C), pass);
}

}  // namespace

BatchNormalization::BatchNormalization(BatchNormalizationOptions options)
    : momentum_(options.momentum), epsilon_(options.epsilon) {
    if (!(momentum_ >= 0 && momentum_ <= 1))
        throw std::invalid_argument("BatchNormalization: momentum must be in [0, 1], got " + number_text(momentum_));
    if (!(epsilon_ > 0 && std::isfinite(epsilon_)))
        throw std::invalid_argument("BatchNormalization: epsilon must be > 0, got " + number_text(epsilon_));
}

BatchNormalization::BatchNormalization(BatchNormalizationOptions options, InputShape input_shape)
    : BatchNormalization(options) {
    declared_input_shape_ = std::move(input_shape.dims);
}

std::unique_ptr<Layer> BatchNormalization::from_config(const LayerConfig& config) {
    const BatchNormalizationOptions defaults;
    return std::make_unique<BatchNormalization>(BatchNormalizationOptions{
        config.number("momentum", defaults.momentum), config.number("epsilon", defaults.epsilon)});
}

LayerConfig BatchNormalization::settings() const {
    LayerConfig config;
    config.set("momentum", momentum_);
    config.set("epsilon", epsilon_);
    return config;
}

Shape BatchNormalization::compute_output_shape(const Shape& input_shape) const {
    if (input_shape.empty() || input_shape.back() == 0)
        throw std::invalid_argument("BatchNormalization: normalizes the last axis (channels), which the input shape " +
                                    batch_shape_string(input_shape) + " does not have (expected C > 0)");
    return input_shape;
}

std::size_t BatchNormalization::count_params(const Shape& input_shape) const {
    compute_output_shape(input_shape);  // checks it
    const Shape C{1, input_shape.back()};
    return weight_count({C, C, C, C});  // gamma, beta, moving_mean, moving_variance
}

Shape BatchNormalization::build(const Shape& input_shape) {
    compute_output_shape(input_shape);  // checks it
    const std::size_t C = input_shape.back();
    gamma_ = Matrix(1, C, 1);
    beta_ = Matrix(1, C, 0);
    moving_mean_ = Matrix(1, C, 0);
    moving_variance_ = Matrix(1, C, 1);
    dgamma_ = Matrix(1, C);
    dbeta_ = Matrix(1, C);
    mark_built(input_shape, input_shape);
    return output_shape_;
}

// Row-major (batch, H * W * C) is also (batch * H * W, C): value r * C + c of the flat data
// is channel c of row r, so each loop below goes over the m rows of C values, in row order
// (a fixed order: the per-channel sums are the same bits every run). The per-channel numbers
// are copied into local vectors first, so the inner loops over c vectorize.

Matrix BatchNormalization::forward_pass(const Matrix& A_prev, bool training) {
    const std::size_t C = channels(), m = A_prev.size() / C;
    std::vector<double> mu(C), var(C);
    if (training) {
        if (m == 0) throw std::invalid_argument(label() + " forward: training needs a batch, got A_prev " + A_prev.shape());
        // Two passes in double: the mean, then the mean squared deviation from it (no
        // E[x^2] - E[x]^2 cancellation).
        for_channel_chunks(m, C, [&](std::size_t c_begin, std::size_t c_end) {
            for (std::size_t r = 0; r < m; ++r) {
                const Scalar* x = A_prev.data() + r * C;
                for (std::size_t c = c_begin; c < c_end; ++c) mu[c] += x[c];
            }
            for (std::size_t c = c_begin; c < c_end; ++c) mu[c] /= static_cast<double>(m);
            for (std::size_t r = 0; r < m; ++r) {
                const Scalar* x = A_prev.data() + r * C;
                for (std::size_t c = c_begin; c < c_end; ++c) var[c] += (x[c] - mu[c]) * (x[c] - mu[c]);
            }
        });
        for (std::size_t c = 0; c < C; ++c) {
            var[c] /= static_cast<double>(m);  // biased, as Keras 3's moving_variance receives it
            moving_mean_(0, c) = static_cast<Scalar>(moving_mean_(0, c) * momentum_ + mu[c] * (1 - momentum_));
            moving_variance_(0, c) =
                static_cast<Scalar>(moving_variance_(0, c) * momentum_ + var[c] * (1 - momentum_));
        }
    } else {
        for (std::size_t c = 0; c < C; ++c) {
            mu[c] = moving_mean_(0, c);
            var[c] = moving_variance_(0, c);
        }
    }
    batch_statistics_ = training;
    inv_std_ = Matrix(1, C);
    std::vector<Scalar> mean(C), inv_std(C), gamma(C), beta(C);
    for (std::size_t c = 0; c < C; ++c) {
        mean[c] = static_cast<Scalar>(mu[c]);
        inv_std[c] = inv_std_(0, c) = static_cast<Scalar>(1 / std::sqrt(var[c] + epsilon_));
        gamma[c] = gamma_(0, c);
        beta[c] = beta_(0, c);
    }

    // X_hat = (A_prev - mu) / sqrt(var + eps), A = gamma * X_hat + beta.
    if (!X_hat_.same_shape(A_prev)) X_hat_ = Matrix(A_prev.rows(), A_prev.cols());
    Matrix A(A_prev.rows(), A_prev.cols());
    for_row_chunks(m, C, [&](std::size_t r_begin, std::size_t r_end) {
        for (std::size_t r = r_begin; r < r_end; ++r) {
            const Scalar* x = A_prev.data() + r * C;
            Scalar* x_hat = X_hat_.data() + r * C;
            Scalar* a = A.data() + r * C;
            for (std::size_t c = 0; c < C; ++c) {
                x_hat[c] = (x[c] - mean[c]) * inv_std[c];
                a[c] = gamma[c] * x_hat[c] + beta[c];
            }
        }
    });
    return A;
}

Matrix BatchNormalization::backward_pass(const Matrix& dA, bool need_dA_prev) {
    // In the forward pass: A = gamma * X_hat + beta, so per channel (sums over the m rows)
    //   dgamma = sum(dA * X_hat),  dbeta = sum(dA),  dX_hat = dA * gamma.
    const std::size_t C = channels(), m = dA.size() / C;
    std::vector<double> dgamma(C), dbeta(C);
    for_channel_chunks(m, C, [&](std::size_t c_begin, std::size_t c_end) {
        for (std::size_t r = 0; r < m; ++r) {
            const Scalar* da = dA.data() + r * C;
            const Scalar* x_hat = X_hat_.data() + r * C;
            for (std::size_t c = c_begin; c < c_end; ++c) {
                dgamma[c] += static_cast<double>(da[c]) * x_hat[c];
                dbeta[c] += da[c];
            }
        }
    });
    for (std::size_t c = 0; c < C; ++c) {
        dgamma_(0, c) = static_cast<Scalar>(dgamma[c]);
        dbeta_(0, c) = static_cast<Scalar>(dbeta[c]);
    }
    if (!need_dA_prev) return Matrix();

    // Inference: X_hat = (A_prev - mu) * s with constants mu and s = 1 / sqrt(var + eps), so
    //   dA_prev = dX_hat * s = gamma s * dA.
    // Training: mu = (1/m) sum_j x_j and var = (1/m) sum_j (x_j - mu)^2 depend on every x_j of
    // the channel too. With s = (var + eps)^(-1/2):
    //   dmu/dx_j = 1/m,  dvar/dx_j = 2 (x_j - mu) / m  (the mu term sums to 0),
    //   ds/dx_j = -s^3 / 2 * dvar/dx_j = -s^2 X_hat_j / m,
    //   dX_hat_i/dx_j = s (delta_ij - 1/m) - s X_hat_i X_hat_j / m.
    // By the chain rule, dA_prev_j = sum_i dX_hat_i dX_hat_i/dx_j
    //   = s / m * (m dX_hat_j - sum_i dX_hat_i - X_hat_j sum_i dX_hat_i X_hat_i),
    // and with dX_hat = gamma dA (so the sums are gamma dbeta and gamma dgamma):
    //   dA_prev = gamma s / m * (m dA - dbeta - X_hat * dgamma).
    // One loop does both: dA_prev = k * (n dA - sum_dA - X_hat * sum_dA_X_hat), per channel,
    // with k = gamma s / m, n = m and the two sums in training; k = gamma s, n = 1, sums 0 in
    // inference.
    const double n = batch_statistics_ ? static_cast<double>(m) : 1;
    std::vector<Scalar> k(C), sum_dA(C), sum_dA_X_hat(C);
    for (std::size_t c = 0; c < C; ++c) {
        k[c] = static_cast<Scalar>(static_cast<double>(gamma_(0, c)) * inv_std_(0, c) / n);
        sum_dA[c] = batch_statistics_ ? static_cast<Scalar>(dbeta[c]) : 0;
        sum_dA_X_hat[c] = batch_statistics_ ? static_cast<Scalar>(dgamma[c]) : 0;
    }
    const Scalar n_scalar = static_cast<Scalar>(n);
    Matrix dA_prev(dA.rows(), dA.cols());
    for_row_chunks(m, C, [&](std::size_t r_begin, std::size_t r_end) {
        for (std::size_t r = r_begin; r < r_end; ++r) {
            const Scalar* da = dA.data() + r * C;
            const Scalar* x_hat = X_hat_.data() + r * C;
            Scalar* da_prev = dA_prev.data() + r * C;
            for (std::size_t c = 0; c < C; ++c)
                da_prev[c] = k[c] * (n_scalar * da[c] - sum_dA[c] - x_hat[c] * sum_dA_X_hat[c]);
        }
    });
    return dA_prev;
}

void BatchNormalization::set_weights(const std::vector<Matrix>& weights) {
    if (weights.size() != 4)
        throw std::invalid_argument(label() + ": set_weights expects 4 matrices {gamma, beta, moving_mean, "
                                              "moving_variance}, got " + std::to_string(weights.size()));
    const char* names[] = {"gamma", "beta", "moving_mean", "moving_variance"};
    const std::size_t C = built_ ? channels() : weights[0].cols();
    for (std::size_t k = 0; k < 4; ++k)
        if (weights[k].rows() != 1 || weights[k].cols() != C || C == 0)
            throw std::invalid_argument(label() + ": set_weights " + names[k] + " is " + weights[k].shape() +
                                        ", expected (1, " + (C == 0 ? std::string("C > 0") : std::to_string(C)) + ")");
    for (std::size_t c = 0; c < C; ++c)
        if (!(weights[3](0, c) >= 0))
            throw std::invalid_argument(label() + ": set_weights moving_variance " + number_text(weights[3](0, c)) +
                                        " of channel " + std::to_string(c) + " is not >= 0");
    if (!built_) build({C});
    gamma_ = weights[0];
    beta_ = weights[1];
    moving_mean_ = weights[2];
    moving_variance_ = weights[3];
}

}  // namespace neurona

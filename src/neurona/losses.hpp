/// @file losses.hpp
/// Loss functions with Keras's conventions, each with its gradient right beside it.
///
/// y_true and y_pred are (batch, outputs). The value is the mean over the batch of the
/// per-sample loss (and, for mse/mae/binary_crossentropy, the mean over outputs within a
/// sample, as Keras).
/// The gradient is dL/dy_pred of that mean, same shape as y_pred, so it already carries
/// the 1/batch (the course's chapter 2.4 drops it).
/// sparse_categorical_crossentropy takes y_true as (batch, 1) integer class labels.
/// Shape mismatches throw std::invalid_argument naming the loss and both shapes; so does
/// an empty batch.
///
/// Probabilities are clipped to [1e-7, 1 - 1e-7] before the log, as Keras clips them, in
/// Keras's order: categorical_crossentropy divides each row by its sum, then clips;
/// sparse_categorical_crossentropy clips, then divides by the sum of the clipped row. The
/// two agree on a softmax row with nothing clipped.
///
/// One difference from Keras's fit: with the TensorFlow backend, a cross-entropy after a
/// sigmoid or softmax output is computed from the logits Z, unclipped. Here the loss sees the
/// probabilities, clipped to [1e-7, 1 - 1e-7] as Keras clips them when it gets probabilities,
/// so a sample predicted wrongly with near certainty (|z| > ~16 in float) contributes no
/// gradient until the others move the weights.
#pragma once

#include <string>
#include <vector>

#include "neurona/matrix.hpp"

namespace neurona {

/// Keras's epsilon: cross-entropies clip predictions to [1e-7, 1 - 1e-7].
inline constexpr Scalar kEpsilon = static_cast<Scalar>(1e-7);

Scalar mse(const Matrix& y_true, const Matrix& y_pred);            ///< mean((y - p)^2)
Matrix mse_gradient(const Matrix& y_true, const Matrix& y_pred);   ///< 2 (p - y) / (batch * outputs)
Scalar mae(const Matrix& y_true, const Matrix& y_pred);            ///< mean(|y - p|)
Matrix mae_gradient(const Matrix& y_true, const Matrix& y_pred);   ///< sign(p - y) / (batch * outputs)
/// -mean(y log p + (1 - y) log(1 - p)), p clipped to [eps, 1 - eps].
Scalar binary_crossentropy(const Matrix& y_true, const Matrix& y_pred);
/// (p - y) / (p (1 - p)) / (batch * outputs) inside the clip, 0 where p was clipped.
Matrix binary_crossentropy_gradient(const Matrix& y_true, const Matrix& y_pred);
/// -mean over the batch of sum_j y_j log q_j (y one-hot), where, as in Keras, each row of p
/// is first divided by its sum, q = p / sum(p), then clipped to [eps, 1 - eps]. For a
/// softmax output the row sums are 1 and q = p; for any other output the value still
/// matches Keras's.
Scalar categorical_crossentropy(const Matrix& y_true, const Matrix& y_pred);
/// The exact gradient of that value, renormalisation included: with g = -y / q / batch
/// inside the clip and 0 where q was clipped, dL/dp_k = (g_k - sum_j g_j q_j) / sum(p).
/// For a softmax output that is -y / p / batch plus a constant per row, which softmax's
/// backward cancels: the two together give dZ = (A - Y) / batch.
Matrix categorical_crossentropy_gradient(const Matrix& y_true, const Matrix& y_pred);
/// Keras's sparse_categorical_crossentropy: y_true is (batch, 1) class indices k, and each
/// row of p is first clipped to [eps, 1 - eps], c = clip(p), then divided by its sum:
/// the mean over the batch of -log(c_k / sum_j c_j). A label that is not an integer in
/// [0, classes) throws std::invalid_argument naming the row and the value.
Scalar sparse_categorical_crossentropy(const Matrix& y_true, const Matrix& y_pred);
/// The exact gradient of that value: with q = c / sum(c) and g = -y / q / batch (y the
/// one-hot rows), dL/dp_k = (g_k - sum_j g_j q_j) / sum(c) where p_k is inside the clip,
/// 0 where it was clipped. Same checks.
Matrix sparse_categorical_crossentropy_gradient(const Matrix& y_true, const Matrix& y_pred);

/// A loss by name: its value and its gradient.
struct Loss {
    std::string name;                                                 ///< Keras's name
    Scalar (*value)(const Matrix& y_true, const Matrix& y_pred);     ///< the mean loss
    Matrix (*gradient)(const Matrix& y_true, const Matrix& y_pred);  ///< dL/dy_pred
};

/// The loss called `name`: mse / mean_squared_error, mae / mean_absolute_error,
/// binary_crossentropy, categorical_crossentropy, sparse_categorical_crossentropy.
/// Throws std::invalid_argument listing the known names when `name` is unknown.
const Loss& get_loss(const std::string& name);

/// The known loss names.
std::vector<std::string> loss_names();

}  // namespace neurona

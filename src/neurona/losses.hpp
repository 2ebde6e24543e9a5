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
/// from_logits (Keras's argument). The three cross-entropies also take the logits Z, the
/// values before the output's sigmoid (binary) or softmax (categorical, sparse), when asked
/// as Keras asks:
///
///     model.add(Dense(10));  // no softmax: the model outputs logits, and predict returns them
///     model.compile(SparseCategoricalCrossentropy({.from_logits = true}), "adam", {"accuracy"});
///
/// From the logits the value is computed stably (log-sigmoid, log-sum-exp; nothing is
/// clipped) and the gradient is dL/dZ itself: (sigmoid(Z) - Y) / (batch * outputs) for
/// binary_crossentropy, (softmax(Z) - Y) / batch for the categorical two. That is the fused
/// path: a sample predicted wrongly with near certainty still gets its full gradient, where
/// the clipped probabilities give it none (once |z| > ~16 in float) until the others move
/// the weights. Each cross-entropy's Loss carries its from-logits pair and the activation it
/// fuses with (Loss::fuses_with). Sequential takes that path on its own, as Keras's fit does
/// with the TensorFlow backend: a sigmoid or softmax output compiled with its cross-entropy
/// (without from_logits) is trained and evaluated from its logits Z, while predict and the
/// metrics still see the probabilities (Sequential::fuses_output). The functions below that
/// take probabilities keep Keras's clipping, for a loss called on its own.
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

/// binary_crossentropy from the logits Z (same shape as y_true): the mean over every
/// element of -(y log sigmoid(z) + (1 - y) log(1 - sigmoid(z))) = softplus(z) - y z,
/// finite for any finite z (TensorFlow's sigmoid_cross_entropy_with_logits).
Scalar binary_crossentropy_from_logits(const Matrix& y_true, const Matrix& Z);
/// dL/dZ = (sigmoid(Z) - Y) / (batch * outputs).
Matrix binary_crossentropy_from_logits_gradient(const Matrix& y_true, const Matrix& Z);
/// categorical_crossentropy from the logits Z (batch, classes): the mean over the batch of
/// sum_j y_j (logsumexp(z) - z_j), the row maximum taken out of the exponentials so that
/// nothing overflows (TensorFlow's softmax_cross_entropy_with_logits).
Scalar categorical_crossentropy_from_logits(const Matrix& y_true, const Matrix& Z);
/// dL/dZ = (softmax(Z) sum_j y_j - Y) / batch, which is (softmax(Z) - Y) / batch for rows of
/// y that sum to 1 (one-hot labels).
Matrix categorical_crossentropy_from_logits_gradient(const Matrix& y_true, const Matrix& Z);
/// categorical_crossentropy_from_logits with y_true as (batch, 1) class indices, checked as
/// sparse_categorical_crossentropy checks them.
Scalar sparse_categorical_crossentropy_from_logits(const Matrix& y_true, const Matrix& Z);
/// Its dL/dZ, (softmax(Z) - one_hot(y)) / batch.
Matrix sparse_categorical_crossentropy_from_logits_gradient(const Matrix& y_true, const Matrix& Z);

/// A loss's mean value over the batch, L(y_true, y_pred).
using LossValue = Scalar (*)(const Matrix& y_true, const Matrix& y_pred);
/// A loss's gradient dL/dy_pred, same shape as y_pred.
using LossGradient = Matrix (*)(const Matrix& y_true, const Matrix& y_pred);

/// A loss's settings, Keras's names and defaults.
struct LossOptions {
    /// y_pred holds logits (the last layer has no sigmoid or softmax) rather than
    /// probabilities. Only the cross-entropies take it.
    bool from_logits = false;
};

/// A loss by name: its value and its gradient, on what the model outputs.
struct Loss {
    std::string name;       ///< Keras's name
    LossValue value;        ///< the mean loss of y_pred (of the logits when from_logits)
    LossGradient gradient;  ///< dL/dy_pred (dL/dZ when from_logits)
    bool from_logits = false;  ///< whether y_pred is the logits Z
    /// For a cross-entropy, the output activation whose logits it can take: "sigmoid"
    /// (binary_crossentropy) or "softmax" (categorical, sparse); empty for the others.
    std::string fuses_with = {};
    /// The same loss from those logits Z, and dL/dZ: the fused path. Null for the others.
    ///@{
    LossValue logits_value = nullptr;
    LossGradient logits_gradient = nullptr;
    ///@}
};

/// The loss called `name`: mse / mean_squared_error, mae / mean_absolute_error,
/// binary_crossentropy, categorical_crossentropy, sparse_categorical_crossentropy. With
/// {.from_logits = true} (a cross-entropy only) its value and gradient are the from-logits
/// pair. Throws std::invalid_argument listing the known names when `name` is unknown, and
/// naming the loss when it has no from-logits form.
Loss get_loss(const std::string& name, LossOptions options = {});

/// Keras's loss classes of the three cross-entropies, with their settings:
/// SparseCategoricalCrossentropy({.from_logits = true}) is
/// keras.losses.SparseCategoricalCrossentropy(from_logits=True), for Sequential::compile.
///@{
Loss BinaryCrossentropy(LossOptions options = {});
Loss CategoricalCrossentropy(LossOptions options = {});
Loss SparseCategoricalCrossentropy(LossOptions options = {});
///@}

/// The known loss names.
std::vector<std::string> loss_names();

}  // namespace neurona

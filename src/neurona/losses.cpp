#include "neurona/losses.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "neurona/activations.hpp"
#include "neurona/names.hpp"

namespace neurona {

namespace {

// Every loss compares y_true and y_pred element by element: same shape, at least one value.
void check_same_shape(const std::string& loss, const Matrix& y_true, const Matrix& y_pred) {
    if (!y_true.same_shape(y_pred)) throw_shape_error(loss, y_true, y_pred);
    if (y_pred.empty())
        throw std::invalid_argument(loss + ": empty batch " + y_pred.shape() +
                                    " (a mean over no samples is undefined)");
}

// Keras's clip: log(0) = -inf, so predictions are held to [eps, 1 - eps] before the log.
// A prediction outside that range no longer moves the loss, so its gradient is 0.
constexpr Scalar kClipHigh = 1 - kEpsilon;
Scalar clip(Scalar p) { return std::clamp(p, kEpsilon, kClipHigh); }
bool inside_clip(Scalar p) { return p >= kEpsilon && p <= kClipHigh; }

}  // namespace

// ---------------------------------------------------------------------------------------
// Mean squared error. N = batch * outputs: Keras averages over the outputs of a sample,
// then over the batch, which is the mean over all N elements.
// ---------------------------------------------------------------------------------------

// L = (1/N) sum (y - p)^2
Scalar mse(const Matrix& y_true, const Matrix& y_pred) {
    check_same_shape("mse", y_true, y_pred);
    double sum = 0;
    for (std::size_t i = 0; i < y_pred.size(); ++i) {
        const double e = static_cast<double>(y_true.data()[i]) - y_pred.data()[i];
        sum += e * e;
    }
    return static_cast<Scalar>(sum / static_cast<double>(y_pred.size()));
}
// dL/dp = (1/N) * 2 (y - p) * (-1) = 2 (p - y) / N
Matrix mse_gradient(const Matrix& y_true, const Matrix& y_pred) {
    check_same_shape("mse", y_true, y_pred);
    return (y_pred - y_true) * (Scalar(2) / static_cast<Scalar>(y_pred.size()));
}

// ---------------------------------------------------------------------------------------
// Mean absolute error.
// ---------------------------------------------------------------------------------------

// L = (1/N) sum |y - p|
Scalar mae(const Matrix& y_true, const Matrix& y_pred) {
    check_same_shape("mae", y_true, y_pred);
    double sum = 0;
    for (std::size_t i = 0; i < y_pred.size(); ++i)
        sum += std::abs(static_cast<double>(y_true.data()[i]) - y_pred.data()[i]);
    return static_cast<Scalar>(sum / static_cast<double>(y_pred.size()));
}
// d|p - y|/dp = sign(p - y); at p = y (the kink) we take 0, as TensorFlow's sign does.
Matrix mae_gradient(const Matrix& y_true, const Matrix& y_pred) {
    check_same_shape("mae", y_true, y_pred);
    const Scalar inv_n = Scalar(1) / static_cast<Scalar>(y_pred.size());
    Matrix grad(y_pred.rows(), y_pred.cols());
    for (std::size_t i = 0; i < y_pred.size(); ++i) {
        const Scalar d = y_pred.data()[i] - y_true.data()[i];
        grad.data()[i] = d > 0 ? inv_n : d < 0 ? -inv_n : 0;
    }
    return grad;
}

// ---------------------------------------------------------------------------------------
// Binary cross-entropy: one sigmoid probability per output, y in {0, 1} (or in [0, 1]).
// ---------------------------------------------------------------------------------------

// L = -(1/N) sum [y log c + (1 - y) log(1 - c)], c = clip(p).
// log1p(-c) is log(1 - c) without the rounding of 1 - c for small c.
Scalar binary_crossentropy(const Matrix& y_true, const Matrix& y_pred) {
    check_same_shape("binary_crossentropy", y_true, y_pred);
    double sum = 0;
    for (std::size_t i = 0; i < y_pred.size(); ++i) {
        const Scalar y = y_true.data()[i];
        const Scalar c = clip(y_pred.data()[i]);
        sum += y * std::log(c) + (1 - y) * std::log1p(-c);
    }
    return static_cast<Scalar>(-sum / static_cast<double>(y_pred.size()));
}
// Inside the clip c = p, and
// dL/dp = -(1/N) [y / p - (1 - y) / (1 - p)] = (1/N) (p - y) / (p (1 - p)).
// Outside it c is constant, so dL/dp = 0.
Matrix binary_crossentropy_gradient(const Matrix& y_true, const Matrix& y_pred) {
    check_same_shape("binary_crossentropy", y_true, y_pred);
    const Scalar inv_n = Scalar(1) / static_cast<Scalar>(y_pred.size());
    Matrix grad(y_pred.rows(), y_pred.cols());
    for (std::size_t i = 0; i < y_pred.size(); ++i) {
        const Scalar y = y_true.data()[i];
        const Scalar p = y_pred.data()[i];
        grad.data()[i] = inside_clip(p) ? inv_n * (p - y) / (p * (1 - p)) : 0;
    }
    return grad;
}

// ---------------------------------------------------------------------------------------
// Categorical cross-entropies on probabilities. Keras divides each row of p by its sum, so
// that the "probabilities" add up to 1 even when p is not a softmax, and clips them before
// the log, in one of two orders (keras/src/backend/tensorflow/nn.py):
//   categorical_crossentropy: renormalise, then clip:
//     q_j = p_j / S, S = sum_k p_k;          L = -(1/batch) sum_rows sum_j y_j log clip(q_j)
//   sparse_categorical_crossentropy: clip, then renormalise (log, then softmax):
//     c_j = clip(p_j), q_j = c_j / S, S = sum_k c_k;  L = -(1/batch) sum_rows sum_j y_j log q_j
// For a softmax row with nothing clipped both are -log p_k. They differ on a row that does
// not sum to 1 with an entry outside the clip: p = (3, 1), label 1 gives -log(1/4) = 1.3863
// renormalised first, -log(0.5) = 0.6931 clipped first (both entries clip to 1 - 1e-7).
// ---------------------------------------------------------------------------------------

namespace {

enum class ClipOrder { renormalise_then_clip, clip_then_renormalise };

Scalar renormalised_crossentropy(const Matrix& Y, const Matrix& P, ClipOrder order) {
    const bool clip_first = order == ClipOrder::clip_then_renormalise;
    double sum = 0;
    for (std::size_t r = 0; r < P.rows(); ++r) {
        const Scalar* y = Y.row_ptr(r);
        const Scalar* p = P.row_ptr(r);
        Scalar S = 0;
        for (std::size_t j = 0; j < P.cols(); ++j) S += clip_first ? clip(p[j]) : p[j];
        for (std::size_t j = 0; j < P.cols(); ++j)
            sum += y[j] * std::log(clip_first ? clip(p[j]) / S : clip(p[j] / S));
    }
    return static_cast<Scalar>(-sum / static_cast<double>(P.rows()));
}

// Two steps of the chain rule, per row:
//   g_j = dL/dq_j = -y_j / q_j / batch (renormalising first: 0 where q_j was clipped);
//   q_j = x_j / S with S = sum_k x_k, so dq_j/dx_k = (delta_jk - q_j) / S, and
//   dL/dx_k = sum_j g_j (delta_jk - q_j) / S = (g_k - sum_j g_j q_j) / S,
// where x = p when renormalising first, and x = clip(p) when clipping first, whose
// dx_k/dp_k is 1 inside the clip and 0 where p_k was clipped.
// For a softmax output with one-hot y and nothing clipped, sum_j g_j q_j = -1/batch, so
// the gradient is -y/p/batch + 1/batch: the extra constant per row is what renormalising
// adds, and softmax's backward cancels it (its rows of A sum to 1), leaving
// dZ = (A - Y)/batch.
Matrix renormalised_crossentropy_gradient(const Matrix& Y, const Matrix& P, ClipOrder order) {
    const bool clip_first = order == ClipOrder::clip_then_renormalise;
    const Scalar inv_batch = Scalar(1) / static_cast<Scalar>(P.rows());
    Matrix grad(P.rows(), P.cols());
    for (std::size_t r = 0; r < P.rows(); ++r) {
        const Scalar* y = Y.row_ptr(r);
        const Scalar* p = P.row_ptr(r);
        Scalar* g = grad.row_ptr(r);
        Scalar S = 0;
        for (std::size_t j = 0; j < P.cols(); ++j) S += clip_first ? clip(p[j]) : p[j];
        Scalar g_dot_q = 0;
        for (std::size_t j = 0; j < P.cols(); ++j) {
            const Scalar q = (clip_first ? clip(p[j]) : p[j]) / S;
            g[j] = (clip_first || inside_clip(q)) ? -y[j] / q * inv_batch : 0;
            g_dot_q += g[j] * q;
        }
        for (std::size_t j = 0; j < P.cols(); ++j)
            g[j] = (!clip_first || inside_clip(p[j])) ? (g[j] - g_dot_q) / S : 0;
    }
    return grad;
}

// The one-hot (batch, classes) matrix of labels (batch, 1), checking every label is an
// integer in [0, classes).
Matrix one_hot_labels(const Matrix& labels, const Matrix& y_pred) {
    const std::string loss = "sparse_categorical_crossentropy";
    if (labels.cols() != 1 || labels.rows() != y_pred.rows())
        throw_shape_error(loss, labels, y_pred,
                          " (y_true must be (batch, 1) class indices for y_pred (batch, classes))");
    if (y_pred.empty())
        throw std::invalid_argument(loss + ": empty batch " + y_pred.shape() +
                                    " (a mean over no samples is undefined)");
    Matrix Y(y_pred.rows(), y_pred.cols());
    for (std::size_t r = 0; r < labels.rows(); ++r) {
        const Scalar label = labels(r, 0);
        if (!(label >= 0 && label < static_cast<Scalar>(y_pred.cols()) &&
              label == std::floor(label))) {
            std::ostringstream message;
            message << loss << ": y_true row " << r << " holds " << number_text(label)
                    << ", not a class index in [0, " << y_pred.cols() << ")";
            throw std::invalid_argument(message.str());
        }
        Y(r, static_cast<std::size_t>(label)) = 1;
    }
    return Y;
}

}  // namespace

Scalar categorical_crossentropy(const Matrix& y_true, const Matrix& y_pred) {
    check_same_shape("categorical_crossentropy", y_true, y_pred);
    return renormalised_crossentropy(y_true, y_pred, ClipOrder::renormalise_then_clip);
}
Matrix categorical_crossentropy_gradient(const Matrix& y_true, const Matrix& y_pred) {
    check_same_shape("categorical_crossentropy", y_true, y_pred);
    return renormalised_crossentropy_gradient(y_true, y_pred, ClipOrder::renormalise_then_clip);
}

Scalar sparse_categorical_crossentropy(const Matrix& y_true, const Matrix& y_pred) {
    return renormalised_crossentropy(one_hot_labels(y_true, y_pred), y_pred, ClipOrder::clip_then_renormalise);
}
Matrix sparse_categorical_crossentropy_gradient(const Matrix& y_true, const Matrix& y_pred) {
    return renormalised_crossentropy_gradient(one_hot_labels(y_true, y_pred), y_pred,
                                              ClipOrder::clip_then_renormalise);
}

// ---------------------------------------------------------------------------------------
// The cross-entropies from the logits Z: the output's sigmoid or softmax and the loss in
// one step, so nothing is clipped and the gradient is dL/dZ.
// ---------------------------------------------------------------------------------------

// With s = sigmoid(z): log s = -log(1 + e^-z) and log(1 - s) = -z - log(1 + e^-z), so
//   -(y log s + (1 - y) log(1 - s)) = (1 - y) z + log(1 + e^-z) = softplus(z) - y z,
// the last step by log(1 + e^-z) = log(1 + e^z) - z. softplus is stable for any z.
Scalar binary_crossentropy_from_logits(const Matrix& y_true, const Matrix& Z) {
    check_same_shape("binary_crossentropy", y_true, Z);
    double sum = 0;
    for (std::size_t i = 0; i < Z.size(); ++i) {
        const Scalar z = Z.data()[i];
        sum += softplus(z) - y_true.data()[i] * z;
    }
    return static_cast<Scalar>(sum / static_cast<double>(Z.size()));
}
// d/dz (softplus(z) - y z) = sigmoid(z) - y, over N = batch * outputs.
Matrix binary_crossentropy_from_logits_gradient(const Matrix& y_true, const Matrix& Z) {
    check_same_shape("binary_crossentropy", y_true, Z);
    const Scalar inv_n = Scalar(1) / static_cast<Scalar>(Z.size());
    Matrix grad(Z.rows(), Z.cols());
    for (std::size_t i = 0; i < Z.size(); ++i) grad.data()[i] = (sigmoid(Z.data()[i]) - y_true.data()[i]) * inv_n;
    return grad;
}

// log softmax(z)_j = z_j - logsumexp(z), and logsumexp(z) = m + log sum_k e^(z_k - m) with
// m = max_k z_k, whose exponents are all <= 0: the sum lies in [1, classes], never 0 or inf.
// So -sum_j y_j log softmax(z)_j = sum_j y_j (logsumexp(z) - z_j), finite for finite z.
Scalar categorical_crossentropy_from_logits(const Matrix& y_true, const Matrix& Z) {
    check_same_shape("categorical_crossentropy", y_true, Z);
    double sum = 0;
    for (std::size_t r = 0; r < Z.rows(); ++r) {
        const Scalar* y = y_true.row_ptr(r);
        const Scalar* z = Z.row_ptr(r);
        const Scalar m = *std::max_element(z, z + Z.cols());
        Scalar exp_sum = 0;
        for (std::size_t j = 0; j < Z.cols(); ++j) exp_sum += std::exp(z[j] - m);
        const Scalar logsumexp = m + std::log(exp_sum);
        for (std::size_t j = 0; j < Z.cols(); ++j) sum += y[j] * (logsumexp - z[j]);
    }
    return static_cast<Scalar>(sum / static_cast<double>(Z.rows()));
}
// d logsumexp(z) / dz_k = softmax(z)_k, so d/dz_k sum_j y_j (logsumexp(z) - z_j)
// = softmax(z)_k sum_j y_j - y_k: softmax(z) - y for one-hot y. Over the batch, / batch.
Matrix categorical_crossentropy_from_logits_gradient(const Matrix& y_true, const Matrix& Z) {
    check_same_shape("categorical_crossentropy", y_true, Z);
    const Scalar inv_batch = Scalar(1) / static_cast<Scalar>(Z.rows());
    Matrix grad = softmax(Z);
    for (std::size_t r = 0; r < Z.rows(); ++r) {
        const Scalar* y = y_true.row_ptr(r);
        Scalar* g = grad.row_ptr(r);
        Scalar y_sum = 0;
        for (std::size_t j = 0; j < Z.cols(); ++j) y_sum += y[j];
        for (std::size_t j = 0; j < Z.cols(); ++j) g[j] = (g[j] * y_sum - y[j]) * inv_batch;
    }
    return grad;
}

Scalar sparse_categorical_crossentropy_from_logits(const Matrix& y_true, const Matrix& Z) {
    return categorical_crossentropy_from_logits(one_hot_labels(y_true, Z), Z);
}
Matrix sparse_categorical_crossentropy_from_logits_gradient(const Matrix& y_true, const Matrix& Z) {
    return categorical_crossentropy_from_logits_gradient(one_hot_labels(y_true, Z), Z);
}

// ---------------------------------------------------------------------------------------
// The registry. Aliases are entries of their own so a Loss keeps the name it was asked by.
// ---------------------------------------------------------------------------------------

namespace {

// Each entry as asked without from_logits; a cross-entropy also carries its logits pair.
const std::vector<Loss>& registry() {
    static const std::vector<Loss> losses = {
        {"mse", mse, mse_gradient},
        {"mean_squared_error", mse, mse_gradient},
        {"mae", mae, mae_gradient},
        {"mean_absolute_error", mae, mae_gradient},
        {"binary_crossentropy", binary_crossentropy, binary_crossentropy_gradient, false, "sigmoid",
         binary_crossentropy_from_logits, binary_crossentropy_from_logits_gradient},
        {"categorical_crossentropy", categorical_crossentropy, categorical_crossentropy_gradient, false,
         "softmax", categorical_crossentropy_from_logits, categorical_crossentropy_from_logits_gradient},
        {"sparse_categorical_crossentropy", sparse_categorical_crossentropy,
         sparse_categorical_crossentropy_gradient, false, "softmax", sparse_categorical_crossentropy_from_logits,
         sparse_categorical_crossentropy_from_logits_gradient},
    };
    return losses;
}

}  // namespace

Loss get_loss(const std::string& name, LossOptions options) {
    for (Loss loss : registry()) {
        if (loss.name != name) continue;
        if (!options.from_logits) return loss;
        if (!loss.logits_value)
            throw std::invalid_argument("loss '" + name + "' has no from_logits form (only binary_crossentropy, "
                                        "categorical_crossentropy and sparse_categorical_crossentropy have one)");
        loss.value = loss.logits_value;
        loss.gradient = loss.logits_gradient;
        loss.from_logits = true;
        return loss;
    }
    throw_unknown_name("loss", name, loss_names());
}

Loss BinaryCrossentropy(LossOptions options) { return get_loss("binary_crossentropy", options); }
Loss CategoricalCrossentropy(LossOptions options) { return get_loss("categorical_crossentropy", options); }
Loss SparseCategoricalCrossentropy(LossOptions options) {
    return get_loss("sparse_categorical_crossentropy", options);
}

std::vector<std::string> loss_names() {
    std::vector<std::string> names;
    for (const Loss& loss : registry()) names.push_back(loss.name);
    return names;
}

}  // namespace neurona

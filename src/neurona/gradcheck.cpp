#include "neurona/gradcheck.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "neurona/activations.hpp"
#include "neurona/losses.hpp"
#include "neurona/model.hpp"
#include "neurona/random.hpp"

namespace neurona {

double max_relative_error(const Matrix& analytic, const Matrix& numerical) {
    if (!analytic.same_shape(numerical))
        throw_shape_error("max_relative_error: analytic and numerical gradients", analytic, numerical);
    // Each difference is measured against the size of the whole gradient (see the header):
    // max_i |a_i - n_i| / max_i max(|a_i|, |n_i|).
    double largest_difference = 0, scale = 0;
    for (std::size_t i = 0; i < analytic.size(); ++i) {
        const double a = analytic.data()[i], n = numerical.data()[i];
        largest_difference = std::max(largest_difference, std::abs(a - n));
        scale = std::max({scale, std::abs(a), std::abs(n)});
    }
    return largest_difference / std::max(scale, 1e-7);
}

double worst(const std::vector<GradCheckResult>& results) {
    double w = 0;
    for (const auto& r : results) w = std::max(w, r.max_relative_error);
    return w;
}

namespace {

// dF/dx for every element x of `x`, by central differences: (F(x + h) - F(x - h)) / 2h.
// F reads x through the reference it captured, so x is perturbed in place and restored.
template <class F>
Matrix numerical_gradient(Matrix& x, F&& f, double h) {
    Matrix grad(x.rows(), x.cols());
    for (std::size_t i = 0; i < x.size(); ++i) {
        const Scalar saved = x.data()[i];
        x.data()[i] = static_cast<Scalar>(saved + h);
        const double plus = f();
        x.data()[i] = static_cast<Scalar>(saved - h);
        const double minus = f();
        x.data()[i] = saved;
        grad.data()[i] = static_cast<Scalar>((plus - minus) / (2 * h));
    }
    return grad;
}

// sum(A * R): a scalar whose gradient with respect to A is R, so backward(R) must give
// the gradient of this sum with respect to everything before A.
double weighted_sum(const Matrix& A, const Matrix& R) {
    double s = 0;
    for (std::size_t i = 0; i < A.size(); ++i) s += static_cast<double>(A.data()[i]) * R.data()[i];
    return s;
}

}  // namespace

GradCheckResult check_activation(const ActivationFunction& activation, const Matrix& Z_in, double h) {
    Matrix Z = Z_in;
    Rng rng(7);
    const Matrix R = rng.uniform_matrix(Z.rows(), Z.cols(), -1, 1);
    const Matrix analytic = activation.backward(Z, activation.forward(Z), R);
    const Matrix numerical = numerical_gradient(Z, [&] { return weighted_sum(activation.forward(Z), R); }, h);
    return {activation.name, max_relative_error(analytic, numerical)};
}

GradCheckResult check_loss(const Loss& loss, const Matrix& y_true, const Matrix& y_pred_in, double h) {
    Matrix y_pred = y_pred_in;
    const Matrix analytic = loss.gradient(y_true, y_pred);
    const Matrix numerical = numerical_gradient(y_pred, [&] { return static_cast<double>(loss.value(y_true, y_pred)); }, h);
    return {loss.name, max_relative_error(analytic, numerical)};
}

std::vector<GradCheckResult> check_layer(Layer& layer, const Matrix& X_in, double h, bool training) {
    Matrix X = X_in;
    Rng rng(11);
    // A training-mode forward may change weights (BatchNormalization's moving statistics).
    const std::vector<Matrix> saved_weights = training ? layer.get_weights() : std::vector<Matrix>{};
    const Matrix A = layer.forward(X, training);
    const Matrix R = rng.uniform_matrix(A.rows(), A.cols(), -1, 1);
    const bool saved_needs = layer.needs_input_gradient();
    layer.set_needs_input_gradient(true);
    const Matrix dX = layer.backward(R);
    layer.set_needs_input_gradient(saved_needs);

    // The layer's own penalty (a kernel regularizer) is part of what backward differentiates.
    auto loss = [&] { return weighted_sum(layer.forward(X, training), R) + layer.regularization_loss(); };
    std::vector<GradCheckResult> results;
    for (const Param& p : layer.params()) {
        const Matrix analytic = *p.grad;  // copy: the numerical loop runs forward again
        results.push_back({layer.name() + "/" + p.name, max_relative_error(analytic, numerical_gradient(*p.value, loss, h))});
    }
    results.push_back({layer.name() + "/input", max_relative_error(dX, numerical_gradient(X, loss, h))});
    if (training) layer.set_weights(saved_weights);
    return results;
}

std::vector<GradCheckResult> check_model(Sequential& model, const Matrix& X, const Matrix& Y, double h, bool training) {
    const std::vector<Matrix> saved_weights = training ? model.get_weights() : std::vector<Matrix>{};
    model.compute_gradients(X, Y, training);
    std::vector<GradCheckResult> results;
    // The training loss: the loss of the predictions plus the regularization penalties.
    auto loss = [&] {
        return static_cast<double>(model.loss().value(Y, model.forward(X, training))) + model.regularization_loss();
    };
    for (const Param& p : model.params()) {
        const Matrix analytic = *p.grad;
        results.push_back({p.name, max_relative_error(analytic, numerical_gradient(*p.value, loss, h))});
    }
    if (training) model.set_weights(saved_weights);
    return results;
}

}  // namespace neurona

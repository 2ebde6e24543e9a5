#include "neurona/optimizers.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <tuple>

#include "neurona/names.hpp"

namespace neurona {

void Optimizer::ensure_slots(std::vector<Matrix>& slots, const std::vector<Param>& params) const {
    if (slots.empty()) {
        for (const Param& p : params) slots.emplace_back(p.value->rows(), p.value->cols());
        return;
    }
    if (slots.size() != params.size())
        throw std::invalid_argument(name() + ": got " + std::to_string(params.size()) +
                                    " parameters, but the optimizer was used with " +
                                    std::to_string(slots.size()));
    for (std::size_t i = 0; i < params.size(); ++i)
        if (!slots[i].same_shape(*params[i].value))
            throw_shape_error(name() + ": parameter " + std::to_string(i) + " (" + params[i].name + ")",
                              *params[i].value, slots[i], " (the shape changed since the last step)");
}

namespace {
void check_gradient(const std::string& opt, const Param& p) {
    if (!p.grad->same_shape(*p.value))
        throw_shape_error(opt + ": parameter " + p.name + " and its gradient", *p.value, *p.grad);
}

// Applies step(w, g, slot...) to every element of every parameter: w the weight (updated in
// place), g its gradient, and one element of each state matrix the optimizer keeps per
// parameter (made by ensure_slots). Each optimizer below is then just its formula. A
// template, so that the step is inlined and the loop vectorised as if written out.
template <class Step, class... Slots>
void for_each_weight(const std::string& optimizer, const std::vector<Param>& params, Step step,
                     Slots&... slots) {
    for (std::size_t k = 0; k < params.size(); ++k) {
        check_gradient(optimizer, params[k]);
        Scalar* w = params[k].value->data();
        const Scalar* g = params[k].grad->data();
        const auto state = std::make_tuple(slots[k].data()...);
        for (std::size_t i = 0, n = params[k].value->size(); i < n; ++i)
            std::apply([&](auto*... s) { step(w[i], g[i], s[i]...); }, state);
    }
}
}  // namespace

namespace {
// Adam and its variants: decay rates in [0, 1) (a rate of 1 never forgets and divides the
// bias correction by zero), epsilon in [0, 1).
void check_moment_settings(const char* name, double beta_1, double beta_2, double epsilon) {
    Optimizer::require_range(name, "beta_1", beta_1, 0, 1);
    Optimizer::require_range(name, "beta_2", beta_2, 0, 1);
    Optimizer::require_range(name, "epsilon", epsilon, 0, 1);
}
}  // namespace

Optimizer::Optimizer(const char* name, double lr) : learning_rate(lr) {
    require_range(name, "learning_rate", lr, 0, std::numeric_limits<double>::infinity());
}

void Optimizer::require_range(const char* name, const char* setting, double value, double low,
                              double high, bool high_inclusive) {
    const bool ok = value >= low && (high_inclusive ? value <= high : value < high);
    if (!ok)
        throw std::invalid_argument(std::string(name) + ": " + setting + " must be in [" + number_text(low) + ", " +
                                    number_text(high) + (high_inclusive ? "]" : ")") + ", got " +
                                    number_text(value));
}

SGD::SGD(double lr, double momentum_, bool nesterov_)
    : Optimizer("SGD", lr), momentum(momentum_), nesterov(nesterov_) {
    require_range("SGD", "momentum", momentum_, 0, 1, true);
}

void SGD::update(const std::vector<Param>& params) {
    const Scalar lr = static_cast<Scalar>(learning_rate), mu = static_cast<Scalar>(momentum);
    if (momentum == 0.0) {
        for_each_weight(name(), params, [&](Scalar& w, Scalar g) { w -= lr * g; });
        return;
    }
    ensure_slots(velocity_, params);
    for_each_weight(name(), params, [&](Scalar& w, Scalar g, Scalar& v) {
        v = mu * v - lr * g;
        w += nesterov ? mu * v - lr * g : v;
    }, velocity_);
}

RMSprop::RMSprop(double lr, double rho_, double eps) : Optimizer("RMSprop", lr), rho(rho_), epsilon(eps) {
    require_range("RMSprop", "rho", rho_, 0, 1, true);
    require_range("RMSprop", "epsilon", eps, 0, 1);
}

void RMSprop::update(const std::vector<Param>& params) {
    ensure_slots(mean_square_, params);
    const Scalar lr = static_cast<Scalar>(learning_rate), r = static_cast<Scalar>(rho),
                 eps = static_cast<Scalar>(epsilon);
    for_each_weight(name(), params, [&](Scalar& w, Scalar g, Scalar& s) {
        // A running mean of g^2 scales each weight's step by its recent gradient size.
        s = r * s + (1 - r) * g * g;
        w -= lr * g / std::sqrt(s + eps);
    }, mean_square_);
}

Adam::Adam(double lr, double b1, double b2, double eps)
    : Optimizer("Adam", lr), beta_1(b1), beta_2(b2), epsilon(eps) {
    check_moment_settings("Adam", b1, b2, eps);
}

void Adam::update(const std::vector<Param>& params) {
    ensure_slots(m_, params);
    ensure_slots(v_, params);
    ++t_;
    // The bias corrections of m and v folded into the step size, as Keras does.
    const double t = static_cast<double>(t_);
    const Scalar alpha = static_cast<Scalar>(learning_rate * std::sqrt(1 - std::pow(beta_2, t)) /
                                             (1 - std::pow(beta_1, t)));
    const Scalar b1 = static_cast<Scalar>(beta_1), b2 = static_cast<Scalar>(beta_2),
                 eps = static_cast<Scalar>(epsilon);
    for_each_weight(name(), params, [&](Scalar& w, Scalar g, Scalar& m, Scalar& v) {
        m = b1 * m + (1 - b1) * g;
        v = b2 * v + (1 - b2) * g * g;
        w -= alpha * m / (std::sqrt(v) + eps);
    }, m_, v_);
}

Adagrad::Adagrad(double lr, double initial, double eps)
    : Optimizer("Adagrad", lr), initial_accumulator_value(initial), epsilon(eps) {
    require_range("Adagrad", "initial_accumulator_value", initial, 0, std::numeric_limits<double>::infinity());
    require_range("Adagrad", "epsilon", eps, 0, 1);
}

void Adagrad::update(const std::vector<Param>& params) {
    const bool first_step = accumulator_.empty();
    ensure_slots(accumulator_, params);
    if (first_step)
        for (Matrix& a : accumulator_) a.fill(static_cast<Scalar>(initial_accumulator_value));
    const Scalar lr = static_cast<Scalar>(learning_rate), eps = static_cast<Scalar>(epsilon);
    for_each_weight(name(), params, [&](Scalar& w, Scalar g, Scalar& a) {
        // The sum of every g^2 so far only grows, so each weight's steps only shrink.
        a += g * g;
        w -= lr * g / std::sqrt(a + eps);
    }, accumulator_);
}

Adadelta::Adadelta(double lr, double rho_, double eps) : Optimizer("Adadelta", lr), rho(rho_), epsilon(eps) {
    require_range("Adadelta", "rho", rho_, 0, 1, true);
    require_range("Adadelta", "epsilon", eps, 0, 1);
}

void Adadelta::update(const std::vector<Param>& params) {
    ensure_slots(accumulated_grad_, params);
    ensure_slots(accumulated_delta_, params);
    const Scalar lr = static_cast<Scalar>(learning_rate), r = static_cast<Scalar>(rho),
                 eps = static_cast<Scalar>(epsilon);
    for_each_weight(name(), params, [&](Scalar& w, Scalar g, Scalar& s, Scalar& d) {
        s = r * s + (1 - r) * g * g;
        // rms(past steps) / rms(past gradients): a step in the units of w.
        const Scalar delta = -std::sqrt(d + eps) / std::sqrt(s + eps) * g;
        d = r * d + (1 - r) * delta * delta;
        w += lr * delta;
    }, accumulated_grad_, accumulated_delta_);
}

Adamax::Adamax(double lr, double b1, double b2, double eps)
    : Optimizer("Adamax", lr), beta_1(b1), beta_2(b2), epsilon(eps) {
    check_moment_settings("Adamax", b1, b2, eps);
}

void Adamax::update(const std::vector<Param>& params) {
    ensure_slots(m_, params);
    ensure_slots(u_, params);
    ++t_;
    // Only m needs a bias correction: u is a maximum, not a mean started at zero.
    const Scalar alpha = static_cast<Scalar>(learning_rate / (1 - std::pow(beta_1, static_cast<double>(t_))));
    const Scalar b1 = static_cast<Scalar>(beta_1), b2 = static_cast<Scalar>(beta_2),
                 eps = static_cast<Scalar>(epsilon);
    for_each_weight(name(), params, [&](Scalar& w, Scalar g, Scalar& m, Scalar& u) {
        m = b1 * m + (1 - b1) * g;
        u = std::max(b2 * u, std::abs(g));
        w -= alpha * m / (u + eps);
    }, m_, u_);
}

Nadam::Nadam(double lr, double b1, double b2, double eps)
    : Optimizer("Nadam", lr), beta_1(b1), beta_2(b2), epsilon(eps) {
    check_moment_settings("Nadam", b1, b2, eps);
}

void Nadam::update(const std::vector<Param>& params) {
    ensure_slots(m_, params);
    ensure_slots(v_, params);
    ++t_;
    const double t = static_cast<double>(t_);
    // Dozat's momentum schedule at this step and the next (the Nesterov look-ahead).
    const double mu_t = beta_1 * (1 - 0.5 * std::pow(0.96, t));
    const double mu_next = beta_1 * (1 - 0.5 * std::pow(0.96, t + 1));
    u_product_ *= mu_t;
    const Scalar c_m = static_cast<Scalar>(mu_next / (1 - u_product_ * mu_next));
    const Scalar c_g = static_cast<Scalar>((1 - mu_t) / (1 - u_product_));
    const Scalar v_correction = static_cast<Scalar>(1 - std::pow(beta_2, t));
    const Scalar lr = static_cast<Scalar>(learning_rate), b1 = static_cast<Scalar>(beta_1),
                 b2 = static_cast<Scalar>(beta_2), eps = static_cast<Scalar>(epsilon);
    for_each_weight(name(), params, [&](Scalar& w, Scalar g, Scalar& m, Scalar& v) {
        m = b1 * m + (1 - b1) * g;
        v = b2 * v + (1 - b2) * g * g;
        const Scalar m_hat = c_m * m + c_g * g;
        const Scalar v_hat = v / v_correction;
        w -= lr * m_hat / (std::sqrt(v_hat) + eps);
    }, m_, v_);
}

std::vector<std::string> optimizer_names() {
    return {"sgd", "rmsprop", "adam", "adagrad", "adadelta", "adamax", "nadam"};
}

std::unique_ptr<Optimizer> get_optimizer(const std::string& name) {
    if (name == "sgd") return std::make_unique<SGD>();
    if (name == "rmsprop") return std::make_unique<RMSprop>();
    if (name == "adam") return std::make_unique<Adam>();
    if (name == "adagrad") return std::make_unique<Adagrad>();
    if (name == "adadelta") return std::make_unique<Adadelta>();
    if (name == "adamax") return std::make_unique<Adamax>();
    if (name == "nadam") return std::make_unique<Nadam>();
    throw_unknown_name("optimizer", name, optimizer_names());
}

}  // namespace neurona
